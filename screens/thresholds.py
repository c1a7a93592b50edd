"""Step 4, Thresholds: promotion criteria, the retraining schedule and triggers, and the
rollout (strategy, bake time, canary stages)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, get_args

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Button, Label

from screens.step_screen import StepScreen
from screens.widgets.calibration_field import CalibrationField
from screens.widgets.canary import CanaryEditor
from screens.widgets.fields import (
    AnswerField,
    ChoiceField,
    TextField,
    TextKind,
    WindowRuleField,
)
from screens.widgets.text_panel import TextPanel
from wizard.model.answers import GainUnitChoice
from wizard.model.dotted_keys import description_of, value_at
from wizard.model.formatting import number
from wizard.model.psi_bands import PsiBand
from wizard.model.vocabulary import BOOLEAN_CHOICES, GAIN_UNIT_LABELS, STRATEGY_LABELS
from wizard.model.workload import StrategyChoice

if TYPE_CHECKING:
    from screens.widgets.calibration_panel import CalibrationOutcome
    from wizard.model.design import Design, RetrainingPolicy

PSI_KEY = "retraining.drift.psi_threshold"


def _text(
    key: str, title: str, kind: TextKind = "number", placeholder: str = "unknown"
) -> TextField:
    return TextField(key, title, description_of(key), kind=kind, placeholder=placeholder)


def strategy_options() -> list[tuple[str, str]]:
    """The strategies a user may answer: auto (derived from the workload) and the rest."""
    labels = {"auto": "auto (from the workload and governance)", **STRATEGY_LABELS}
    return [(labels[choice], choice) for choice in get_args(StrategyChoice)]


def psi_bands_text(policy: RetrainingPolicy | None) -> Text:
    """The PSI bands in common use, the one the design puts the threshold in marked."""
    text = Text("PSI bands: ")
    for index, band in enumerate(PsiBand):
        if index:
            text.append(" · ")
        current = policy is not None and band is policy.band
        text.append(f"{band.range_text('–')} {band.label}", style="reverse bold" if current else "")
    if policy is not None:
        reading = policy.band.reading(policy.psi_threshold)
        text.append(f"\nThis threshold: {reading}", style="italic")
    return text


class ThresholdsScreen(StepScreen):
    """When a model is promoted, when it is retrained, and how it is rolled out."""

    STEP = "thresholds"
    INTRO = "Promotion criteria, retraining triggers and the rollout."

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+l",
            "calibrate",
            "Calibrate on data",
            id="calibrate",
            tooltip="Tune the PSI threshold on your reference and history files",
        )
    ]

    def compose_form(self) -> ComposeResult:
        yield Label("Promotion to production", classes="group-title")
        yield _text("promotion.min_accuracy_gain_pct", "Min. primary metric gain (gain unit)")
        yield ChoiceField(
            "promotion.gain_unit",
            "Gain unit",
            [(GAIN_UNIT_LABELS[unit], unit) for unit in get_args(GainUnitChoice)],
            description_of("promotion.gain_unit"),
        )
        yield _text("promotion.min_metric_value", "Minimum metric value (first model)")
        yield _text("promotion.max_latency_ms", "Maximum latency (ms)")
        for key, title in (
            ("promotion.require_leakage_check", "Require a leakage check"),
            ("promotion.require_bias_checks", "Require bias checks"),
        ):
            yield ChoiceField(key, title, BOOLEAN_CHOICES, description_of(key))
        yield _text("promotion.approver", "Approver", kind="text")
        yield Label("Retraining", classes="group-title")
        yield _text("retraining.schedule", "Schedule (or never)", kind="text", placeholder="weekly")
        yield _text(PSI_KEY, "PSI threshold", placeholder="0.1")
        yield TextPanel(psi_bands_text(None), id="psi-bands")
        yield CalibrationField(
            "calibration",
            "Calibration",
            description_of("calibration") + " Ctrl+L calibrates here.",
        )
        yield _text("retraining.drift.key_features", "Key features", kind="list")
        yield _text(
            "retraining.drift.max_missing_pct",
            "Max. missing in a key feature (%)",
            placeholder="50",
        )
        yield _text(
            "retraining.drift.cadence", "Monitoring cadence", kind="text", placeholder="daily"
        )
        yield _text("retraining.performance.accuracy_drop_pct", "Metric drop (gain unit)")
        yield WindowRuleField(
            "retraining.performance.window_rule",
            "Window rule (k of n)",
            description_of("retraining.performance.window_rule"),
        )
        yield _text("retraining.human_review_above_pct", "Human review above (gain unit)")
        yield _text("retraining.data_window_days", "Data window (days)", kind="integer")
        yield Label("Rollout", classes="group-title")
        yield ChoiceField(
            "deployment.strategy",
            "Deployment strategy",
            strategy_options(),
            description_of("deployment.strategy"),
        )
        yield _text("deployment.bake_minutes", "Bake time per stage (minutes)", kind="integer")
        yield CanaryEditor(
            "retraining.canary_stages",
            "Canary stages (% of traffic)",
            description_of("retraining.canary_stages")
            + " Enter adds; on the list, Delete removes and Shift+↑/↓ reorders.",
        )

    def show_design(self, design: Design) -> None:
        self.query_one("#psi-bands", TextPanel).show(psi_bands_text(design.retraining))

    @on(Button.Pressed, "#calibrate-open")
    def _calibrate_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_calibrate()

    def action_calibrate(self) -> None:
        """Open the calibration dialog on the answers as they are now."""
        from screens.widgets.calibration_panel import CalibrationPanel

        self.app.push_screen(CalibrationPanel(self.state.answers), callback=self._calibrated)

    def _calibrated(self, outcome: CalibrationOutcome | None) -> None:
        """Record an accepted calibration as two edits, the way the fields report theirs: the
        threshold and the ``calibration:`` section; autosave and the preview follow."""
        if outcome is None:
            return
        answers = self.state.answers
        for key, value in ((PSI_KEY, outcome.psi_threshold), ("calibration", outcome.section)):
            # The field shows the value, then reports it as if typed (its message, its path).
            field = self.field(key)
            field.show(value)
            field.post_message(AnswerField.Edited(field, key, value, value_at(answers, key)))
        self.notify(
            f"PSI threshold set to {number(outcome.psi_threshold)} from your data; "
            "the calibration is recorded."
        )
