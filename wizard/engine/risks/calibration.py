"""Risk rules on a calibration recorded in the answers: a chosen threshold the team's own data
says is noise, or blind to drift its history had (``wizard.engine.calibration_view``)."""

from __future__ import annotations

from wizard.engine.resolve import Effective
from wizard.model.design import Risk
from wizard.model.formatting import number

_KEYS = ("retraining.drift.psi_threshold", "calibration")

#: How many of the missed windows the message names before "…".
_SHOWN_WINDOWS = 6


def calibrated_threshold_is_noise(e: Effective, level: int) -> Risk | None:
    view = e.calibration
    if view is None or view.false_alarms_per_year <= 2 * view.target_false_alarms_per_year:
        return None
    return Risk(
        "R37-calibrated-threshold-is-noise",
        "medium",
        "The PSI threshold alarms far more often than your data warrants",
        f"At {number(view.chosen_threshold)} and the {view.window_rows:,} rows a window "
        f"your history holds, unchanged windows are expected to alarm about "
        f"{view.false_alarms_per_year:.3g} times a year across the key features, against "
        f"a target of {number(view.target_false_alarms_per_year)}: it is below the noise "
        f"floor. Raise it to at least the calibrated "
        f"{number(round(view.recommended_threshold, 6))} "
        "(`mlops-wizard calibrate --apply`).",
        _KEYS,
    )


def calibrated_history_drift_missed(e: Effective, level: int) -> Risk | None:
    view = e.calibration
    if view is None or not view.missed_windows:
        return None
    missed = view.missed_windows
    shown = ", ".join(missed[:_SHOWN_WINDOWS]) + (" …" if len(missed) > _SHOWN_WINDOWS else "")
    count = len(missed)
    return Risk(
        "R38-calibrated-history-drift-missed",
        "medium",
        "Your history shows drift the threshold would have missed",
        f"{count} window{'s' if count != 1 else ''} of the calibrated history ({shown}) "
        f"had a PSI beyond what noise reaches once in ten years "
        f"({number(round(view.beyond_noise_threshold, 6))}) yet not above "
        f"{number(view.chosen_threshold)}: real shifts, smaller than the size the threshold "
        "acts on. If shifts that size call for retraining, set the threshold just below their "
        "PSI (never below the noise floor, the calibrated "
        f"{number(round(view.recommended_threshold, 6))}), and replay the history at it with "
        "`mlops-wizard calibrate` before you commit it.",
        _KEYS,
    )
