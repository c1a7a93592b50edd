"""Risk rules: contradictions and weak spots in the effective answers.

Each rule is a small pure function of the effective values and the maturity level that
returns a ``Risk`` when its condition holds and ``None`` otherwise. Ids are stable
(``Rnn-slug``); findings are sorted high > medium > low, then by id.
"""

from __future__ import annotations

from wizard.engine.answer_risks import ANSWER_RULES
from wizard.engine.fit_risks import FIT_RULES, llm_not_covered
from wizard.engine.practice_risks import PRACTICE_RULES, RiskRule
from wizard.engine.registry_risks import REGISTRY_RULES, tool_lacks
from wizard.engine.resolve import Effective
from wizard.engine.schedule import cron_of, period_days, runs_per_day
from wizard.model.design import Risk, Severity
from wizard.model.formatting import join_words, number
from wizard.model.wording import count

SEVERITY_RANK: dict[Severity, int] = {"high": 0, "medium": 1, "low": 2}

PSI_MAJOR = 0.25
PSI_TOO_TIGHT = 0.05
CANARY_FIRST_STEP_MAX = 25
#: Share of data two consecutive scheduled retrainings may have in common before the
#: schedule is wasteful (daily with a 20-day window and up).
WINDOW_OVERLAP_MAX = 0.95
MAX_RUNS_PER_DAY = 24

_PSI = "retraining.drift.psi_threshold"
_FEATURES = "retraining.drift.key_features"
_TRIGGERS = "cicd.triggers"
_STAGES = "cicd.stages"
_SCHEDULE = "retraining.schedule"
_WINDOW = "retraining.data_window_days"
_APPROVER = "promotion.approver"
_APPROVAL = "cicd.manual_approval"
_CANARY = "retraining.canary_stages"
_WINDOW_RULE = "retraining.performance.window_rule"


def _psi_too_loose(e: Effective, level: int) -> Risk | None:
    if e.psi_threshold <= PSI_MAJOR:
        return None
    return Risk(
        "R01-psi-too-loose",
        "high",
        "PSI threshold misses major shifts",
        f"PSI {number(e.psi_threshold)} is above 0.25, the band commonly read as a major "
        "shift: drift is only acted on long after the population has changed. Use 0.1-0.25 "
        "and calibrate on historical data.",
        (_PSI,),
    )


def _psi_too_tight(e: Effective, level: int) -> Risk | None:
    if e.psi_threshold >= PSI_TOO_TIGHT:
        return None
    return Risk(
        "R02-psi-too-tight",
        "medium",
        "PSI threshold causes alert fatigue",
        f"PSI {number(e.psi_threshold)} is below 0.05, well inside the 'no significant "
        "change' band (< 0.1): unless windows hold many thousands of rows, sampling noise "
        "alone crosses it, nearly every window alerts and people stop reading the alerts. "
        "Set it from workload.rows_per_window or calibrate on your data.",
        (_PSI,),
    )


def _drift_without_key_features(e: Effective, level: int) -> Risk | None:
    if "drift" not in e.triggers or e.key_features:
        return None
    # Medium, not high: the design does not pretend. The drift trigger is off and the
    # pipeline has no drift job until features are named; the risk asks for them.
    return Risk(
        "R03-drift-without-key-features",
        "medium",
        "Drift trigger watches no features",
        "No key features are named, so PSI has nothing to measure: drift "
        "retraining is off, with no drift job, until you name the features whose shift hurts "
        "the model most.",
        (_FEATURES, _TRIGGERS),
    )


def _drift_without_monitoring(e: Effective, level: int) -> Risk | None:
    if e.tools["monitoring"] != "none" or ("drift" not in e.triggers and not e.key_features):
        return None
    return Risk(
        "R04-drift-without-monitoring",
        "high",
        "Drift retraining with no monitoring tool",
        "Drift is meant to trigger retraining, but no monitoring tool computes drift on "
        "production data, so nothing can fire the trigger. Choose a monitoring tool "
        "(Evidently, NannyML, whylogs) or drop the drift trigger.",
        ("components.monitoring", _TRIGGERS, _FEATURES),
    )


def _review_bound_above_drop(e: Effective, level: int) -> Risk | None:
    if e.human_review_above_pct <= e.accuracy_drop_pct:
        return None
    drop = number(e.accuracy_drop_pct)
    review = number(e.human_review_above_pct)
    return Risk(
        "R05-review-bound-above-retrain-drop",
        "medium",
        "Retraining can ship with no human review",
        f"Accuracy falling by more than {drop} % retrains, but a person only reviews changes "
        f"above {review} %: a drop between {drop} % and {review} % retrains and ships with "
        "nobody looking, although the trigger already said something changed. Keep the "
        "review bound at or below the retraining drop.",
        ("retraining.human_review_above_pct", "retraining.performance.accuracy_drop_pct"),
    )


def _canary_first_step_large(e: Effective, level: int) -> Risk | None:
    if len(e.canary_stages) < 2 or e.canary_stages[0] <= CANARY_FIRST_STEP_MAX:
        return None
    return Risk(
        "R06-canary-first-step-large",
        "medium",
        "First canary step exposes too much traffic",
        f"The first canary step sends {e.canary_stages[0]} % of traffic to the new model; a "
        "bad model hurts that many users before the first health check. Start at 5-25 %.",
        (_CANARY,),
    )


def _no_canary(e: Effective, level: int) -> Risk | None:
    if e.canary_stages != (100,):
        return None
    return Risk(
        "R07-no-canary",
        "medium",
        "No canary: the new model takes all traffic at once",
        "The rollout has a single 100 % step, so there is no canary and no health check "
        "before every user sees the new model. Use steps such as 10, 50, 100.",
        (_CANARY,),
    )


def _unguarded_promotion(e: Effective, level: int) -> Risk | None:
    if "promote_production" not in e.stages or e.approval_requested:
        return None
    return Risk(
        "R08-unguarded-auto-promotion",
        "high",
        "Automatic promotion with no approver",
        "Promotion to production needs neither a manual approval nor an approver: a model "
        "that passes the metric gates ships with no person accountable. Name an approver or "
        "require manual approval, at least until the gates have a track record.",
        (_APPROVER, _APPROVAL),
    )


def _approval_without_approver(e: Effective, level: int) -> Risk | None:
    if not e.manual_approval or e.approver is not None:
        return None
    return Risk(
        "R09-approval-without-approver",
        "medium",
        "Manual approval, but who approves?",
        "Promotion waits for a manual approval, but no approver is named: releases stall or "
        "anyone with access approves. Name the approving role (e.g. the ML lead).",
        (_APPROVER, _APPROVAL),
    )


def _retraining_without_data_versioning(e: Effective, level: int) -> Risk | None:
    if e.tools["data_versioning"] != "none" or "train_model" not in e.stages:
        return None
    advice = (
        "Version the training data (DVC, lakeFS or Delta Lake) and log its version with each run."
    )
    if e.capabilities["data_versioning"] == "unknown":
        # No tool is assumed where nobody said one is used: the gap is the finding.
        return Risk(
            "R10-retraining-without-data-versioning",
            "medium",
            "Nobody has said whether the training data is versioned",
            "The pipeline trains models, and neither the answers nor a scan of the "
            "repository say the training data is versioned: if it is not, a model cannot be "
            f"rebuilt or audited. Answer `maturity.data_versioning`, or {advice[0].lower()}"
            f"{advice[1:]}",
            ("components.data_versioning", "maturity.data_versioning", _STAGES),
        )
    return Risk(
        "R10-retraining-without-data-versioning",
        "high",
        "Retraining is irreproducible without data versioning",
        "The pipeline trains models but the data is not versioned: a model cannot be "
        f"rebuilt or audited, and a regression cannot be traced to a data change. {advice}",
        ("components.data_versioning", _STAGES),
    )


def _schedule_overlaps_window(e: Effective, level: int) -> Risk | None:
    # More than hourly is R13's finding; saying it twice would bury the other risks.
    if "schedule" not in e.triggers or runs_per_day(cron_of(e.schedule)) > MAX_RUNS_PER_DAY:
        return None
    period = period_days(cron_of(e.schedule))
    # Daily retraining on a 28-day window, or weekly on two years, is standard practice: a
    # run is wasteful only when it cannot see a single new day of labelled data.
    if period >= 1.0 or period >= e.data_window_days:
        return None
    overlap = 1 - period / e.data_window_days
    if overlap < WINDOW_OVERLAP_MAX:
        return None
    days = "day" if period == 1 else "days"
    return Risk(
        "R12-schedule-overlaps-window",
        "low",
        "Scheduled retraining sees almost no new data",
        f"Retraining every {number(round(period, 2))} {days} on a "
        f"{e.data_window_days}-day window: each run trains on {overlap:.1%} of the data the "
        "previous run saw, less than a day of new data, paying for a training run to learn "
        "almost nothing new. Retrain at most daily and let drift and performance triggers "
        "handle sudden change.",
        (_SCHEDULE, _WINDOW),
    )


def _schedule_too_frequent(e: Effective, level: int) -> Risk | None:
    if "schedule" not in e.triggers or runs_per_day(cron_of(e.schedule)) <= MAX_RUNS_PER_DAY:
        return None
    return Risk(
        "R13-schedule-too-frequent",
        "medium",
        "Retraining scheduled more than once an hour",
        f"The schedule `{e.schedule}` fires more than once an hour: training runs pile up, "
        "overlap and cost, and no evaluation window is long enough to judge a model. Use an "
        "hourly schedule at most, or rely on drift and performance triggers.",
        (_SCHEDULE,),
    )


def _window_longer_than_schedule(e: Effective, level: int) -> Risk | None:
    if "schedule" not in e.triggers:
        return None
    period = period_days(cron_of(e.schedule))
    if period == float("inf") or period <= e.data_window_days:
        return None
    return Risk(
        "R14-data-window-shorter-than-schedule",
        "low",
        "Data between retrainings is never trained on",
        f"Retraining every {count(round(period, 1), 'day')} on a {e.data_window_days}-day "
        "window leaves data that no model ever learns from. Lengthen the window to at least "
        "the schedule's period, unless older data is deliberately left out.",
        (_SCHEDULE, _WINDOW),
    )


def _bias_checks_off(e: Effective, level: int) -> Risk | None:
    if e.require_bias_checks:
        return None
    return Risk(
        "R15-bias-checks-off",
        "medium",
        "Promotion does not require bias checks",
        "A model can reach production without its fairness on important slices being "
        "checked; a regression on a minority slice hides inside a better average. Require "
        "bias checks, or record why the model's decisions need none.",
        ("promotion.require_bias_checks",),
    )


def _no_leakage_check(e: Effective, level: int) -> Risk | None:
    if e.require_leakage_check:
        return None
    return Risk(
        "R16-no-leakage-check",
        "medium",
        "Promotion does not require a leakage check",
        "Without a check that no target or future data leaked into the features, a model "
        "that looks better offline can be worse in production. Require the leakage check.",
        ("promotion.require_leakage_check",),
    )


def _no_data_validation(e: Effective, level: int) -> Risk | None:
    if "train_model" not in e.stages:
        return None
    if e.tools["data_validation"] == "none":
        problem = "no data validation tool is chosen"
    elif "validate_data" not in e.stages:
        problem = "the pipeline has no validate_data stage before training"
    else:
        return None
    return Risk(
        "R17-no-data-validation",
        "medium",
        "Training data is not validated",
        f"The pipeline trains models but {problem}: broken, missing or shifted data trains a "
        "bad model that the metric gates may not catch. Validate data before train_model.",
        ("components.data_validation", _STAGES),
    )


def _tracker_missing_versions(e: Effective, level: int) -> Risk | None:
    missing = tool_lacks(e, "experiment_tracking", ("code_version", "data_version"), e.tracked)
    if not missing:
        return None
    return Risk(
        "R18-tracker-missing-versions",
        "medium",
        "Runs do not record the code or data version",
        f"The tracker does not record {join_words(missing)}: a logged result cannot be "
        "reproduced because nobody knows which code and data produced it. Track both.",
        ("components.experiment_tracking.track",),
    )


def _promote_without_evaluate(e: Effective, level: int) -> Risk | None:
    if "promote_production" not in e.stages or "evaluate_model" in e.stages:
        return None
    return Risk(
        "R19-promote-without-evaluate",
        "high",
        "Promotion with no evaluation stage",
        "The pipeline promotes to production but never runs evaluate_model, so the promotion "
        "criteria are never checked. Add evaluate_model before promotion.",
        (_STAGES,),
    )


def _window_rule_degenerate(e: Effective, level: int) -> Risk | None:
    if e.window_rule is None or e.window_rule[0] != e.window_rule[1]:
        return None
    breaches, windows = e.window_rule
    if windows == 1:
        message = (
            "A 1-of-1 window rule is no rule: a single noisy window retrains. Use k of n "
            "with n > 1, e.g. 2 of 5 (Databricks MLOps Stacks' default)."
        )
    else:
        message = (
            f"All {windows} windows must breach: one good window in between resets the count, "
            f"so a real decline waits at least {windows} windows. Use k < n, e.g. 2 of 5."
        )
    return Risk(
        "R21-window-rule-degenerate",
        "low",
        f"Window rule {breaches} of {windows} defeats its purpose",
        message,
        (_WINDOW_RULE,),
    )


RULES: tuple[RiskRule, ...] = (
    _psi_too_loose,
    _psi_too_tight,
    _drift_without_key_features,
    _drift_without_monitoring,
    _review_bound_above_drop,
    _canary_first_step_large,
    _no_canary,
    _unguarded_promotion,
    _approval_without_approver,
    _retraining_without_data_versioning,
    _schedule_overlaps_window,
    _schedule_too_frequent,
    _window_longer_than_schedule,
    _bias_checks_off,
    _no_leakage_check,
    _no_data_validation,
    _tracker_missing_versions,
    _promote_without_evaluate,
    _window_rule_degenerate,
    *REGISTRY_RULES,
    *PRACTICE_RULES,
    *FIT_RULES,
    *ANSWER_RULES,
)


def assess_risks(effective: Effective, level: int) -> tuple[Risk, ...]:
    """Every rule's finding for ``effective`` at maturity ``level``, high severity first."""
    if not effective.covered:
        return (llm_not_covered(),)
    found = [risk for rule in RULES if (risk := rule(effective, level)) is not None]
    return tuple(sorted(found, key=lambda risk: (SEVERITY_RANK[risk.severity], risk.id)))
