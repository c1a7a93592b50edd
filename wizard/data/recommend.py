"""The recommended PSI threshold: the one that keeps false alarms at the target rate.

With nothing changed, the PSI between a reference of n rows and a window of m rows is about
(1/n + 1/m)·χ²(B − 1) for B bins (Yurdakul 2018). For k key features and a target of α
false alarms per window (the yearly target over the schedule's windows per year), the
threshold is that distribution's (1 − α/k) quantile: each feature may exceed it with
probability α/k, so the drift trigger (any feature) fires on an unchanged window at most α
of the time. When the features differ in B, n or m, the threshold is where their exceedance
probabilities sum to α: the same rule, each feature weighted by its own distribution.

The χ² distribution comes from ``wizard.model.chi2``, which the engine shares.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping, Sequence

from wizard.data.errors import DataError
from wizard.model.chi2 import chi2_cdf, chi2_isf, chi2_quantile, chi2_sf
from wizard.model.records import record

__all__ = [
    "FeatureModel",
    "Recommendation",
    "chi2_cdf",
    "chi2_isf",
    "chi2_quantile",
    "chi2_sf",
    "false_alarms_per_year",
    "recommend",
]

METHOD = "chi2"
METHOD_TEXT = (
    "PSI of an unchanged window ~ (1/n + 1/m) * chi2(B - 1), with n the reference's rows, "
    "m each window's own rows (the history's windows as they are), B the feature's bins; "
    "the threshold is where the features' exceedance probabilities, averaged over the "
    "windows, sum to the target rate per window: the (1 - alpha/k) quantile when the "
    "features share n, m and B"
)


# --- the recommendation ---------------------------------------------------------------------


@record
class FeatureModel:
    """The null distribution of one feature's PSI, window by window: (1/n + 1/m)·χ²(B − 1).

    ``window_rows`` holds m for every window the history has (the rows with a value for
    the feature), so a history whose windows vary in size is modelled as it is: a window
    half the median size is twice as noisy, and false alarms come mostly from such windows.
    """

    name: str
    bins: int
    """B: the bins the feature actually has (with reference rows in them)."""
    reference_rows: int
    window_rows: tuple[int, ...]
    """m per non-empty window (one value for a single current sample)."""

    def __post_init__(self) -> None:
        if self.reference_rows < 1 or not self.window_rows or min(self.window_rows) < 1:
            raise ValueError("a feature model needs reference rows and non-empty windows")

    @property
    def scales(self) -> tuple[float, ...]:
        return tuple(1.0 / self.reference_rows + 1.0 / m for m in self.window_rows)

    @property
    def median_window_rows(self) -> float:
        return float(statistics.median(self.window_rows))

    def exceedance(self, threshold: float) -> float:
        """P[PSI > threshold] for an unchanged window, averaged over the windows."""
        df = self.bins - 1
        scales = self.scales
        return sum(chi2_sf(threshold / scale, df) for scale in scales) / len(scales)

    def threshold(self, exceedance: float) -> float:
        """The PSI unchanged windows exceed with probability ``exceedance`` (on average)."""
        df = self.bins - 1
        if df <= 0:
            return 0.0
        quantile = chi2_isf(exceedance, df)
        low, high = min(self.scales) * quantile, max(self.scales) * quantile
        if high - low <= 1e-15 * high:  # one window size: the closed form
            return high
        return _solve(lambda t: self.exceedance(t) - exceedance, low, high)


def _solve(excess: Callable[[float], float], low: float, high: float) -> float:
    """The root of a decreasing function between ``low`` (excess >= 0) and ``high``."""
    for _ in range(200):
        middle = (low + high) / 2.0
        if excess(middle) > 0:
            low = middle
        else:
            high = middle
        if high - low <= 1e-12 * high:
            break
    return (low + high) / 2.0


@record
class Recommendation:
    psi_threshold: float
    false_alarms_per_year: float
    """Expected false alarms a year at the threshold, for unchanged data."""
    target_false_alarms_per_year: float
    windows_per_year: float
    alpha_per_window: float
    features: tuple[FeatureModel, ...]
    per_feature: Mapping[str, float]
    """Each feature's own (1 − α/k) threshold."""
    method: str = METHOD
    method_text: str = METHOD_TEXT


def false_alarms_per_year(
    threshold: float, models: Sequence[FeatureModel], windows_per_year: float
) -> float:
    """Expected false alarms a year at ``threshold``: windows a year × Σ P[PSI_f > t].

    The sum counts a window where two features exceed twice, so it is an upper bound on the
    windows where the trigger fires (tight at the small rates a threshold is set for).
    """
    return windows_per_year * sum(model.exceedance(threshold) for model in models)


def recommend(
    models: Sequence[FeatureModel], target_per_year: float, windows_per_year: float
) -> Recommendation:
    """The threshold at which the expected false alarms a year equal ``target_per_year``."""
    if not models:
        raise DataError("features: none to calibrate (allowed: at least one key feature)")
    if not 0.0 < target_per_year < windows_per_year:
        raise DataError(
            f"target false alarms per year: {target_per_year:g} is out of range (allowed: "
            f"more than 0 and fewer than the schedule's {windows_per_year:.6g} windows a year)"
        )
    alpha = target_per_year / windows_per_year
    per_feature = {model.name: model.threshold(alpha / len(models)) for model in models}
    if len({(model.window_rows, model.reference_rows, model.bins) for model in models}) == 1:
        threshold = next(iter(per_feature.values()))
    else:
        # Σ exceedance decreases in t; at the smallest per-feature threshold it is at least
        # α, at the largest at most α.
        threshold = _solve(
            lambda t: sum(model.exceedance(t) for model in models) - alpha,
            min(per_feature.values()),
            max(per_feature.values()),
        )
    return Recommendation(
        psi_threshold=threshold,
        false_alarms_per_year=false_alarms_per_year(threshold, models, windows_per_year),
        target_false_alarms_per_year=target_per_year,
        windows_per_year=windows_per_year,
        alpha_per_window=alpha,
        features=tuple(models),
        per_feature=per_feature,
    )
