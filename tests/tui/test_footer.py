"""The footer shows every key of the step shown, none cut off: in one row at 120 columns,
in two at 80 (the step's keys above the session's)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets._footer import FooterKey

from screens.widgets.keys_footer import KeysFooter
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


NARROW = (80, 24)


def labels(app: Any, footer: str) -> str:
    """The keys the footer ``footer`` shows as ``screen_rows`` reads them (the blanks between
    them are margins, not text), the palette's aside."""
    keys = app.screen.query_one(footer).query(FooterKey).exclude(".-command-palette")
    return "".join(f"{key.key_display} {key.description}" for key in keys)


@pytest.mark.parametrize("step", ["project", "thresholds", "cicd", "review"])
async def test_every_key_shows_whole_in_two_rows_at_80_columns(
    answers_from: Callable[..., Path], make_app: Callable[..., Any], step: str
) -> None:
    app = make_app(answers_from("fraud-detection", step))
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        shown = {key.key for key in app.screen.query(FooterKey) if key.region}
        assert {"ctrl+q", "ctrl+b", "ctrl+n", "ctrl+s", "ctrl+t", "f1", "ctrl+p"} <= shown
        if step != "review":  # (no answer field has the focus there)
            assert "ctrl+r" in shown
        *_, above, bottom = screen_rows(app)
        # Each row reads exactly its keys: none cut, nothing stray beside them (Review has
        # no keys of its own: its footer is the session's row alone).
        if step_keys := labels(app, "#step-footer"):
            assert above.rstrip() == step_keys
        assert bottom.rstrip() == labels(app, "#session-footer") + "▏^p palette"


@pytest.mark.parametrize("width", [80, 100])
@pytest.mark.parametrize(("step", "focus"), [("review", None), ("project", "#markdown-preview")])
async def test_no_footer_row_is_left_blank_where_the_step_has_no_keys(
    answers_from: Callable[..., Path],
    make_app: Callable[..., Any],
    width: int,
    step: str,
    focus: str | None,
) -> None:
    """Review (and any step with the focus in the preview) has no keys of its own: the
    session's keys take the footer's only row instead of sitting under a blank one."""
    app = make_app(answers_from("fraud-detection", step))
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        if focus is not None:
            app.screen.query_one(focus).focus()
            await settle(pilot)
        shown = [footer for footer in app.screen.query(KeysFooter) if footer.region]
        assert [footer.id for footer in shown if not footer.query(FooterKey)] == []
        assert app.screen.query_one("#session-footer").region.bottom == app.size.height
