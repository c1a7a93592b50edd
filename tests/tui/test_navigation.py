"""Moving between steps by key, by the step list and by the command palette; going back and
changing an earlier answer updates everything downstream; autosave without quitting."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from screens.review import ReviewScreen
from screens.widgets.preview import CI_TAB, PreviewPane
from screens.widgets.step_list import StepList
from tests.tui.driving import choose, settle, type_into
from wizard.io.loader import load_answers

SIZE = (120, 40)


async def test_next_back_and_function_keys_move_between_steps(
    answers_from: Callable[..., Path], make_app: Callable[..., object]
) -> None:
    """From the last step but one: ctrl+n past the last step stays there, ctrl+b goes back,
    a function key jumps. (ctrl+n through every step from the first is the walk of
    test_flow.test_every_step_filled_with_the_keyboard, which checks each step it shows.)"""
    path = answers_from("fraud-detection", "cicd")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        visited = [app.current_step]
        for _ in range(2):
            await pilot.press("ctrl+n")
            await settle(pilot)
            visited.append(app.current_step)
        assert visited == ["cicd", "review", "review"]
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert app.current_step == "cicd"
        await pilot.press("f2")
        await settle(pilot)
        assert app.current_step == "maturity"
        assert app.screen.query_one(StepList).current == "maturity"
        app.save_now()
    assert load_answers(path).wizard.step == "maturity"


async def test_the_command_palette_reaches_a_step(
    answers_from: Callable[..., Path], make_app: Callable[..., object]
) -> None:
    app = make_app(answers_from("fraud-detection", "project"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Go to step 4")
        await pilot.pause(0.3)  # the palette searches in a worker of its own
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_step == "thresholds"


async def test_the_step_list_counts_unknown_answers(
    answers_from: Callable[..., Path], make_app: Callable[..., object]
) -> None:
    app = make_app(answers_from("minimal"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        steps = app.screen.query_one(StepList)
        before = dict(steps.unknown)
        # name, description, CI platform, cloud, team size, budget
        assert before["project"] == 6
        await type_into(pilot, "project.name", "churn")
        await settle(pilot)
        assert steps.unknown["project"] == 5
        assert steps.unknown["maturity"] == before["maturity"]


async def test_going_back_to_change_the_platform_updates_the_review(
    answers_from: Callable[..., Path], make_app: Callable[..., object]
) -> None:
    app = make_app(answers_from("fraud-detection", "review"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        plan = app.screen.state.plan
        assert any(item.path == ".github/workflows/ml-pipeline.yml" for item in plan)
        await pilot.press("f1")
        await settle(pilot)
        await choose(pilot, "project.ci_platform", "gitlab")
        await settle(pilot)
        assert app.state.documents.ci.path == ".gitlab-ci.yml"
        preview = app.screen.query_one(PreviewPane)
        assert str(preview.query_one("TabbedContent").get_tab(CI_TAB).label) == ".gitlab-ci.yml"
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert [item.path for item in app.screen.state.plan if item.file.kind == "ci"] == [
            ".gitlab-ci.yml"
        ]


async def test_an_accepted_change_is_saved_without_quitting(
    answers_from: Callable[..., Path], make_app: Callable[..., object]
) -> None:
    path = answers_from("fraud-detection", "thresholds")
    app = make_app(path, autosave_delay=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_into(pilot, "retraining.data_window_days", "60")
        for _ in range(50):
            await pilot.pause(0.02)
            if load_answers(path).retraining.data_window_days == 60:
                break
        assert load_answers(path).retraining.data_window_days == 60
        assert load_answers(path).wizard.step == "thresholds"


async def test_the_maturity_form_uses_the_documents_labels(
    answers_from: Callable[..., Path], make_app: Callable[..., object]
) -> None:
    from textual.widgets import Label

    from wizard.model.vocabulary import CAPABILITY_LABELS

    app = make_app(answers_from("fraud-detection", "maturity"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = {str(label.render()) for label in app.screen.query(Label)}
        assert "CI/CD for models" in shown
        assert set(CAPABILITY_LABELS.values()) <= shown
