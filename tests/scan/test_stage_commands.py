"""The repository's own commands become mlops.mk's stage commands (CI data tests, DVC-only
data, Makefile targets), and a test folder is paired only with the CI step that runs it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from wizard.engine.suggest import suggest
from wizard.model.design import ScanSuggestions
from wizard.scan import scan_repository

MakeRepo = Callable[..., Path]


def _workflow(*runs: str) -> str:
    steps = "".join(f"      - run: {run}\n" for run in runs)
    return f"on: [push]\njobs:\n  checks:\n    runs-on: ubuntu-latest\n    steps:\n{steps}"


def _suggested(make_repo: MakeRepo, files: dict[str, str], name: str = "repo") -> ScanSuggestions:
    return suggest(scan_repository(make_repo(files, git_repo=False, name=name)))


def test_ci_data_tests_become_validate_data(make_repo: MakeRepo) -> None:
    suggested = _suggested(
        make_repo,
        {
            ".github/workflows/ci.yml": _workflow(
                "pip install -r requirements.txt", "pytest tests/data"
            ),
            "tests/data/test_schema.py": "def test_schema() -> None:\n    assert True\n",
        },
    )
    validate = suggested.command("validate_data")
    assert validate is not None
    assert validate.lines == ("python -m pytest tests/data",)  # runs where pytest is no script
    assert validate.source == ".github/workflows/ci.yml:7"
    assert validate.what == "the data tests CI runs (pytest tests/data)"
    assert suggested.command("train_model") is None


def test_no_dvc_command_without_a_dvc_pipeline(make_repo: MakeRepo) -> None:
    """Data tracked by .dvc files only: the repository's training command, the data pulled
    first; never ``dvc repro``."""
    suggested = _suggested(
        make_repo,
        {
            "data/raw.csv.dvc": "outs:\n- md5: 0\n  path: raw.csv\n",
            "Makefile": "train:\n\tpython train.py\n",
            "train.py": "print(1)\n",
        },
    )
    train = suggested.command("train_model")
    assert train is not None
    assert not any("dvc repro" in line for line in train.lines)
    assert train.lines[-1] == "make train"


def test_a_repository_without_dvc_gets_no_dvc_at_all(make_repo: MakeRepo) -> None:
    suggested = _suggested(
        make_repo, {"train.py": "import sklearn\n", "requirements.txt": "scikit-learn\n"}
    )
    assert "data_versioning" not in suggested.components
    assert all("dvc" not in line for found in suggested.commands for line in found.lines)


def test_a_test_folder_is_paired_only_with_the_ci_step_that_runs_it(make_repo: MakeRepo) -> None:
    files = {
        "tests/unit/test_a.py": "def test_a() -> None:\n    assert True\n",
        "integration/test_b.py": "def test_b() -> None:\n    assert True\n",
    }
    paired = _suggested(
        make_repo, {**files, ".github/workflows/ci.yml": _workflow("pytest tests/unit")}
    )
    reason = paired.maturity["automated_tests"].reason
    assert reason.startswith("tests has ") and "run by CI at .github/workflows/ci.yml:6" in reason

    other = _suggested(
        make_repo,
        {
            "tests/test_a.py": files["tests/unit/test_a.py"],
            ".github/workflows/ci.yml": _workflow("pytest e2e"),
        },
        name="other",
    )
    assert "(CI runs other tests than these)" in other.maturity["automated_tests"].reason
