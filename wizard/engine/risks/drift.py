"""Risk rules about the drift trigger: a PSI threshold too loose or too tight, or wrong for the
window size, and a drift trigger with nothing to measure or nothing to measure it."""

from __future__ import annotations

from wizard.engine.monitoring import psi_window_finding
from wizard.engine.resolve import Effective
from wizard.model.catalog import options
from wizard.model.design import Risk
from wizard.model.formatting import join_words, number
from wizard.model.psi_bands import MAJOR_ABOVE, PsiBand

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
        f"as a {PsiBand.MAJOR.label}: drift is only acted on long after the population has "
        f"changed. Use {PsiBand.MODERATE.range_text()} and calibrate on historical data.",
        (_PSI,),
    )


def psi_too_tight(e: Effective, level: int) -> Risk | None:
    if e.psi_threshold >= PSI_TOO_TIGHT or _calibrated(e):
        return None
    return Risk(
        "R02-psi-too-tight",
        "medium",
        "PSI threshold causes alert fatigue",
        f"PSI {number(e.psi_threshold)} is below {number(PSI_TOO_TIGHT)}, well inside the "
        f"'{PsiBand.NONE.label}' band ({PsiBand.NONE.range_text()}): unless windows hold many "
        "thousands of rows, sampling noise "
        "alone crosses it, nearly every window alerts and people stop reading the alerts. "
        "Set it from workload.rows_per_window or calibrate on your data.",
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


def psi_against_window(e: Effective, level: int) -> Risk | None:
    if (
        e.rows_per_window is None
        or ("drift" not in e.triggers and not e.key_features)
        or _calibrated(e)
    ):
        return None
    finding = psi_window_finding(e.psi_threshold, e.rows_per_window)
    if finding is None:
        return None
    kind, message = finding
    if kind == "noise":
        return Risk(
            "R28-psi-noise-at-window-size",
            "high",
            "PSI threshold is noise at this window size",
            message,
            (_PSI, _ROWS),
        )
    return Risk(
        "R29-psi-blind-at-window-size",
        "medium",
        "PSI threshold is blind at this window size",
        message,
        (_PSI, _ROWS),
    )
