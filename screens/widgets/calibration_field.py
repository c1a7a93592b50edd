"""The ``calibration:`` answer on the Thresholds step: what the thresholds were last tuned
on, in a sentence, and the button that opens the calibration dialog.

Like every field it shows the answer it is given and reports a new one with
``AnswerField.Edited``, so a calibration accepted in the dialog is validated, autosaved and
previewed like any other edit.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Button, Static

from screens.widgets.fields import AnswerField
from wizard.model.formatting import number
from wizard.model.text import visible

NOT_CALIBRATED = "Not calibrated: the thresholds are the design's defaults or your answers."


def calibration_summary(section: Any) -> str:
    """The recorded calibration in one sentence (None: not calibrated)."""
    if not isinstance(section, dict):
        return NOT_CALIBRATED
    sources = ", ".join(
        f"{visible(str(source.get('argument')))} ({number(int(source.get('rows', 0)))} rows)"
        for source in section.get("sources") or ()
    )
    recommended = section.get("recommended") or {}
    threshold = recommended.get("psi_threshold")
    windows = len(section.get("windows") or ())
    text = f"Calibrated on {sources}: {windows} {section.get('schedule', '')} windows"
    if isinstance(threshold, int | float):
        text += f"; recommended PSI threshold {number(float(f'{threshold:.3g}'))}"
    return text + "."


class CalibrationField(AnswerField):
    """The calibration recorded in the answers, and the way to record a new one."""

    DEFAULT_CSS = """
    CalibrationField .calibration-summary {
        color: $text-muted;
    }

    CalibrationField #calibrate-open {
        width: auto;
    }
    """

    def compose_control(self) -> ComposeResult:
        yield Static(NOT_CALIBRATED, classes="calibration-summary", markup=False)
        yield Button("Calibrate on data… (ctrl+l)", id="calibrate-open", compact=True)

    def display_value(self, value: Any) -> None:
        self.query_one(".calibration-summary", Static).update(calibration_summary(value))
