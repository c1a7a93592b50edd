"""The install step each CI job runs: the scan collects the dependency files, the engine
proposes the command (``cicd.install``), and finds none where there is no such file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.paths import REPO_ROOT
from wizard.cli import main
from wizard.engine.suggest import suggest
from wizard.scan import scan_repository


def proposed(make_repo, files: dict[str, str]) -> str | None:
    suggestions = suggest(scan_repository(make_repo(files)))
    found = [value for key, value, _ in suggestions.answers if key == "cicd.install"]
    assert len(found) <= 1
    return found[0] if found else None


@pytest.mark.parametrize(
    ("files", "command"),
    [
        ({"requirements.txt": "pandas\n"}, "python -m pip install -r requirements.txt"),
        (
            {"requirements-dev.txt": "pytest\n", "requirements.txt": "pandas\n"},
            "python -m pip install -r requirements.txt",
        ),
        ({"requirements-ci.txt": "pandas\n"}, "python -m pip install -r requirements-ci.txt"),
        ({"pyproject.toml": "[project]\nname = 'x'\n"}, "python -m pip install ."),
        (
            {"pyproject.toml": "[project]\nname = 'x'\n", "uv.lock": "version = 1\n"},
            "python -m pip install uv && uv export --locked --format requirements-txt "
            "| python -m pip install -r /dev/stdin",
        ),
        (
            {"environment.yml": "dependencies:\n  - pandas\n"},
            "conda env update --name base --file environment.yml",
        ),
        (
            {"Pipfile": "[packages]\npandas = '*'\n"},
            "python -m pip install pipenv && pipenv install --deploy --system",
        ),
    ],
)
def test_the_dependency_file_gives_the_install(
    make_repo, files: dict[str, str], command: str
) -> None:
    assert proposed(make_repo, {**files, "src/train.py": "print(1)\n"}) == command


def test_no_dependency_file_proposes_nothing(make_repo) -> None:
    assert proposed(make_repo, {"src/train.py": "print(1)\n"}) is None


def test_a_nested_requirements_file_is_not_the_projects(make_repo) -> None:
    files = {"docs/requirements.txt": "sphinx\n", "src/train.py": "print(1)\n"}
    assert proposed(make_repo, files) is None


EXAMPLE = REPO_ROOT / "examples" / "fraud-detection.yaml"


def _architecture(*arguments: str, tmp_path: Path) -> str:
    """architecture.md of the fraud example (``cicd.install`` unanswered), exported through
    the CLI with ``arguments``."""
    out = tmp_path / "out"
    command = ["export", "--answers", str(EXAMPLE), "--out", str(out), "--only", "md"]
    assert main([*command, *arguments]) == 0
    return (out / "architecture.md").read_text(encoding="utf-8")


def _install_gap(markdown: str) -> str:
    gaps = markdown.split("## Information Gaps", 1)[1].split("\n## ", 1)[0]
    return next(line for line in gaps.splitlines() if "`cicd.install`" in line)


def test_a_scan_that_finds_nothing_to_install_from_says_so(make_repo, tmp_path: Path) -> None:
    root = make_repo({"src/train.py": "print(1)\n", "docs/requirements.txt": "sphinx\n"})
    line = _install_gap(_architecture("--repo", str(root), tmp_path=tmp_path))
    assert (
        "nothing found to install from (no requirements\\*.txt, pyproject.toml, uv.lock, "
        "environment.yml or Pipfile at the root): each job installs only mlops-wizard; "
        "set `cicd.install`"
    ) in line


def test_without_a_scan_the_gap_claims_no_search(tmp_path: Path) -> None:
    line = _install_gap(_architecture(tmp_path=tmp_path))
    assert "nothing: each job installs only mlops-wizard" in line
    assert "nothing found" not in line


def test_the_install_the_scan_proposes_is_the_one_each_job_runs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    sample = REPO_ROOT / "examples" / "sample-repo"
    arguments = ["--answers", str(EXAMPLE), "--out", str(out), "--repo", str(sample)]
    assert main(["export", *arguments, "--only", "md,ci"]) == 0
    line = _install_gap((out / "architecture.md").read_text(encoding="utf-8"))
    assert "suggested by the repository: found requirements.txt" in line
    workflow = yaml.safe_load((out / ".github/workflows/ml-pipeline.yml").read_text("utf-8"))
    steps = workflow["jobs"]["train_model"]["steps"]
    install = next(step for step in steps if step.get("name") == "Install")
    assert install["run"] == "python -m pip install -r requirements.txt"
