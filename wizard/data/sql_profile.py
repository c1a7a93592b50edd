"""What ``--sql`` reads from local data, when there is some: the feature types, the timestamp's
kind, a cron schedule's windows over the history's time range; tables are not read."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from wizard.data.connection import connect
from wizard.data.errors import DataError, quoted
from wizard.data.measure import check_features
from wizard.data.sources import (
    describe,
    file_columns,
    require_columns,
    resolve,
    timestamp_sql,
    type_class,
)
from wizard.data.sql_dialects import TimestampKind
from wizard.data.windows import parse_schedule, windows_between
from wizard.model.records import record

if TYPE_CHECKING:
    from wizard.data.requests import CalibrationRequest

__all__ = ["SqlProfile", "sql_profile"]


@record
class SqlProfile:
    """What ``--sql`` reads from local data, when there is some: each feature's kind of value,
    the timestamp's kind, and a cron schedule's windows over the history's time range."""

    value_types: Mapping[str, Literal["number", "text", "boolean"]]
    timestamp_kind: TimestampKind = "instant"
    windows: tuple[tuple[datetime, datetime], ...] = ()


_TIMESTAMP_KINDS: Mapping[str, TimestampKind] = {
    "TIMESTAMP WITH TIME ZONE": "instant",
    "DATE": "date",
    "VARCHAR": "text",
}


def sql_profile(request: CalibrationRequest) -> SqlProfile:
    """The column types ``--sql`` needs, from the request's local files (their columns only,
    plus the history's time range for a cron schedule); tables are not read."""
    features = check_features(request.features)
    history = request.history is not None or request.history_table is not None
    local = [
        (argument, role)
        for argument, role in (
            (request.reference, "reference"),
            (request.history if history else request.current, "history" if history else "current"),
        )
        if argument is not None
    ]
    value_types: dict[str, Literal["number", "text", "boolean"]] = {}
    kind: TimestampKind = "instant"
    windows: tuple[tuple[datetime, datetime], ...] = ()
    schedule = parse_schedule(request.schedule)
    with connect(memory_limit=request.memory_limit, threads=request.threads) as con:
        for argument, role in local:
            source = resolve(argument, role)
            per_file = file_columns(con, source)
            wanted = dict.fromkeys(features, "feature")
            if role == "history" and request.timestamp:
                wanted[request.timestamp] = "timestamp"
            found = require_columns(source, per_file, wanted)
            for name in features:
                value_type = type_class(found[name])
                if value_type not in ("number", "text", "boolean"):
                    raise DataError(
                        f"{source.where}: column {quoted(name)} is {found[name]}; a feature "
                        "must be numbers, text or booleans"
                    )
                value_types.setdefault(name, value_type)
            if role == "history" and request.timestamp:
                timestamp_type = found[request.timestamp]
                timestamp_sql(source, request.timestamp, timestamp_type)  # a DataError if not
                kind = _TIMESTAMP_KINDS.get(timestamp_type, "naive")
                if schedule.kind == "cron":
                    info = describe(con, source, source.relation(), found, request.timestamp)
                    if info.time_range is None:
                        raise DataError(
                            f"{source.where}: column {quoted(request.timestamp)} has no timestamps"
                        )
                    windows = tuple(
                        (w.start, w.end) for w in windows_between(schedule, *info.time_range)
                    )
    return SqlProfile(value_types=value_types, timestamp_kind=kind, windows=windows)
