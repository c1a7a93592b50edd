"""The PSI threshold in words: the size of shift the team chose to act on (its band), against
the noise floor at the window size (the sources of both: Caveats and IMPLEMENTING.md). The
Design holds the numbers (``RetrainingPolicy``); the sentence is made here, once, for the
document."""

from __future__ import annotations

from wizard.model.design import Design
from wizard.model.formatting import number
from wizard.model.psi_bands import (
    TARGET_FALSE_ALARMS_PER_YEAR,
    false_alarm_rate,
    judged_cadence,
)
from wizard.model.wording import count


def psi_threshold_sentence(design: Design) -> str:
    """What the threshold is (an effect size in a band), where it stands against the noise
    floor (a lower bound) when the window size is known, and how to choose it."""
    policy = design.retraining
    threshold = policy.psi_threshold
    band = policy.band
    # The bands' and the floor's sources are cited in full under Caveats and IMPLEMENTING.md.
    effect = f"the shift chosen to act on, in {band.range_text()} {band.label}"
    floor = policy.psi_noise_floor
    rows = design.workload.rows_per_window
    if floor is None or rows is None:
        # Information Gaps already says the window size is unknown and the floor unjudged.
        return f"{effect}; replay past windows to choose it (`mlops-wizard calibrate`)"
    features = count(max(len(policy.key_features), 1), "key feature")
    cadence = judged_cadence(policy.monitoring_windows_per_year)
    alarms = false_alarm_rate(policy.psi_false_alarms_per_year or 0.0)
    where = (
        f"the noise floor at {rows:,} rows, {features} judged {cadence}, is "
        f"{number(round(floor, 4))} for {number(TARGET_FALSE_ALARMS_PER_YEAR)} false alarms "
        f"a year; unchanged windows cross {number(threshold)} {alarms}"
    )
    if threshold < floor:
        where += ", so it is noise (R28)"
    else:
        where += ": the floor is a lower bound, not a target"
    return f"{effect}; {where}. Replay past windows to choose it (`mlops-wizard calibrate`)"
