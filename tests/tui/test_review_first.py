"""The Review step's "Answer these first": the same list, in the same order, as the document
opens with below a confidence of 40; hidden when the design is trusted enough."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from screens.widgets.text_panel import TextPanel
from tests.tui.driving import settle
from wizard.engine import build_design
from wizard.io.loader import load_answers
from wizard.render.markdown import render_markdown

SIZE = (120, 50)


async def test_a_low_confidence_design_asks_first_on_the_review_step(
    answers_from: Callable[..., Path], make_app: Callable[..., object]
) -> None:
    path = answers_from("minimal", "review")
    design = build_design(load_answers(path))
    assert design.confidence.score < 40 and design.answer_first
    document = render_markdown(design)
    assert "**Answer these first.**" in document
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = app.screen.query_one("#review-first", TextPanel)
        assert panel.display
        shown = panel.text.plain
        keys = [gap.key for gap in design.answer_first]
        positions = [shown.index(key) for key in keys]
        assert positions == sorted(positions), "in the document's order"
        for key in keys:
            assert f"`{key}`" in document.split("## Current State")[0]
        assert "`" not in shown


async def test_a_trusted_design_does_not_ask_first(
    answers_from: Callable[..., Path], make_app: Callable[..., object]
) -> None:
    path = answers_from("fraud-detection", "review")
    assert build_design(load_answers(path)).answer_first == ()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.screen.query_one("#review-first", TextPanel).display
