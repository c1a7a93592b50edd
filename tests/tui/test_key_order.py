"""Every key of a burst goes where it would have gone typed slowly: the keys after a Tab, an
Enter, a step key or ctrl+n reach the widget focused once that key has been handled, not the
one that was focused when they arrived (a paste, `tmux send-keys`, a fast typist)."""

from __future__ import annotations

import ast
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.app import App
from textual.screen import Screen
from textual.widgets import Input

from screens import ordered_keys
from screens.widgets import ordered_input
from screens.widgets.fields import AnswerField
from tests.tui.driving import burst, settle
from wizard.io.loader import load_answers

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


@pytest.fixture
def slow_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine so busy that opening a screen for the first time outlasts the while a key
    is given before the next one is looked at (seen under load: a second or more)."""
    monkeypatch.setattr(ordered_keys, "STUCK_KEY_SECONDS", 0.001)


def focused_key(app: Any) -> str | None:
    """The answer key of the field the focus is in."""
    focused = app.focused
    fields = [node for node in (focused, *focused.ancestors) if isinstance(node, AnswerField)]
    return fields[0].key if fields else None


@pytest.mark.usefixtures("slow_machine")
async def test_keys_behind_a_step_key_wait_for_the_screen_it_opens(
    answers_from: Callable[..., Path], make_app: Callable[..., Any]
) -> None:
    """F1 Tab Tab Enter Down Enter from Thresholds, Project never shown yet: the Tabs reach
    Project's fields once it is ready, and Down picks the next CI platform."""
    app = make_app(answers_from("fraud-detection", "thresholds"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        thresholds = app.screen
        before = {field.key: field.value for field in thresholds.query(AnswerField)}
        burst(pilot, ["f1", "tab", "tab", "enter", "down", "enter"])
        await settle(pilot)
        assert app.current_step == "project"
        assert focused_key(app) == "project.ci_platform"
        assert app.screen.field("project.ci_platform").value == "gitlab-ci"
        assert {field.key: field.value for field in thresholds.query(AnswerField)} == before


@pytest.mark.usefixtures("slow_machine")
async def test_step_keys_and_next_mid_burst_each_take_their_keys_along(
    answers_from: Callable[..., Path], make_app: Callable[..., Any]
) -> None:
    """Typing runs split by ctrl+n and a step key, all queued at once: each run edits the
    field its step opens with, on a screen shown for the first time."""
    path = answers_from("fraud-detection", "project")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        keys = ["end", "1", "ctrl+n", "ctrl+n", "ctrl+n", "end", "backspace", "f1", "end", "2"]
        burst(pilot, keys)
        await settle(pilot)
        assert app.current_step == "project"
        assert focused_key(app) == "project.name"
        assert app.screen.field("project.name").value == "fraud-detection12"
        assert app.state.answers.promotion.min_accuracy_gain_pct == 0.0  # 0.5 -> 0.


@pytest.mark.usefixtures("slow_machine")
async def test_ctrl_q_mid_burst_quits_after_the_keys_before_it_saving_them(
    answers_from: Callable[..., Path], make_app: Callable[..., Any]
) -> None:
    path = answers_from("fraud-detection", "thresholds")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(pilot, ["f1", "end", "x", "ctrl+q", "y"])
        for _ in range(500):
            if app.return_code is not None:
                break
            await pilot.pause(0.01)
    assert app.return_code == 0
    assert load_answers(path).project.name == "fraud-detectionx"


def _underscored_attributes(module: object) -> set[str]:
    """Every ``x._name`` (not a dunder) that the source of ``module`` reads or writes."""
    tree = ast.parse(inspect.getsource(module))
    return {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
    }


#: The private Textual names the key-order code reads, each where Textual has no public way
#: (``ordered_keys.stopped`` says why).
ALLOWED_PRIVATE = {"_stop_propagation"}


def test_key_order_touches_no_other_private_textual_name() -> None:
    """The key-order code runs on Textual's public API, but for the names allowed above: none
    of the other private names it uses is one of Textual's (were it, a Textual release could
    change it under us, or our attribute would shadow Textual's own)."""
    used = _underscored_attributes(ordered_keys) | _underscored_attributes(ordered_input)
    assert used, "the check must see the modules' own private attributes"
    textual_objects = [App(), Screen(), Input(), events.Key("a", "a"), events.Paste("a")]
    textual = {name for thing in textual_objects for name in dir(thing)}
    assert sorted((used & textual) - ALLOWED_PRIVATE) == []


def test_the_private_name_read_still_means_stopped() -> None:
    """Fails when a Textual release renames ``_stop_propagation`` or ``stop()`` no longer
    sets it: ``ordered_keys.stopped`` must then be rewritten."""
    key = events.Key("a", "a")
    assert ordered_keys.stopped(key) is False
    key.stop()
    assert ordered_keys.stopped(key) is True
    key.stop(False)
    assert ordered_keys.stopped(key) is False
