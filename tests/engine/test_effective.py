"""The effective values are read by name from the answers: each field is its own answer where
one was given and the default where not, in the kind the design keeps (a float, a tuple)."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from hypothesis import given

from tests.strategies import ANSWERS_DATA
from wizard.engine.resolve import Effective, is_unknown, resolve_answers
from wizard.engine.suggest import suggest
from wizard.model.answers import Answers
from wizard.model.defaults import DEFAULTS, fitting_defaults
from wizard.model.dotted_keys import answer_at
from wizard.model.evidence import NO_EVIDENCE

#: Each Effective field that is one answer, and that answer's key: written out here on its
#: own, so a value wired to the wrong answer (two percentages swapped) fails.
ANSWER_OF_FIELD: dict[str, str] = {
    "project_name": "project.name",
    "description": "project.description",
    "ci_platform": "project.ci_platform",
    "cloud": "project.cloud",
    "team_size": "project.team_size",
    "budget": "project.budget",
    "tracked": "components.experiment_tracking.track",
    "experiments": "components.experiment_tracking.experiments",
    "registry_stages": "components.model_registry.stages",
    "registry_versioning": "components.model_registry.versioning",
    "registry_immutable": "components.model_registry.immutable",
    "serving": "workload.serving",
    "model_kind": "workload.model_kind",
    "primary_metric": "workload.primary_metric",
    "higher_is_better": "workload.higher_is_better",
    "label_delay_days": "workload.label_delay_days",
    "rows_per_window": "workload.rows_per_window",
    "first_model": "workload.first_model",
    "min_accuracy_gain_pct": "promotion.min_accuracy_gain_pct",
    "gain_unit_answer": "promotion.gain_unit",
    "min_metric_value": "promotion.min_metric_value",
    "require_leakage_check": "promotion.require_leakage_check",
    "require_bias_checks": "promotion.require_bias_checks",
    "approver": "promotion.approver",
    "max_latency_ms": "promotion.max_latency_ms",
    "schedule": "retraining.schedule",
    "psi_threshold": "retraining.drift.psi_threshold",
    "key_features": "retraining.drift.key_features",
    "drift_cadence": "retraining.drift.cadence",
    "accuracy_drop_pct": "retraining.performance.accuracy_drop_pct",
    "data_window_days": "retraining.data_window_days",
    "human_review_above_pct": "retraining.human_review_above_pct",
    "max_missing_pct": "retraining.drift.max_missing_pct",
    "canary_stages": "retraining.canary_stages",
    "regime": "governance.regime",
    "frameworks": "governance.frameworks",
    "locked_answer": "governance.locked",
    "strategy": "deployment.strategy",
    "bake_minutes": "deployment.bake_minutes",
    "triggers": "cicd.triggers",
    "stages": "cicd.stages",
    "manual_approval": "cicd.manual_approval",
    "commands": "cicd.commands",
    "install": "cicd.install",
    "runner": "cicd.runner",
    "python": "cicd.python",
}
#: Fields the design keeps as floats, whatever number YAML read (``5`` shows as ``5.0``).
FLOATS = {
    "min_accuracy_gain_pct",
    "min_metric_value",
    "max_latency_ms",
    "psi_threshold",
    "accuracy_drop_pct",
    "human_review_above_pct",
    "max_missing_pct",
}
#: Fields gathered from several answers (or, for the calibration, read with the threshold;
#: the tools found, from the evidence).
GATHERED = {
    "calibration",
    "capabilities",
    "level_override",
    "tools",
    "tools_found",
    "window_rule",
    "labels_return",
}


def _as_answered(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def test_every_field_is_an_answer_or_gathered() -> None:
    assert {item.name for item in fields(Effective)} == set(ANSWER_OF_FIELD) | GATHERED


@given(data=ANSWERS_DATA)
def test_each_value_is_its_answer_or_else_its_default(data: dict[str, Any]) -> None:
    answers = Answers.model_validate(data)
    effective = resolve_answers(answers, NO_EVIDENCE, suggest(NO_EVIDENCE)).effective
    fitting = fitting_defaults(answers)
    for name, key in ANSWER_OF_FIELD.items():
        value = getattr(effective, name)
        if not is_unknown(answers, key):
            expected = answer_at(answers, key)
        elif key in fitting:
            # The default that fits the model kind or serving mode (a forecast's WAPE).
            expected = fitting[key][0]
        else:
            expected = answer_at(DEFAULTS, key)
        if name == "label_delay_days" and expected == "never":
            # Labels that never come back: labels_return is False, and the delay reads 0.
            assert value == 0 and not effective.labels_return
            continue
        assert _as_answered(value) == expected, name
        if name in FLOATS and value is not None:
            assert isinstance(value, float), f"{name} is kept as a float"
    rule = answer_at(answers, "retraining.performance.window_rule")
    if not is_unknown(answers, "retraining.performance.window_rule"):
        assert effective.window_rule == (None if rule is None else (rule.breaches, rule.windows))
    assert effective.level_override == answers.maturity.level_override
    # Labels come back when the delay is answered, else as the serving mode says.
    if not is_unknown(answers, "workload.label_delay_days"):
        # ... unless they were answered never to come back.
        assert effective.labels_return == (answers.workload.label_delay_days != "never")
    else:
        assert effective.labels_return == effective.serving_mode.labels_return
