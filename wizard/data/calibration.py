"""The entry points: ``calibrate`` (thresholds from the team's own data) and ``drift``.

``calibrate`` reads a reference and either one current sample or a history with a
timestamp column, and returns, per feature and window, the PSI; the recommended threshold
for the target false-alarm rate; and the backtest of the design's triggers. ``drift`` is the
same measurement for one current sample (what CI runs), with the design's threshold.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import field
from datetime import datetime
from typing import Literal

from wizard.data.backtest import Backtest, SweepPoint, WindowStats, replay, sweep, sweep_thresholds
from wizard.data.connection import connect
from wizard.data.errors import DataError, quoted
from wizard.data.measure import Columns, Steps, check_features, measure
from wizard.data.psi import Binning
from wizard.data.recommend import FeatureModel, Recommendation, recommend
from wizard.data.sources import (
    SourceInfo,
    describe,
    file_columns,
    require_columns,
    resolve,
    timestamp_sql,
    type_class,
)
from wizard.data.sql import TimestampKind
from wizard.data.windows import parse_schedule, windows_between
from wizard.model.records import record

__all__ = [
    "CalibrationRequest",
    "CalibrationResult",
    "DriftRequest",
    "DriftResult",
    "SqlProfile",
    "calibrate",
    "drift",
    "sql_profile",
]

Progress = Callable[[int, int], None]


@record
class CalibrationRequest:
    reference: str | None
    """Path or glob of the reference sample (the training data, or a stable period); None
    when ``reference_table`` names it."""
    features: tuple[str, ...]
    """The key features (the answers' ``retraining.drift.key_features`` unless overridden)."""
    current: str | None = None
    """One current sample; give this or ``history`` (or their tables)."""
    history: str | None = None
    """A history with a timestamp column, cut into windows by the schedule."""
    reference_table: str | None = None
    current_table: str | None = None
    history_table: str | None = None
    """Tables instead of files: what ``--sql`` queries and ``engine="spark"`` reads."""
    engine: Literal["duckdb", "spark"] = "duckdb"
    spark: str | None = None
    """Spark Connect URL (``sc://host:port``); None: a local Spark session."""
    timestamp: str | None = None
    label: str | None = None
    prediction: str | None = None
    schedule: str = "weekly"
    psi_threshold: float | None = None
    """The design's threshold, replayed by the backtest (the recommended one when None)."""
    window_rule: tuple[int, int] | None = None
    """(k breaches, n windows) of the design's k-of-n rule, or None."""
    accuracy_drop_pct: float | None = None
    max_missing_pct: float | None = 50.0
    """A window where a key feature's NULL, NaN and infinite values pass this share (a
    percentage) cannot be judged (None: no bound)."""
    target_false_alarms_per_year: float = 4.0
    memory_limit: str | None = None
    """DuckDB's memory_limit, e.g. ``'256MB'``; beyond it DuckDB spills to a temp folder."""
    threads: int | None = None
    checksums: bool = True
    """SHA-256 of every data file, recorded by ``--write``."""
    progress: Progress | None = field(default=None, compare=False, repr=False)
    """Called as ``progress(done, total)`` after each step (sources, features, windows)."""


@record
class CalibrationResult:
    schedule: str
    windows_per_year: float
    sources: tuple[SourceInfo, ...]
    features: Mapping[str, Binning]
    windows: tuple[WindowStats, ...]
    recommended: Recommendation
    backtest: Backtest
    sweep: tuple[SweepPoint, ...]
    mode: Literal["history", "current"]


@record
class DriftRequest:
    reference: str | None
    current: str | None
    features: tuple[str, ...]
    psi_threshold: float | None = None
    reference_table: str | None = None
    current_table: str | None = None
    engine: Literal["duckdb", "spark"] = "duckdb"
    spark: str | None = None
    memory_limit: str | None = None
    threads: int | None = None
    checksums: bool = False


@record
class DriftResult:
    sources: tuple[SourceInfo, ...]
    features: Mapping[str, Binning]
    window: WindowStats
    threshold: float | None

    @property
    def drifted(self) -> tuple[str, ...]:
        """The features whose PSI exceeds the threshold (none without a threshold)."""
        if self.threshold is None:
            return ()
        limit = self.threshold
        return tuple(n for n, v in self.window.psi.items() if v is not None and v > limit)


# --- the entry points -----------------------------------------------------------------------


def _check_request(request: CalibrationRequest) -> tuple[Literal["history", "current"], str]:
    tables = [request.reference_table, request.current_table, request.history_table]
    if request.engine == "duckdb" and any(table is not None for table in tables):
        raise DataError(
            "tables: DuckDB reads files (allowed: a path or a glob, or engine spark for a table)"
        )
    if request.engine == "spark":
        from wizard.data.spark_io import check_spark_request

        check_spark_request(request)
    if (request.reference is None) == (request.reference_table is None):
        raise DataError("reference: give a path or a glob, or a table (one of the two)")
    others = [request.current, request.history, request.current_table, request.history_table]
    if sum(other is not None for other in others) != 1:
        raise DataError("calibrate: give either a current sample or a history (one of the two)")
    history = request.history if request.history is not None else request.history_table
    if history is not None and not request.timestamp:
        raise DataError("history: a timestamp column is needed to cut it into windows")
    if (request.label is None) != (request.prediction is None):
        raise DataError("label and prediction: give both columns, or neither")
    if request.accuracy_drop_pct is not None and not 0 <= request.accuracy_drop_pct <= 100:
        raise DataError(
            f"accuracy drop: {request.accuracy_drop_pct:g} is out of range (allowed: 0 to 100)"
        )
    if request.psi_threshold is not None and not request.psi_threshold > 0:
        raise DataError(
            f"psi threshold: {request.psi_threshold:g} is out of range (allowed: above 0)"
        )
    check_missing_bound(request.max_missing_pct)
    if request.window_rule is not None:
        k, n = request.window_rule
        if not 1 <= k <= n:
            raise DataError(
                f"window rule: {k} of {n} is not allowed (allowed: 1 <= breaches <= windows)"
            )
    if history is not None:
        return "history", history
    current = request.current if request.current is not None else request.current_table
    assert current is not None
    return "current", current


def check_missing_bound(max_missing_pct: float | None) -> None:
    if max_missing_pct is not None and not 0 <= max_missing_pct <= 100:
        raise DataError(f"max missing pct: {max_missing_pct:g} is out of range (allowed: 0 to 100)")


def _models(binnings: Mapping[str, Binning], windows: Sequence[WindowStats]) -> list[FeatureModel]:
    models = []
    for name, binning in binnings.items():
        sizes = [sum(w.counts[name]) for w in windows if sum(w.counts[name])]
        if not sizes:
            raise DataError(f"column {quoted(name)}: no window of the data has a value for it")
        models.append(
            FeatureModel(
                name=name,
                bins=binning.effective_bins,
                reference_rows=binning.reference_rows,
                window_rows=tuple(sizes),
            )
        )
    if all(model.bins < 2 for model in models):
        raise DataError(
            "features: every feature has a single value in the reference "
            f"({', '.join(quoted(m.name) for m in models)}); PSI needs at least two bins"
        )
    return models


def calibrate(request: CalibrationRequest) -> CalibrationResult:
    """PSI per feature and window, the recommended threshold, and the backtest."""
    mode, other = _check_request(request)
    features = check_features(request.features)
    schedule = parse_schedule(request.schedule)
    steps = Steps(request.progress, total=1 + len(features) + 2)
    columns = Columns(
        features=features,
        timestamp=request.timestamp if mode == "history" else None,
        label=request.label,
        prediction=request.prediction,
    )
    if request.engine == "spark":
        from wizard.data.spark import measure_spark

        measured = measure_spark(request, mode, columns, schedule, steps)
    else:
        assert request.reference is not None
        measured = measure(
            request.reference, other, mode, columns, schedule,
            request.memory_limit, request.threads, request.checksums, steps,
        )  # fmt: skip
    first = next((w.start for w in measured.windows if w.start is not None), None)
    windows_per_year = schedule.windows_per_year(first or datetime(2000, 1, 1))
    models = _models(measured.binnings, measured.windows)
    recommendation = recommend(models, request.target_false_alarms_per_year, windows_per_year)
    threshold = request.psi_threshold or recommendation.psi_threshold
    backtest = replay(
        measured.windows,
        threshold,
        "design" if request.psi_threshold else "recommended",
        request.window_rule,
        request.accuracy_drop_pct if request.label is not None else None,
        measured.reference_accuracy,
        request.max_missing_pct,
    )
    extra = [request.psi_threshold] if request.psi_threshold else []
    points = sweep(
        measured.windows,
        models,
        windows_per_year,
        sweep_thresholds(recommendation.psi_threshold, extra),
    )
    steps.step()
    return CalibrationResult(
        schedule=schedule.text,
        windows_per_year=windows_per_year,
        sources=measured.sources,
        features=measured.binnings,
        windows=measured.windows,
        recommended=recommendation,
        backtest=backtest,
        sweep=points,
        mode=mode,
    )


def drift(request: DriftRequest) -> DriftResult:
    """PSI of the reference against one current sample, by the code ``calibrate`` uses."""
    features = check_features(request.features)
    if request.psi_threshold is not None and not request.psi_threshold > 0:
        raise DataError(
            f"psi threshold: {request.psi_threshold:g} is out of range (allowed: above 0)"
        )
    columns = Columns(features=features, timestamp=None, label=None, prediction=None)
    if request.engine == "spark":
        from wizard.data.spark import measure_spark

        as_calibration = CalibrationRequest(
            reference=request.reference, current=request.current, features=features,
            reference_table=request.reference_table, current_table=request.current_table,
            engine="spark", spark=request.spark, checksums=request.checksums,
        )  # fmt: skip
        _check_request(as_calibration)
        measured = measure_spark(
            as_calibration, "current", columns, parse_schedule("weekly"), Steps(None, 0)
        )
    else:
        if request.reference_table is not None or request.current_table is not None:
            raise DataError(
                "tables: DuckDB reads files (allowed: a path or a glob, or engine spark for a "
                "table)"
            )
        if request.reference is None or request.current is None:
            raise DataError("drift: give the reference and the current data")
        measured = measure(
            request.reference, request.current, "current", columns,
            parse_schedule("weekly"), request.memory_limit, request.threads, request.checksums,
            Steps(None, 0),
        )  # fmt: skip
    return DriftResult(
        sources=measured.sources,
        features=measured.binnings,
        window=measured.windows[0],
        threshold=request.psi_threshold,
    )


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
