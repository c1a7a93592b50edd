"""Fixtures shared by every test: keep the developer's own HOME, git identity and
environment out of the tests, and give them the repository's paths; and the one home of the
property tests' settings."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.paths import EXAMPLES
from wizard.cli import main

# The property tests' settings, for every @given test (a test that needs another budget says
# so, and why, in its own @settings). No deadline and no too_slow health check: an example
# builds a whole design, and on a shared 2-core machine running the suite on both cores its
# time says more about the neighbours than about the code. Locally the examples vary from
# run to run, and the example database (.hypothesis/, safe to share between workers) replays
# a failure first; in CI (CI is set) they are derandomized, the same for every run, so a red
# run is reproducible and never a fluke of the seed. HYPOTHESIS_PROFILE picks one by name.
settings.register_profile(
    "dev", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.register_profile("ci", settings.get_profile("dev"), derandomize=True, database=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


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
