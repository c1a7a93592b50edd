"""``--engine spark``: the column expressions the measurement is made of (a feature's value, its
bin, its missing values, a row's UTC seconds and window), as the DuckDB path's SQL has them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from wizard.data.errors import DataError, quoted
from wizard.data.psi import Binning, Missing
from wizard.data.sources import TIMESTAMP_HELP, type_class
from wizard.data.windows import Schedule, Window

__all__ = [
    "EPOCH",
    "bin_of",
    "col",
    "equal",
    "finite",
    "missing_aggregates",
    "moment",
    "number",
    "read_missing",
    "utc_seconds",
    "window_key",
]

EPOCH = datetime(1970, 1, 1)


def col(name: str) -> Any:
    from pyspark.sql import functions as F

    return F.col("`" + name.replace("`", "``") + "`")


def number(name: str) -> Any:
    return col(name).cast("double")


def finite(value: Any) -> Any:
    from pyspark.sql import functions as F

    return value.isNotNull() & ~F.isnan(value) & (F.abs(value) < float("inf"))


def missing_aggregates(name: str, kind: str) -> list[Any]:
    from pyspark.sql import functions as F

    column = col(name)
    aggregates = [F.sum(F.when(column.isNull(), 1).otherwise(0))]
    if kind in ("FLOAT", "DOUBLE"):
        value = number(name)
        aggregates += [
            F.sum(F.when(F.isnan(value), 1).otherwise(0)),
            F.sum(F.when(F.abs(value) == float("inf"), 1).otherwise(0)),
        ]
    return aggregates


def read_missing(values: Sequence[Any]) -> Missing:
    return Missing(*[int(v or 0) for v in values])


def bin_of(binning: Binning) -> Any:
    """The bin index of a row (None: set aside, for a numerical feature's missing values)."""
    from pyspark.sql import functions as F

    name = binning.feature
    if binning.kind == "numerical":
        value = number(name)
        index = F.lit(0)
        for edge in binning.edges:
            index = index + F.when(value > F.lit(edge), 1).otherwise(0)
        return F.when(finite(value), index)
    if binning.value_type == "number":
        value = number(name)
        key = F.when(finite(value), value)
    else:
        key = col(name)
    unseen = binning.bins - 1
    null_bin = binning.values.index(None) if None in binning.values else unseen
    expression = F.when(key.isNull(), null_bin)
    for position, known in enumerate(binning.values):
        if known is not None:
            expression = expression.when(key == F.lit(known), position)
    return expression.otherwise(unseen)


def utc_seconds(name: str, kind: str, where: str) -> Any:
    from pyspark.sql import functions as F

    column = "`" + name.replace("`", "``") + "`"
    if kind in ("TIMESTAMP WITH TIME ZONE", "TIMESTAMP"):
        return F.expr(f"unix_micros({column}) / 1000000")
    if kind == "DATE":
        return F.expr(f"unix_date({column}) * 86400")
    if kind == "VARCHAR":
        zoned = "([zZ]|[+-][0-9][0-9](:?[0-9][0-9])?)$"
        text = (
            f"CASE WHEN {column} RLIKE '{zoned}' THEN {column} ELSE CONCAT({column}, '+00:00') END"
        )
        return F.expr(f"unix_micros(try_cast({text} AS TIMESTAMP)) / 1000000")
    raise DataError(f"{where}: column {quoted(name)} is {kind}, not a timestamp ({TIMESTAMP_HELP})")


def moment(seconds: float) -> datetime:
    return EPOCH + timedelta(microseconds=round(seconds * 1_000_000))


def equal(label: str, prediction: str, types: Mapping[str, str]) -> Any:
    if type_class(types[label]) == type_class(types[prediction]) == "number":
        return number(label) == number(prediction)
    return col(label).cast("string") == col(prediction).cast("string")


def window_key(schedule: Schedule, seconds: Any, windows: Sequence[Window]) -> Any:
    """The window start (epoch seconds of its UTC start) of a row, from its UTC seconds."""
    from pyspark.sql import functions as F

    if schedule.kind == "cron":
        key = F.lit(None)
        for window in reversed(windows):
            start = (window.start - EPOCH).total_seconds()
            key = F.when(seconds >= F.lit(start), F.lit(start)).otherwise(key)
        return key
    day = F.floor(seconds / 86400)
    if schedule.kind == "daily":
        return day * 86400
    if schedule.kind == "weekly":
        return (F.floor((day - 4) / 7) * 7 + 4) * 86400
    date = F.date_add(F.lit("1970-01-01").cast("date"), day.cast("int"))
    first = F.make_date(F.year(date), F.month(date), F.lit(1))
    return F.unix_date(first) * 86400
