"""The footer, in one row where every key fits and in two rows where it does not.

At 80 columns the step's keys and the session's keys (steps, export, quit, the palette) take
some 120 columns in one row, and Textual's footer cuts the row mid-word. Narrow screens
show two footers instead: the keys of the step and the field focused above, the session's
own keys below (the stylesheet chooses by the screen's width class), and only those when
the step has no keys of its own.
"""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: Which keys a footer shows: all, the app's own (steps, export, quit, ...), or the others
#: (the step screen's and the focused field's).
Keys = Literal["all", "session", "step"]


class KeysFooter(Footer):
    """A compact footer showing all the active keys, or those of the session or the step."""

    def __init__(self, keys: Keys = "all", *, id: str | None = None) -> None:
        super().__init__(
            id=id, classes=f"footer-{keys}", compact=True, show_command_palette=keys != "step"
        )
        self.keys = keys

    def compose(self) -> ComposeResult:
        if self.keys == "all":
            yield from super().compose()
            return
        active = self.screen.active_bindings
        shown = 0
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.key in active:
                of_session = active[widget.key].node is self.app
                if of_session != (self.keys == "session"):
                    continue
                shown += 1
            yield widget
        # No key of the step (Review; the focus in the preview): no blank row above the
        # session's keys, which take the footer's only row (the stylesheet hides this one).
        self.set_class(not shown, "-empty")
