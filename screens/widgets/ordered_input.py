"""A text input that applies every key in the order it was typed, however fast they come.

Textual's Input inserts a printable key from its own message queue, but an editing key
(backspace, delete, the arrows, home, end) is not handled there: the key bubbles up through
every ancestor's queue to the app, which only then runs the input's binding for it. In a
burst (a paste, ``tmux send-keys``, a fast typist on a busy machine) the characters queued
behind that key are inserted first, so "1", backspace, "2" gave "12" instead of "2".

It is also where a value from the answers file is put in front of the user: a control
character in it is shown as its escape, never sent to the terminal.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from wizard.model.text import visible


def printable(text: str) -> str:
    """``text`` with each character that is not printable shown as its escape (``\\x1b``),
    so a value from a file (an OSC title or clipboard sequence, a bell) is shown, never
    sent to the terminal. Backslashes stay as they are: the text is edited, not reported."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else visible(char) for char in text)


class OrderedInput(Input):
    """An Input that runs its own key bindings as the key reaches it, in the queue's order
    (``on_key`` runs before Input's own handler, which it keeps from running)."""

    def show_text(self, text: str) -> None:
        """Show ``text`` (from the answers) made printable; not an edit, so no Changed."""
        text = printable(text)
        if text != self.value:
            with self.prevent(Input.Changed):
                self.value = text

    async def on_key(self, event: events.Key) -> None:
        if event.is_printable:
            return  # Input's own handler inserts it, next in the class chain
        # The binding this key reaches from here, read the public way (Screen.active_bindings,
        # where the footer reads them too): the input's own, unless a priority one overrides.
        active = self.screen.active_bindings.get(event.key)
        # (A priority binding was the app's to run before the key was forwarded here.)
        if active is None or active.node is not self or active.binding.priority:
            return
        if await self.app.run_action(active.binding.action, self):
            event.stop()
            event.prevent_default()  # nor Input's handler, nor the app's bindings again
