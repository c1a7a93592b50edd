"""The DVC fixture (``tests/scan/fixtures.py``) scanned, exported for GitLab and run by
gitlab-ci-local: train_model and evaluate_model go green with a DVC remote in a local
folder. Training pulls the tracked data (``dvc repro --pull``) and pushes what it made
(``dvc push --run-cache``); evaluation writes the evaluation file and the gate passes.

DVC comes from PyPI (``dvc`` at the pin below) into an interpreter of its own, which also
sees this tree's dependencies offline, so the jobs install nothing from the network."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.render.ci.conftest import Toolchain
from tests.render.ci.sample_project import REVIEWER, job_environment
from tests.render.ci.test_gitlab_runs import CLOUD_VARIABLES, GITLAB_CI_LOCAL, SUMMARY
from tests.scan.conftest import write_files
from tests.scan.fixtures import DVC_DATA_FILES, dvc_pipeline

DVC = "dvc==3.67.1"
_IDENTITY = ["-c", "user.email=ci@example.com", "-c", "user.name=ci"]


@pytest.fixture(scope="module")
def dvc_python(tmp_path_factory: pytest.TempPathFactory, toolchain: Toolchain) -> Path:
    """A venv with DVC from PyPI that also finds this tree's dependencies (the toolchain's
    offline folder), so the wheel installs into it without an index."""
    folder = tmp_path_factory.mktemp("dvc")
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", DVC],
        check=True,
        capture_output=True,
        timeout=900,
    )
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    dependencies = toolchain.python.parents[2] / "dependencies"
    assert dependencies.is_dir(), dependencies
    (Path(purelib) / "dependencies.pth").write_text(f"{dependencies}\n", encoding="utf-8")
    return python


def _run(folder: Path, *command: str, env: dict[str, str] | None = None) -> None:
    completed = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True)
    assert completed.returncode == 0, " ".join(command) + "\n" + completed.stdout + completed.stderr


def _dvc_repository(folder: Path, remote: Path, python: Path, environment: dict[str, str]) -> None:
    """The fixture committed, its data pushed to the remote and gone from the working tree
    and the cache: what a fresh checkout of a DVC repository has."""
    files = dvc_pipeline(remote=str(remote))
    # The remote is a folder: DVC alone, without the S3 plugin the fixture names.
    files["src/requirements.txt"] = "dvc\npyyaml\n"
    write_files(folder, {**files, **DVC_DATA_FILES})
    _run(folder, "git", "init", "-q", "-b", "main")
    dvc = str(python.parent / "dvc")
    _run(folder, dvc, "commit", "-f", "-q", "data/data.csv.dvc", env=environment)
    _run(folder, dvc, "push", "-q", "data/data.csv.dvc", env=environment)
    (folder / "data" / "data.csv").unlink()
    subprocess.run(["rm", "-rf", str(folder / ".dvc" / "cache")], check=True)
    _run(folder, "git", "add", "-A")
    _run(folder, "git", *_IDENTITY, "commit", "-q", "-m", "dvc fixture")


def _export(folder: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    _run(tmp_path, sys.executable, "-m", "wizard", "new", "--out", str(answers))
    text = answers.read_text(encoding="utf-8")
    answers.write_text(text.replace("ci_platform: github-actions", "ci_platform: gitlab-ci"))
    command = [sys.executable, "-m", "wizard", "export", "--answers", str(answers)]
    command += ["--out", str(folder), "--repo", str(folder), "--only", "yaml,ci,answers"]
    _run(tmp_path, *command)
    _run(folder, "git", "add", "-A")
    _run(folder, "git", *_IDENTITY, "commit", "-q", "-m", "exported")


def test_the_dvc_fixture_trains_and_evaluates_with_a_local_remote(
    toolchain: Toolchain, dvc_python: Path, tmp_path: Path
) -> None:
    if GITLAB_CI_LOCAL is None:
        pytest.fail("gitlab-ci-local is missing: make test installs it")
    project, remote = tmp_path / "churn", tmp_path / "remote"
    project.mkdir()
    environment = job_environment(dvc_python, tmp_path / "model-store")
    environment.pop("MLOPS_DECISION_LOG", None)
    _dvc_repository(project, remote, dvc_python, environment)
    pushed_before = {path for path in remote.rglob("*") if path.is_file()}
    _export(project, tmp_path)
    mlops_mk = (project / "mlops.mk").read_text(encoding="utf-8")
    assert "\tdvc repro --pull train\n\tdvc push --run-cache\n" in mlops_mk
    variables = [
        f"MLOPS_WIZARD_REQUIREMENT={toolchain.wheel}", f"REVIEWED_BY={REVIEWER}",
        *CLOUD_VARIABLES,
    ]  # fmt: skip
    command = [GITLAB_CI_LOCAL, "--force-shell-executor"]
    for variable in variables:
        command += ["--variable", variable]
    completed = subprocess.run(
        [*command, "train_model", "evaluate_model"],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    log = completed.stdout + completed.stderr
    verdicts = {match["job"]: match["verdict"] for match in SUMMARY.finditer(log)}
    assert completed.returncode == 0, log
    assert verdicts == {"train_model": "PASS", "evaluate_model": "PASS"}, log
    assert "Running stage 'train'" in log and "Running stage 'evaluate'" in log
    assert "gate: passed" in log
    # Training pushed the model and the stage outputs it made to the remote.
    assert {path for path in remote.rglob("*") if path.is_file()} > pushed_before
