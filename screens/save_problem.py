"""The answers could not be saved: the file changed on disk (someone else wrote it), or the
write failed (a full disk, a folder where the file should be). Ask what to do rather than
overwrite silently or drop the user's changes; never a traceback."""

from __future__ import annotations

from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from wizard.model.records import record
from wizard.model.text import visible

Choice = Literal["reload", "overwrite", "retry", "elsewhere", "lose", "cancel"]


@record
class SaveDecision:
    """What the user chose; ``path`` is the other file for "elsewhere"."""

    choice: Choice
    path: str = ""


class SaveProblemScreen(ModalScreen[SaveDecision]):
    """Reload from disk / overwrite (the file changed on disk), retry (the write failed),
    save elsewhere, quit and lose the changes (when quitting), or go back (Escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Back", id="save-problem-cancel", tooltip="Back to the form"),
    ]

    def __init__(
        self, file_label: str, problem: str, *, changed_on_disk: bool, quitting: bool
    ) -> None:
        super().__init__()
        self.file_label = file_label
        self.problem = problem
        self.changed_on_disk = changed_on_disk
        self.quitting = quitting

    def compose(self) -> ComposeResult:
        with Vertical(id="save-problem"):
            title = (
                f"{self.file_label} changed on disk"
                if self.changed_on_disk
                else f"{self.file_label} could not be saved"
            )
            yield Label(visible(title), classes="error-title", markup=False)
            yield Static(visible(self.problem), classes="save-problem-text", markup=False)
            with Horizontal(classes="save-problem-buttons"):
                if self.changed_on_disk:
                    yield Button("Reload from disk", id="reload", variant="primary")
                    yield Button("Overwrite it", id="overwrite", variant="warning")
                else:
                    yield Button("Retry", id="retry", variant="primary")
                if self.quitting:
                    yield Button("Quit and lose them", id="lose", variant="error")
            yield Label("Or save to another file (Enter):")
            yield Input(placeholder="path of another answers file", id="elsewhere", compact=True)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id in ("reload", "overwrite", "retry", "lose"):
            self.dismiss(SaveDecision(event.button.id))  # type: ignore[arg-type]

    @on(Input.Submitted, "#elsewhere")
    def _elsewhere(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.dismiss(SaveDecision("elsewhere", event.value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(SaveDecision("cancel"))
