"""Typing however fast: a burst of keys (a paste, a fast typist, `tmux send-keys`) settles,
and the field, the answers and the saved file agree once typing pauses."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.widgets import Input

from tests.tui.driving import burst, focus_field, settle
from wizard.io.loader import load_answers

SIZE = (120, 40)
LATENCY = "promotion.max_latency_ms"


async def burst_into_latency(pilot: Any, keys: str | list[str], typed: str) -> Input:
    """Focus Maximum latency (100 in the example), End, then ``keys`` all at once; wait
    until the field shows ``typed`` and the session saved what it took."""
    app = pilot.app
    await settle(pilot)
    await focus_field(pilot, LATENCY, "Input")
    await pilot.press("end")
    burst(pilot, keys)
    control = app.screen.field(LATENCY).query_one(Input)
    for _ in range(300):  # until the keys are all taken (or the session is stuck)
        await pilot.pause(0.01)
        if control.value == typed and not app.state.unsaved:
            break
    await settle(pilot)
    await pilot.pause(0.3)  # past the autosave's pause
    return control


async def assert_idle(pilot: Any) -> None:
    """Nothing goes on publishing states once the keys are taken (no loop, no timer)."""
    published = pilot.app.publications
    await pilot.pause(0.5)
    assert pilot.app.publications == published


async def assert_taken(pilot: Any, control: Input, path: Path, typed: str) -> None:
    """The field holds every key typed, in order, with the cursor after the last; the
    answers and the file hold its value; and the session is idle."""
    assert (control.value, control.cursor_position) == (typed, len(typed))
    assert pilot.app.state.answers.promotion.max_latency_ms == float(typed)
    assert load_answers(path).promotion.max_latency_ms == float(typed)
    await assert_idle(pilot)


async def test_a_burst_of_keys_settles_and_screen_answers_and_file_agree(
    answers_from: Callable[..., Path], make_app: Callable[..., Any]
) -> None:
    path = answers_from("fraud-detection", "thresholds")
    app = make_app(path, autosave_delay=0.05)
    # 25 keys, every prefix a valid latency (a deletion would be reordered by Textual
    # itself: its bindings run after the characters already queued).
    keys = ".1234567890123456789012345"[:25]
    typed = "100" + keys
    async with app.run_test(size=SIZE) as pilot:
        control = await burst_into_latency(pilot, keys, typed)
        await assert_taken(pilot, control, path, typed)
        assert control.value == typed


async def test_a_burst_into_an_invalid_value_keeps_every_key_and_the_last_valid_answer(
    answers_from: Callable[..., Path], make_app: Callable[..., Any]
) -> None:
    """The reproduction: 25 fives after 100 (as `tmux send-keys -l` types them)."""
    path = answers_from("fraud-detection", "thresholds")
    app = make_app(path, autosave_delay=0.05)
    typed = "100" + "5" * 25
    async with app.run_test(size=SIZE) as pilot:
        control = await burst_into_latency(pilot, "5" * 25, typed)
        assert (control.value, control.cursor_position) == (typed, len(typed))
        assert LATENCY in app.state.problems  # out of range: shown on the field
        assert app.state.answers.promotion.max_latency_ms == 100  # the answer it had
        assert load_answers(path).promotion.max_latency_ms == 100
        await assert_idle(pilot)
        assert control.value == typed


async def test_deletions_in_a_burst_apply_in_the_order_they_were_typed(
    answers_from: Callable[..., Path], make_app: Callable[..., Any]
) -> None:
    """Clearing 100 to 1, typing 250, deleting the 0, then 99, all queued at once: the field
    holds exactly what was typed (Textual runs an input's backspace binding only after the
    key has bubbled up to the app, behind the characters queued after it)."""
    path = answers_from("fraud-detection", "thresholds")
    app = make_app(path, autosave_delay=0.05)
    keys = ["backspace", "backspace", *"250", "backspace", *"99", "left", "delete", "7"]
    typed = "12597"
    async with app.run_test(size=SIZE) as pilot:
        control = await burst_into_latency(pilot, keys, typed)
        await assert_taken(pilot, control, path, typed)


async def test_a_burst_is_taken_as_a_few_states_not_one_per_key(
    answers_from: Callable[..., Path], make_app: Callable[..., Any]
) -> None:
    """Each state published rebuilds architecture.md and repaints the preview: one per key
    of a paste kept the screen and the file behind the keys by a tenth of a second or more."""
    path = answers_from("fraud-detection", "thresholds")
    app = make_app(path)
    keys = ".1234567890123456789012345"[:25]
    typed = "100" + keys
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        published = app.publications
        control = await burst_into_latency(pilot, keys, typed)
        assert control.value == typed
        assert load_answers(path).promotion.max_latency_ms == float(typed)
        assert app.publications - published <= len(keys) // 3
