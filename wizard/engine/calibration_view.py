"""What the design says of a calibration recorded in the answers (``calibrate --write``): the
basis of the drift threshold, the false alarms a year expected at the threshold chosen now,
PSI per window for the chart, and the windows of the history the threshold would miss.

Pure: it reads the ``calibration:`` section and the effective threshold; the χ² rule is the
same one ``calibrate`` recommends with (``wizard.model.chi2``).
"""

from __future__ import annotations

from wizard.model.calibration import Calibration
from wizard.model.chi2 import chi2_sf
from wizard.model.design import CalibrationChart, CalibrationView
from wizard.model.design_views import CalibrationSource

#: The decile bins PSI uses for a numerical feature, when the record does not say.
_DEFAULT_BINS = 10
#: "Drift beyond noise": PSI a stable window reaches once in ten years at most.
_BEYOND_NOISE_PER_YEAR = 0.1


def _per_window_rate(calibration: Calibration, threshold: float, rows: int) -> float:
    """Chance that an unchanged window of ``rows`` breaches ``threshold`` on any feature."""
    reference = next((s.rows for s in calibration.sources if s.role == "reference"), 0)
    if reference <= 0 or rows <= 0:
        return 0.0
    scale = 1 / reference + 1 / rows
    rate = 0.0
    for feature in calibration.features:
        bins = calibration.bins.get(feature, _DEFAULT_BINS)
        if bins > 1:
            rate += chi2_sf(threshold / scale, bins - 1)
    return min(rate, 1.0)


def _beyond_noise(calibration: Calibration, rows: int) -> float:
    """The PSI a stable window exceeds at most once in ten years, across the features."""
    target = _BEYOND_NOISE_PER_YEAR / calibration.windows_per_year
    low, high = 0.0, 10.0
    for _ in range(80):
        middle = (low + high) / 2
        if _per_window_rate(calibration, middle, rows) > target:
            low = middle
        else:
            high = middle
    return high


def calibration_view(calibration: Calibration | None, threshold: float) -> CalibrationView | None:
    """The design's account of ``calibration`` at the chosen PSI ``threshold``."""
    if calibration is None:
        return None
    recommended = calibration.recommended
    rows = recommended.window_rows
    strict = _beyond_noise(calibration, rows)
    return CalibrationView(
        sources=_source_rows(calibration),
        schedule=calibration.schedule,
        windows=len(calibration.windows),
        window_rows=rows,
        recommended_threshold=recommended.psi_threshold,
        target_false_alarms_per_year=recommended.target_false_alarms_per_year,
        chosen_threshold=threshold,
        false_alarms_per_year=(
            _per_window_rate(calibration, threshold, rows) * calibration.windows_per_year
        ),
        beyond_noise_threshold=strict,
        missed_windows=_missed_windows(calibration, strict, threshold),
        charts=_charts(calibration),
    )


def _missed_windows(calibration: Calibration, strict: float, threshold: float) -> tuple[str, ...]:
    """Windows whose PSI was beyond noise on some feature yet not above ``threshold``."""
    return tuple(
        window.start
        for window in calibration.windows
        if any(v is not None and strict < v <= threshold for v in window.psi.values())
    )


def _charts(calibration: Calibration) -> tuple[CalibrationChart, ...]:
    starts = tuple(window.start for window in calibration.windows)
    return tuple(
        CalibrationChart(
            feature=feature,
            starts=starts,
            psi=tuple(window.psi.get(feature) for window in calibration.windows),
        )
        for feature in calibration.features
    )


def _source_rows(calibration: Calibration) -> tuple[CalibrationSource, ...]:
    return tuple(
        (source.role, source.argument, source.rows, tuple(source.period or ()))
        for source in calibration.sources
    )
