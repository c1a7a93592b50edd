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
from tests.tui.driving import press_button, settle

SIZE = (120, 40)
BROKEN = "schema_version: 1\nproject:\n  name: kept\n  cloud: mars\n"


@pytest.mark.parametrize(("button", "started"), [("start", True), ("quit", False)])
async def test_the_load_error_buttons_start_from_the_valid_part_or_quit(
    workdir: Path, make_app: Callable[..., Any], button: str, started: bool
) -> None:
    path = workdir / "mlops-answers.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoadErrorScreen)
        await press_button(pilot, button)
        await settle(pilot)
        assert (app.current_step == "project") is started
        if started:
            assert app.state.answers.project.name == "kept"
    assert app.return_value == (None if started else 2)
    assert path.read_text(encoding="utf-8") == BROKEN  # nothing written before a change


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
        await press_button(pilot, button)
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmOverwriteScreen)
    assert (mine.read_text(encoding="utf-8") != "my own document\n") is overwritten
