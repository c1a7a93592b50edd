"""Saving never loses or overwrites silently: a file changed on disk by someone else is
written only after the user says so; a save that fails keeps the session from quitting
silently (and the exit code says when changes were lost); a broken file is rewritten only
on the first change, after a copy of it is kept."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from screens.load_error import LoadErrorScreen
from screens.save_problem import SaveProblemScreen
from tests.tui.driving import press_button, settle, tab_to, type_into
from wizard.io.loader import load_answers

SIZE = (120, 40)
NAME = "project.name"
SOMEONE_ELSES = "schema_version: 1\nproject:\n  name: theirs\n"


async def wait_for_dialog(pilot: Any) -> SaveProblemScreen:
    for _ in range(250):
        await pilot.pause(0.02)
        if isinstance(pilot.app.screen, SaveProblemScreen):
            await pilot.pause()
            return pilot.app.screen
    raise AssertionError("no dialog about the save")


async def edited_while_someone_else_wrote(pilot: Any, path: Path) -> SaveProblemScreen:
    await settle(pilot)
    await type_into(pilot, NAME, "mine")
    path.write_text(SOMEONE_ELSES, encoding="utf-8")
    pilot.app.save_now()  # what the autosave's timer calls (its pause is long here)
    screen = await wait_for_dialog(pilot)
    assert screen.changed_on_disk
    assert path.read_text(encoding="utf-8") == SOMEONE_ELSES  # not overwritten
    return screen


@pytest.mark.parametrize("choice", ["reload", "overwrite", "elsewhere"])
async def test_a_file_changed_on_disk_is_written_only_as_the_user_says(
    answers_from: Callable[..., Path], make_app: Callable[..., Any], choice: str
) -> None:
    path = answers_from("fraud-detection", "project")
    app = make_app(path, autosave_delay=60)  # (no save between the keys typed)
    async with app.run_test(size=SIZE) as pilot:
        await edited_while_someone_else_wrote(pilot, path)
        if choice == "elsewhere":
            await tab_to(pilot, "elsewhere")
            await pilot.press(*"mine.yaml", "enter")
        else:
            await press_button(pilot, choice)
        await settle(pilot)
        await pilot.pause(0.1)
        await settle(pilot)
        assert not isinstance(app.screen, SaveProblemScreen)
        name = app.screen.field(NAME).query_one(Input).value
        if choice == "reload":
            assert app.state.answers.project.name == name == "theirs"
            assert path.read_text(encoding="utf-8") == SOMEONE_ELSES
        elif choice == "overwrite":
            assert load_answers(path).project.name == name == "mine"
        else:
            assert path.read_text(encoding="utf-8") == SOMEONE_ELSES
            assert load_answers(path.with_name("mine.yaml")).project.name == name == "mine"
            assert app.sub_title == "mine.yaml"
        assert not app.state.unsaved
        await pilot.press("ctrl+q")
    assert app.return_value == 0


async def test_quitting_with_changes_that_could_not_be_saved_asks(
    answers_from: Callable[..., Path],
    make_app: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = answers_from("fraud-detection", "project")
    original = path.read_text(encoding="utf-8")

    def refuse(*args: object, **options: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("wizard.io.saving.save_answers", refuse)
    app = make_app(path, autosave_delay=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_into(pilot, NAME, "lost")
        await settle(pilot)
        await pilot.pause(0.2)
        await pilot.press("ctrl+q")
        screen = await wait_for_dialog(pilot)
        assert screen.quitting and not screen.changed_on_disk
        assert "No space left" in screen.problem
        await press_button(pilot, "retry")  # still failing: asks again
        await wait_for_dialog(pilot)
        await press_button(pilot, "lose")
    assert app.return_value == 1
    assert path.read_text(encoding="utf-8") == original


async def test_a_retry_that_works_saves_and_quits(
    answers_from: Callable[..., Path],
    make_app: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from wizard.io import saving

    path = answers_from("fraud-detection", "project")
    works = saving.save_answers
    failing = [True]

    def sometimes(*args: Any, **options: Any) -> str:
        if failing[0]:
            raise OSError(13, "Permission denied")
        return works(*args, **options)

    monkeypatch.setattr("wizard.io.saving.save_answers", sometimes)
    app = make_app(path, autosave_delay=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_into(pilot, NAME, "kept")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await wait_for_dialog(pilot)
        failing[0] = False
        await press_button(pilot, "retry")
        await pilot.pause(0.1)
    assert app.return_value == 0
    assert load_answers(path).project.name == "kept"


async def test_starting_from_the_valid_part_writes_nothing_until_the_first_change(
    workdir: Path, make_app: Callable[..., Any]
) -> None:
    path = workdir / "mlops-answers.yaml"
    broken = "schema_version: 1\nproject:\n  name: kept\n  cloud: mars\n"
    path.write_text(broken, encoding="utf-8")
    (workdir / "mlops-answers.yaml.broken").write_text("an older copy\n", encoding="utf-8")
    app = make_app(path, autosave_delay=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoadErrorScreen)
        await pilot.press("v")
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        assert path.read_text(encoding="utf-8") == broken  # the promise: not yet
        assert not (workdir / "mlops-answers.yaml.broken.1").exists()
        await type_into(pilot, "project.description", "now")
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
    # The copy is numbered: the older one is kept as it was.
    assert (workdir / "mlops-answers.yaml.broken").read_text(encoding="utf-8") == "an older copy\n"
    assert (workdir / "mlops-answers.yaml.broken.1").read_text(encoding="utf-8") == broken
    answers = load_answers(path)
    assert (answers.project.name, answers.project.description) == ("kept", "now")
