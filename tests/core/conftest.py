"""Fixtures for the headless core: run the CLI in-process, and the golden-update switch."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from wizard.cli import main


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite snapshots/exports/ from the current export of each example",
    )


@dataclass(frozen=True)
class CliRun:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliRun]:
    """Run ``mlops-wizard ARGS`` in this process and capture what it printed."""

    def run(*args: str) -> CliRun:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return CliRun(code, captured.out, captured.err)

    return run
