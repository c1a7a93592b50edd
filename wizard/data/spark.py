"""``--engine spark``: the measurement ``calibrate`` and ``drift`` share, run on Spark.

The same bins, counts and windows as the DuckDB path (``measure``), computed where the data
lives: a local Spark session, or a cluster through Spark Connect (``sc://host:port``), reading
Parquet paths or tables. Only aggregates come back to Python: per feature the reference's
counts, distinct values (at most a thousand) and exact deciles (Spark's ``percentile``, linear
interpolation as numpy and DuckDB's ``quantile_cont``); per window and bin, a count. The
report is built from them by the code the DuckDB path uses (PSI, recommendation, backtest).

pyspark is an optional extra (``pip install mlops-wizard[spark]``, and ``pyspark[connect]`` for
a Spark Connect URL); it is imported here only, never on the DuckDB path.

Windows are cut in UTC whatever ``spark.sql.session.timeZone`` says: a row's window comes from
its UTC epoch seconds (``unix_micros``; a TIMESTAMP_NTZ is read as UTC, as DuckDB reads a
TIMESTAMP), never from a cast to DATE that follows the session's zone.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from wizard.data.backtest import WindowStats
from wizard.data.errors import DataError, quoted
from wizard.data.psi import (
    DECILES,
    MAX_CATEGORIES,
    MAX_DISTINCT_FOR_CATEGORICAL,
    MIN_REFERENCE_ROWS,
    Binning,
    Missing,
    psi,
)
from wizard.data.sources import TIMESTAMP_HELP, FileInfo, SourceInfo, sha256_of, type_class
from wizard.data.spark_expressions import (
    EPOCH,
    bin_of,
    col,
    equal,
    finite,
    missing_aggregates,
    moment,
    number,
    read_missing,
    utc_seconds,
    window_key,
)
from wizard.data.spark_io import SparkSource, run, spark_session
from wizard.data.windows import Schedule, Window, windows_between

if TYPE_CHECKING:
    from wizard.data.measure import Columns, Measured, Steps
    from wizard.data.requests import CalibrationRequest

__all__ = ["measure_spark"]

_SURELY_NUMERICAL = 1000
#: Names of the columns the engine adds, unlike any of the user's.
_GROUP, _BIN = "__mlops_wizard_window", "__mlops_wizard_bin_"


# --- the measurement ------------------------------------------------------------------------


def _profile(source: SparkSource, features: Sequence[str]) -> dict[str, Binning]:
    """Each feature's kind and bins from the reference, as ``psi.profile_reference`` decides."""
    from pyspark.sql import functions as F

    frame = source.frame
    classes = {name: type_class(source.types[name]) for name in features}
    for name, cls in classes.items():
        if cls not in ("number", "text", "boolean"):
            raise DataError(
                f"{source.where}: column {quoted(name)} is {source.types[name]}; a feature must "
                "be numbers, text or booleans"
            )
    aggregates = [F.count(F.lit(1))]
    for name, cls in classes.items():
        value = number(name) if cls == "number" else col(name)
        has_value = finite(value) if cls == "number" else value.isNotNull()
        aggregates += [
            F.sum(F.when(has_value, 1).otherwise(0)),
            F.approx_count_distinct(F.when(has_value, value)),
        ]
    stats = run(source.where, "profiling it", lambda: frame.agg(*aggregates).collect()[0])
    rows = int(stats[0])
    approx = {name: int(stats[2 + 2 * index] or 0) for index, name in enumerate(classes)}
    for index, (name, cls) in enumerate(classes.items()):
        present_rows = int(stats[1 + 2 * index] or 0)
        if present_rows < MIN_REFERENCE_ROWS:
            raise DataError(
                f"{source.where}: column {quoted(name)} has {present_rows} non-null rows in the "
                f"reference; at least {MIN_REFERENCE_ROWS} are needed to bin it "
                f"({MIN_REFERENCE_ROWS} bins)"
            )
        if cls == "text" and approx[name] > 2 * MAX_CATEGORIES:
            raise _too_many(source.where, name, approx[name])

    def present(name: str) -> Any:
        """The value where it is present (a finite number, or not NULL), else NULL."""
        value = number(name) if classes[name] == "number" else col(name)
        return F.when(finite(value) if classes[name] == "number" else value.isNotNull(), value)

    # The distinct values of every categorical candidate, in one pass (a candidate has at most
    # about a thousand: its approximate distinct count says so).
    candidates = [
        name
        for name, cls in classes.items()
        if cls != "number" or approx[name] <= _SURELY_NUMERICAL
    ]
    distinct: dict[str, list[Any]] = {}
    if candidates:
        row = run(
            source.where,
            "profiling it",
            lambda: frame.agg(*[F.collect_set(present(n)) for n in candidates]).collect()[0],
        )
        distinct = {name: list(row[i]) for i, name in enumerate(candidates)}
    binnings: dict[str, Binning] = {}
    for index, (name, cls) in enumerate(classes.items()):
        present_rows = int(stats[1 + 2 * index] or 0)
        values = distinct.get(name)
        if cls == "number" and values is not None:
            values = list({0.0 if float(v) == 0 else float(v) for v in values})  # -0.0 is 0.0
        if cls != "number" or (values is not None and len(values) <= MAX_DISTINCT_FOR_CATEGORICAL):
            assert values is not None
            with_null: list[Any] = [*values, None] if rows - present_rows else list(values)
            if len(with_null) > MAX_CATEGORIES:
                raise _too_many(source.where, name, len(with_null))
            present_values = sorted(v for v in with_null if v is not None)
            ordered = (*present_values, None) if None in with_null else tuple(present_values)
            binnings[name] = Binning(name, "categorical", cls, values=ordered)  # type: ignore[arg-type]
    # The exact deciles of every numerical feature, in one pass over the reference.
    numerical = [name for name in classes if name not in binnings]
    if numerical:
        row = run(
            source.where,
            "computing the deciles",
            lambda: frame.agg(
                *[F.percentile(present(n), list(DECILES)) for n in numerical]
            ).collect()[0],
        )
        for i, name in enumerate(numerical):
            inner = tuple(sorted({float(edge) for edge in row[i]}))
            binnings[name] = Binning(name, "numerical", "number", edges=inner)
    return {name: binnings[name] for name in classes}


def _too_many(where: str, name: str, count: int) -> DataError:
    return DataError(
        f"{where}: column {quoted(name)} has about {count} distinct values in the reference; "
        f"a categorical feature allows at most {MAX_CATEGORIES} (an identifier is not a feature)"
    )


def _counts(
    frame: Any,
    binnings: Mapping[str, Binning],
    types: Mapping[str, str],
    group: Any | None,
    accuracy: tuple[str, str] | None,
    where: str,
) -> dict[Any, tuple[int, dict[str, tuple[int, ...]], dict[str, Missing], int, int]]:
    """Per group (window; one group when ``group`` is None): rows, each feature's bin counts
    and missing values, labelled rows and correct ones."""
    from pyspark.sql import functions as F

    # One pass over the data: per group, the rows, each feature's missing values and its count
    # in each bin (a conditional count per bin, as the DuckDB path counts per edge).
    key = group if group is not None else F.lit(0)
    needed = list(dict.fromkeys([*binnings, *(accuracy or ())]))
    binned = frame.select(
        key.alias(_GROUP),
        *[bin_of(b).alias(f"{_BIN}{i}") for i, b in enumerate(binnings.values())],
        *[col(name) for name in needed],
    )
    aggregates = [F.count(F.lit(1)).alias("rows")]
    for i, name in enumerate(binnings):
        aggregates += [
            a.alias(f"m{i}_{j}") for j, a in enumerate(missing_aggregates(name, types[name]))
        ]
    if accuracy is not None:
        label, prediction = accuracy
        both = col(label).isNotNull() & col(prediction).isNotNull()
        aggregates += [
            F.sum(F.when(both, 1).otherwise(0)).alias("labeled"),
            F.sum(F.when(both & equal(label, prediction, types), 1).otherwise(0)).alias("correct"),
        ]
    for i, binning in enumerate(binnings.values()):
        position_of = F.col(f"{_BIN}{i}")
        aggregates += [
            F.sum(F.when(position_of == position, 1).otherwise(0)).alias(f"c{i}_{position}")
            for position in range(binning.bins)
        ]
    totals = _aggregate(binned, aggregates, where)
    per_bin = {
        (row[_GROUP], i, position): int(row[f"c{i}_{position}"] or 0)
        for row in totals
        for i, binning in enumerate(binnings.values())
        for position in range(binning.bins)
    }
    out = {}
    for row in totals:
        g = row[_GROUP]
        counts = {
            name: tuple(per_bin.get((g, i, position), 0) for position in range(b.bins))
            for i, (name, b) in enumerate(binnings.items())
        }
        missing = {}
        for i, name in enumerate(binnings):
            width = 3 if types[name] in ("FLOAT", "DOUBLE") else 1
            missing[name] = read_missing([row[f"m{i}_{j}"] for j in range(width)])
        labeled = int(row["labeled"] or 0) if accuracy is not None else 0
        correct = int(row["correct"] or 0) if accuracy is not None else 0
        out[g] = (int(row["rows"]), counts, missing, labeled, correct)
    return out


#: Aggregates per pass: past spark.sql.codegen.maxFields (100) output fields Spark gives up
#: whole-stage code generation and interprets every row, many times slower than a few passes.
_AGGREGATES_PER_PASS = 90


def _aggregate(binned: Any, aggregates: Sequence[Any], where: str) -> list[dict[str, Any]]:
    """``binned.groupBy(group).agg(*aggregates)`` as rows (dicts), in passes of at most
    ``_AGGREGATES_PER_PASS`` aggregates, merged by group."""
    merged: dict[Any, dict[str, Any]] = {}
    for first in range(0, len(aggregates), _AGGREGATES_PER_PASS):
        chunk = aggregates[first : first + _AGGREGATES_PER_PASS]
        rows = run(
            where,
            "counting its bins",
            lambda chunk=chunk: binned.groupBy(_GROUP).agg(*chunk).collect(),
        )
        for row in rows:
            merged.setdefault(row[_GROUP], {}).update(row.asDict())
    return list(merged.values())


def measure_spark(
    request: CalibrationRequest,
    mode: Literal["history", "current"],
    columns: Columns,
    schedule: Schedule,
    steps: Steps,
) -> Measured:
    from pyspark.sql import functions as F

    from wizard.data.measure import Measured

    spark = spark_session(request.spark)
    reference = SparkSource(spark, "reference", request.reference, request.reference_table)
    if mode == "history":
        other = SparkSource(spark, "history", request.history, request.history_table)
    else:
        other = SparkSource(spark, "current", request.current, request.current_table)
    wanted: dict[str, str] = dict.fromkeys(columns.features, "feature")
    accuracy = None
    if columns.label is not None and columns.prediction is not None:
        wanted.update({columns.label: "label", columns.prediction: "prediction"})
        accuracy = (columns.label, columns.prediction)
    reference.require(wanted)
    other.require({**wanted, **({columns.timestamp: "timestamp"} if columns.timestamp else {})})
    for name in wanted:
        if type_class(reference.types[name]) != type_class(other.types[name]):
            raise DataError(
                f"{other.where}: column {quoted(name)} is {other.types[name]} where "
                f"{reference.where} has {reference.types[name]}; allowed: the same kind of value "
                "(numbers, text or booleans) in both"
            )
    for source in (reference, other):
        if not run(
            source.where, "reading it", lambda source=source: source.frame.limit(1).collect()
        ):
            raise DataError(
                f"{source.where}: has no rows (the {source.role} data; allowed: a file with at "
                "least one row)"
            )
    steps.step()

    binnings = _profile(reference, columns.features)
    ref_counts = _counts(
        reference.frame, binnings, reference.types, None, accuracy, reference.where
    )
    ref_rows, counts, ref_missing, labeled, correct = ref_counts[0]
    reference_accuracy = None
    if accuracy is not None:
        if not labeled:
            raise DataError(
                f"{reference.where}: no row has both {quoted(accuracy[0])} and "
                f"{quoted(accuracy[1])}; the accuracy trigger needs the reference's accuracy"
            )
        reference_accuracy = correct / labeled
    from dataclasses import replace

    for name, binning in binnings.items():
        set_aside = ref_rows - sum(counts[name]) if binning.kind == "numerical" else 0
        binnings[name] = replace(
            binning,
            reference_counts=counts[name],
            reference_missing=set_aside,
            reference_missing_values=ref_missing[name],
        )
        steps.step()

    frame = other.frame
    time_range = None
    untimed = 0
    windows: list[Window | None] = [None]
    group = None
    if mode == "history":
        assert columns.timestamp is not None
        seconds = utc_seconds(columns.timestamp, other.types[columns.timestamp], other.where)
        raw = col(columns.timestamp)
        low, high, untimed, bad = run(
            other.where,
            "reading its timestamps",
            lambda: frame.agg(
                F.min(seconds), F.max(seconds),
                F.sum(F.when(raw.isNull(), 1).otherwise(0)),
                F.sum(F.when(raw.isNotNull() & seconds.isNull(), 1).otherwise(0)),
            ).collect()[0],
        )  # fmt: skip
        if bad:
            raise DataError(
                f"{other.where}: column {quoted(columns.timestamp)}: {bad} value(s) do not parse "
                f"as a timestamp ({TIMESTAMP_HELP})"
            )
        if low is None:
            raise DataError(
                f"{other.where}: column {quoted(columns.timestamp)} has no timestamps; a history "
                "needs at least two windows"
            )
        time_range = (moment(low), moment(high))
        windows = list(windows_between(schedule, *time_range))
        if len(windows) < 2:
            raise DataError(
                f"{other.where}: the history falls in {len(windows)} {schedule.text} window; at "
                "least two are needed (allowed: a longer history, or --current for one sample)"
            )
        frame = frame.where(seconds.isNotNull())
        group = window_key(schedule, seconds, [w for w in windows if w is not None])
        untimed = int(untimed or 0)
    grouped = _counts(frame, binnings, other.types, group, accuracy, other.where)
    stats = []
    for window in windows:
        key = 0 if window is None else (window.start - EPOCH).total_seconds()
        found = next(
            (v for k, v in grouped.items() if k is not None and math.isclose(float(k), key)), None
        )
        if found is None:
            rows, window_counts = 0, {n: (0,) * b.bins for n, b in binnings.items()}
            missing, labeled, correct = {n: Missing() for n in binnings}, 0, 0
        else:
            rows, window_counts, missing, labeled, correct = found
        stats.append(
            WindowStats(
                start=None if window is None else window.start,
                end=None if window is None else window.end,
                rows=rows,
                psi={n: psi(binnings[n].reference_counts, c) for n, c in window_counts.items()},
                counts=window_counts,
                missing={
                    n: rows - sum(c)
                    for n, c in window_counts.items()
                    if binnings[n].kind == "numerical"
                },
                labeled_rows=labeled,
                accuracy=correct / labeled if labeled else None,
                missing_values=missing,
            )
        )
    steps.step()
    other_rows = sum(s.rows for s in stats) + untimed
    sources = (
        _info(reference, ref_rows, None, None, 0, request.checksums),
        _info(other, other_rows, columns.timestamp, time_range, untimed, request.checksums),
    )
    return Measured(
        sources=sources,
        binnings=binnings,
        windows=tuple(stats),
        reference_accuracy=reference_accuracy,
    )


def _info(
    source: SparkSource,
    rows: int,
    timestamp: str | None,
    time_range: tuple[datetime, datetime] | None,
    untimed: int,
    checksums: bool,
) -> SourceInfo:
    files = tuple(
        FileInfo(
            path=path, bytes=os.path.getsize(path), sha256=sha256_of(path) if checksums else None
        )
        for path in source.files
    )
    return SourceInfo(
        role=source.role,
        argument=source.argument,
        format="parquet" if source.table is None else "table",  # type: ignore[arg-type]
        files=files,
        rows=rows,
        columns=tuple(source.types.items()),
        timestamp=timestamp,
        time_range=time_range,
        rows_without_timestamp=untimed,
    )
