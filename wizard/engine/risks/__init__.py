"""Risk rules: contradictions and weak spots in the effective answers, one module per concern,
every rule a ``RiskRule`` (``rule.py``) listed once here; ``assess_risks`` is the one entry.

Ids are stable (``Rnn-slug``); findings are sorted high > medium > low, then by id.
"""

from __future__ import annotations

from wizard.engine.resolve import Effective
from wizard.engine.risks import (
    calibration,
    drift,
    governance,
    practice,
    promotion,
    retraining,
    rollout,
    scope,
    tools,
)
from wizard.engine.risks.rule import SEVERITY_RANK, RiskRule, severity_order
from wizard.model.design import Risk

__all__ = ["RULES", "SEVERITY_RANK", "RiskRule", "assess_risks"]

#: Every rule that judges the design of a model it covers, by id.
RULES: tuple[RiskRule, ...] = (
    drift.psi_too_loose,
    drift.psi_too_tight,
    drift.drift_without_key_features,
    drift.drift_without_monitoring,
    retraining.review_bound_above_drop,
    rollout.canary_first_step_large,
    rollout.no_canary,
    promotion.unguarded_promotion,
    promotion.approval_without_approver,
    tools.retraining_without_data_versioning,
    tools.promotion_without_registry,
    retraining.schedule_overlaps_window,
    retraining.schedule_too_frequent,
    retraining.window_longer_than_schedule,
    promotion.bias_checks_off,
    promotion.no_leakage_check,
    tools.no_data_validation,
    tools.tracker_missing_versions,
    promotion.promote_without_evaluate,
    tools.registry_without_stages,
    retraining.window_rule_degenerate,
    tools.mutable_registry,
    practice.retraining_not_triggered,
    practice.feature_store_missing,
    practice.big_bang_adoption,
    practice.deploying_untested,
    practice.retraining_blind,
    drift.psi_against_window,
    promotion.first_model_without_floor,
    promotion.gain_unit_unknown,
    governance.regulated_without_validator,
    tools.maturity_contradicts_tools,
    rollout.strategy_misfit,
    governance.unknown_frameworks,
)

#: Rules that hold for every model, covered or not: the design's scope, and a calibration
#: the answers record.
RULES_FOR_EVERY_MODEL: tuple[RiskRule, ...] = (
    scope.llm_not_covered,
    calibration.calibrated_threshold_is_noise,
    calibration.calibrated_history_drift_missed,
)


def assess_risks(effective: Effective, level: int) -> tuple[Risk, ...]:
    """Every rule's finding for ``effective`` at maturity ``level``, high severity first. For
    a model the design does not cover, only the rules that hold for every model run."""
    rules = (*RULES_FOR_EVERY_MODEL, *(RULES if effective.covered else ()))
    found = [risk for rule in rules if (risk := rule(effective, level)) is not None]
    return tuple(sorted(found, key=severity_order))
