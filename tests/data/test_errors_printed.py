"""A data error as the user reads it: the data stage keeps the user's names raw, and the line
that reaches the terminal, through the CLI or through the calibration panel, shows a control
character in a file or column name as one visible escape (``\\x1b``), never a doubly escaped
one (``\\\\x1b``), and always as one line."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from textual.app import App
from textual.widgets import Input, Static

from screens.widgets.calibration_panel import CalibrationPanel
from tests.data.helpers import write_parquet
from tests.paths import EXAMPLES
from wizard.io.loader import load_answers

ANSWERS = EXAMPLES / "fraud-detection.yaml"


# (the reference's file name, the feature, the error line that follows ``mlops-wizard: error: ``
# with {data} for the data file and {folder} for the test's folder)
_CASES = {
    "an escape in a file name": (
        "ref\x1b]0;PWNED\x07.csv",
        "amount",
        "'{folder}/ref\\x1b]0;PWNED\\x07.csv': no such file (the reference data)",
    ),
    "an escape in a column name": (
        "data.parquet",
        "amo\x1bunt",
        "'{data}': no column 'amo\\x1bunt' for the feature (closest: 'amount')",
    ),
    "a line break in a file name": (
        "two\nlines.csv",
        "amount",
        "'{folder}/two\\nlines.csv': no such file (the reference data)",
    ),
}


@pytest.mark.parametrize(("reference", "feature", "line"), _CASES.values(), ids=list(_CASES))
def test_the_cli_prints_one_line_escaped_once(
    tmp_path: Path, run_cli, rng: np.random.Generator, reference: str, feature: str, line: str
) -> None:
    data = write_parquet(tmp_path / "data.parquet", {"amount": rng.normal(0, 1, 50)})
    result = run_cli(
        "calibrate", "--answers", str(ANSWERS), "--reference", str(tmp_path / reference),
        "--current", str(data), "--features", feature,
    )  # fmt: skip
    assert result.code == 2
    assert result.err == f"mlops-wizard: error: {line.format(data=data, folder=tmp_path)}\n"


class _Host(App[None]):
    """Only the dialog, on the fraud example's answers."""

    def on_mount(self) -> None:
        self.push_screen(CalibrationPanel(load_answers(ANSWERS)))


async def test_an_escape_in_a_file_name_is_escaped_once_by_the_panel(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the dialog lists the data files under the working folder
    async with _Host().run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        panel = pilot.app.screen
        assert isinstance(panel, CalibrationPanel)
        panel.query_one("#calibration-history", Input).value = "hist\x1b]0;PWNED\x07.parquet"
        status = panel.query_one("#calibration-status", Static)
        deadline = time.monotonic() + 30
        while "no such file" not in str(status.content):
            assert time.monotonic() < deadline, "the error never showed"
            await pilot.pause(0.02)
        assert str(status.content) == (
            "history: 'hist\\x1b]0;PWNED\\x07.parquet': no such file (the history data)"
        )
