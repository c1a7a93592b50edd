"""Calibrate on data, on the Thresholds step: the dialog reads the history's columns, runs the
calibration in a worker, shows the PSI per window and the sweep, and accepting records the
threshold and the ``calibration:`` section like any edit; a bad path is one line; a run can
be cancelled."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Sparkline, Static

from screens.widgets.calibration_panel import CalibrationPanel
from tests.fraud_data import WEEKS, write_fraud_data
from tests.tui.driving import burst, painted, settle
from wizard.io.loader import load_answers

SIZE = (120, 40)
Snap = Callable[..., bool]


@pytest.fixture
def fraud_at_thresholds(answers_from: Callable[..., Path], workdir: Path) -> Path:
    """The fraud example at the Thresholds step, with its data beside it."""
    write_fraud_data(workdir)
    return answers_from("fraud-detection", "thresholds")


async def wait_until(pilot: Pilot[Any], ready: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 30
    while not ready():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        await pilot.pause(0.02)


async def open_dialog(pilot: Pilot[Any]) -> CalibrationPanel:
    """Open the dialog with its key: the reference path has the focus."""
    app = pilot.app
    await settle(pilot)
    await pilot.press("ctrl+l")
    await wait_until(pilot, lambda: isinstance(app.screen, CalibrationPanel), "the dialog")
    panel = app.screen
    assert isinstance(panel, CalibrationPanel)
    assert app.focused is panel.query_one("#calibration-reference", Input)
    return panel


async def open_and_fill(pilot: Pilot[Any], history: str = "history.parquet") -> CalibrationPanel:
    """Open the dialog with its key, type both paths, choose the timestamp column."""
    app = pilot.app
    panel = await open_dialog(pilot)
    await pilot.press(*"reference.parquet", "enter")
    assert app.focused is panel.query_one("#calibration-history", Input)
    await pilot.press(*history, "enter")
    await settle(pilot)
    if history.endswith("history.parquet"):
        select = panel.query_one("#calibration-timestamp", Select)
        await wait_until(pilot, lambda: bool(panel.columns), "the history's columns")
        select.focus()
        await pilot.press("enter", *"scored", "enter")
        assert select.value == "scored_at"
    return panel


async def run_and_wait(pilot: Pilot[Any], panel: CalibrationPanel) -> None:
    await pilot.press("ctrl+r")
    await pilot.pause()
    await settle(pilot)
    await wait_until(pilot, lambda: not panel.running, "the run's end")
    await pilot.pause()


async def test_accepting_the_recommendation_records_threshold_and_calibration(
    fraud_at_thresholds: Path, make_app: Callable[..., Any]
) -> None:
    app = make_app(fraud_at_thresholds)
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_and_fill(pilot)
        await run_and_wait(pilot, panel)
        assert panel.report is not None, panel.query_one("#calibration-status", Static).content
        assert len(panel.query(Sparkline)) == 2  # one per key feature
        assert panel.query_one("#calibration-sweep", DataTable).row_count == len(
            panel.report["sweep"]
        )
        recommended = panel.report["recommended"]["psi_threshold"]
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert not isinstance(app.screen, CalibrationPanel)
        expected = float(f"{recommended:.3g}")
        assert app.state.answers.retraining.drift.psi_threshold == expected
        field = app.screen.field("retraining.drift.psi_threshold")
        assert field.query_one(Input).value == str(expected)  # the form shows it
        assert str(expected) in app.state.documents.markdown  # and the preview
        app.save_now()
    saved = load_answers(fraud_at_thresholds)
    assert saved.retraining.drift.psi_threshold == expected
    assert saved.calibration is not None
    assert saved.calibration.features == ["amount", "merchant_category"]
    assert len(saved.calibration.windows) == WEEKS
    assert [s.argument for s in saved.calibration.sources] == [
        "reference.parquet",
        "history.parquet",
    ]


async def test_a_bad_path_is_one_line_in_the_panel(
    fraud_at_thresholds: Path, make_app: Callable[..., Any]
) -> None:
    app = make_app(fraud_at_thresholds)
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_and_fill(pilot, history="missing.parquet")
        status = panel.query_one("#calibration-status", Static)
        await wait_until(pilot, lambda: "no such file" in str(status.content), "the error")
        text = str(status.content)
        assert "\n" not in text and "Traceback" not in text
        assert "missing.parquet" in text
        await pilot.press("ctrl+r")  # no timestamp column to run with: said, not run
        await pilot.pause()
        assert panel.report is None and not panel.running
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, CalibrationPanel)
        assert app.state.answers.calibration is None


async def test_the_buttons_do_what_their_keys_do(
    fraud_at_thresholds: Path, make_app: Callable[..., Any]
) -> None:
    app = make_app(fraud_at_thresholds)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: isinstance(app.screen, CalibrationPanel), "the dialog")
        status = app.screen.query_one("#calibration-status", Static)
        await pilot.click("#calibration-run")  # as ctrl+r: nothing to run with yet, said so
        await wait_until(pilot, lambda: "no data given" in str(status.content), "the refusal")
        assert str(status.content) == "reference: no data given (allowed: a path or a glob)"
        await pilot.click("#calibration-stop")  # as escape: nothing runs, so it closes
        await wait_until(pilot, lambda: not isinstance(app.screen, CalibrationPanel), "closing")
        assert app.state.answers.calibration is None


async def test_escape_cancels_a_run_and_changes_nothing(
    fraud_at_thresholds: Path, make_app: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import wizard.calibration

    def endless(request: Any) -> dict[str, Any]:
        for step in range(100_000):
            request.progress(step, 100_000)
            time.sleep(0.005)
        raise AssertionError("the run was never cancelled")

    monkeypatch.setattr(wizard.calibration, "run_calibration", endless)
    app = make_app(fraud_at_thresholds)
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_and_fill(pilot)
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: panel.running, "the run's start")
        await pilot.press("escape")
        await wait_until(pilot, lambda: not panel.running, "the run's end")
        await pilot.pause()
        assert isinstance(app.screen, CalibrationPanel)  # the first Escape stops the run
        assert "Cancelled" in str(panel.query_one("#calibration-status", Static).content)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, CalibrationPanel)
        assert app.state.answers.calibration is None
        assert app.state.answers.retraining.drift.psi_threshold == 0.1


async def test_a_burst_into_a_path_applies_its_keys_in_order(
    fraud_at_thresholds: Path, make_app: Callable[..., Any]
) -> None:
    """A pasted or fast-typed path with a correction in it: the backspace deletes the key
    typed before it, not one typed after it (as in every other field)."""
    app = make_app(fraud_at_thresholds)
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_dialog(pilot)
        reference = panel.query_one("#calibration-reference", Input)
        burst(pilot, [*"refx", "backspace", *"erence.parquet"])
        await wait_until(pilot, lambda: len(reference.value) >= 17, "every key")
        await settle(pilot)
        assert reference.value == "reference.parquet"


class TestCalibrationPanelSnapshot:
    def test_the_panel_with_results(
        self,
        snap_compare: Snap,
        fraud_at_thresholds: Path,
        make_app: Callable[..., Any],
    ) -> None:
        app = make_app(fraud_at_thresholds)

        async def calibrated(pilot: Pilot[Any]) -> None:
            panel = await open_and_fill(pilot)
            await run_and_wait(pilot, panel)
            assert panel.report is not None
            await painted(pilot)

        assert snap_compare(app, terminal_size=SIZE, run_before=calibrated)
