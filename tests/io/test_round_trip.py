"""Saving into the user's own file: comments, key order, flow style and number spelling
survive autosave and --set; only what changed is rewritten, and it always reads back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given, settings

from tests.paths import EXAMPLES
from tests.strategies import ANSWERS_DATA
from wizard.io.edit import set_value
from wizard.io.loader import load_answers, parse_answers
from wizard.io.saving import dump_answers, explicit_data, new_answers_text, save_answers
from wizard.model.answers import Answers

HAND_WRITTEN = """\
# our team's answers; ask Dana before changing the gate
schema_version: 1
project:
  name: churn   # the service name
  cloud: aws
promotion:
  max_latency_ms: 100      # p95, measured at the gateway
  approver: ML lead
retraining:
  canary_stages: [10, 50, 100]
  drift: {psi_threshold: 0.1, key_features: [tenure, plan]}
"""


def _comments(text: str) -> int:
    return sum("#" in line for line in text.splitlines())


def test_autosave_of_the_starter_file_keeps_all_its_comments(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(new_answers_text())
    before = path.read_text()
    answers = set_value(load_answers(path), "wizard.step", "maturity")
    save_answers(path, answers)
    after = path.read_text()
    assert _comments(after) == _comments(before) >= 100
    changed = [
        (old, new)
        for old, new in zip(before.splitlines(), after.splitlines(), strict=True)
        if old != new
    ]
    assert changed == [("  step: project", "  step: maturity")]


def test_a_change_rewrites_only_its_value(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(HAND_WRITTEN)
    answers = set_value(load_answers(path), "retraining.drift.psi_threshold", 0.2)
    save_answers(path, set_value(answers, "retraining.canary_stages", [5, 50, 100]))
    text = path.read_text()
    assert text == HAND_WRITTEN.replace("psi_threshold: 0.1", "psi_threshold: 0.2").replace(
        "[10, 50, 100]", "[5, 50, 100]"
    )
    assert "max_latency_ms: 100      # p95" in text  # 100 stays 100, not 100.0


def test_resetting_an_answer_to_unknown_removes_only_that_key(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(HAND_WRITTEN)
    data = explicit_data(load_answers(path))
    del data["project"]["cloud"]
    save_answers(path, Answers.model_validate(data))
    text = path.read_text()
    assert "cloud" not in text and "# the service name" in text and text.startswith("# our team")
    assert "cloud" not in explicit_data(load_answers(path))["project"]


def test_an_explicit_null_is_written_as_null_and_stays_distinct(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(HAND_WRITTEN)
    save_answers(path, set_value(load_answers(path), "promotion.approver", None))
    assert "  approver: null\n" in path.read_text()
    assert "approver" in load_answers(path).promotion.model_fields_set


def test_set_keeps_the_users_comments_in_the_exported_copy(tmp_path: Path, run_cli) -> None:
    source = EXAMPLES / "fraud-detection.yaml"
    result = run_cli(
        "export",
        "--answers",
        str(source),
        "--out",
        str(tmp_path),
        "--only",
        "answers",
        "--set",
        "retraining.drift.psi_threshold=0.2",
    )
    assert result.code == 0, result.err
    exported = (tmp_path / "mlops-answers.yaml").read_text()
    original = source.read_text()
    assert _comments(exported) == _comments(original)
    assert load_answers(tmp_path / "mlops-answers.yaml").retraining.drift.psi_threshold == 0.2


# 60: an example dumps, splices and reads back two whole answers files.
@settings(max_examples=60)
@given(first=ANSWERS_DATA, second=ANSWERS_DATA)
def test_any_change_saved_into_any_file_reads_back_exactly(
    first: dict[str, Any], second: dict[str, Any]
) -> None:
    original = dump_answers(Answers.model_validate(first))
    wanted = Answers.model_validate(second)
    text = dump_answers(wanted, original)
    assert explicit_data(parse_answers(text, "x.yaml")) == explicit_data(wanted)


def test_a_whole_number_typed_into_a_number_field_is_saved_as_typed(tmp_path: Path) -> None:
    """The session parses 1 into the model's 1.0: the file says 1, as `new` would write it."""
    path = tmp_path / "a.yaml"
    path.write_text(HAND_WRITTEN)
    save_answers(path, set_value(load_answers(path), "promotion.max_latency_ms", 1.0))
    text = path.read_text()
    assert "  max_latency_ms: 1        # p95, measured at the gateway\n" in text
    assert "1.0" not in text
    assert load_answers(path).promotion.max_latency_ms == 1.0
