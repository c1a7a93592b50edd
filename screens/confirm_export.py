"""Export would overwrite files that hold someone's work: ask first."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from screens.choice import ChoiceScreen, answer_bindings
from wizard.model.text import visible


class ConfirmOverwriteScreen(ChoiceScreen, ModalScreen[bool]):
    """Dismisses with True to overwrite the edited files, False to leave everything as is."""

    YES = "overwrite"
    FOCUSED = "cancel"
    BINDINGS: ClassVar[list[BindingType]] = answer_bindings(
        ("y", "Overwrite", "confirm-overwrite"), ("n,escape", "Cancel", "confirm-cancel")
    )

    def __init__(self, paths: Sequence[str], conflicts: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self.paths = tuple(paths)
        self.conflicts = dict(conflicts or {})

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Label("Overwrite files you edited?", classes="dialog-title")
            yield Static(
                "Your edits to these files conflict with the new design, or no export wrote "
                "them. Overwriting replaces them; cancelling leaves them as they are (a "
                "conflict's merge, with markers, is beside the file as FILE.merge).",
                classes="dialog-text",
            )
            for path in self.paths:
                merge = self.conflicts.get(path)
                shown = f"• {path}  (merge: {merge})" if merge else f"• {path}"
                yield Static(visible(shown), classes="edited-path", markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button("Overwrite (y)", id="overwrite", variant="warning")
                yield Button("Cancel (n)", id="cancel", variant="primary")
