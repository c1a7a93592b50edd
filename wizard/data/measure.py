"""The measurement ``calibrate`` and ``drift`` share: files in, bins and counts per window out.

Scans of the data, in order: the columns of every file (Parquet: metadata only), rows and
time range of each source, the reference's profile and bins (see ``psi``), and one
``GROUP BY`` window over the history counting every feature's bins at once. SHA-256 of the
files runs meanwhile in a worker thread (hashlib releases the GIL), so checksums cost
little wall time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from typing import Any, Literal

from wizard.data.backtest import WindowStats
from wizard.data.connection import connect, identifier, run
from wizard.data.errors import DataError, quoted
from wizard.data.psi import BinCounter, Binning, Missing, profile_reference, psi
from wizard.data.sources import (
    Source,
    SourceInfo,
    describe,
    file_columns,
    not_empty,
    require_columns,
    resolve,
    sha256_of,
    timestamp_sql,
    type_class,
)
from wizard.data.windows import Schedule, Window, window_sql, windows_between
from wizard.model.records import record

__all__ = ["Columns", "Measured", "Prepared", "Steps", "check_features", "measure", "prepare"]

Progress = Callable[[int, int], None]


@record
class Measured:
    sources: tuple[SourceInfo, ...]
    binnings: dict[str, Binning]
    windows: tuple[WindowStats, ...]
    reference_accuracy: float | None


class Steps:
    """Counts steps for the progress callback; the total is known before the first."""

    def __init__(self, callback: Progress | None, total: int) -> None:
        self.callback, self.total, self.done = callback, total, 0

    def step(self) -> None:
        self.done += 1
        if self.callback is not None:
            self.callback(min(self.done, self.total), self.total)


def check_features(features: Sequence[str]) -> tuple[str, ...]:
    if not features:
        raise DataError(
            "features: none given (allowed: the answers' retraining.drift.key_features, "
            "or --features a,b)"
        )
    seen: set[str] = set()
    for name in features:
        if not name:
            raise DataError("features: an empty feature name (allowed: column names)")
        if name in seen:
            raise DataError(f"features: {quoted(name)} is named twice (allowed: once each)")
        seen.add(name)
    return tuple(features)


def _compatible(
    con: Any,
    feature: str,
    placed: Sequence[tuple[Source, str, str]],
) -> None:
    """Every file must hold the same kind of value in a feature: numbers, text or booleans.

    A file whose CSV had a stray word in a number column reads as text: that is the
    "text in a numerical feature" error, with the first value that is not a number.
    """
    classes = {type_class(kind) for _, _, kind in placed}
    if len(classes) <= 1:
        return
    if classes == {"number", "text"}:
        number = next((s, p, k) for s, p, k in placed if type_class(k) == "number")
        source, path, _ = next((s, p, k) for s, p, k in placed if type_class(k) == "text")
        column = identifier(feature)
        sample = run(
            con,
            f"SELECT CAST({column} AS VARCHAR) FROM {source.relation([path])} "
            f"WHERE {column} IS NOT NULL AND try_cast({column} AS DOUBLE) IS NULL LIMIT 1",
            quoted(path),
            "looking for text in a number column",
        )
        found = f"text such as {quoted(sample[0][0])}" if sample else "text (VARCHAR)"
        raise DataError(
            f"{quoted(path)}: column {quoted(feature)} holds {found} where "
            f"{quoted(number[1])} has numbers ({number[2]}); allowed: only numbers in a "
            "numerical feature"
        )
    first, second = (
        placed[0],
        next(p for p in placed if type_class(p[2]) != type_class(placed[0][2])),
    )
    raise DataError(
        f"{quoted(second[1])}: column {quoted(feature)} is {second[2]} where "
        f"{quoted(first[1])} has {first[2]}; allowed: the same kind of value (numbers, text "
        "or booleans) in every file"
    )


def _view(con: Any, name: str, source: Source, columns: Sequence[str]) -> dict[str, str]:
    """A view of the columns needed over the source's files, and their types. CSV and JSON,
    which every scan would parse again, are loaded once into a temporary table instead
    (DuckDB spills it to its temp folder under memory_limit)."""
    kind = "VIEW" if source.format == "parquet" else "TABLE"
    wanted = ", ".join(identifier(column) for column in dict.fromkeys(columns))
    run(
        con,
        f"CREATE TEMP {kind} {name} AS SELECT {wanted} FROM {source.relation()}",
        source.where,
        "reading it",
    )
    rows = run(con, f"DESCRIBE {name}", source.where, "reading it")
    return {str(row[0]): str(row[1]) for row in rows}


def _equal(label: str, prediction: str, types: Mapping[str, str]) -> str:
    """SQL: the row's label equals its prediction (as numbers when both are numbers)."""
    if type_class(types[label]) == type_class(types[prediction]) == "number":
        return f"CAST({identifier(label)} AS DOUBLE) = CAST({identifier(prediction)} AS DOUBLE)"
    return f"CAST({identifier(label)} AS VARCHAR) = CAST({identifier(prediction)} AS VARCHAR)"


def _accuracy_sql(label: str, prediction: str, types: Mapping[str, str]) -> list[str]:
    both = f"{identifier(label)} IS NOT NULL AND {identifier(prediction)} IS NOT NULL"
    return [f"count_if({both})", f"count_if({_equal(label, prediction, types)})"]


@record
class Prepared:
    """Everything known before the one scan that counts the windows."""

    reference: Source
    other: Source
    reference_types: Mapping[str, str]
    other_types: Mapping[str, str]
    reference_info: SourceInfo
    other_info: SourceInfo
    binnings: dict[str, Binning]
    windows: tuple[Window | None, ...]
    """The history's windows in order, or (None,) for one current sample."""


@record
class Columns:
    features: tuple[str, ...]
    timestamp: str | None
    label: str | None
    prediction: str | None


def measure(
    reference_arg: str,
    other_arg: str,
    mode: Literal["history", "current"],
    columns: Columns,
    schedule: Schedule,
    memory_limit: str | None,
    threads: int | None,
    checksums: bool,
    steps: Steps,
) -> Measured:
    reference = resolve(reference_arg, "reference")
    other = resolve(other_arg, mode)
    hasher = ThreadPoolExecutor(max_workers=1) if checksums else None
    digests: dict[str, Future[str]] = {}
    if hasher is not None:
        for path in dict.fromkeys(reference.files + other.files):
            digests[path] = hasher.submit(sha256_of, path)
    try:
        with connect(memory_limit=memory_limit, threads=threads) as con:
            prepared = prepare(con, reference, other, mode, columns, schedule, steps)
            reference_accuracy = _reference_accuracy(con, prepared, columns)
            windows = _count_windows(con, prepared, columns, schedule)
            steps.step()
        sources = tuple(
            _with_digests(info, digests) for info in (prepared.reference_info, prepared.other_info)
        )
    finally:
        if hasher is not None:
            hasher.shutdown(wait=True, cancel_futures=True)
    return Measured(
        sources=sources,
        binnings=prepared.binnings,
        windows=windows,
        reference_accuracy=reference_accuracy,
    )


def _with_digests(info: SourceInfo, digests: Mapping[str, Future[str]]) -> SourceInfo:
    """The source with its files' SHA-256, which the worker thread has computed meanwhile."""
    files = tuple(
        replace(f, sha256=digests[f.path].result()) if f.path in digests else f for f in info.files
    )
    return replace(info, files=files)


def prepare(
    con: Any,
    reference: Source,
    other: Source,
    mode: Literal["history", "current"],
    columns: Columns,
    schedule: Schedule,
    steps: Steps,
) -> Prepared:
    # Columns: every wanted column in every file, the same kind of value everywhere.
    wanted: dict[str, str] = {name: "feature" for name in columns.features}
    if columns.label is not None and columns.prediction is not None:
        wanted.update({columns.label: "label", columns.prediction: "prediction"})
    reference_files = file_columns(con, reference)
    other_files = file_columns(con, other)
    for source, role in ((reference, "reference"), (other, mode)):
        not_empty(con, source, role)
    reference_all = require_columns(reference, reference_files, wanted)
    other_wanted = dict(wanted)
    if columns.timestamp is not None:
        other_wanted[columns.timestamp] = "timestamp"
    other_all = require_columns(other, other_files, other_wanted)
    for name in wanted:
        placed = [
            (source, path, found[name])
            for source, per_file in ((reference, reference_files), (other, other_files))
            for path, found in zip(source.files, per_file, strict=True)
        ]
        _compatible(con, name, placed)

    # The reference's own time range is a courtesy (recorded by --write), not a requirement:
    # read when every reference file has the timestamp column, as a time or a text.
    timestamp = columns.timestamp
    reference_ts = timestamp
    if timestamp is None or not all(
        type_class(found.get(timestamp, "")) in ("time", "text") for found in reference_files
    ):
        reference_ts = None
    reference_types = _view(
        con, "reference", reference, [*wanted, *([reference_ts] if reference_ts else [])]
    )
    other_types = _view(con, "other", other, list(other_wanted))
    reference_info = describe(
        con, reference, "reference", {**reference_all, **reference_types}, reference_ts
    )
    if reference_info.rows == 0:
        raise DataError(f"{reference.where}: the reference has no rows")
    other_info = describe(con, other, "other", {**other_all, **other_types}, timestamp)
    if other_info.rows == 0:
        raise DataError(f"{other.where}: the {mode} data has no rows")
    steps.step()

    binnings = profile_reference(
        con, "reference", reference.where,
        {name: reference_types[name] for name in columns.features}, progress=steps.step,
    )  # fmt: skip

    windows: tuple[Window | None, ...] = (None,)
    if mode == "history":
        assert timestamp is not None
        if other_info.time_range is None:
            raise DataError(
                f"{other.where}: column {quoted(timestamp)} has no timestamps; a history needs "
                "at least two windows"
            )
        first, last = other_info.time_range
        windows = tuple(windows_between(schedule, first, last))
        if len(windows) < 2:
            raise DataError(
                f"{other.where}: the history ({first:%Y-%m-%d %H:%M} to {last:%Y-%m-%d %H:%M}) "
                f"falls in {len(windows)} {schedule.text} window; at least two are needed "
                "(allowed: a longer history, or --current for one sample)"
            )
    return Prepared(
        reference=reference,
        other=other,
        reference_types=reference_types,
        other_types=other_types,
        reference_info=reference_info,
        other_info=other_info,
        binnings=binnings,
        windows=windows,
    )


def _reference_accuracy(con: Any, prepared: Prepared, columns: Columns) -> float | None:
    label, prediction = columns.label, columns.prediction
    if label is None or prediction is None:
        return None
    labeled, correct = run(
        con,
        f"SELECT {', '.join(_accuracy_sql(label, prediction, prepared.reference_types))} "
        "FROM reference",
        prepared.reference.where,
        "measuring its accuracy",
    )[0]
    if not labeled:
        raise DataError(
            f"{prepared.reference.where}: no row has both {quoted(label)} and "
            f"{quoted(prediction)}; the accuracy trigger needs the reference's accuracy"
        )
    return correct / labeled


def _count_windows(
    con: Any, prepared: Prepared, columns: Columns, schedule: Schedule
) -> tuple[WindowStats, ...]:
    """One GROUP BY window over the other source, counting every feature's bins at once."""
    binnings, types, other = prepared.binnings, prepared.other_types, prepared.other
    counter = BinCounter.of(binnings, types)
    aggregates = list(counter.aggregates)
    accuracy_at: int | None = None
    if columns.label is not None and columns.prediction is not None:
        accuracy_at = len(aggregates)
        aggregates += _accuracy_sql(columns.label, columns.prediction, types)
    select = ", ".join(aggregates)
    if prepared.windows == (None,):
        sql = f"SELECT NULL AS window_start, {select} FROM other"
    else:
        assert columns.timestamp is not None
        ts = timestamp_sql(other, columns.timestamp, types[columns.timestamp])
        truncated = window_sql(schedule, ts)
        if truncated is not None:
            sql = f"SELECT {truncated} AS window_start, {select} FROM other GROUP BY 1"
        else:
            # A cron's windows: their starts as a table, each row joined to the last start at
            # or before its time.
            starts = ", ".join(
                f"TIMESTAMP '{w.start.isoformat(sep=' ')}'" for w in prepared.windows if w
            )
            run(
                con,
                f"CREATE TEMP TABLE cron_windows AS SELECT unnest([{starts}]) AS window_start",
                other.where,
                "cutting it into windows",
            )
            sql = (
                f"SELECT cron_windows.window_start, {select} "
                f"FROM (SELECT *, {ts} AS row_time FROM other) AS timed "
                "ASOF JOIN cron_windows ON timed.row_time >= cron_windows.window_start "
                "GROUP BY 1"
            )
    # Row layout: window_start, then the aggregates (so aggregate i is at row[i + 1]).
    grouped = {row[0]: row for row in run(con, sql, other.where, "counting its bins per window")}

    stats: list[WindowStats] = []
    for window in prepared.windows:
        row = grouped.get(None if window is None else window.start)
        if row is None:  # a window inside the range without rows: reported, not skipped
            counts = {name: (0,) * binning.bins for name, binning in binnings.items()}
            invalid = {name: Missing() for name in binnings}
            rows = labeled = correct = 0
        else:
            counts = counter.counts(row[1:])
            invalid = counter.missing(row[1:])
            rows = int(row[1])
            labeled = int(row[accuracy_at + 1]) if accuracy_at is not None else 0
            correct = int(row[accuracy_at + 2]) if accuracy_at is not None else 0
        stats.append(
            WindowStats(
                start=None if window is None else window.start,
                end=None if window is None else window.end,
                rows=rows,
                psi={n: psi(binnings[n].reference_counts, c) for n, c in counts.items()},
                counts=counts,
                missing={
                    n: rows - sum(c) for n, c in counts.items() if binnings[n].kind == "numerical"
                },
                labeled_rows=labeled,
                accuracy=correct / labeled if labeled else None,
                missing_values=invalid,
            )
        )
    return tuple(stats)
