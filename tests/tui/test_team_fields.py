"""The team's size and budget on the Project form: typed and chosen with the keyboard, saved,
and the preview's roadmap and stack following them (a two-person team's first week sets up
one tool; a minimal budget gets no feature store)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from screens.widgets.preview import MarkdownPreview, SectionView
from tests.tui.driving import choose, settle, type_into

SIZE = (120, 40)


def _markdown(app: Any) -> str:
    return "".join(view.text for view in app.screen.query_one(MarkdownPreview).query(SectionView))


async def test_a_two_person_team_gets_a_first_week_in_the_preview(
    answers_from: Callable[..., Path], make_app: Callable[..., Any]
) -> None:
    path = answers_from("fraud-detection", "project")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "### Week 1: First week" not in _markdown(app)
        await type_into(pilot, "project.team_size", "2")
        await settle(pilot)
        assert app.state.answers.project.team_size == 2
        markdown = _markdown(app)
        assert "### Week 1: First week" in markdown
        first_week = markdown.split("### Week 1: First week")[1].split("\n### ")[0]
        # One tool in the first week: the tracker and its own registry, data versioning later.
        assert "Set up MLflow tracking server" in first_week
        assert "DVC" not in first_week
        app.save_now()
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["project"]["team_size"] == 2


async def test_a_minimal_budget_is_chosen_saved_and_shown(
    answers_from: Callable[..., Path], make_app: Callable[..., Any]
) -> None:
    path = answers_from("minimal", "project")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose(pilot, "project.budget", "minim")
        await settle(pilot)
        assert app.state.answers.project.budget == "minimal"
        assert "a team on a minimal budget runs no feature store" in _markdown(app)
        app.save_now()
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["project"]["budget"] == "minimal"


async def test_a_team_size_out_of_range_is_refused_on_the_field(
    answers_from: Callable[..., Path], make_app: Callable[..., Any]
) -> None:
    path = answers_from("minimal", "project")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_into(pilot, "project.team_size", "0")
        await settle(pilot)
        assert app.state.answers.project.team_size is None
