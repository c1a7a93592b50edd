"""The first frame of a step shows what the session knows: each step's count in the step
list (``F1 · done``, not ``F1`` alone) and, on Maturity, the level box filled."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App

from screens.widgets.step_list import StepList

SIZE = (120, 40)


def frame_text(renderable: Any) -> str | None:
    """The text of a whole-screen frame handed to the driver; None for a partial update."""
    strips = getattr(renderable, "strips", None)
    if strips is None:
        return None
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


async def first_frame_of(pilot: Any, key: str, title: str, monkeypatch: Any) -> str:
    """Press ``key`` and return the first whole frame painted showing the step ``title``."""
    frames: list[str] = []
    original = App._display

    def display(app: App[Any], screen: Any, renderable: Any) -> None:
        original(app, screen, renderable)
        text = frame_text(renderable)
        if text is not None and title in text:
            frames.append(text)

    monkeypatch.setattr(App, "_display", display)
    await pilot.press(key)
    for _ in range(500):
        await pilot.pause(0.01)
        if frames:
            return frames[0]
    raise AssertionError(f"no frame showed {title}")


@pytest.mark.parametrize("start", ["project", "thresholds"])
async def test_the_first_frame_of_a_step_shows_the_counts_and_the_level(
    answers_from: Callable[..., Path],
    make_app: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
    start: str,
) -> None:
    app = make_app(answers_from("fraud-detection", start))
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(1000):  # until the first documents are built (the counts known)
            await pilot.pause(0.01)
            if app.screen.query_one(StepList).unknown is not None:
                break
        await pilot.pause(0.3)
        frame = await first_frame_of(pilot, "f2", "Answer yes, partial", monkeypatch)
        assert "F1 · done" in frame and "F3 · done" in frame
        assert "Level 0: Manual" in frame
