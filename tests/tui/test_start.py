"""How the session starts: the collector the CLI pauses for the start is turned back on."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.tui.driving import settle


@pytest.fixture
def collector_paused() -> Iterator[None]:
    """The state `mlops-wizard` starts the session in; restored whatever the test does."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()


@pytest.mark.usefixtures("collector_paused")
async def test_the_collector_runs_again_once_the_first_frame_is_painted(
    answers_from: Callable[..., Path], make_app: Callable[..., object]
) -> None:
    app = make_app(answers_from("fraud-detection", "thresholds"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # what start-up made is never scanned again


async def test_a_session_started_with_the_collector_on_leaves_it_alone(
    answers_from: Callable[..., Path], make_app: Callable[..., object]
) -> None:
    frozen = gc.get_freeze_count()
    app = make_app(answers_from("fraud-detection", "thresholds"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert gc.isenabled()
        assert gc.get_freeze_count() == frozen
