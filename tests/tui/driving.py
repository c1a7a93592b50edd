"""The app as the tests run it; driving it with the keyboard in Pilot tests, and waiting for it
to settle."""

from __future__ import annotations

import inspect
from contextlib import suppress
from pathlib import Path
from typing import Any

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input
from textual.worker import WorkerCancelled

from screens.app import WizardApp
from screens.widgets.preview import MarkdownPreview


class SteadyCursorApp(WizardApp):
    """The session as the tests run it: an input's cursor never blinks (a snapshot taken
    mid-blink would miss it), turned off from outside the product as the input takes focus."""

    CSS_PATH = str(Path(inspect.getfile(WizardApp)).with_name("app.tcss"))  # not beside this file

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, Input):
            event.widget.cursor_blink = False


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until the preview shows the current answers and every worker is done."""
    app: WizardApp = pilot.app  # type: ignore[assignment]
    for _ in range(400):
        await pilot.pause()
        # An export may be waiting for the user's answer in a dialog: do not wait for it.
        busy = [worker for worker in app.workers if worker.group != "export"]
        if busy:  # (an empty list would mean every worker to wait_for_complete)
            with suppress(WorkerCancelled):  # replaced by a newer one: fine
                await app.workers.wait_for_complete(busy)
        if app.state.preview_is_current:
            break
        await pilot.pause(0.01)
    await pilot.pause()


async def focus_field(pilot: Pilot[Any], key: str, control: str = "*") -> None:
    """Press Tab until the focus is in the field for answer ``key`` (keyboard only)."""
    app = pilot.app
    for _ in range(120):
        focused = app.focused
        if focused is not None and focused in app.screen.query(control):
            for ancestor in focused.ancestors:
                if getattr(ancestor, "key", None) == key:
                    return
        await pilot.press("tab")
    raise AssertionError(f"Tab never reached the field {key}")


async def type_into(pilot: Pilot[Any], key: str, text: str) -> None:
    """Replace the text of the field for ``key`` by typing ``text``."""
    await focus_field(pilot, key, "Input")
    await pilot.press("home", "ctrl+k", *text)


async def choose(pilot: Pilot[Any], key: str, search: str) -> None:
    """Open the drop-down of the field for ``key``, type to find ``search``, take it."""
    await focus_field(pilot, key, "Select")
    await pilot.press("enter", *search, "enter")


async def still_preview(pilot: Pilot[Any]) -> None:
    """Show the preview from the top with no section highlighted.

    After a change the preview scrolls to the first changed section and highlights it for a
    moment; which section that is depends on which intermediate states were rendered while
    typing (a race), so snapshots reset it.
    """
    await settle(pilot)
    preview = pilot.app.screen.query_one(MarkdownPreview)
    for view in preview.query(".-changed"):
        view.remove_class("-changed")
    preview.scroll_home(animate=False)
    await pilot.pause()
