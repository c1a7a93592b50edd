"""Keys handled one at a time, so a key goes where it would have gone typed slowly.

Textual forwards a key to the widget focused when the app takes it from its queue, but a
Tab, an Enter, a step key or ctrl+n only changes the focus once the key has bubbled back up
to the app, which runs its binding then. In a burst (a paste, ``tmux send-keys``, a fast
typist on a busy machine) the keys queued behind it were forwarded to the old focus by then:
Tab, Tab, End, backspace edited the first field instead of the third.

Here the app forwards the next key only once the previous one is handled: stopped by a
widget, or come back to the app and its binding run, and the screen shown then has taken
the messages that binding posted (its new focus). A single key is forwarded at once.

How long a key takes is no sign that it is lost: a step key that opens a screen for the
first time takes a second or more on a busy machine, and the keys behind it must wait for
that screen. A key is given up on only when the widget its handling went to was removed
before handling it (a dialog the key itself dismissed): nothing more can come of it.

Textual's public API is used (``call_later``, ``message_queue_size``, ``parent``,
``is_attached``, ``is_forwarded``: https://textual.textualize.io/api/message_pump/), except in
``stopped``, which says why; tests/tui/test_key_order.py checks that no other private Textual
name is touched here, and that the one read still means what it did.
"""

from __future__ import annotations

from collections import deque

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.screen import Screen
from textual.timer import Timer

#: Seconds between looks at a key whose handling was not seen to end: the next key goes
#: once the widget that had it was closed, so that such a widget never holds the keyboard.
STUCK_KEY_SECONDS = 0.5

#: Times a key waits at one widget for what it posted there (a bound: a widget that keeps
#: receiving messages must not hold the keyboard).
MOST_WAITS = 8

#: ``_in_flight`` while the next key's forwarding is scheduled: no key may overtake it.
_RELEASING = object()


def stopped(event: events.Key | events.Paste) -> bool:
    """Whether a handler stopped ``event`` (``Message.stop()``).

    The one private Textual name this module reads: Textual has ``stop()`` but no public way
    to ask whether a message was stopped. It is needed: a key stopped at the screen (a
    screen binding ran) has nothing more queued above it, and following it on up to the app
    lets the next key of a burst through before the screen the binding opened has taken its
    focus; under load that sent Down to the old screen (tests/tui/test_key_order.py,
    ``test_keys_behind_a_step_key_wait_for_the_screen_it_opens``). ``test_key_order``
    fails if Textual renames the attribute or ``stop()`` stops setting it.
    """
    return bool(event._stop_propagation)


class OrderedKeys(App[int]):
    """An app that forwards its keys (and pastes) to the focus one at a time."""

    def __init__(self) -> None:
        super().__init__()
        self._held: deque[events.Key | events.Paste] = deque()
        """Keys arrived while another was being handled, in the order they came."""
        self._in_flight: object | None = None
        """The key forwarded and not handled yet (or ``_RELEASING``); None when idle."""
        self._stuck_timer: Timer | None = None
        self._handling: DOMNode = self
        """Where the key in flight is: the node whose queue holds what comes next of it."""

    @property
    def keys_waiting(self) -> bool:
        """Whether keys of a burst are waiting behind the one being handled."""
        return bool(self._held)

    @property
    def keys_in_hand(self) -> bool:
        """Whether a key is still being handled or waits to be: until it is False, what the
        screen shows may not be what the keys typed so far make of it."""
        return self._in_flight is not None or bool(self._held)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            self._held.append(event)
            if self._in_flight is None:
                await self._forward_next()
            return
        await super().on_event(event)

    def keys_handled(self) -> None:
        """Hook: the last key of a burst was handled; none is waiting."""

    async def _forward_next(self) -> None:
        if not self._held:
            self._in_flight = None
            self.keys_handled()
            return
        event = self._in_flight = self._held.popleft()
        self._handling = self
        self._watch(event)
        await super().on_event(event)  # a priority binding, else forwarded to the focus
        if not event.is_forwarded:  # handled by the app itself (a priority binding)
            self._released(event)
            return
        self._follow(event, self.focused or self.screen)

    def _follow(self, event: events.Key | events.Paste, pump: DOMNode) -> None:
        """Run after ``pump`` handled ``event`` and what that posted to it, then follow the
        key, and the messages it made, to the parent they bubble to (each queue is first in,
        first out), up to the app: a key stopped below it has nothing queued there, and one
        more turn of the app's queue costs nothing.

        An input stops the key it types, but its Changed, and the field's Edited after it,
        are still on their way up then: the next key (ctrl+q, which saves) or the end of the
        burst (which takes the edits) must come after them, or the last character is lost.
        """
        waited = 0

        def handled() -> None:
            nonlocal waited
            is_widget = pump is not self and not isinstance(pump, Screen)
            if is_widget and pump.message_queue_size and waited < MOST_WAITS:
                waited += 1
                if pump.call_later(handled):  # behind what the key posted here
                    return
            parent = pump.parent
            if pump is self or parent is None or (stopped(event) and not is_widget):
                self._settle(event)
            else:
                self._follow(event, parent)

        self._handling = pump
        if not pump.call_later(handled):  # closed meanwhile: nothing more will come of it
            self._settle(event)

    def _settle(self, event: events.Key | events.Paste) -> None:
        """Let the screen now shown take what the key's binding posted (a focus change, a
        resumed screen, a screen still mounting), then let the app forward the next key."""
        screen = self._handling = self.screen
        if not screen.call_later(lambda: self.call_later(self._released, event)):
            self._released(event)

    def _watch(self, event: events.Key | events.Paste) -> None:
        """Look at ``event`` again in a while: let the next key go if it can no longer end."""

        def look() -> None:
            if self._in_flight is not event:
                return
            pump = self._handling
            if pump is not self and not pump.is_attached:  # removed: nothing more will come
                self._released(event)
            else:  # slow, not lost: the keys behind it wait
                self._watch(event)

        self._stuck_timer = self.set_timer(STUCK_KEY_SECONDS, look)

    def _released(self, event: events.Key | events.Paste) -> None:
        if self._in_flight is not event:
            return  # released already (the timer, after the key was seen through)
        self._in_flight = _RELEASING
        if self._stuck_timer is not None:
            self._stuck_timer.stop()
        self.call_later(self._forward_next)  # in the app's own queue, whoever released it
