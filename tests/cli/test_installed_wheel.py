"""A non-editable install of the built wheel, run from another folder, exports exactly what
the source tree exports: the templates ship inside the package."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

from wizard.cli import main

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "recommender.yaml"


def _run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    completed = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return completed.stdout


def _build_wheel(into: Path) -> Path:
    # Offline when hatchling is already installed; otherwise pip fetches it from PyPI.
    isolation = ["--no-build-isolation"] if importlib.util.find_spec("hatchling") else []
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    _run(*pip, "wheel", "--no-deps", "-q", *isolation, "-w", into, REPO, cwd=into)
    (wheel,) = into.glob("mlops_wizard-*.whl")
    return wheel


def _venv_seeing_our_dependencies(folder: Path) -> Path:
    """A fresh venv with only our wheel installed, that finds the dependencies (not our
    source) in this venv: a .pth line adds this venv's site-packages *after* its own, and a
    plain path line does not run the editable-install hook kept there."""
    _run(sys.executable, "-m", "venv", "--without-pip", folder, cwd=folder.parent)
    python = folder / "bin" / "python"
    purelib = Path(
        _run(
            python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=folder
        ).strip()
    )
    (purelib / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def test_installed_wheel_exports_like_the_source_tree(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path)
    python = _venv_seeing_our_dependencies(tmp_path / "venv")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--python", python]
    _run(*pip, "install", "-q", "--no-deps", "--no-index", wheel, cwd=tmp_path)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    location = _run(python, "-c", "import wizard; print(wizard.__file__)", cwd=elsewhere, env=env)
    assert Path(location.strip()).is_relative_to(tmp_path / "venv")

    script = tmp_path / "venv" / "bin" / "mlops-wizard"
    _run(script, "export", "--answers", EXAMPLE, "--out", "installed", cwd=elsewhere, env=env)
    assert main(["export", "--answers", str(EXAMPLE), "--out", str(tmp_path / "tree")]) == 0

    def files(folder: Path) -> dict[str, bytes]:
        return {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*")
            if p.is_file()
        }

    installed, tree = files(elsewhere / "installed"), files(tmp_path / "tree")
    assert sorted(installed) == sorted(tree)
    assert installed == tree
