"""The repository's own data-test command reaches mlops.mk with its options intact and safely
quoted: ``pytest tests/data -m "not slow" --maxfail=1`` in CI runs in the validate_data target
as CI runs it (the slow test left out), and a validation script keeps its arguments."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliRun
from wizard.engine.suggest import suggest
from wizard.scan import scan_repository

MakeRepo = Callable[..., Path]

_PYTEST_INI = "[pytest]\nmarkers =\n    slow: takes long\n"
#: A fast data test that passes and a slow one that fails: only CI's ``-m "not slow"`` passes.
_DATA_TESTS = {
    "pytest.ini": _PYTEST_INI,
    "tests/data/test_schema.py": (
        "import pytest\n\n\n"
        "def test_columns() -> None:\n    assert True\n\n\n"
        "@pytest.mark.slow\n"
        "def test_the_whole_history() -> None:\n    raise AssertionError('slow test ran')\n"
    ),
}


def _workflow(*runs: str) -> str:
    steps = "".join(f"      - run: {run}\n" for run in runs)
    return f"on: [push]\njobs:\n  checks:\n    runs-on: ubuntu-latest\n    steps:\n{steps}"


def _validate(make_repo: MakeRepo, files: dict[str, str]) -> tuple[str, ...]:
    found = suggest(scan_repository(make_repo(files, git_repo=False))).command("validate_data")
    assert found is not None
    return found.lines


@pytest.mark.parametrize(
    ("run", "expected"),
    [
        (
            """pytest tests/data -m "not slow" --maxfail=1""",
            "python -m pytest tests/data -m 'not slow' --maxfail=1",
        ),
        ("python -m pytest -q tests/data | tee log.txt", "python -m pytest -q tests/data"),
        # A variable of the job's: a quoted copy would not expand it, so the paths alone.
        ("pytest tests/data -k $CHECKS", "python -m pytest tests/data"),
    ],
)
def test_ci_s_data_test_options_are_kept(make_repo: MakeRepo, run: str, expected: str) -> None:
    files = {".github/workflows/ci.yml": _workflow(f"'{run}'"), **_DATA_TESTS}
    assert _validate(make_repo, files) == (expected,)


def test_a_validation_script_keeps_its_arguments(make_repo: MakeRepo) -> None:
    files = {
        ".github/workflows/ci.yml": _workflow(
            "python scripts/validate_data.py --schema 'schemas/churn v2.yaml' --strict"
        ),
        "scripts/validate_data.py": "import sys\nprint(sys.argv)\n",
    }
    assert _validate(make_repo, files) == (
        "python scripts/validate_data.py --schema 'schemas/churn v2.yaml' --strict",
    )


def test_mlops_mk_runs_the_data_tests_as_ci_does(
    make_repo: MakeRepo, run_cli: Callable[..., CliRun], tmp_path: Path
) -> None:
    """Exported into the repository, ``make -f mlops.mk validate_data`` passes: the slow test,
    which fails, is left out as in CI."""
    run = """pytest tests/data -m "not slow" --maxfail=1"""
    root = make_repo({".github/workflows/ci.yml": _workflow(f"'{run}'"), **_DATA_TESTS})
    answers = tmp_path / "answers.yaml"
    assert run_cli("new", "--out", str(answers)).code == 0
    result = run_cli("export", "--answers", str(answers), "--out", str(root), "--repo", str(root))
    assert result.code == 0, result.err
    recipe = (root / "mlops.mk").read_text(encoding="utf-8")
    assert "\tpython -m pytest tests/data -m 'not slow' --maxfail=1\n" in recipe
    environment = dict(os.environ)
    environment["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{environment['PATH']}"
    completed = subprocess.run(
        ["make", "-f", "mlops.mk", "validate_data"],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "1 passed, 1 deselected" in completed.stdout
