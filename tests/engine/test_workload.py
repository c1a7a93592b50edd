"""One test per decision the workload, governance and deployment answers drive, and the
properties that must hold for any answers file."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import example, given

from tests.engine.conftest import AnswersFactory
from tests.strategies import ANSWERS_DATA
from wizard.engine import build_design
from wizard.engine.gate import missed_criteria
from wizard.engine.monitoring import false_alarm_rate, threshold_for
from wizard.model.answers import Answers
from wizard.model.catalog import CATALOG
from wizard.model.lifecycle import Where

# A passing evaluation of every check a design may ask for (an on-device model's conversion
# parity among them): missed_criteria judges only evaluations that cannot_judge accepts.
EQUAL = {"candidate": 0.8, "production": 0.8, "latency_p95_ms": 10.0,
         "leakage_check_passed": True, "bias_checks_passed": True,
         "conversion_parity_passed": True}  # fmt: skip


@pytest.mark.parametrize(
    ("serving", "latency", "strategy"),
    [
        ("online", 100.0, "canary"),
        ("streaming", 100.0, "canary"),
        ("edge", 100.0, "staged-cohorts"),
        ("batch", None, "champion-challenger"),
    ],
)
def test_each_serving_mode(
    make_answers: AnswersFactory, serving: str, latency: float | None, strategy: str
) -> None:
    design = build_design(make_answers({"workload.serving": serving}))
    assert design.promotion.max_latency_ms == latency
    assert design.deployment.strategy == strategy
    assert ("PROMOTION_MAX_LATENCY_MS" in design.pipeline.environment) == (latency is not None)


def test_null_latency_turns_the_criterion_off(make_answers: AnswersFactory) -> None:
    design = build_design(make_answers({"promotion.max_latency_ms": None}))
    assert design.promotion.max_latency_ms is None
    assert "turned off" in design.promotion.latency_note


@pytest.mark.parametrize(
    ("regime", "signoff", "proposes_only"),
    [("none", False, False), ("internal-review", True, False), ("regulated", True, True)],
)
def test_each_regime(
    make_answers: AnswersFactory, regime: str, signoff: bool, proposes_only: bool
) -> None:
    answers = make_answers(
        {"governance.regime": regime, "promotion.approver": None, "cicd.manual_approval": False}
    )
    design = build_design(answers)
    assert design.pipeline.approval_gate is signoff
    assert design.governance.proposes_only is proposes_only
    assert design.promotion.independent_approver is signoff
    # A regulated model is revalidated; the model inventory is a bank's word (SR 11-7), not
    # said without a banking framework named.
    duties = " ".join(design.governance.duties)
    assert ("revalidated" in duties) is (regime == "regulated")
    assert "inventory" not in duties
    actions = " ".join(rule.action for rule in design.retraining.triggers)
    assert ("propose a retrain" in actions.lower()) is (regime == "regulated")


@pytest.mark.parametrize(
    ("values", "strategy"),
    [
        ({}, "canary"),
        ({"workload.serving": "batch"}, "champion-challenger"),
        ({"workload.serving": "edge"}, "staged-cohorts"),
        ({"governance.regime": "regulated"}, "shadow"),
        ({"workload.label_delay_days": 1, "deployment.bake_minutes": 30}, "shadow"),
        ({"workload.label_delay_days": 1, "deployment.bake_minutes": 1440}, "canary"),
        ({"deployment.strategy": "blue-green"}, "blue-green"),
    ],
)
def test_the_strategy_derivation(
    make_answers: AnswersFactory, values: dict[str, Any], strategy: str
) -> None:
    design = build_design(make_answers(values))
    assert design.deployment.strategy == strategy
    shares = [step for step in design.lifecycle.steps if step.move.traffic_percent is not None]
    if strategy == "canary":
        assert [step.move.traffic_percent for step in shares] == [10, 50, 100]


def test_late_labels_shadow_with_a_signoff(make_answers: AnswersFactory) -> None:
    answers = make_answers(
        {"workload.label_delay_days": 30, "promotion.approver": None, "cicd.manual_approval": False}
    )
    design = build_design(answers)
    assert design.deployment.strategy == "shadow"
    assert design.pipeline.approval_gate
    assert "30 days" in design.monitoring.performance
    assert "prediction drift" in design.monitoring.early_warning


def test_nannyml_estimates_performance_while_labels_are_late(make_answers: AnswersFactory) -> None:
    classification = build_design(
        make_answers({"workload.label_delay_days": 30, "components.monitoring": "nannyml"})
    )
    assert "CBPE" in classification.monitoring.early_warning
    regression = build_design(
        make_answers(
            {
                "workload.label_delay_days": 30,
                "components.monitoring": "nannyml",
                "workload.model_kind": "tabular-regression",
            }
        )
    )
    assert "DLE" in regression.monitoring.early_warning
    assert build_design(make_answers({})).monitoring.early_warning == ""


def test_a_first_model_passes_on_its_floor(make_answers: AnswersFactory) -> None:
    criteria = build_design(
        make_answers({"workload.first_model": True, "promotion.min_metric_value": 0.7})
    ).promotion
    first = {key: value for key, value in EQUAL.items() if key != "production"}
    assert missed_criteria(criteria, first) == ()
    assert missed_criteria(criteria, {**first, "candidate": 0.6}) == (
        "accuracy 0.6 is below the floor 0.7",
    )


@pytest.mark.parametrize(
    ("tool", "words"),
    [
        ("evidently", 'method="psi"'),
        ("nannyml", "Jensen–Shannon"),
        ("whylogs", "Kolmogorov"),
        ("prometheus", "custom exporter"),
    ],
)
def test_each_monitoring_tools_drift_method(
    make_answers: AnswersFactory, tool: str, words: str
) -> None:
    monitoring = build_design(make_answers({"components.monitoring": tool})).monitoring
    assert words in monitoring.drift_method
    assert monitoring.source.startswith("https://")
    if tool != "evidently":
        # WhyLabs offers PSI monitors beside Hellinger (its drift-algorithms page); whylogs'
        # own reports and the other tools compute no PSI.
        assert "PSI" not in monitoring.drift_method.replace("no PSI", "").replace(
            "PSI monitors", ""
        )


def test_the_psi_table_of_domain_md() -> None:
    assert round(false_alarm_rate(0.1, 100), 2) == 0.83
    assert round(false_alarm_rate(0.1, 200), 2) == 0.35
    assert round(threshold_for(0.01, 1000), 3) == 0.043


def test_the_llm_application_is_not_covered(make_answers: AnswersFactory) -> None:
    design = build_design(make_answers({"workload.model_kind": "llm-application"}))
    assert design.out_of_scope is not None
    assert design.pipeline.stages == ()
    assert design.recommendations == ()
    assert [risk.id for risk in design.risks] == ["R30-llm-application-not-covered"]
    assert design.confidence.rating == "low"


def test_no_feature_store_or_tabular_validator_where_they_do_not_fit(
    make_answers: AnswersFactory,
) -> None:
    batch = build_design(make_answers({"workload.serving": "batch"}))
    store = next(r for r in batch.recommendations if r.concern == "Feature store")
    assert (store.tool, store.tool_name) == ("none", "None needed")
    images = build_design(
        make_answers(
            {"workload.model_kind": "computer-vision", "components.data_validation": "none"}
        )
    )
    validation = next(r for r in images.recommendations if r.concern == "Data validation")
    assert validation.tool == "none"
    assert "table columns" in validation.why


def test_every_catalog_entry_cites_its_source() -> None:
    for concern, tools in CATALOG.items():
        for tool_id, info in tools.items():
            if tool_id != "none":
                assert info.source.startswith("https://"), (concern, tool_id)


_STAGE_WORDS = ("staging", "production", "development", "archived")


def _check_properties(answers: Answers) -> None:
    design = build_design(answers)
    if design.workload.serving == "batch" and design.workload.covered:
        assert design.promotion.max_latency_ms is None
        if design.deployment.strategy in ("champion-challenger",):
            assert all(step.move.traffic_percent is None for step in design.lifecycle.steps)
    if design.governance.regime == "regulated":
        assert not design.promotion.promotes_automatically
        assert design.pipeline.approval_gate or "promote_production" not in [
            stage.name for stage in design.pipeline.stages
        ]
    # A registry without stages is never described with them: what it records is in its
    # own vocabulary, and the stage names appear only as the answer's names.
    for _stage, recorded in design.registry.states:
        assert not any(f"stage `{word}`" in recorded for word in _STAGE_WORDS) or (
            design.registry.vocabulary == "tags"
        )
    equal = {**EQUAL, "candidate": 0.8, "production": 0.8}
    if design.promotion.min_accuracy_gain_pct == 0 and not design.promotion.first_model:
        missed = missed_criteria(design.promotion, equal)
        assert not any("gain" in line for line in missed)


@given(ANSWERS_DATA)
@example(
    {
        "schema_version": 1,
        "workload": {"serving": "edge", "first_model": None},
        "promotion": {"min_accuracy_gain_pct": 0.0},
    }
)
def test_properties_hold_for_any_answers(data: dict[str, Any]) -> None:
    _check_properties(Answers.model_validate(data))


def test_batch_never_gets_a_traffic_share_canary_by_derivation(
    make_answers: AnswersFactory,
) -> None:
    design = build_design(
        make_answers({"workload.serving": "batch", "deployment.strategy": "auto"})
    )
    assert all(step.move.traffic_percent is None for step in design.lifecycle.steps)
    assert "CANARY_STAGES" not in design.pipeline.environment


def test_a_shadow_comparison_that_outlasts_the_run_is_its_own_scheduled_job() -> None:
    from tests.paths import EXAMPLES
    from wizard.engine import build_design
    from wizard.io.loader import load_answers

    design = build_design(load_answers(EXAMPLES / "credit-risk.yaml"))
    assert design.deployment.strategy == "shadow"
    comparison = design.lifecycle.step("comparison")
    assert comparison.where is Where.COMPARATOR
    assert comparison.wait_minutes == 365 * 24 * 60
    # Every step after it runs there too: the run that trained the candidate ends in shadow.
    later = design.lifecycle.steps[design.lifecycle.steps.index(comparison) :]
    assert {step.where for step in later} == {Where.COMPARATOR}
