"""The bundled sample project (examples/sample-repo) exported for a platform into a scratch
folder, with the wheel of this tree and an interpreter that finds our dependencies offline:
what the pipeline-run tests execute."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from tests.paths import REPO_ROOT

SAMPLE = REPO_ROOT / "examples" / "sample-repo"
ANSWERS = REPO_ROOT / "examples" / "fraud-detection.yaml"
#: The sample's answers: the fraud example (README's `make run` design: it derives a shadow
#: deployment), installing from the requirements file the scan proposes.
SETTINGS = ("cicd.install=python -m pip install -r requirements.txt",)
#: A worse candidate: one uninformative feature.
WORSE_PARAMS = '{"features": ["travel"], "epochs": 300, "learning_rate": 0.5}\n'
#: Who reviewed the good candidate's large gain (above the human-review bound).
REVIEWER = "ML lead"


def export_sample(
    folder: Path, platform: str, *settings: str, own_files: dict[str, str] | None = None
) -> Path:
    """The sample copied to ``folder`` (with ``own_files``, path -> text, as the team's own,
    such as a CI file of theirs), its answers (with ``settings``, ``KEY=VALUE``), spec,
    pipeline and mlops.mk exported there (the pipeline's first job checks the repository
    against them)."""
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns(".model-store", "metrics"))
    for path, text in (own_files or {}).items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text, encoding="utf-8")
    chosen = (f"project.ci_platform={platform}", *SETTINGS, *settings)
    sets = [f"--set={item}" for item in chosen]
    command = [sys.executable, "-m", "wizard", "export", "--answers", str(ANSWERS)]
    command += ["--out", str(folder), "--repo", str(folder), "--only", "yaml,ci,answers", *sets]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr
    assert f"unchanged {folder / 'mlops.mk'}" in completed.stdout  # the sample's, filled in
    return folder


def drifted(folder: Path) -> None:
    """The current window with every amount four times as large."""
    path = folder / "data" / "current.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [line.split(",") for line in lines[1:]]
    path.write_text(
        "\n".join([lines[0], *(f"{float(a) * 4},{c}" for a, c in rows)]) + "\n", encoding="utf-8"
    )


def offline_python(folder: Path) -> Path:
    """A venv whose ``python -m pip install`` of our wheel needs no network: a .pth line
    makes this interpreter's packages visible to it, all but our own (the editable install
    would otherwise count as mlops-wizard already installed)."""
    dependencies = folder / "dependencies"
    dependencies.mkdir(parents=True)
    ours = ("mlops_wizard", "_editable_impl_mlops_wizard", "__editable__")
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if not entry.name.startswith(ours) and entry.suffix != ".pth":
            (dependencies / entry.name).symlink_to(entry)
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    (Path(purelib) / "dependencies.pth").write_text(f"{dependencies}\n", encoding="utf-8")
    return python


def job_environment(python: Path, model_store: Path) -> dict[str, str]:
    """What the jobs run with: the venv first on PATH, pip never reaching an index."""
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    environment["PATH"] = f"{python.parent}{os.pathsep}{environment['PATH']}"
    environment |= {
        "PIP_NO_INDEX": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "MODEL_STORE": str(model_store),
    }
    return environment


def commit_all(folder: Path) -> None:
    """A fresh git repository holding the folder, as gitlab-ci-local needs."""
    for command in (
        ["init", "-q", "-b", "main"],
        ["add", "-A", "-f"],
        ["-c", "user.email=ci@example.com", "-c", "user.name=ci", "commit", "-q", "-m", "sample"],
    ):
        subprocess.run(["git", *command], cwd=folder, check=True, capture_output=True)
