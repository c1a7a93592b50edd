"""``with_values``: a copy of the answers with values replaced at dotted keys, the rest (and
the original) untouched."""

from __future__ import annotations

from wizard.model.answers import Answers, WindowRule
from wizard.model.dotted_keys import answer_at, with_values


def test_values_are_replaced_at_every_depth_and_the_rest_kept() -> None:
    answers = Answers.model_validate(
        {"schema_version": 1, "project": {"name": "fraud"}, "retraining": {"schedule": "daily"}}
    )
    rule = WindowRule(breaches=2, windows=5)
    changed = with_values(
        answers,
        {
            "retraining.drift.psi_threshold": 0.2,
            "retraining.performance.window_rule": rule,
            "components.monitoring": "evidently",
        },
    )
    assert answer_at(changed, "retraining.drift.psi_threshold") == 0.2
    assert answer_at(changed, "retraining.performance.window_rule") is rule
    assert answer_at(changed, "components.monitoring") == "evidently"
    assert answer_at(changed, "retraining.schedule") == "daily"
    assert changed.project is answers.project  # a section with nothing replaced is shared
    assert answers.retraining.drift.psi_threshold is None  # the original is unchanged


def test_no_values_is_the_same_model() -> None:
    answers = Answers(schema_version=1)
    assert with_values(answers, {}) is answers
