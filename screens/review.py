"""Step 6, Review & Export: the risks, the confidence and the information gaps of the design;
the output folder; what export would do to each file; and the export itself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.message import Message
from textual.reactive import var
from textual.widgets import Button, Input, Label

from screens.step_screen import StepScreen
from screens.widgets.text_panel import TextPanel

if TYPE_CHECKING:
    from wizard.io.export import PlannedFile
    from wizard.model.design import Design

SEVERITY_STYLES = {"high": "bold red", "medium": "yellow", "low": "dim"}
ACTION_LABELS = {
    "create": ("create", "green"),
    "update": ("update", "cyan"),
    "unchanged": ("unchanged", "dim"),
    "edited": ("edited by you — asks first", "bold yellow"),
}


def risks_text(design: Design) -> Text:
    text = Text()
    if not design.risks:
        text.append("No risks found.", style="italic")
    for risk in design.risks:
        text.append(f"{risk.severity:<6} ", style=SEVERITY_STYLES.get(risk.severity, ""))
        text.append(risk.title, style="bold")
        text.append(f"\n       {risk.message}\n")
    return text


def confidence_text(design: Design) -> Text:
    confidence = design.confidence
    text = Text()
    text.append(f"{confidence.rating} ({confidence.score}/100)", style="bold")
    text.append(
        f"  {confidence.known_answers} of {confidence.total_answers} answers known,"
        f" {confidence.evidence_backed} backed by evidence\n",
        style="dim",
    )
    for reason in confidence.reasons:
        text.append(f"• {reason}\n")
    return text


def gaps_text(design: Design) -> Text:
    text = Text()
    if not design.gaps:
        text.append("Every question is answered.", style="italic")
    for gap in design.gaps:
        text.append(gap.key, style="bold")
        text.append(f": {gap.question}")
        if gap.assumed:
            text.append(f" (assumed {gap.assumed})", style="dim")
        text.append("\n")
    return text


def plan_text(plan: list[PlannedFile]) -> Text:
    text = Text()
    for item in plan:
        label, style = ACTION_LABELS[item.action]
        text.append(f"{label:<10} ", style=style)
        text.append(f"{item.path}\n")
    return text


class ReviewScreen(StepScreen):
    """Check the design, then write it."""

    STEP = "review"
    INTRO = "What the design still lacks, how sure it is, and the files export writes."

    @dataclass
    class OutputFolderChanged(Message):
        """The user typed another output folder."""

        folder: str

    @dataclass
    class ExportRequested(Message):
        """The user pressed Export."""

    output_folder: var[str] = var(".", init=False)
    """The output folder as typed (relative to where the session started)."""
    plan: var[list[PlannedFile] | None] = var(None, init=False)

    def compose_form(self) -> ComposeResult:
        yield Label("Risks", classes="group-title")
        yield TextPanel(id="review-risks")
        yield Label("Confidence", classes="group-title")
        yield TextPanel(id="review-confidence")
        yield Label("Information gaps", classes="group-title")
        yield TextPanel(id="review-gaps")
        yield Label("Output folder", classes="group-title")
        yield Input(self.output_folder, id="output-folder", select_on_focus=False, compact=True)
        yield TextPanel(id="review-plan")
        yield Button("Export", id="export", variant="primary", tooltip="Write the files (ctrl+s)")

    def show_design(self, design: Design) -> None:
        self.query_one("#review-risks", TextPanel).show(risks_text(design))
        self.query_one("#review-confidence", TextPanel).show(confidence_text(design))
        self.query_one("#review-gaps", TextPanel).show(gaps_text(design))

    def on_mount(self) -> None:
        super().on_mount()
        self.watch_output_folder(self.output_folder)
        self.watch_plan(self.plan)

    def watch_output_folder(self, folder: str) -> None:
        if not self.is_mounted:
            return
        control = self.query_one("#output-folder", Input)
        if control.value != folder:
            control.value = folder

    def watch_plan(self, plan: list[PlannedFile] | None) -> None:
        if not self.is_mounted:
            return
        self.query_one("#review-plan", TextPanel).show(plan_text(plan or []))

    @on(Input.Changed, "#output-folder")
    def _folder(self, event: Input.Changed) -> None:
        event.stop()
        if event.value.strip():
            self.post_message(self.OutputFolderChanged(event.value.strip()))

    @on(Input.Submitted, "#output-folder")
    def _folder_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    @on(Button.Pressed, "#export")
    def _export(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.ExportRequested())
