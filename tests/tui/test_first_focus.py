"""Each step opens with the focus where the user can see it: what they type at once goes
into a field on screen, never into one scrolled out of view (Review's output folder sat
below the risks, off screen, taking the keys)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.tui.driving import settle


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.parametrize(
    "step", ["project", "maturity", "components", "thresholds", "cicd", "review"]
)
async def test_the_focus_a_step_opens_with_is_on_screen(
    answers_from: Callable[..., Path],
    make_app: Callable[..., Any],
    step: str,
    size: tuple[int, int],
) -> None:
    app = make_app(answers_from("fraud-detection", step))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        focused = app.focused
        assert focused is not None
        form = app.screen.query_one("#form")
        shown = form.region.intersection(focused.region)
        assert shown == focused.region, (focused, shown)
