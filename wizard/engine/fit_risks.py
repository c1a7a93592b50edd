"""Risk rules about fit: whether the design suits the workload, the governance regime and the
platform. Same form as ``wizard.engine.risks``."""

from __future__ import annotations

from wizard.engine.monitoring import psi_window_finding
from wizard.engine.practice_risks import RiskRule
from wizard.engine.resolve import Effective
from wizard.model.design import Risk
from wizard.model.formatting import join_words
from wizard.model.wording import count

_ROWS = "workload.rows_per_window"
_PSI = "retraining.drift.psi_threshold"


def _psi_against_window(e: Effective, level: int) -> Risk | None:
    if e.rows_per_window is None or ("drift" not in e.triggers and not e.key_features):
        return None
    finding = psi_window_finding(e.psi_threshold, e.rows_per_window)
    if finding is None:
        return None
    kind, message = finding
    if kind == "noise":
        return Risk(
            "R28-psi-noise-at-window-size",
            "high",
            "PSI threshold is noise at this window size",
            message,
            (_PSI, _ROWS),
        )
    return Risk(
        "R29-psi-blind-at-window-size",
        "medium",
        "PSI threshold is blind at this window size",
        message,
        (_PSI, _ROWS),
    )


def _first_model_without_floor(e: Effective, level: int) -> Risk | None:
    if not e.first_model or e.min_metric_value is not None or "evaluate_model" not in e.stages:
        return None
    return Risk(
        "R31-first-model-without-floor",
        "high",
        "A first model has no bar to clear",
        f"Nothing is in production, so there is no baseline to beat, and no "
        f"promotion.min_metric_value sets the {e.primary_metric} a first model must reach: the "
        "gate refuses every candidate. Set the floor the business needs.",
        ("workload.first_model", "promotion.min_metric_value"),
    )


def _labels_outside_window(e: Effective, level: int) -> Risk | None:
    if e.label_delay_days == 0 or e.data_window_days > e.label_delay_days:
        return None
    delay = count(e.label_delay_days, "day")
    return Risk(
        "R32-window-without-labels",
        "high",
        "The training window holds no labelled rows",
        f"Labels arrive {delay} after a prediction, but each retraining uses only the last "
        f"{count(e.data_window_days, 'day')}: none of those rows has its label yet. Train on "
        f"a window that ends {delay} ago, or lengthen it.",
        ("workload.label_delay_days", "retraining.data_window_days"),
    )


def _regulated_without_validator(e: Effective, level: int) -> Risk | None:
    if e.regime != "regulated" or e.approver is not None:
        return None
    return Risk(
        "R33-regulated-without-validator",
        "high",
        "No independent validator named",
        "The model is regulated, so every promotion needs a sign-off by someone independent of "
        "its developer, but promotion.approver names nobody. Name the validation function "
        "(e.g. Model Risk Management).",
        ("governance.regime", "promotion.approver"),
    )


def _strategy_misfit(e: Effective, level: int) -> Risk | None:
    strategy = e.rollout_strategy
    if strategy == "canary" and e.serving == "batch":
        problem = "a batch job has no live traffic to split; use champion-challenger"
    elif strategy == "canary" and e.late_labels:
        problem = (
            f"labels arrive {count(e.label_delay_days, 'day')} later, after the "
            f"{e.bake_minutes}-minute bake, so no canary stage can check {e.primary_metric}; "
            "use shadow deployment"
        )
    elif strategy == "canary" and e.regime == "regulated":
        problem = "a regulated model's live decisions come before its validation; use shadow"
    else:
        return None
    return Risk(
        "R35-strategy-does-not-fit",
        "high",
        f"{strategy.capitalize()} does not fit this workload",
        f"deployment.strategy is {strategy}, but {problem}.",
        ("deployment.strategy", "workload.serving"),
    )


def _unknown_frameworks(e: Effective, level: int) -> Risk | None:
    from wizard.engine.governance import FRAMEWORK_OBLIGATIONS

    unknown = [name for name in e.frameworks if name.lower() not in FRAMEWORK_OBLIGATIONS]
    if not unknown:
        return None
    return Risk(
        "R36-framework-obligations-unlisted",
        "medium",
        "Framework obligations not listed",
        f"{join_words(unknown)}: not among the wizard's checked facts, so this design lists "
        "none of its obligations. Record them with your compliance team before relying on the "
        "design.",
        ("governance.frameworks",),
    )


FIT_RULES: tuple[RiskRule, ...] = (
    _psi_against_window,
    _first_model_without_floor,
    _labels_outside_window,
    _regulated_without_validator,
    _strategy_misfit,
    _unknown_frameworks,
)


def llm_not_covered() -> Risk:
    return Risk(
        "R30-llm-application-not-covered",
        "high",
        "This design does not cover an LLM application",
        "Drift thresholds, a tabular pipeline and data validators do not fit an application "
        "built on a large language model. Use evaluation suites as the promotion gate, pin "
        "prompts and model versions, check groundedness and safety, and budget cost and latency.",
        ("workload.model_kind",),
    )
