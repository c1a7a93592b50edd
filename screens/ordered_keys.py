"""Keys handled one at a time, so a key goes where it would have gone typed slowly.

Textual forwards a key to the widget focused when the app takes it from its queue, but a
Tab, an Enter, a step key or ctrl+n only changes the focus once the key has bubbled back up
to the app, which runs its binding then. In a burst (a paste, ``tmux send-keys``, a fast
typist on a busy machine) the keys queued behind it were forwarded to the old focus by then:
Tab, Tab, End, backspace edited the first field instead of the third.

Here the app forwards the next key only once the previous one is handled: stopped by a
widget, or come back to the app and its binding run, and the screen shown then has taken
the messages that binding posted (its new focus). A single key is forwarded at once.
"""

from __future__ import annotations

from collections import deque

from textual import events
from textual.app import App
from textual.message_pump import MessagePump
from textual.timer import Timer

#: Seconds after which a key whose handling was never seen to end lets the next one go,
#: so that a widget closed mid-key can never hold the keyboard.
STUCK_KEY_SECONDS = 1.0

#: ``_in_flight`` while the next key's forwarding is scheduled: no key may overtake it.
_RELEASING = object()


class OrderedKeys(App[int]):
    """An app that forwards its keys (and pastes) to the focus one at a time."""

    def __init__(self) -> None:
        super().__init__()
        self._held: deque[events.Key | events.Paste] = deque()
        """Keys arrived while another was being handled, in the order they came."""
        self._in_flight: object | None = None
        """The key forwarded and not handled yet (or ``_RELEASING``); None when idle."""
        self._stuck_timer: Timer | None = None

    @property
    def keys_waiting(self) -> bool:
        """Whether keys of a burst are waiting behind the one being handled."""
        return bool(self._held)

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
        self._stuck_timer = self.set_timer(STUCK_KEY_SECONDS, lambda: self._released(event))
        await super().on_event(event)  # a priority binding, else forwarded to the focus
        if not event.is_forwarded:  # handled by the app itself (a priority binding)
            self._released(event)
            return
        self._follow(event, self.focused or self.screen)

    def _follow(self, event: events.Key | events.Paste, pump: MessagePump) -> None:
        """Run after ``pump`` handled ``event``: done if stopped there or at the app, else
        follow it to the parent it bubbled to (each queue is first in, first out)."""

        def handled() -> None:
            parent = pump._parent
            if event._stop_propagation or pump is self or parent is None:
                self._settle(event)
            else:
                self._follow(event, parent)

        if not pump.call_later(handled):  # closed meanwhile: nothing more will come of it
            self._settle(event)

    def _settle(self, event: events.Key | events.Paste) -> None:
        """Let the screen now shown take what the key's binding posted (a focus change, a
        resumed screen), then let the app forward the next key."""
        screen = self.screen
        if not screen.call_later(lambda: self.call_later(self._released, event)):
            self._released(event)

    def _released(self, event: events.Key | events.Paste) -> None:
        if self._in_flight is not event:
            return  # released already (the timer, after the key was seen through)
        self._in_flight = _RELEASING
        if self._stuck_timer is not None:
            self._stuck_timer.stop()
        self.call_later(self._forward_next)  # in the app's own queue, whoever released it
