"""Cron expressions as every CI platform reads them: five fields, numbers, names, ranges, steps.

The syntax is checked here against the subset GitHub Actions, GitLab CI and Azure Pipelines
all accept (no ``L``, ``W``, ``#`` or ``?``); whether it ever fires, and how it reads in
English, come from cronsim.
"""

from __future__ import annotations

import re
from datetime import datetime

from cronsim import CronSim, CronSimError

_CRON_LABELS = ("minute", "hour", "day of month", "month", "day of week")
#: Per field, the lowest and highest value (day of week 7 is Sunday again, as 0).
FIELD_RANGES = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))
#: Per field, the names that stand for numbers (months and days of the week).
FIELD_NAMES: tuple[dict[str, int], ...] = (
    {},
    {},
    {},
    {m: i + 1 for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())},
    {d: i for i, d in enumerate("sun mon tue wed thu fri sat".split())},
)
_CRON_ITEM = re.compile(r"^(?P<base>\*|[0-9A-Za-z]+(?:-[0-9A-Za-z]+)?)(?:/(?P<step>[0-9]+))?$")


def cron_problem(expression: str) -> str | None:
    """Why ``expression`` is not a valid 5-field cron expression, or None when it is."""
    fields = expression.split()
    if len(fields) != 5:
        return f"a cron expression has 5 fields, got {len(fields)}"
    for text, (low, high), names, label in zip(
        fields, FIELD_RANGES, FIELD_NAMES, _CRON_LABELS, strict=True
    ):
        for item in text.split(","):
            match = _CRON_ITEM.match(item)
            if not match:
                return f"{label} field {text!r} is not cron syntax"
            if match["step"] is not None and int(match["step"]) < 1:
                return f"{label} field {text!r}: a step must be at least 1"
            if match["base"] == "*":
                continue
            for atom in match["base"].split("-"):
                value = int(atom) if atom.isdigit() else names.get(atom.lower())
                if value is None:
                    return f"{label} field {text!r}: {atom!r} is not a number or a name"
                if not low <= value <= high:
                    return f"{label} field {text!r}: {value} is outside {low}-{high}"
            bounds = match["base"].split("-")
            if len(bounds) == 2:
                first, last = (
                    int(atom) if atom.isdigit() else names[atom.lower()] for atom in bounds
                )
                if first > last:
                    return f"{label} field {text!r}: the range runs backwards ({first} > {last})"
    return _never_fires(expression)


#: A fixed start, so the check and the explanation never depend on the clock.
_START = datetime(2000, 1, 1)


def _never_fires(expression: str) -> str | None:
    try:
        next(CronSim(expression, _START))
    except CronSimError:
        # Syntax was checked above, so what is left is a date that does not exist.
        return (
            f"{expression!r} never fires: that day of the month does not exist in the months chosen"
        )
    except StopIteration:
        return f"{expression!r} never fires"
    return None


def explain_cron(expression: str) -> str:
    """``At 03:00 on Monday`` for ``0 3 * * 1``: a valid expression in words."""
    return CronSim(expression, _START).explain()
