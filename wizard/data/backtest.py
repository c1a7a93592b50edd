"""Replaying the retraining triggers over the history, window by window.

The triggers are the design's:

- drift: any key feature's PSI above the threshold;
- the k-of-n window rule: fires in a window that breaches when at least k of the last n
  windows (that one included; fewer at the start of the history) breached. It is applied
  to the drift breaches and, when accuracy is measured, to the accuracy breaches, as the
  design's performance trigger reads ("in at least k of the last n evaluation windows, the
  latest included");
- the accuracy drop: the window's accuracy (label = prediction, over rows with both) below
  the reference's by more than the configured drop, in percentage points.

A window retrains when the drift trigger fires, or the performance trigger does (the
accuracy breach through the window rule when there is one). An empty window breaches
nothing but still counts as one of the last n. A window where a key feature's NULL, NaN and
infinite values pass the bound (``max_missing_pct``) cannot be judged: it is marked so, never
counted as healthy.

The sweep replays the drift trigger at thresholds around the recommended one, beside the
false alarms a year the χ² model expects at each, so the trade-off is visible.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import field
from datetime import datetime
from typing import Literal, get_args

from wizard.data.psi import Missing
from wizard.data.recommend import FeatureModel, false_alarms_per_year
from wizard.model.records import record

__all__ = [
    "Backtest",
    "SweepPoint",
    "WindowStats",
    "WindowTriggers",
    "k_of_n",
    "replay",
    "sweep",
    "sweep_thresholds",
]

SWEEP_POINTS = 15
SWEEP_SPAN = 3.0  # the sweep runs from a third of the recommended threshold to three times it


@record
class WindowStats:
    """What one window of the history (or the one current sample) measured."""

    start: datetime | None
    """None for a current sample without windows."""
    end: datetime | None
    rows: int
    psi: Mapping[str, float | None]
    """Per feature; None when the window has no rows with a value for it."""
    counts: Mapping[str, tuple[int, ...]]
    """Per feature, the rows in each bin (the bins of the feature's Binning)."""
    missing: Mapping[str, int]
    """Per numerical feature, rows left out of the bins (null, NaN, ±infinity)."""
    labeled_rows: int
    accuracy: float | None
    missing_values: Mapping[str, Missing] = field(default_factory=dict)
    """Per feature, its NULL, NaN and infinite values in the window."""

    def unjudgeable(self, max_missing_pct: float | None) -> tuple[str, ...]:
        """The features whose missing share passes ``max_missing_pct`` (a percentage): a
        window where one does cannot be called healthy."""
        if max_missing_pct is None or not self.rows:
            return ()
        return tuple(
            name
            for name, missing in self.missing_values.items()
            if missing.total * 100.0 > max_missing_pct * self.rows
        )


#: The triggers replayed in every window (fields of WindowTriggers), in the report's order.
Trigger = Literal["drift", "drift_rule", "accuracy", "accuracy_rule", "retrain"]
TRIGGERS: tuple[Trigger, ...] = get_args(Trigger)


@record
class WindowTriggers:
    start: datetime | None
    rows: int
    drift: bool
    drifted: tuple[str, ...]
    """The features whose PSI exceeds the threshold."""
    drift_rule: bool | None
    """The k-of-n rule over drift breaches; None without a window rule."""
    accuracy_drop_pp: float | None
    """Reference accuracy minus the window's, in percentage points (None: not measured)."""
    accuracy: bool | None
    """The drop exceeds the configured one; None when accuracy is not measured here."""
    accuracy_rule: bool | None
    """The k-of-n rule over accuracy breaches; None without a rule or without accuracy."""
    retrain: bool
    cannot_judge: tuple[str, ...] = ()
    """The key features whose missing share passes the bound: the window is not healthy,
    whatever its PSI says."""


@record
class Backtest:
    threshold: float
    threshold_source: Literal["design", "recommended"]
    window_rule: tuple[int, int] | None
    accuracy_drop_pct: float | None
    reference_accuracy: float | None
    windows: tuple[WindowTriggers, ...]
    max_missing_pct: float | None = None
    """The bound on a key feature's missing share above which a window cannot be judged."""

    def fired(self, trigger: Trigger) -> tuple[datetime | None, ...]:
        """The starts of the windows in which ``trigger`` fired."""
        return tuple(w.start for w in self.windows if getattr(w, trigger))

    def cannot_judge(self) -> tuple[datetime | None, ...]:
        """The starts of the windows a key feature's missing share left unjudged."""
        return tuple(w.start for w in self.windows if w.cannot_judge)


@record
class SweepPoint:
    threshold: float
    false_alarms_per_year: float
    """What the χ² model expects for unchanged data at this threshold."""
    drift_windows: tuple[datetime | None, ...]
    """The windows of the history the drift trigger flags at this threshold."""


def k_of_n(breaches: Sequence[bool], k: int, n: int) -> list[bool]:
    """Per window: it breaches and at least ``k`` of the last ``n`` windows (itself included)
    breached."""
    if not 1 <= k <= n:
        raise ValueError(f"window rule needs 1 <= k <= n, got k={k}, n={n}")
    fired: list[bool] = []
    for index, breach in enumerate(breaches):
        recent = breaches[max(0, index - n + 1) : index + 1]
        fired.append(bool(breach) and sum(recent) >= k)
    return fired


def _drifted(window: WindowStats, threshold: float) -> tuple[str, ...]:
    return tuple(
        name for name, value in window.psi.items() if value is not None and value > threshold
    )


def replay(
    windows: Sequence[WindowStats],
    threshold: float,
    threshold_source: Literal["design", "recommended"],
    window_rule: tuple[int, int] | None,
    accuracy_drop_pct: float | None,
    reference_accuracy: float | None,
    max_missing_pct: float | None = None,
) -> Backtest:
    """Which trigger fires in which window, at ``threshold`` and the design's rules."""
    drifted = [_drifted(window, threshold) for window in windows]
    drift = [bool(names) for names in drifted]
    measured = accuracy_drop_pct is not None and reference_accuracy is not None
    drops: list[float | None] = []
    accuracy: list[bool | None] = []
    for window in windows:
        if not measured or window.accuracy is None:
            drops.append(None)
            accuracy.append(None)
            continue
        assert reference_accuracy is not None and accuracy_drop_pct is not None
        drop = (reference_accuracy - window.accuracy) * 100.0
        drops.append(drop)
        accuracy.append(drop > accuracy_drop_pct)
    if window_rule is None:
        drift_rule: list[bool | None] = [None] * len(windows)
        accuracy_rule: list[bool | None] = [None] * len(windows)
    else:
        k, n = window_rule
        drift_rule = list(k_of_n(drift, k, n))
        if measured:
            accuracy_rule = list(k_of_n([bool(flag) for flag in accuracy], k, n))
        else:
            accuracy_rule = [None] * len(windows)
    triggers = []
    for index, window in enumerate(windows):
        performance = accuracy_rule[index] if window_rule is not None else accuracy[index]
        triggers.append(
            WindowTriggers(
                start=window.start,
                rows=window.rows,
                drift=drift[index],
                drifted=drifted[index],
                drift_rule=drift_rule[index],
                accuracy_drop_pp=drops[index],
                accuracy=accuracy[index],
                accuracy_rule=accuracy_rule[index] if measured else None,
                retrain=drift[index] or bool(performance),
                cannot_judge=window.unjudgeable(max_missing_pct),
            )
        )
    return Backtest(
        threshold=threshold,
        threshold_source=threshold_source,
        window_rule=window_rule,
        accuracy_drop_pct=accuracy_drop_pct,
        reference_accuracy=reference_accuracy,
        windows=tuple(triggers),
        max_missing_pct=max_missing_pct,
    )


def sweep_thresholds(recommended: float, extra: Sequence[float] = ()) -> list[float]:
    """15 thresholds evenly spaced in ratio from recommended/3 to 3×recommended (the
    recommended one in the middle), plus any ``extra`` (the design's), sorted."""
    middle = SWEEP_POINTS // 2
    points = {recommended * SWEEP_SPAN ** ((i - middle) / middle) for i in range(SWEEP_POINTS)}
    points.add(recommended)
    points.update(value for value in extra if value > 0)
    return sorted(points)


def sweep(
    windows: Sequence[WindowStats],
    models: Sequence[FeatureModel],
    windows_per_year: float,
    thresholds: Sequence[float],
) -> tuple[SweepPoint, ...]:
    return tuple(
        SweepPoint(
            threshold=threshold,
            false_alarms_per_year=false_alarms_per_year(threshold, models, windows_per_year),
            drift_windows=tuple(w.start for w in windows if _drifted(w, threshold)),
        )
        for threshold in thresholds
    )
