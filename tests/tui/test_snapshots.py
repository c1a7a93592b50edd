"""What each screen looks like, pinned as SVG snapshots under snapshots/screens/.

Every snapshot starts from a bundled example copied into a scratch working folder (so only
relative paths show), with the cursor not blinking, and waits until the preview's widgets
hold the answers' documents and two frames running paint the same before the screenshot.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from screens.widgets.preview import MarkdownPreview
from tests.tui.driving import SAMPLE_REPO, painted, settle, still_preview

SIZE = (120, 40)
Snap = Callable[..., bool]


class TestStepScreens:
    """Each of the six steps, on the level-3 example (the largest document)."""

    @pytest.mark.parametrize(
        "step", ["project", "maturity", "components", "thresholds", "cicd", "review"]
    )
    def test_step(
        self,
        step: str,
        snap_compare: Snap,
        answers_from: Callable[..., Path],
        make_app: Callable[..., Any],
    ) -> None:
        app = make_app(answers_from("churn-azure", step))
        assert snap_compare(app, terminal_size=SIZE, run_before=painted)

    def test_unknown_answers_counted_in_the_step_list(
        self, snap_compare: Snap, answers_from: Callable[..., Path], make_app: Callable[..., Any]
    ) -> None:
        app = make_app(answers_from("minimal"))
        assert snap_compare(app, terminal_size=SIZE, run_before=painted)


class TestFieldStates:
    def test_refused_psi_marked_on_the_field(
        self, snap_compare: Snap, answers_from: Callable[..., Path], make_app: Callable[..., Any]
    ) -> None:
        app = make_app(answers_from("churn-azure", "thresholds"))

        async def type_invalid_psi(pilot: Pilot[Any]) -> None:
            await settle(pilot)
            field = app.screen.field("retraining.drift.psi_threshold")
            while app.focused not in field.query("Input"):
                await pilot.press("tab")
            await pilot.press("home", "ctrl+k", *"1.5")
            await still_preview(pilot)

        assert snap_compare(app, terminal_size=SIZE, run_before=type_invalid_psi)


class TestDialogs:
    def test_load_error_screen(
        self, snap_compare: Snap, workdir: Path, make_app: Callable[..., Any]
    ) -> None:
        path = workdir / "mlops-answers.yaml"
        path.write_text(
            "schema_version: 1\nproject:\n  name: churn\n  cloud: mars\n"
            "retraining:\n  drift:\n    psi_threshold: 1.5\n  canary_stages: [50, 10]\n",
            encoding="utf-8",
        )
        assert snap_compare(make_app(path), terminal_size=SIZE, run_before=painted)

    def test_export_asks_before_overwriting_edits(
        self,
        snap_compare: Snap,
        answers_from: Callable[..., Path],
        make_app: Callable[..., Any],
        workdir: Path,
    ) -> None:
        app = make_app(answers_from("churn-azure", "review"))

        async def export_over_an_edit(pilot: Pilot[Any]) -> None:
            # Files no export wrote: export cannot merge them, so it asks.
            (workdir / "architecture.md").write_text("my own document\n", encoding="utf-8")
            (workdir / "azure-pipelines.yml").write_text("trigger: none\n", encoding="utf-8")
            await settle(pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)
            app.clear_notifications()
            await painted(pilot)

        assert snap_compare(app, terminal_size=SIZE, run_before=export_over_an_edit)


class TestNarrowTerminal:
    def test_thresholds_at_80_by_24(
        self, snap_compare: Snap, answers_from: Callable[..., Path], make_app: Callable[..., Any]
    ) -> None:
        """The smallest terminal the session is made for: every key in the two footer rows."""
        app = make_app(answers_from("fraud-detection", "thresholds"))
        assert snap_compare(app, terminal_size=(80, 24), run_before=painted)

    def test_maturity_capability_table_at_80_by_24(
        self, snap_compare: Snap, answers_from: Callable[..., Path], make_app: Callable[..., Any]
    ) -> None:
        """The preview's capability table, with the scan's Evidence column, read whole: one
        record per capability where its columns cannot fit."""
        app = make_app(answers_from("fraud-detection", "maturity"), SAMPLE_REPO)

        async def show_the_table(pilot: Pilot[Any]) -> None:
            await still_preview(pilot)
            preview = app.screen.query_one(MarkdownPreview)
            preview.scroll_to_widget(preview.query_one("#section-current-state"), top=True)
            await painted(pilot)

        assert snap_compare(app, terminal_size=(80, 24), run_before=show_the_table)

    def test_review_at_80_by_24(
        self, snap_compare: Snap, answers_from: Callable[..., Path], make_app: Callable[..., Any]
    ) -> None:
        """Review has no keys of its own: the session's keys are the footer's only row."""
        app = make_app(answers_from("fraud-detection", "review"))
        assert snap_compare(app, terminal_size=(80, 24), run_before=painted)
