"""The dialogs' buttons answer them as their keys do: Enter on a focused button (or a
click) never ends the session with "Can't await screen.dismiss() from the screen's
message handler"."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from screens.confirm_export import ConfirmOverwriteScreen
from screens.load_error import LoadErrorScreen
from tests.tui.driving import settle

SIZE = (120, 40)
BROKEN = "schema_version: 1\nproject:\n  name: kept\n  cloud: mars\n"


async def focus_button(pilot: Any, button_id: str) -> None:
    for _ in range(10):
        if getattr(pilot.app.focused, "id", None) == button_id:
            return
        await pilot.press("tab")
    raise AssertionError(f"Tab never reached {button_id}")


async def test_the_start_button_starts_from_the_valid_part(
    workdir: Path, make_app: Callable[..., Any]
) -> None:
    path = workdir / "mlops-answers.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoadErrorScreen)
        await focus_button(pilot, "start")
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_step == "project"
        assert app.state.answers.project.name == "kept"


async def test_the_quit_button_quits_with_exit_code_2(
    workdir: Path, make_app: Callable[..., Any]
) -> None:
    path = workdir / "mlops-answers.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_button(pilot, "quit")
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_value == 2
    assert path.read_text(encoding="utf-8") == BROKEN


@pytest.mark.parametrize(("button", "overwritten"), [("overwrite", True), ("cancel", False)])
async def test_the_overwrite_dialog_buttons_answer_it(
    answers_from: Callable[..., Path],
    make_app: Callable[..., Any],
    workdir: Path,
    button: str,
    overwritten: bool,
) -> None:
    app = make_app(answers_from("fraud-detection", "review"))
    mine = workdir / "architecture.md"
    mine.write_text("my own document\n", encoding="utf-8")  # no export wrote it: it asks
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        for _ in range(500):
            if isinstance(app.screen, ConfirmOverwriteScreen):
                break
            await pilot.pause(0.01)
        await focus_button(pilot, button)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmOverwriteScreen)
    assert (mine.read_text(encoding="utf-8") != "my own document\n") is overwritten
