"""Driving the session in Pilot tests: the app as the tests run it, the keyboard, and waiting
until the screen shows the session's state (what is painted, not the app's own flags)."""

from __future__ import annotations

import inspect
import time
from contextlib import suppress
from pathlib import Path
from typing import Any

from textual import events
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import WorkerCancelled

from screens.app import WizardApp
from screens.step_screen import StepScreen
from screens.widgets.preview import MarkdownPreview, PreviewPane, SectionView, SourcePreview

#: Seconds a wait may take before the test fails with what the screen still lacks: a guard
#: against a hang, not a speed test (six sessions at once on a busy 2-core machine took 40 s).
SETTLE_SECONDS = 90.0

#: The bundled repository the session scans in `make run`.
SAMPLE_REPO = Path(__file__).resolve().parents[2] / "examples" / "sample-repo"


class SteadyCursorApp(WizardApp):
    """The session as the tests run it: an input's cursor never blinks (a snapshot taken
    mid-blink would miss it), turned off from outside the product as the input takes focus."""

    CSS_PATH = str(Path(inspect.getfile(WizardApp)).with_name("app.tcss"))  # not beside this file

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, Input):
            event.widget.cursor_blink = False


def unsettled(app: WizardApp) -> str | None:
    """What the screen does not show yet of the session's state; None when it shows it all."""
    exporting = any(w.group == "export" and not w.is_finished for w in app.workers)
    if exporting and not isinstance(app.screen, ModalScreen):  # (else it asks the user)
        return "an export is running"
    if app.keys_in_hand:  # a burst behind a slow screen: its keys are not all taken yet
        return "keys of a burst are still being handled"
    screen = next((s for s in reversed(app.screen_stack) if isinstance(s, StepScreen)), None)
    if screen is None:
        return None  # the load error screen: nothing is built behind it
    state = app.state
    documents = state.documents
    if documents is None or not state.preview_is_current:
        return "the documents of the current answers are not built"
    if screen.state is not state:
        return "the step screen has not caught up with the state"
    pane = screen.query_one(PreviewPane)
    if [view.text for view in pane.query(SectionView)] != [s.text for s in documents.sections]:
        return "the preview's sections do not hold architecture.md"
    if not pane.query_one(MarkdownPreview).size.width:
        return "the preview has not been laid out"
    if pane.query_one("#spec-preview", SourcePreview).text != documents.spec:
        return "the spec tab does not hold the spec"
    ci = pane.query_one("#ci-preview", SourcePreview)
    if documents.ci is None or ci.text != documents.ci.text:
        return "the CI tab does not hold the CI file"
    return None


async def _quiet(pilot: Pilot[Any]) -> None:
    """Let pending messages, workers and animations finish (not an export, which may wait
    for the user's answer in a dialog; ``unsettled`` tells whether it still runs)."""
    app = pilot.app
    await pilot.pause()
    busy = [worker for worker in app.workers if worker.group != "export"]
    if busy:  # (an empty list would mean every worker to wait_for_complete)
        with suppress(WorkerCancelled):  # replaced by a newer one: fine
            await app.workers.wait_for_complete(busy)
    await pilot.wait_for_scheduled_animations()


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until the screen shows the current answers: the documents built from them are
    in the preview's widgets, the screen has caught up, and nothing is left running."""
    app: WizardApp = pilot.app  # type: ignore[assignment]
    deadline = time.monotonic() + SETTLE_SECONDS
    while True:
        await _quiet(pilot)
        missing = unsettled(app)
        if missing is None:
            break
        if time.monotonic() > deadline:
            raise AssertionError(f"The screen never settled: {missing}")
        await pilot.pause(0.01)
    await pilot.pause()


async def painted(pilot: Pilot[Any]) -> None:
    """Settle, then wait until two frames running paint the same screen, for snapshots."""
    await settle(pilot)
    deadline = time.monotonic() + SETTLE_SECONDS
    frame = pilot.app.export_screenshot()
    while True:
        await _quiet(pilot)
        await pilot.pause(0.02)
        previous, frame = frame, pilot.app.export_screenshot()
        if frame == previous and unsettled(pilot.app) is None:
            return
        if time.monotonic() > deadline:
            raise AssertionError("The screen never stopped changing")


def _in_field(widget: Widget | None, key: str, controls: set[Widget]) -> bool:
    """Whether ``widget`` is one of ``controls`` inside the field for answer ``key``."""
    if widget is None or widget not in controls:
        return False
    return any(getattr(ancestor, "key", None) == key for ancestor in widget.ancestors)


async def focus_field(pilot: Pilot[Any], key: str, control: str = "*") -> None:
    """Press Tab until the focus is in the field for answer ``key`` (keyboard only).

    The Tabs it takes, counted on the screen's focus chain, are pressed in one go: the app
    takes keys one at a time, each where it would go typed slowly (screens/ordered_keys.py),
    and Pilot waits for the whole screen once after the last key instead of after each one
    (on a step screen that wait is most of a key's cost). Then one at a time, should a Tab
    have changed the chain."""
    app = pilot.app
    controls = set(app.screen.query(control))
    chain = app.screen.focus_chain
    target = next((i for i, widget in enumerate(chain) if _in_field(widget, key, controls)), None)
    if target is not None and not _in_field(app.focused, key, controls):
        here = chain.index(app.focused) if app.focused in chain else -1
        await pilot.press(*["tab"] * ((target - here) % len(chain)))
    for _ in range(120):
        if _in_field(app.focused, key, set(app.screen.query(control))):
            return
        await pilot.press("tab")
    raise AssertionError(f"Tab never reached the field {key}")


async def tab_to(pilot: Any, widget_id: str) -> None:
    """Tab to the dialog's control ``widget_id`` (keyboard only)."""
    for _ in range(10):
        if getattr(pilot.app.focused, "id", None) == widget_id:
            return
        await pilot.press("tab")
    raise AssertionError(f"Tab never reached {widget_id}")


async def press_button(pilot: Any, button_id: str) -> None:
    """Tab to the button ``button_id`` and press Enter on it (keyboard only)."""
    await tab_to(pilot, button_id)
    await pilot.press("enter")


async def type_into(pilot: Pilot[Any], key: str, text: str) -> None:
    """Replace the text of the field for ``key`` by typing ``text``."""
    await focus_field(pilot, key, "Input")
    await pilot.press("home", "ctrl+k", *text)


async def choose(pilot: Pilot[Any], key: str, search: str) -> None:
    """Open the drop-down of the field for ``key``, type to find ``search``, take it."""
    await focus_field(pilot, key, "Select")
    await pilot.press("enter", *search, "enter")


async def still_preview(pilot: Pilot[Any]) -> None:
    """Show the preview from the top with no section highlighted, as painted.

    After a change the preview scrolls to the first changed section and highlights it for a
    moment; which section that is depends on which intermediate states were rendered while
    typing (a race), so snapshots reset it.
    """
    await settle(pilot)
    preview = pilot.app.screen.query_one(MarkdownPreview)
    for view in preview.query(".-changed"):
        view.remove_class("-changed")
    preview.scroll_home(animate=False)
    await painted(pilot)


def burst(pilot: Pilot[Any], keys: str | list[str]) -> None:
    """Send ``keys`` to the app as a terminal delivers a paste or a fast typist: all queued at
    once through the driver (as ``Pilot.press`` sends them, without its pause after each)."""
    import unicodedata

    from textual.app import _get_unicode_name_from_key
    from textual.keys import REPLACED_KEYS, _character_to_key

    app = pilot.app
    assert app._driver is not None
    for key in keys:
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        original = REPLACED_KEYS.get(key, key)
        try:
            char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
        except KeyError:
            char = key if len(key) == 1 else None
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)
