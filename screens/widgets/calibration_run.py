"""One calibration run of the dialog, and what accepting its report records.

The run itself is the data stage's (``wizard.calibration``, DuckDB): this module turns it into
what the dialog shows, a report or the one line that says why there is none, and stops it
between two windows when the user cancels. It runs in the dialog's thread worker, so the
data stage is imported here, inside the functions: opening the Thresholds step never loads it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from wizard.model.records import record
from wizard.model.text import error_line, visible

if TYPE_CHECKING:
    from wizard.calibration import CalibrationInputs
    from wizard.model.answers import Answers

#: The line a cancelled run ends with: nothing was recorded.
CANCELLED = "Cancelled: nothing was changed."


class CalibrationCancelled(Exception):
    """Raised from the progress callback to stop a run the user cancelled."""


@record
class CalibrationOutcome:
    """What the dialog hands back when the user accepts: the answers to record."""

    psi_threshold: float
    """The recommendation, as `calibrate --apply` sets it (three significant figures)."""
    section: dict[str, Any]
    """The ``calibration:`` section, as `calibrate --write` records it."""
    report: dict[str, Any]
    """The calibrate report it came from."""


def accepted(answers: Answers, report: dict[str, Any]) -> CalibrationOutcome:
    """What accepting ``report`` records, by the rules `calibrate --apply` follows; a
    ValueError when the answers' rules refuse it."""
    from wizard.calibration import with_calibration
    from wizard.model.dotted_keys import value_at

    applied = with_calibration(answers, report, apply=True)
    threshold = applied.retraining.drift.psi_threshold
    assert threshold is not None  # apply=True sets it
    return CalibrationOutcome(threshold, value_at(applied, "calibration"), report)


def calibrate(
    answers: Answers,
    inputs: CalibrationInputs,
    *,
    cancelled: Callable[[], bool],
    progressed: Callable[[int, int], None],
) -> tuple[dict[str, Any] | None, str | None]:
    """Run the calibration of ``answers`` on ``inputs``: its report and None, or None and the
    one line that says why there is none. ``progressed(done, total)`` is told of each window;
    once ``cancelled()`` is true the run stops at the next one."""
    from wizard.calibration import NoFeatures, calibration_request, run_calibration
    from wizard.data import DataError

    def progress(done: int, total: int) -> None:
        if cancelled():
            raise CalibrationCancelled
        progressed(done, total)

    try:
        request = calibration_request(answers, inputs, progress=progress)
        report = run_calibration(request)
    except CalibrationCancelled:
        return None, CANCELLED
    except NoFeatures:
        return None, "No key feature to measure: name them under Key features."
    except (DataError, OSError, ValueError) as error:
        return None, visible(error_line(error))
    except Exception as error:  # a bug in the data stage must not end the session
        return None, f"Calibration failed: {visible(error_line(error))}"
    if cancelled():
        return None, CANCELLED
    return report, None
