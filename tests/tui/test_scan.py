"""The repository scan on the Project step: findings with path:line, and the suggested answers
taken only where the user has not answered."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from screens.widgets.scan_panel import ScanPanel
from tests.tui.driving import settle, still_preview

SIZE = (120, 40)
SAMPLE_REPO = Path(__file__).resolve().parents[2] / "examples" / "sample-repo"


@pytest.fixture
def sample_repo(workdir: Path) -> Path:
    target = workdir / "sample-repo"
    shutil.copytree(SAMPLE_REPO, target)
    return Path("sample-repo")


async def scanned(pilot: Pilot[Any]) -> None:
    """Wait for the scan to finish and the preview to include its evidence."""
    app = pilot.app
    for _ in range(500):
        await pilot.pause(0.01)
        scan = app.state.scan
        if scan is not None and (scan.evidence is not None or scan.error):
            break
    await settle(pilot)


async def test_the_scan_shows_findings_and_fills_only_unanswered_questions(
    workdir: Path, sample_repo: Path, make_app: Callable[..., Any]
) -> None:
    (workdir / "mlops-answers.yaml").write_text(
        "schema_version: 1\nmaturity:\n  automated_tests: no\n", encoding="utf-8"
    )
    app = make_app(workdir / "mlops-answers.yaml", sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await scanned(pilot)
        assert app.state.scan.error is None
        assert app.state.scan.evidence.files_scanned > 0
        panel = app.screen.query_one(ScanPanel)
        findings = str(panel.query_one("#scan-findings").render())
        assert "src/fraud/train.py:" in findings
        assert "Experiment tracking" in findings
        suggested = dict((key, value) for key, value, _ in app.state.scan.suggestions)
        assert suggested["maturity.experiment_tracking"] in ("yes", "partial")

        await pilot.press("ctrl+g")
        await settle(pilot)
        maturity = app.state.answers.maturity
        assert maturity.experiment_tracking == suggested["maturity.experiment_tracking"]
        assert maturity.automated_tests == "no"  # the user's answer wins
        markdown = app.state.documents.markdown
        assert "repository scan" in markdown or "src/fraud" in markdown


def test_project_screen_with_scan_results(
    snap_compare: Callable[..., bool],
    workdir: Path,
    sample_repo: Path,
    make_app: Callable[..., Any],
) -> None:
    app = make_app(workdir / "mlops-answers.yaml", sample_repo)

    async def scanned_and_still(pilot: Pilot[Any]) -> None:
        await scanned(pilot)
        await still_preview(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=scanned_and_still)


def shown_findings(app: Any) -> str:
    """The scan's findings as the Project screen shows them ("" while none are)."""
    panels = app.screen.query(ScanPanel)
    if not panels or not panels.first().display or not panels.first().region.height:
        return ""
    return str(panels.first().query_one("#scan-findings").render())


@pytest.mark.parametrize("press_f1", ["while the scan runs", "once it is done"])
async def test_the_scan_shows_on_project_whichever_step_the_session_starts_at(
    answers_from: Callable[..., Path],
    sample_repo: Path,
    make_app: Callable[..., Any],
    press_f1: str,
) -> None:
    """Only what the screen shows (no state read), so this runs on the code before the fix:
    the panel was mounted hidden on a screen first shown after the scan, and never filled."""
    app = make_app(answers_from("fraud-detection", "thresholds"), sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.05 if press_f1 == "while the scan runs" else 3)
        await pilot.press("f1")
        for _ in range(1000):  # up to ten seconds
            await pilot.pause(0.01)
            if "src/fraud/train.py:" in shown_findings(app):
                break
        assert "src/fraud/train.py:" in shown_findings(app)


async def test_the_scan_shows_on_project_when_the_session_resumes_at_another_step(
    answers_from: Callable[..., Path], sample_repo: Path, make_app: Callable[..., Any]
) -> None:
    path = answers_from("fraud-detection", "thresholds")
    app = make_app(path, sample_repo)
    async with app.run_test(size=SIZE) as pilot:
        await scanned(pilot)
        assert app.current_step == "thresholds"
        await pilot.press("f1")
        await settle(pilot)
        assert app.current_step == "project"
        panel = app.screen.query_one(ScanPanel)
        assert panel.display and panel.region.height > 0
        findings = str(panel.query_one("#scan-findings").render())
        assert "src/fraud/train.py:" in findings
        summary = str(panel.query_one("#scan-summary").render())
        assert summary.startswith("Scanned sample-repo")
