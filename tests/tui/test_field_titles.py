"""A field's title is shown whole at 80 columns: a title longer than the form is wide
wraps onto a second line instead of losing its end ("Min. primary metric gain (poin")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from screens.widgets.fields import AnswerField
from tests.tui.driving import settle


@pytest.mark.parametrize("step", ["project", "maturity", "components", "thresholds", "cicd"])
async def test_every_field_title_fits_the_form_at_80_columns(
    answers_from: Callable[..., Path], make_app: Callable[..., Any], step: str
) -> None:
    app = make_app(answers_from("fraud-detection", step))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        cut = []
        for field in app.screen.query(AnswerField):
            title = field.query_one(".field-title")
            if title.outer_size.width > field.content_size.width:
                cut.append(field.title)
        assert cut == []
