"""The documents' language: counts agree with their nouns, articles with their words, every
cron sits in a code span (with no Markdown escape inside it), no 'run on on-premises', no
'0 min' bake for a stage that has none, and a batch rollback returns no traffic. Checked over
every example and over hypothesis-generated answers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from tests.paths import EXAMPLES
from tests.strategies import ANSWERS_DATA
from wizard.engine import build_design
from wizard.io.loader import load_answers
from wizard.model.answers import Answers
from wizard.render import render_design_files

_SINGULAR_PLURAL = re.compile(r"(?<![\d.,])1 (points|days|windows|minutes|risks|answers)\b")
_WRONG_ARTICLE = re.compile(r"\ba (Apache|Evidently|Airflow|Azure|Argo|MLflow|NannyML)\b")


def _check(answers: Answers) -> None:
    design = build_design(answers)
    documents = {
        file.path: file.text for file in render_design_files(design, answers) if file.kind != "ci"
    }
    cron = design.retraining.cron
    for path, text in documents.items():
        if not path.endswith(".md"):
            continue
        assert not _SINGULAR_PLURAL.search(text), (path, _SINGULAR_PLURAL.search(text))
        assert not _WRONG_ARTICLE.search(text), (path, _WRONG_ARTICLE.search(text))
        assert "on on-premises" not in text
        assert "| 0 min |" not in text and "Bake 0 min" not in text
        for span in re.findall(r"`[^`\n]*`", text):
            assert "\\*" not in span, (path, span)
        # Outside the Mermaid diagram, every cron is a code span (none when nothing retrains on
        # a schedule).
        prose = re.sub(r"```mermaid.*?```", "", text, flags=re.S)
        for match in re.finditer(re.escape(cron), prose) if cron is not None else ():
            before = prose[max(0, match.start() - 1) : match.start()]
            assert before == "`", (path, prose[max(0, match.start() - 40) : match.end()])
    markdown = documents["architecture.md"]
    if design.deployment.strategy == "champion-challenger":
        assert "returns all traffic" not in markdown + documents["IMPLEMENTING.md"]
    if design.out_of_scope is not None:
        assert "| Capability | Status |" not in markdown, "no maturity table for an LLM app"
        assert "Validate data" not in markdown, "no tabular pipeline for an LLM app"


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda path: path.stem)
def test_every_example_reads_right(path: Path) -> None:
    _check(load_answers(path))


@pytest.mark.parametrize("platform", ["github-actions", "gitlab-ci", "azure-pipelines"])
@pytest.mark.parametrize("strategy", ["canary", "shadow"])
def test_a_one_minute_bake_is_one_minute(platform: str, strategy: str) -> None:
    answers = Answers.model_validate(
        {
            "schema_version": 1,
            "project": {"ci_platform": platform},
            "workload": {"serving": "online"},
            "deployment": {"strategy": strategy, "bake_minutes": 1},
        }
    )
    _check(answers)
    files = {f.path: f.text for f in render_design_files(build_design(answers), answers)}
    assert "1 minute" in files["IMPLEMENTING.md"]


def test_on_premises_reads_as_a_place() -> None:
    answers = Answers.model_validate({"schema_version": 1, "project": {"cloud": "on-prem"}})
    markdown = next(f.text for f in render_design_files(build_design(answers), answers))
    assert "training and serving run on-premises." in markdown


# 60: an example renders the whole document.
@settings(max_examples=60)
@given(ANSWERS_DATA)
def test_any_answers_read_right(data: dict[str, Any]) -> None:
    _check(Answers.model_validate(data))
