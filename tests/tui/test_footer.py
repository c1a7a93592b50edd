"""The footer shows every key of the step shown at 120 columns, none cut off."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets._footer import FooterKey

from tests.tui.driving import settle


def screen_rows(app: Any) -> list[str]:
    """The screen as painted, one string per row (from the SVG screenshot)."""
    import html
    import re

    rows: dict[float, list[tuple[float, str]]] = {}
    pattern = r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>'
    for match in re.finditer(pattern, app.export_screenshot()):
        x, y, text = float(match[1]), float(match[2]), html.unescape(match[3])
        rows.setdefault(y, []).append((x, text))
    return [
        "".join(t for _, t in sorted(row)).replace("\xa0", " ") for _, row in sorted(rows.items())
    ]


SIZE = (120, 40)


@pytest.mark.parametrize("step", ["project", "maturity", "components", "cicd", "review"])
async def test_every_key_shows_in_the_footer(
    answers_from: Callable[..., Path], make_app: Callable[..., Any], step: str
) -> None:
    app = make_app(answers_from("fraud-detection", step))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        keys = list(app.screen.query(FooterKey))
        shown = {key.key for key in keys}
        assert {"ctrl+q", "ctrl+b", "ctrl+n", "ctrl+s", "ctrl+t", "f1"} <= shown
        bottom = screen_rows(app)[-1]
        for key in keys:
            assert f"{key.key_display} {key.description}" in bottom, (key.key, bottom)
        assert bottom.rstrip().endswith("^p palette")  # nothing stray after it
