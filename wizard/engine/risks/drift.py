"""Risk rules about the drift trigger: a PSI threshold too loose for the bands, too tight for an
unknown window size or below the noise floor at a known one, and a drift trigger with nothing
to measure or nothing to measure it."""

from __future__ import annotations

from wizard.engine.monitoring import false_alarms_per_year, noise_floor
from wizard.engine.resolve import Effective
from wizard.model.catalog import options
from wizard.model.design import Risk
from wizard.model.formatting import join_words, number
from wizard.model.psi_bands import (
    MAJOR_ABOVE,
    NOISE_FLOOR_CITATION,
    PSI_BANDS_CITATION,
    TARGET_FALSE_ALARMS_PER_YEAR,
    PsiBand,
    false_alarm_rate,
    judged_cadence,
)
from wizard.model.wording import count

PSI_TOO_TIGHT = 0.05

_PSI = "retraining.drift.psi_threshold"
_FEATURES = "retraining.drift.key_features"
_TRIGGERS = "cicd.triggers"
_ROWS = "workload.rows_per_window"


def _calibrated(e: Effective) -> bool:
    """The threshold is the one calibrated on the team's own data: no rule of thumb about its
    value, nor "calibrate on your data", applies to it any more."""
    return e.calibration is not None and e.calibration.applied


def psi_too_loose(e: Effective, level: int) -> Risk | None:
    if PsiBand.of(e.psi_threshold) is not PsiBand.MAJOR or _calibrated(e):
        return None
    return Risk(
        "R01-psi-too-loose",
        "high",
        "PSI threshold misses major shifts",
        f"PSI {number(e.psi_threshold)} is above {number(MAJOR_ABOVE)}, the band commonly read "
        f"as a {PsiBand.MAJOR.label} ({PSI_BANDS_CITATION}): drift is only acted on long after "
        f"the population has changed. Use {PsiBand.MODERATE.range_text()}, or replay past "
        "windows with `mlops-wizard calibrate` to see which shifts each threshold acts on.",
        (_PSI,),
    )


def psi_too_tight(e: Effective, level: int) -> Risk | None:
    # With the window size known, the noise floor judges the threshold instead (R28): a
    # small threshold over large windows is a small shift the team chose to act on.
    if e.psi_threshold >= PSI_TOO_TIGHT or e.rows_per_window is not None or _calibrated(e):
        return None
    return Risk(
        "R02-psi-too-tight",
        "medium",
        "PSI threshold causes alert fatigue",
        f"PSI {number(e.psi_threshold)} is below {number(PSI_TOO_TIGHT)}, well inside the "
        f"'{PsiBand.NONE.label}' band ({PsiBand.NONE.range_text()}): unless windows hold many "
        "thousands of rows, sampling noise "
        "alone crosses it, nearly every window alerts and people stop reading the alerts. "
        "Answer workload.rows_per_window (the noise floor then says whether it is noise) or "
        "calibrate on your data.",
        (_PSI,),
    )


def drift_without_key_features(e: Effective, level: int) -> Risk | None:
    if "drift" not in e.triggers or e.key_features:
        return None
    # Medium, not high: the design does not pretend. The drift trigger is off and the
    # pipeline has no drift job until features are named; the risk asks for them.
    return Risk(
        "R03-drift-without-key-features",
        "medium",
        "Drift trigger watches no features",
        "No key features are named, so PSI has nothing to measure: drift "
        "retraining is off, with no drift job, until you name the features whose shift hurts "
        "the model most.",
        (_FEATURES, _TRIGGERS),
    )


def drift_without_monitoring(e: Effective, level: int) -> Risk | None:
    # Only a drift trigger that is on needs a tool to fire it.
    if e.tools["monitoring"] != "none" or "drift" not in e.triggers:
        return None
    # The catalog's tools that compute the trigger's PSI where the team runs, never one that
    # was discontinued or acquired.
    tools = [
        info.name
        for info in options("monitoring")
        if info.recommendable and info.computes_psi and e.cloud in info.cloud_fit
    ]
    return Risk(
        "R04-drift-without-monitoring",
        "high",
        "Drift retraining with no monitoring tool",
        "Drift is meant to trigger retraining, but no monitoring tool computes drift on "
        "production data, so nothing can fire the trigger. Choose a monitoring tool "
        f"({join_words(tools, 'or')}) or drop the drift trigger.",
        ("components.monitoring", _TRIGGERS, _FEATURES),
    )


#: Expected false alarms a year above which a threshold under the noise floor is high risk
#: (more than one a month: the alerts stop being read).
MANY_FALSE_ALARMS_PER_YEAR = 12


def psi_against_window(e: Effective, level: int) -> Risk | None:
    """Only a threshold below the noise floor is a finding: above it, the threshold is the
    size of shift the team chose to act on, which the document says and ``calibrate``'s
    backtest helps choose (the floor is a lower bound, never a target). A calibrated
    threshold was chosen on the team's own windows: no finding."""
    rows = e.rows_per_window
    if rows is None or ("drift" not in e.triggers and not e.key_features) or _calibrated(e):
        return None
    features, windows = len(e.key_features), e.monitoring_windows_per_year
    floor = noise_floor(rows, features, windows)
    if e.psi_threshold >= floor:
        return None
    alarms = false_alarms_per_year(e.psi_threshold, rows, features, windows)
    judged = count(max(features, 1), "key feature")
    return Risk(
        "R28-psi-noise-at-window-size",
        "high" if alarms > MANY_FALSE_ALARMS_PER_YEAR else "medium",
        "PSI threshold is below the noise floor at this window size",
        f"PSI {number(e.psi_threshold)} is below the noise floor of {number(round(floor, 4))} "
        f"at {rows:,} rows per window: with nothing changed, {judged} judged "
        f"{judged_cadence(windows)} cross it {false_alarm_rate(alarms)}, against a target of "
        f"{number(TARGET_FALSE_ALARMS_PER_YEAR)} ({NOISE_FLOOR_CITATION}). Raise the threshold "
        "to at least the floor, widen the window, or calibrate on your data "
        "(`mlops-wizard calibrate`).",
        (_PSI, _ROWS),
    )
