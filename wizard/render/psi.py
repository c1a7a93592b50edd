"""The PSI threshold in words: the size of shift the team chose to act on (its band, with the
bands' source), against the noise floor at the window size, with the floor's source. The
Design holds the numbers (``RetrainingPolicy``); the sentence is made here, once, for the
document."""

from __future__ import annotations

from wizard.model.design import Design
from wizard.model.formatting import number
from wizard.model.psi_bands import (
    NOISE_FLOOR_CITATION,
    PSI_BANDS_CITATION,
    TARGET_FALSE_ALARMS_PER_YEAR,
)
from wizard.model.wording import count


def _times(value: float) -> str:
    if value < 0.01:
        return "almost never (less than once a century)"
    return f"about {float(f'{value:.3g}'):,g} times a year"


def _cadence(windows_per_year: float) -> str:
    if round(windows_per_year) in (365, 366):
        return "daily"
    return f"{windows_per_year:g} times a year"


def psi_threshold_sentence(design: Design) -> str:
    """What the threshold is (an effect size in a band) and where it stands against the noise
    floor (a lower bound), each with its source, and how to choose it: one paragraph."""
    policy = design.retraining
    threshold = policy.psi_threshold
    band = policy.band
    effect = (
        f"the size of shift chosen to act on, in {band.range_text()} {band.label} "
        f"({PSI_BANDS_CITATION})"
    )
    floor = policy.psi_noise_floor
    rows = design.workload.rows_per_window
    if floor is None or rows is None:
        where = (
            "The noise floor, the least a threshold can be before unchanged windows alarm, "
            "depends on the rows per window, not known yet (`workload.rows_per_window`)"
        )
    else:
        features = count(max(len(policy.key_features), 1), "key feature")
        cadence = _cadence(policy.monitoring_windows_per_year)
        alarms = _times(policy.psi_false_alarms_per_year or 0.0)
        where = (
            f"The noise floor at {rows:,} rows a window, {features} judged {cadence}, is "
            f"{number(round(floor, 4))} ({NOISE_FLOOR_CITATION}; target "
            f"{number(TARGET_FALSE_ALARMS_PER_YEAR)} false alarms a year): unchanged windows "
            f"cross {number(threshold)} {alarms}"
        )
        if threshold < floor:
            where += ", so it is noise (R28, Risk Assessment)"
        else:
            where += (
                ". The floor is a lower bound, not a target: above it, which shifts to act on "
                "is the team's choice"
            )
    return (
        f"{effect}. {where}. Replay past windows with `mlops-wizard calibrate` to choose it "
        "(its backtest shows which windows each threshold would have flagged)"
    )
