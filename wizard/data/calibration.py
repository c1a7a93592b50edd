"""The entry points: ``calibrate`` (thresholds from the team's own data) and ``drift``.

``calibrate`` reads a reference and either one current sample or a history with a
timestamp column, and returns, per feature and window, the PSI; the recommended threshold
for the target false-alarm rate; and the backtest of the design's triggers. ``drift`` is the
same measurement for one current sample (what CI runs), with the design's threshold.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Literal

from wizard.data.backtest import Backtest, SweepPoint, WindowStats, replay, sweep, sweep_thresholds
from wizard.data.errors import DataError, quoted
from wizard.data.measure import Columns, Steps, check_features, measure
from wizard.data.psi import Binning
from wizard.data.recommend import FeatureModel, Recommendation, recommend
from wizard.data.requests import CalibrationRequest, DriftRequest
from wizard.data.sources import (
    SourceInfo,
)
from wizard.data.windows import parse_schedule
from wizard.model.records import record

__all__ = [
    "CalibrationRequest",
    "CalibrationResult",
    "DriftRequest",
    "DriftResult",
    "calibrate",
    "drift",
]


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
