"""The promotion criteria, decided once from the effective answers. The rule that applies
them to a candidate's evaluation is ``wizard.engine.gate``."""

from __future__ import annotations

from wizard.engine.resolve import Effective
from wizard.model.design import PromotionCriteria


def promotion_criteria(e: Effective) -> PromotionCriteria:
    latency = e.latency_criterion_ms
    mode = e.serving_mode
    if latency is not None or not mode.caller_waits:
        # Why there is one (a caller waits), or why there is none (no caller does).
        note = mode.latency_note
    else:
        note = "turned off (promotion.max_latency_ms: null)"
    return PromotionCriteria(
        min_accuracy_gain_pct=e.min_accuracy_gain_pct,
        gain_unit=e.gain_unit,
        min_metric_value=e.min_metric_value,
        require_leakage_check=e.require_leakage_check,
        require_bias_checks=e.require_bias_checks,
        approver=e.approver,
        primary_metric=e.primary_metric,
        higher_is_better=e.higher_is_better,
        first_model=e.first_model,
        max_latency_ms=latency,
        latency_note=note,
        human_review_above_pct=e.human_review_above_pct,
        independent_approver=e.governed,
        promotes_automatically=e.promotes_automatically,
        serving_checks=mode.gate_checks,
    )
