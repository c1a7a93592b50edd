"""The answers file could not be loaded: name every problem (file:line: key: message) and
let the user start from the part that was valid, or quit. Never a traceback."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Label, Static

from screens.choice import ChoiceScreen, answer_bindings
from wizard.io.errors import Problem
from wizard.model.text import visible


class LoadErrorScreen(ChoiceScreen, Screen[bool]):
    """Dismisses with True to continue from the valid part, False to quit."""

    YES = "start"
    FOCUSED = "start"
    BINDINGS: ClassVar[list[BindingType]] = answer_bindings(
        ("v", "Start from the valid part", "load-error-start"),
        ("q,escape", "Quit", "load-error-quit"),
    )

    def __init__(self, file_label: str, problems: Sequence[Problem]) -> None:
        super().__init__()
        self.file_label = file_label
        self.problems = tuple(problems)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="load-error"):
            title = visible(f"{self.file_label} could not be loaded")
            yield Label(title, classes="error-title", markup=False)
            count = len(self.problems)
            yield Static(
                f"{count} problem{'s' if count != 1 else ''}. Starting from the valid part keeps"
                " every other answer and leaves these unknown; nothing is written until the"
                " first change, which first keeps a copy of the file beside it as .broken"
                " (.broken.1, .2 and so on if an earlier copy is there).",
                classes="error-intro",
            )
            with VerticalScroll(id="problems"):
                for problem in self.problems:
                    # Keys and values quoted from the file: shown, never sent to the terminal.
                    yield Static(visible(str(problem)), classes="problem", markup=False)
            with Horizontal(id="load-error-buttons"):
                yield Button("Start from the valid part", id="start", variant="primary")
                yield Button("Quit", id="quit", variant="error")
        yield Footer(compact=True)
