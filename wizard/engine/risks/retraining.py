"""Risk rules about when retraining runs and on what: the schedule against the data window,
the window rule and the human-review bound. (Labels that arrive after the window are no
longer a risk: the window ends the label delay before today, ``policy.data_window_text``.)"""

from __future__ import annotations

from wizard.engine.resolve import Effective
from wizard.engine.schedule import cron_of, period_days, runs_per_day
from wizard.model.defaults import DEFAULTS
from wizard.model.design import Risk
from wizard.model.formatting import number
from wizard.model.wording import count, in_unit

#: Share of data two consecutive scheduled retrainings may have in common before the
#: schedule is wasteful (daily with a 20-day window and up).
WINDOW_OVERLAP_MAX = 0.95
MAX_RUNS_PER_DAY = 24

_SCHEDULE = "retraining.schedule"
_WINDOW = "retraining.data_window_days"
_WINDOW_RULE = "retraining.performance.window_rule"
#: The design card's window rule (Databricks MLOps Stacks' default), as the R21 message
#: suggests it: ``2 of 5``.
_RULE = DEFAULTS.retraining.performance.window_rule
_DEFAULT_RULE = f"{_RULE.breaches} of {_RULE.windows}" if _RULE else ""


def review_bound_above_drop(e: Effective, level: int) -> Risk | None:
    # Without labels the drop never fires; a locked model's drop only alerts.
    if e.human_review_above_pct <= e.accuracy_drop_pct or not e.labels_return or e.locked:
        return None
    drop = in_unit(e.accuracy_drop_pct, e.gain_unit)
    review = in_unit(e.human_review_above_pct, e.gain_unit)
    return Risk(
        "R05-review-bound-above-retrain-drop",
        "medium",
        "Retraining can ship with no human review",
        f"{e.primary_metric} worsening by more than {drop} retrains, but a person only reviews "
        f"changes above {review}: a drop between the two retrains and ships with nobody "
        "looking, although the trigger already said something changed. Keep the review bound "
        "at or below the retraining drop.",
        ("retraining.human_review_above_pct", "retraining.performance.accuracy_drop_pct"),
    )


def schedule_overlaps_window(e: Effective, level: int) -> Risk | None:
    # More than hourly is R13's finding; saying it twice would bury the other risks.
    if not e.retrains_on_schedule or runs_per_day(cron_of(e.schedule)) > MAX_RUNS_PER_DAY:
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


def schedule_too_frequent(e: Effective, level: int) -> Risk | None:
    if not e.retrains_on_schedule or runs_per_day(cron_of(e.schedule)) <= MAX_RUNS_PER_DAY:
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


def window_longer_than_schedule(e: Effective, level: int) -> Risk | None:
    if not e.retrains_on_schedule:
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


def window_rule_degenerate(e: Effective, level: int) -> Risk | None:
    if e.window_rule is None or e.window_rule[0] != e.window_rule[1]:
        return None
    breaches, windows = e.window_rule
    if windows == 1:
        message = (
            "A 1-of-1 window rule is no rule: a single noisy window retrains. Use k of n "
            f"with n > 1, e.g. {_DEFAULT_RULE} (Databricks MLOps Stacks' default)."
        )
    else:
        message = (
            f"All {windows} windows must breach: one good window in between resets the count, "
            f"so a real decline waits at least {windows} windows. Use k < n, e.g. {_DEFAULT_RULE}."
        )
    return Risk(
        "R21-window-rule-degenerate",
        "low",
        f"Window rule {breaches} of {windows} defeats its purpose",
        message,
        (_WINDOW_RULE,),
    )
