"""Monitoring windows from the retraining schedule.

- ``daily``: calendar days; ``weekly``: 7-day windows starting Monday (ISO weeks, as
  DuckDB's ``date_trunc('week', ...)``); ``monthly``: calendar months.
- a 5-field cron expression: from one fire time to the next (found with ``cronsim``), so a
  window is what the scheduled job would have seen since its previous run.

Times are UTC. A row is assigned to its window inside DuckDB: ``date_trunc`` for the
keywords; for a cron, the window starts are computed here over the data's time range,
loaded as a small table and joined with ``ASOF JOIN`` (the last start at or before the row).
Every window between the first and the last row is listed, so an empty week inside the
range is reported with 0 rows instead of silently missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Literal

from cronsim import CronSim, CronSimError

from wizard.data.errors import DataError, quoted
from wizard.model.records import record

__all__ = [
    "MAX_WINDOWS",
    "Schedule",
    "Window",
    "format_start",
    "parse_schedule",
    "truncate",
    "windows_between",
]

ScheduleKind = Literal["daily", "weekly", "monthly", "cron"]
KEYWORDS: tuple[ScheduleKind, ...] = ("daily", "weekly", "monthly")
#: More windows than this over one history is a schedule mistake (a cron firing every
#: minute over a year of data), not a calibration: refused with a clear message.
MAX_WINDOWS = 5000
_YEAR = timedelta(days=365.25)
_CRON_COUNT_LIMIT = 100_000  # fire times counted to measure a cron's windows per year
_MICROSECOND = timedelta(microseconds=1)


@record
class Schedule:
    text: str
    """As given: ``weekly`` or a cron expression with its fields single-spaced."""
    kind: ScheduleKind

    def windows_per_year(self, anchor: datetime) -> float:
        """How many windows a year holds; for a cron, counted from ``anchor`` on."""
        if self.kind == "daily":
            return 365.25
        if self.kind == "weekly":
            return 365.25 / 7
        if self.kind == "monthly":
            return 12.0
        # Count the fire times of one year (a cron's period can vary: weekdays only, ...);
        # a cron firing more often than the count limit is extrapolated from its start.
        end = anchor + _YEAR
        fires = CronSim(self.text, anchor)
        count, last = 0, anchor
        while count < _CRON_COUNT_LIMIT:
            last = next(fires)
            if last >= end:
                return float(count)
            count += 1
        return count * (_YEAR / (last - anchor))


@record
class Window:
    start: datetime
    end: datetime
    """Exclusive: a row at ``end`` belongs to the next window."""


def parse_schedule(text: str) -> Schedule:
    """``daily``, ``weekly``, ``monthly`` or a 5-field cron expression that fires."""
    normal = " ".join(text.split())
    if normal in KEYWORDS:
        return Schedule(text=normal, kind=normal)  # type: ignore[arg-type]
    allowed = "allowed: daily, weekly, monthly or a 5-field cron expression that fires"
    if len(normal.split()) != 5:
        raise DataError(f"schedule: {quoted(text)} is not a schedule ({allowed})")
    try:
        next(CronSim(normal, datetime(2000, 1, 1)))
    except (CronSimError, StopIteration) as error:
        raise DataError(f"schedule: {quoted(text)}: {error} ({allowed})") from None
    return Schedule(text=normal, kind="cron")


def truncate(schedule: Schedule, moment: datetime) -> datetime:
    """The start of the window holding ``moment`` (the Python twin of the SQL side)."""
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if schedule.kind == "daily":
        return day
    if schedule.kind == "weekly":
        return day - timedelta(days=day.weekday())
    if schedule.kind == "monthly":
        return day.replace(day=1)
    # The last fire time at or before the moment: cronsim's reverse iteration yields times
    # strictly before its start, hence the microsecond.
    return next(CronSim(schedule.text, moment + _MICROSECOND, reverse=True))


def _following(schedule: Schedule, start: datetime) -> datetime:
    if schedule.kind == "daily":
        return start + timedelta(days=1)
    if schedule.kind == "weekly":
        return start + timedelta(days=7)
    if schedule.kind == "monthly":
        return start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)
    return next(CronSim(schedule.text, start))


def windows_between(schedule: Schedule, first: datetime, last: datetime) -> list[Window]:
    """Every window from the one holding ``first`` to the one holding ``last``, in order."""
    windows: list[Window] = []
    start = truncate(schedule, first)
    while start <= last:
        end = _following(schedule, start)
        windows.append(Window(start=start, end=end))
        if len(windows) > MAX_WINDOWS:
            raise DataError(
                f"schedule: {quoted(schedule.text)} cuts the history "
                f"({first:%Y-%m-%d} to {last:%Y-%m-%d}) into more than {MAX_WINDOWS} "
                "windows (allowed: a schedule giving at most that many)"
            )
        start = end
    return windows


def window_sql(schedule: Schedule, ts: str) -> str | None:
    """The SQL expression of a row's window start, or None for a cron (joined instead)."""
    if schedule.kind == "cron":
        return None
    unit = {"daily": "day", "weekly": "week", "monthly": "month"}[schedule.kind]
    return f"date_trunc('{unit}', {ts})"


def format_start(starts: Sequence[datetime | None]) -> list[str | None]:
    """Window starts as text: a date when every start is at midnight, else date and time."""
    dated = all(s is None or s == s.replace(hour=0, minute=0, second=0, microsecond=0)
                for s in starts)  # fmt: skip
    return [
        None if s is None else (s.date().isoformat() if dated else s.isoformat()) for s in starts
    ]
