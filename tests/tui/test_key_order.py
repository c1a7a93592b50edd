"""Every key of a burst goes where it would have gone typed slowly: the keys after a Tab, an
Enter, a step key or ctrl+n reach the widget focused once that key has been handled, not the
one that was focused when they arrived (a paste, `tmux send-keys`, a fast typist)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.widgets import Input

from tests.tui.driving import burst, settle

SIZE = (120, 40)
KEYS = ["tab", "tab", "end", "backspace", "backspace"]


def inputs_after_tabs(app: Any, tabs: int) -> tuple[Input, Input]:
    """The input focused now and the one ``tabs`` Tabs reach (both checked to be inputs)."""
    chain = app.screen.focus_chain
    first = app.focused
    target = chain[chain.index(first) + tabs]
    assert isinstance(first, Input) and isinstance(target, Input), (first, target)
    return first, target


async def assert_keys_reach_the_third_field(pilot: Any, send: Callable[[], Any]) -> None:
    app = pilot.app
    await settle(pilot)
    first, target = inputs_after_tabs(app, 2)
    before_first, before_target = first.value, target.value
    await send()
    await settle(pilot)
    assert app.focused is target
    assert (first.value, target.value) == (before_first, before_target[:-2])


async def test_keys_pressed_after_tabs_edit_the_field_tab_reached(
    answers_from: Callable[..., Path], make_app: Callable[..., Any]
) -> None:
    app = make_app(answers_from("fraud-detection", "thresholds"))
    async with app.run_test(size=SIZE) as pilot:
        await assert_keys_reach_the_third_field(pilot, lambda: pilot.press(*KEYS))


async def test_keys_queued_at_once_after_tabs_edit_the_field_tab_reached(
    answers_from: Callable[..., Path], make_app: Callable[..., Any]
) -> None:
    """The keys all queued before any is handled, as a terminal delivers a paste."""
    app = make_app(answers_from("fraud-detection", "thresholds"))

    async def send() -> None:
        burst(pilot, KEYS)

    async with app.run_test(size=SIZE) as pilot:
        await assert_keys_reach_the_third_field(pilot, send)


async def test_keys_queued_after_a_step_key_go_to_the_step_it_shows(
    answers_from: Callable[..., Path], make_app: Callable[..., Any]
) -> None:
    """F4 then End, backspace: the step shown's first field loses its last character."""
    app = make_app(answers_from("fraud-detection", "project"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        project = app.screen
        before = {field: field.value for field in project.query(Input)}
        burst(pilot, ["f4", "end", "backspace"])
        await settle(pilot)
        assert app.current_step == "thresholds"
        assert {field: field.value for field in project.query(Input)} == before
        focused = app.focused
        assert isinstance(focused, Input) and focused.screen is app.screen
