"""How often a retraining schedule fires, from its cron expression.

The answers model has already checked the expression (``wizard.model.cron.cron_problem``); this
module only counts. Cron fires when the minute, hour and month match and either day field
matches (when both are restricted, standard cron ORs them), so the estimate is
``minutes x hours x active days per month x active months / 12`` runs per 30-day month.
"""

from __future__ import annotations

from wizard.model.cron import FIELD_NAMES, FIELD_RANGES, explain_cron
from wizard.model.defaults import SCHEDULE_CRON

_DAYS_PER_MONTH = 30.0


def cron_of(schedule: str) -> str:
    """The cron expression of a schedule keyword (``weekly``) or of a cron given as is."""
    return SCHEDULE_CRON.get(schedule, schedule)


def describe_schedule(schedule: str) -> str:
    """``weekly (cron `0 3 * * 1`: at 03:00 on Monday, UTC)`` for a keyword,
    ``on cron `0 2 * * *` (at 02:00, UTC)`` for a cron: always the expression in a code span,
    with cronsim's explanation in words."""
    cron = cron_of(schedule)
    words = explain_cron(cron)
    words = words[:1].lower() + words[1:]
    if schedule in SCHEDULE_CRON:
        return f"{schedule} (cron `{cron}`: {words}, UTC)"
    return f"on cron `{cron}` ({words}, UTC)"


def _atom(text: str, names: dict[str, int]) -> int:
    return int(text) if text.isdigit() else names[text.lower()]


def expand_field(text: str, position: int) -> frozenset[int]:
    """The values a cron field matches (day of week 7 folded onto 0, Sunday)."""
    low, high = FIELD_RANGES[position]
    names = FIELD_NAMES[position]
    values: set[int] = set()
    for item in text.split(","):
        base, _, step_text = item.partition("/")
        step = int(step_text) if step_text else 1
        if base == "*":
            start, end = low, high
        elif "-" in base:
            first, last = base.split("-", 1)
            start, end = _atom(first, names), _atom(last, names)
        else:
            start = _atom(base, names)
            end = high if step_text else start
        values.update(range(start, end + 1, step))
    if position == 4:
        values = {0 if value == 7 else value for value in values}
    return frozenset(values)


def runs_per_day(cron: str) -> float:
    """Average number of runs per day of ``cron`` (a valid 5-field expression)."""
    minute, hour, day_of_month, month, day_of_week = cron.split()
    per_day = len(expand_field(minute, 0)) * len(expand_field(hour, 1))
    dom_days = len(expand_field(day_of_month, 2))
    dow_days = len(expand_field(day_of_week, 4)) * _DAYS_PER_MONTH / 7
    if day_of_month == "*" and day_of_week == "*":
        active_days = _DAYS_PER_MONTH
    elif day_of_week == "*":
        active_days = min(dom_days, _DAYS_PER_MONTH)
    elif day_of_month == "*":
        active_days = dow_days
    else:
        active_days = min(dom_days + dow_days, _DAYS_PER_MONTH)
    active_months = len(expand_field(month, 3)) / 12
    return per_day * active_days * active_months / _DAYS_PER_MONTH


def period_days(cron: str) -> float:
    """Average days between two runs of ``cron``; infinite when it never fires (a
    reversed range such as ``5-2`` passes the answers check but matches nothing)."""
    runs = runs_per_day(cron)
    return 1 / runs if runs else float("inf")
