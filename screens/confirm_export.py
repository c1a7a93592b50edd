"""Export would overwrite files the user edited since the last export: ask first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static


class ConfirmOverwriteScreen(ModalScreen[bool]):
    """Dismisses with True to overwrite the edited files, False to leave everything as is."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Overwrite", id="confirm-overwrite"),
        Binding("n,escape", "answer(False)", "Cancel", id="confirm-cancel"),
    ]

    def __init__(self, paths: Sequence[str]) -> None:
        super().__init__()
        self.paths = tuple(paths)

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Label("Overwrite files you edited?", classes="dialog-title")
            yield Static(
                "These files changed since the last export. Overwriting replaces your edits;"
                " cancelling writes nothing.",
                classes="dialog-text",
            )
            for path in self.paths:
                yield Static(f"• {path}", classes="edited-path", markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button("Overwrite (y)", id="overwrite", variant="warning")
                yield Button("Cancel (n)", id="cancel", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    def action_answer(self, overwrite: bool) -> None:
        self.dismiss(overwrite)

    @on(Button.Pressed, "#overwrite")
    def _overwrite(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(False)
