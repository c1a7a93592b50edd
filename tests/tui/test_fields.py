"""Editing fields with the keyboard: the canary stages as a list, the k-of-n rule, and an
invalid schedule, each checked with the loader's rules on the field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.tui.driving import focus_field, settle, type_into
from wizard.io.loader import load_answers

SIZE = (120, 40)
CANARY = "retraining.canary_stages"


async def test_canary_stages_are_edited_as_a_list(
    answers_from: Callable[..., Path], make_app: Callable[..., object]
) -> None:
    path = answers_from("churn-azure", "thresholds")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = app.screen.field(CANARY)
        await focus_field(pilot, CANARY, "StageList")
        await pilot.press("delete")  # the highlighted first stage, 10
        await settle(pilot)
        assert app.state.answers.retraining.canary_stages == [50, 100]

        await focus_field(pilot, CANARY, "#canary-new")
        await pilot.press("5", "enter")  # goes before the first larger stage
        await settle(pilot)
        assert app.state.answers.retraining.canary_stages == [5, 50, 100]

        await focus_field(pilot, CANARY, "StageList")
        await pilot.press("home", "shift+down")  # 50, 5, 100 does not increase
        await settle(pilot)
        assert editor.stages == [50, 5, 100]
        assert editor.problem is not None and "increas" in editor.problem
        assert app.state.answers.retraining.canary_stages == [5, 50, 100]

        await pilot.press("shift+up")
        await settle(pilot)
        assert editor.problem is None
        assert app.state.answers.retraining.canary_stages == [5, 50, 100]

        await focus_field(pilot, CANARY, "#canary-new")
        await pilot.press("1", "5", "0", "enter")
        await settle(pilot)
        assert editor.problem is not None and "1..100" in editor.problem
        assert app.state.answers.retraining.canary_stages == [5, 50, 100]
        app.save_now()
    assert load_answers(path).retraining.canary_stages == [5, 50, 100]


async def test_the_window_rule_needs_k_not_above_n(
    answers_from: Callable[..., Path], make_app: Callable[..., object]
) -> None:
    app = make_app(answers_from("churn-azure", "thresholds"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        key = "retraining.performance.window_rule"
        await focus_field(pilot, key, "#breaches")
        await pilot.press("backspace", "7")
        await settle(pilot)
        field = app.screen.field(key)
        assert field.problem is not None and "exceeds" in field.problem
        assert app.state.answers.retraining.performance.window_rule.breaches == 2
        await pilot.press("backspace", "3")
        await settle(pilot)
        assert field.problem is None
        assert app.state.answers.retraining.performance.window_rule.breaches == 3
        assert app.state.answers.retraining.performance.window_rule.windows == 4


async def test_a_schedule_must_be_a_keyword_or_a_cron(
    answers_from: Callable[..., Path], make_app: Callable[..., object]
) -> None:
    app = make_app(answers_from("churn-azure", "thresholds"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_into(pilot, "retraining.schedule", "hourly")
        await settle(pilot)
        field = app.screen.field("retraining.schedule")
        assert field.problem is not None and "allowed" in field.problem
        assert app.state.answers.retraining.schedule == "monthly"
        await type_into(pilot, "retraining.schedule", "0 4 * * 1")
        await settle(pilot)
        assert field.problem is None
        assert app.state.answers.retraining.schedule == "0 4 * * 1"
        assert "0 4 * * 1" in app.state.documents.ci.text
