"""Fixtures shared by every test: keep the developer's own HOME, git identity and
environment out of the tests, and give them the repository's paths."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.paths import EXAMPLES
from wizard.cli import main


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Test Author")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "author@example.invalid")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Test Author")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "author@example.invalid")
    monkeypatch.delenv("NO_COLOR", raising=False)
    # gate and drift append their decisions to a log: never to the checkout's own folder.
    monkeypatch.setenv("MLOPS_DECISION_LOG", str(home / "mlops-decisions.jsonl"))
    for name in ("RUN_ID", "MODEL_VERSION", "GITHUB_RUN_ID", "CI_PIPELINE_ID", "BUILD_BUILDID"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture
def example_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.yaml"))


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
