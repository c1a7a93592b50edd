"""The policy the pipeline enforces at run time, read from the committed spec
(``wizard.model.spec.Spec``): ``gate`` applies the promotion criteria, ``drift`` the drift
trigger. The thresholds tuned in the wizard are the ones CI applies."""

from __future__ import annotations

from wizard.model.design import PromotionCriteria
from wizard.model.metrics import GainUnit
from wizard.model.records import record
from wizard.model.spec import Spec, SpecWindowRule


@record
class DriftPolicy:
    """``retraining_pipeline.drift`` of the spec, with its window rule."""

    psi_threshold: float
    key_features: tuple[str, ...]
    window_rule: SpecWindowRule | None
    max_missing_pct: float
    """Above this share of NULL, NaN and infinite values in a key feature, a window cannot
    be judged."""


def drift_policy(spec: Spec) -> DriftPolicy:
    pipeline = spec.retraining_pipeline
    return DriftPolicy(
        psi_threshold=pipeline.drift.psi_threshold,
        key_features=tuple(pipeline.drift.key_features),
        window_rule=pipeline.window_rule,
        max_missing_pct=pipeline.drift.max_missing_pct,
    )


def promotion_policy(spec: Spec) -> PromotionCriteria:
    """The spec's promotion criteria as the engine decided them, for the one gate rule."""
    criteria = spec.model_registry.promotion_criteria
    return PromotionCriteria(
        min_accuracy_gain_pct=criteria.minimum_gain,
        gain_unit=None if criteria.gain_unit is None else GainUnit(criteria.gain_unit),
        min_metric_value=criteria.min_metric_value,
        require_leakage_check=criteria.require_leakage_check,
        require_bias_checks=criteria.require_bias_checks,
        approver=criteria.approver,
        primary_metric=criteria.primary_metric,
        higher_is_better=criteria.higher_is_better,
        first_model=criteria.first_model,
        max_latency_ms=None if criteria.latency is None else criteria.latency.max_p95_ms,
        latency_note=criteria.latency_note,
        human_review_above_pct=criteria.review_bound,
        independent_approver=criteria.independent_approver,
        promotes_automatically=criteria.promotes_automatically,
        serving_checks=tuple(criteria.serving_checks),
    )
