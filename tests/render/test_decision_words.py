"""The decision records say each thing once, and their length follows the design (issue 23,
item 3): the two-person charity's records at most 1,000 words, every example's at most 1,300
(as ``wc -w`` counts), each record still a MADR record a lead can sign."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from tests.paths import EXAMPLES
from tests.strategies import ANSWERS_DATA
from wizard.cli import main
from wizard.engine import build_design
from wizard.model.answers import Answers

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))

#: The only small team among the examples (a team of 2 on a minimal budget).
SMALL_TEAM = "two-person-charity"
SMALL_TEAM_WORDS = 1000
EVERY_EXAMPLE_WORDS = 1300

#: The MADR sections, in order.
SECTIONS = (
    "## Context and problem",
    "## Decision drivers",
    "## Considered options",
    "## Decision outcome",
    "## Consequences",
)


def _records(example: Path, tmp_path: Path) -> dict[str, str]:
    out = tmp_path / example.stem
    assert main(["export", "--answers", str(example), "--out", str(out), "--only", "adr"]) == 0
    return {
        path.name: path.read_text(encoding="utf-8")
        for path in sorted((out / "decisions").glob("*.md"))
    }


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda path: path.stem)
def test_the_records_length_follows_the_design(example: Path, tmp_path: Path) -> None:
    records = _records(example, tmp_path)
    words = sum(len(text.split()) for text in records.values())
    bound = SMALL_TEAM_WORDS if example.stem == SMALL_TEAM else EVERY_EXAMPLE_WORDS
    assert words <= bound, (example.stem, words)
    for name, text in records.items():
        positions = [text.find(section) for section in SECTIONS]
        assert -1 not in positions and positions == sorted(positions), name
        assert text.startswith("# ") and "\nStatus: " in text, name


def test_the_charity_s_records_say_each_reason_once(tmp_path: Path) -> None:
    """The brief's examples: cloud-native options named on one line, the runner-up's reason
    in its item only, the outcome giving the reason without the title or the wizard's
    "You chose none; recommended: X, because"."""
    records = _records(EXAMPLES / f"{SMALL_TEAM}.yaml", tmp_path)
    registry = records["0002-model-registry.md"]
    assert (
        "Not considered: SageMaker Model Registry, Vertex AI Model Registry and Azure Machine "
        "Learning registry, native to other clouds." in registry
    )
    assert registry.count("hosted and proprietary, while you self-host") == 1
    outcome = registry.split("## Decision outcome", 1)[1].split("\n## ", 1)[0].strip()
    assert outcome == "It is open source, self-hosted anywhere, and the most widely supported."
    feature_store = records["0004-feature-store.md"]
    assert "only what the drivers" not in feature_store
    # One driver line says the workload, the platform and the level, in every record.
    drivers = {
        text.split("## Decision drivers", 1)[1].split("\n## ", 1)[0].strip()
        for text in records.values()
    }
    assert drivers == {
        "- Batch tabular classification, on another environment, CI on GitLab CI, MLOps level 0."
    }


@given(data=ANSWERS_DATA)
def test_an_outcome_gives_the_reason_once_for_any_team(data: dict[str, Any]) -> None:
    """Whatever the answers: the outcome neither repeats the title nor the Tool
    Recommendations wording, and the runner-up's reasons are said in its item only."""
    design = build_design(Answers.model_validate(data))
    for record in design.decisions:
        outcome = record.outcome
        assert outcome and record.title not in outcome
        for wording in ("Runner-up", "recommended:", "You chose none", "Not answered, and"):
            assert wording not in outcome, (record.slug, outcome)
        runners_up = [option for option in record.options if option.runner_up]
        assert len(runners_up) == (0 if record.title.startswith("No ") else 1), record.slug
        for option in runners_up:
            for clause in filter(None, option.verdict.split("; ")):
                assert clause not in outcome, (record.slug, clause)
        named = [option.name for option in record.options] + list(record.not_considered)
        assert len(named) == len(set(named)), record.slug
