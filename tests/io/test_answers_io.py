"""Saving and loading answers: any valid answers survive a round trip with exactly the same
keys set; the commented starter file is the defaults; salvage keeps the valid part."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from tests.strategies import ANSWERS_DATA
from wizard.io.errors import AnswersError
from wizard.io.loader import load_answers, parse_answers
from wizard.io.salvage import salvage_answers
from wizard.io.saving import (
    dump_answers,
    explicit_data,
    new_answers_text,
    save_answers,
    starter_answers,
)
from wizard.model.answers import Answers
from wizard.model.defaults import DEFAULTS


def assert_same_answers(loaded: Answers, original: Answers) -> None:
    """Equal values *and* the same keys set: pydantic's == alone ignores which were set."""
    assert loaded == original
    assert explicit_data(loaded) == explicit_data(original)


@given(ANSWERS_DATA)
def test_any_valid_answers_load_back_the_same(data: dict[str, Any]) -> None:
    answers = Answers.model_validate(data)
    text = dump_answers(answers)
    assert text.startswith("schema_version: 1\n")
    assert "#" not in text.splitlines()[0]
    assert_same_answers(parse_answers(text, "roundtrip.yaml"), answers)
    assert dump_answers(parse_answers(text, "roundtrip.yaml")) == text


def test_explicit_null_approver_survives_distinct_from_a_missing_one() -> None:
    no_gate = parse_answers("schema_version: 1\npromotion:\n  approver: null\n", "a.yaml")
    unknown = parse_answers("schema_version: 1\npromotion: {}\n", "b.yaml")
    assert no_gate == unknown  # pydantic compares values only ...
    reloaded_gate = parse_answers(dump_answers(no_gate), "a2.yaml")
    reloaded_unknown = parse_answers(dump_answers(unknown), "b2.yaml")
    assert "approver" in reloaded_gate.promotion.model_fields_set  # ... so we keep what was set
    assert "approver" not in reloaded_unknown.promotion.model_fields_set


def test_dump_is_comment_free_and_keeps_text_that_yaml_would_misread() -> None:
    answers = Answers.model_validate(
        {
            "schema_version": 1,
            "project": {"name": "no", "description": "line one\nline two\r\nthree\u2028four"},
            "maturity": {"monitoring": "no", "model_registry": "yes"},
        }
    )
    text = dump_answers(answers)
    assert "monitoring: no\n" in text  # written as a person would, read back as the string
    assert_same_answers(parse_answers(text, "x.yaml"), answers)


def test_every_example_round_trips(example_files: list[Path]) -> None:
    for path in example_files:
        answers = load_answers(path)
        assert_same_answers(parse_answers(dump_answers(answers), path.name), answers)


def test_new_answers_text_loads_back_to_the_defaults() -> None:
    """The defaults, except the answers a scan fills, which new leaves null."""
    text = new_answers_text()
    assert_same_answers(parse_answers(text, "new.yaml"), starter_answers()[0])
    lines = text.splitlines()
    for before, line in itertools.pairwise(lines):
        if not line.lstrip().startswith("#"):
            assert before.lstrip().startswith("#"), f"no comment above {line!r}"
    assert "0 < x ≤ 1; null = unknown)" in text  # the PSI range, from the model


def test_save_answers_writes_atomically_what_dump_gives(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    target.write_text("old")
    save_answers(target, DEFAULTS)
    assert target.read_text(encoding="utf-8") == dump_answers(DEFAULTS)
    assert [path.name for path in tmp_path.iterdir()] == ["answers.yaml"]


def test_salvage_keeps_the_valid_part_and_reports_the_rest() -> None:
    text = (
        "schema_version: 1\n"
        "project:\n  name: fraud\n  ci_platform: jenkins\n"
        "retraining:\n  drift:\n    psi_threshold: 7\n    key_features: [amount]\n"
        "  canary_stages: [10, 100]\n"
        "cicd:\n  triggers: [push, nightly]\n"
        "retrainng: {}\n"
    )
    answers, problems = salvage_answers(text, "broken.yaml")
    assert answers.project.name == "fraud"
    assert answers.project.ci_platform is None
    assert answers.retraining.drift.key_features == ["amount"]
    assert answers.retraining.drift.psi_threshold is None
    assert answers.retraining.canary_stages == [10, 100]
    assert answers.cicd.triggers is None
    assert [problem.key for problem in problems] == [
        "project.ci_platform",
        "retraining.drift.psi_threshold",
        "cicd.triggers[1]",
        "retrainng",
    ]
    with pytest.raises(AnswersError) as raised:
        parse_answers(text, "broken.yaml")
    assert raised.value.problems == problems


@pytest.mark.parametrize(
    "text", ["", "schema_version: 1\nproject: [\n", "- a\n", "schema_version: 2\n"]
)
def test_salvage_of_an_unreadable_file_is_empty_answers(text: str) -> None:
    answers, problems = salvage_answers(text, "broken.yaml")
    assert explicit_data(answers) == {"schema_version": 1}
    assert problems


def test_salvage_of_a_file_with_a_bad_tag_drops_only_that_key() -> None:
    text = "schema_version: 1\nproject:\n  name: x\n  cloud: !!python/object:os.system {}\n"
    answers, problems = salvage_answers(text, "tagged.yaml")
    assert answers.project.name == "x"
    assert [str(problem) for problem in problems] == [
        "tagged.yaml:4: project.cloud: YAML tag !!python/object:os.system is not allowed "
        "(allowed: plain values, lists, mappings)"
    ]
