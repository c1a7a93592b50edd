"""The preview's tables read at any terminal width: at 80 columns a cell is never cut to a
few letters and an ellipsis (``Capa…  Stat…``); each row is drawn as a record instead."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from screens.widgets.preview import MarkdownPreview, SectionView
from tests.tui.driving import SAMPLE_REPO, settle
from wizard.model.vocabulary import CAPABILITY_LABELS


def preview_text(app: Any, section: str) -> list[str]:
    """The lines the preview paints for ``section`` of architecture.md."""
    view = app.screen.query_one(MarkdownPreview).query_one(f"#section-{section}", SectionView)
    return [line.text.rstrip() for line in view.lines]


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)])
@pytest.mark.parametrize(
    ("step", "section"),
    [("maturity", "current-state"), ("thresholds", "automated-retraining")],
)
async def test_every_word_of_a_preview_table_is_shown_whole(
    answers_from: Callable[..., Path],
    make_app: Callable[..., Any],
    size: tuple[int, int],
    step: str,
    section: str,
) -> None:
    # With the scan, the capability table has its Evidence column of file paths (the widest).
    app = make_app(answers_from("fraud-detection", step), SAMPLE_REPO)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        lines = preview_text(app, section)
        assert not [line for line in lines if "…" in line]
        if section == "current-state":
            words = {word for line in lines for word in line.split()}
            for label in CAPABILITY_LABELS.values():
                assert set(label.split()) <= words, label
