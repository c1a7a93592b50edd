"""Step 6, Review & Export: the risks, the confidence and the information gaps of the design;
the output folder; what export would do to each file; and the export itself."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Button, Input, Label

from screens.session import SessionState
from screens.step_screen import StepScreen
from screens.widgets.text_panel import TextPanel
from wizard.model.text import visible

if TYPE_CHECKING:
    from wizard.io.export import PlannedFile
    from wizard.model.design import Design

SEVERITY_STYLES = {"high": "bold red", "medium": "yellow", "low": "dim"}
ACTION_LABELS = {
    "create": ("create", "green"),
    "update": ("update", "cyan"),
    "unchanged": ("unchanged", "dim"),
    "edited": ("edited by you — merged, asks on a conflict", "bold yellow"),
    "merged": ("merged with your edits", "cyan"),
}


def _append_prose(text: Text, prose: str) -> None:
    """Document prose on screen: `code` spans shown as code, not with their backticks; any
    control character from the answers made visible."""
    for index, part in enumerate(visible(prose).split("`")):
        text.append(part, style="bold cyan" if index % 2 else "")


def _append_entry(
    text: Text, title: str, prose: str, *, lead: str = "", lead_style: str = "", joint: str = ": "
) -> None:
    """One entry of a list on screen: its lead (a severity, a number), its title in bold,
    then the document's prose about it."""
    text.append(lead, style=lead_style)
    text.append(title, style="bold")
    text.append(joint)
    _append_prose(text, prose)


def risks_text(design: Design) -> Text:
    text = Text()
    if not design.risks:
        text.append("No risks found.", style="italic")
    for risk in design.risks:
        lead, style = f"{risk.severity:<6} ", SEVERITY_STYLES.get(risk.severity, "")
        _append_entry(
            text,
            risk.title,
            risk.message,
            lead=lead,
            lead_style=style,
            joint="\n" + " " * len(lead),
        )
        text.append("\n")
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
        text.append("• ")
        _append_prose(text, reason)
        text.append("\n")
    return text


def answer_first_text(design: Design) -> Text:
    """The document's "Answer these first": the unknown answers that change the most of the
    design, in order, each with its question (empty at a confidence of 40 or more)."""
    text = Text()
    for index, gap in enumerate(design.answer_first, start=1):
        _append_entry(text, gap.key, gap.question, lead=f"{index}. ")
        text.append("\n")
    return text


def gaps_text(design: Design) -> Text:
    text = Text()
    if not design.gaps:
        text.append("Every question is answered.", style="italic")
    for gap in design.gaps:
        _append_entry(text, gap.key, gap.question)
        if gap.assumed:
            text.append(" (assumed ", style="dim")
            _append_prose(text, gap.assumed)
            text.append(")", style="dim")
        text.append("\n")
    return text


def plan_text(plan: Sequence[PlannedFile]) -> Text:
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
    # The form itself, at its top: the risks are read first, and the output folder below
    # them is off screen, where the first keys typed would go unseen. Tab reaches it.
    AUTO_FOCUS = "#form"

    @dataclass
    class OutputFolderChanged(Message):
        """The user typed another output folder."""

        folder: str

    @dataclass
    class ExportRequested(Message):
        """The user pressed Export."""

    def compose_form(self) -> ComposeResult:
        # Shown only below a confidence of 40, as the document opens with it then.
        yield Label("Answer these first", id="review-first-title", classes="group-title")
        yield TextPanel(id="review-first")
        yield Label("Risks", classes="group-title")
        yield TextPanel(id="review-risks")
        yield Label("Confidence", classes="group-title")
        yield TextPanel(id="review-confidence")
        yield Label("Information gaps", classes="group-title")
        yield TextPanel(id="review-gaps")
        yield Label("Output folder", classes="group-title")
        folder = self.state.output_folder
        yield Input(folder, id="output-folder", select_on_focus=False, compact=True)
        yield TextPanel(id="review-plan")
        yield Button("Export", id="export", variant="primary", tooltip="Write the files (ctrl+s)")

    def show_design(self, design: Design) -> None:
        first = bool(design.answer_first)
        self.query_one("#review-first-title", Label).display = first
        panel = self.query_one("#review-first", TextPanel)
        panel.display = first
        panel.show(answer_first_text(design))
        self.query_one("#review-risks", TextPanel).show(risks_text(design))
        self.query_one("#review-confidence", TextPanel).show(confidence_text(design))
        self.query_one("#review-gaps", TextPanel).show(gaps_text(design))

    def on_mount(self) -> None:
        super().on_mount()
        self._show_plan(self.state.plan)

    def show_state(self, old: SessionState, new: SessionState) -> None:
        control = self.query_one("#output-folder", Input)
        if new.output_folder != old.output_folder and control.value.strip() != new.output_folder:
            control.value = new.output_folder  # as typed, spaces and all, when it is the same
        if new.plan is not old.plan:
            self._show_plan(new.plan)

    def _show_plan(self, plan: Sequence[PlannedFile] | None) -> None:
        self.query_one("#review-plan", TextPanel).show(plan_text(plan or ()))

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
