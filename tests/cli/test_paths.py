"""Paths the user gives: each bad one is one line and exit 2, never a raw exception; only
regular files (or -) are read, so a FIFO never hangs a command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import EXAMPLES

FRAUD = str(EXAMPLES / "fraud-detection.yaml")


def _one_error_line(result: object) -> str:
    assert result.code == 2, result.err
    assert result.out == ""
    assert result.err.count("\n") == 1 and "Traceback" not in result.err, result.err
    return result.err


def test_out_below_a_file(tmp_path: Path, run_cli) -> None:
    (tmp_path / "afile").write_text("x")
    err = _one_error_line(
        run_cli("export", "--answers", FRAUD, "--out", str(tmp_path / "afile/sub"))
    )
    assert "afile/sub: cannot write there: not a directory" in err


def test_out_where_nothing_can_be_written(run_cli) -> None:
    err = _one_error_line(run_cli("export", "--answers", FRAUD, "--out", "/proc"))
    assert "--out: /proc: cannot write there" in err


@pytest.mark.parametrize(
    "command", [["export", "--answers", FRAUD, "--out", ""], ["new", "--out", ""]]
)
def test_empty_out_is_refused(run_cli, command: list[str], tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert "empty text" in _one_error_line(run_cli(*command))
    assert list(tmp_path.iterdir()) == []


def test_new_over_a_folder_even_with_force(tmp_path: Path, run_cli) -> None:
    (tmp_path / "adir").mkdir()
    err = _one_error_line(run_cli("new", "--out", str(tmp_path / "adir"), "--force"))
    assert "is a folder" in err


def test_new_out_dash_writes_standard_output(tmp_path: Path, run_cli, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli("new", "--out", "-")
    assert result.code == 0 and result.out.startswith("# mlops-wizard answers file")
    assert not (tmp_path / "-").exists()


def test_new_where_nothing_can_be_written(run_cli) -> None:
    assert "cannot write there" in _one_error_line(run_cli("new", "--out", "/proc/answers.yaml"))


@pytest.mark.parametrize("command", ["validate", "export"])
def test_a_fifo_as_the_answers_file_is_refused_at_once(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "answers.yaml"
    os.mkfifo(fifo)
    args = (
        [str(fifo)] if command == "validate" else ["--answers", str(fifo), "--out", str(tmp_path)]
    )
    result = subprocess.run(
        [sys.executable, "-m", "wizard", command, *args],
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    assert result.returncode == 2
    assert (
        result.stderr
        == f"{fifo}: this is not a regular file (allowed: an answers file, or - for stdin)\n"
    )


def test_a_folder_as_the_answers_file_is_refused(tmp_path: Path, run_cli) -> None:
    err = _one_error_line(run_cli("validate", str(tmp_path)))
    assert "this is a folder" in err
