"""What the session's yes-or-no screens share: answered True or False by a button or a key."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Button


def answer_bindings(yes: tuple[str, str, str], no: tuple[str, str, str]) -> list[BindingType]:
    """The keys that answer: (keys, footer label, binding id) for True, then for False."""
    return [
        Binding(keys, f"answer({answer})", label, id=binding_id)
        for (keys, label, binding_id), answer in ((yes, True), (no, False))
    ]


class ChoiceScreen:
    """Mixed into a Screen: ``action_answer(True)`` or ``(False)`` from its bindings, or the
    button ``YES`` (True) or any other (False); ``FOCUSED`` is the button focused first."""

    YES: ClassVar[str]
    FOCUSED: ClassVar[str]

    def on_mount(self) -> None:
        self.query_one(f"#{self.FOCUSED}", Button).focus()  # type: ignore[attr-defined]

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)  # type: ignore[attr-defined]

    def on_button_pressed(self, event: Button.Pressed) -> None:
        # Not returned: Textual awaits what a handler returns, and awaiting dismiss() from
        # the screen's own handler raises ScreenError (the session ended on the button).
        self.dismiss(event.button.id == self.YES)  # type: ignore[attr-defined]
