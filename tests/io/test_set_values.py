"""``--set key.path=value``: parsed as YAML, validated exactly like the file."""

from __future__ import annotations

from typing import Any

import pytest

from wizard.io.edit import parse_assignment, set_value
from wizard.io.errors import AnswersError
from wizard.model.defaults import DEFAULTS


@pytest.mark.parametrize(
    ("assignment", "key", "value"),
    [
        ("retraining.drift.psi_threshold=0.2", "retraining.drift.psi_threshold", 0.2),
        ("retraining.canary_stages=[5, 25, 100]", "retraining.canary_stages", [5, 25, 100]),
        ("promotion.approver=null", "promotion.approver", None),
        ("promotion.approver=", "promotion.approver", None),
        ("maturity.monitoring=no", "maturity.monitoring", "no"),
        ("project.name=a=b", "project.name", "a=b"),
        (
            "cicd.commands.train_model=python train.py",
            "cicd.commands.train_model",
            "python train.py",
        ),
    ],
)
def test_assignments_parse_their_value_as_yaml(assignment: str, key: str, value: Any) -> None:
    assert parse_assignment(assignment) == (key, value)


def test_set_value_rebuilds_the_model_and_marks_the_key_as_set() -> None:
    changed = set_value(DEFAULTS, "retraining.drift.psi_threshold", 0.2)
    assert changed.retraining.drift.psi_threshold == 0.2
    assert DEFAULTS.retraining.drift.psi_threshold == 0.1
    no_gate = set_value(DEFAULTS, "promotion.approver", None)
    assert no_gate.promotion.approver is None
    assert "approver" in no_gate.promotion.model_fields_set


def test_set_value_fills_a_section_that_was_not_given() -> None:
    from wizard.model.answers import empty_answers

    answers = set_value(
        empty_answers(), "retraining.performance.window_rule", {"breaches": 1, "windows": 3}
    )
    assert answers.retraining.performance.window_rule is not None
    assert answers.retraining.performance.window_rule.windows == 3


@pytest.mark.parametrize(
    ("assignment", "expected"),
    [
        (
            "retraining.drift.psi_threshold=1.2",
            "--set: retraining.drift.psi_threshold: 1.2 is out of range (allowed: 0 < x ≤ 1)",
        ),
        (
            "retraining.drift.psi=0.2",
            "--set: retraining.drift.psi: unknown key; did you mean "
            "'psi_threshold'? (allowed: psi_threshold, key_features, max_missing_pct, cadence)",
        ),
        ("project.name.first=x", "--set: project.name: is a value, not a section"),
        (
            "retraining.canary_stages=[50, 10]",
            "--set: retraining.canary_stages: 10 does not increase on 50",
        ),
        ("project.ci_platform=jenkins", "--set: project.ci_platform: 'jenkins' is not one of"),
        ("psi_threshold", "--set: psi_threshold: expected KEY=VALUE"),
        ("retraining..psi=1", "--set: retraining..psi: not a key path"),
        ("project.name=!!python/object:os.system {}", "--set: project.name: YAML tag"),
        ("project.name=[unclosed", "--set: project.name: not valid YAML"),
    ],
)
def test_refused_assignments_name_the_key(assignment: str, expected: str) -> None:
    with pytest.raises(AnswersError) as raised:
        key, value = parse_assignment(assignment)
        set_value(DEFAULTS, key, value)
    assert str(raised.value).startswith(expected)
