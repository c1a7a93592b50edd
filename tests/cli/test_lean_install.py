"""What a CI job installs is what its command needs: the wheel's own metadata names the
headless core (gate, check, log) and the data engine (drift), `pip install mlops-wizard`
stays the whole wizard, and the headless core alone runs gate, check and log for real."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from email.parser import Parser
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

import pytest

from tests.cli.test_installed_wheel import _build_wheel
from tests.paths import EXAMPLES
from wizard.requirements import extra_requirements

#: What a job running gate, check or log must never install.
HEAVY = {"textual", "rich", "duckdb", "gitpython", "sqlglot", "jinja2"}
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build_wheel(tmp_path_factory.mktemp("wheel"))


def _metadata(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        message = Parser().parsestr(archive.read(name).decode("utf-8"))
    return message.get_all("Requires-Dist") or []


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _name(requirement: str) -> str:
    match = _NAME.match(requirement)
    assert match is not None, requirement
    return _normal(match[1])


def _closure(requirements: list[str]) -> set[str]:
    """Every distribution those requirements pull, by the installed ones' metadata (a
    dependency behind an extra or a marker for another platform is left out)."""
    found: set[str] = set()
    todo = [_name(requirement) for requirement in requirements]
    while todo:
        name = todo.pop()
        if name in found:
            continue
        found.add(name)
        try:
            declared = distribution(name).requires or []
        except PackageNotFoundError:
            continue
        for line in declared:
            _requirement, _, marker = line.partition(";")
            if "extra" in marker or "platform" in marker or "sys_platform" in marker:
                continue
            if "python_version" in marker and "<" in marker and "3.1" not in marker:
                continue
            todo.append(_name(line))
    return found


def test_the_headless_core_pulls_neither_textual_nor_duckdb_nor_gitpython(wheel: Path) -> None:
    declared = _metadata(wheel)
    headless = extra_requirements("headless", declared)
    data = extra_requirements("data", declared)
    assert headless and data
    assert not _closure(headless) & HEAVY
    assert "duckdb" in _closure([*headless, *data])
    assert not _closure([*headless, *data]) & {"textual", "rich", "gitpython"}
    # `pip install mlops-wizard` is still the whole wizard.
    everything = {_name(line) for line in declared if ";" not in line}
    assert {"textual", "duckdb", "gitpython", "jinja2"} <= everything
    assert {_name(line) for line in headless + data} <= everything


def _venv_with_only(folder: Path, distributions: set[str]) -> Path:
    """A fresh venv that sees, of this venv's packages, only ``distributions`` (linked into
    a folder a .pth line names) and pip."""
    seen = folder / "seen"
    seen.mkdir(parents=True)
    for name in (*distributions, "pip"):
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            continue
        root = Path(str(dist.locate_file("")))
        tops = {Path(str(file)).parts[0] for file in dist.files or ()}
        for top in tops:
            if top.endswith(".pth") or top == ".." or not (root / top).exists():
                continue
            if not (seen / top).exists():
                (seen / top).symlink_to(root / top)
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    (Path(purelib) / "seen.pth").write_text(f"{seen}\n", encoding="utf-8")
    return python


def _run(python: Path, *arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(python), *arguments], capture_output=True, text=True, cwd=cwd, timeout=120,
        env={"PATH": f"{python.parent}:/usr/bin:/bin", "PIP_NO_INDEX": "1",
             "PIP_DISABLE_PIP_VERSION_CHECK": "1", "HOME": str(cwd)},
        check=False,
    )  # fmt: skip


def test_the_headless_core_alone_runs_gate_check_and_log(wheel: Path, tmp_path: Path) -> None:
    headless = extra_requirements("headless", _metadata(wheel))
    python = _venv_with_only(tmp_path / "core", _closure(headless))
    install = _run(python, "-m", "pip", "install", "-q", "--no-deps", str(wheel), cwd=tmp_path)
    assert install.returncode == 0, install.stderr
    # What the job runs to learn its requirements: read from the installed package.
    listed = _run(python, "-m", "wizard.requirements", "headless", cwd=tmp_path)
    assert listed.returncode == 0 and listed.stdout.split() == headless, listed.stderr
    missing = _run(python, "-c", "import textual", cwd=tmp_path)
    assert missing.returncode != 0  # the venv really lacks the rest of the wizard

    exported = tmp_path / "repo"
    from wizard.cli import main

    fraud = EXAMPLES / "fraud-detection.yaml"
    only = "yaml,ci,answers"
    assert main(["export", "--answers", str(fraud), "--out", str(exported), "--only", only]) == 0
    evaluation = tmp_path / "evaluation.json"
    evaluation.write_text(
        json.dumps({"candidate": 0.9, "production": 0.8, "latency_p95_ms": 4.0,
                    "leakage_check_passed": True, "bias_checks_passed": True}),
        encoding="utf-8",
    )  # fmt: skip
    log = tmp_path / "decisions.jsonl"
    wizard = python.parent / "mlops-wizard"
    spec = str(exported / "mlops-architecture.yaml")
    gate = _run(wizard, "gate", str(evaluation), "--spec", spec, "--log", str(log), "--reviewed-by",
                "ML lead", cwd=tmp_path)  # fmt: skip
    assert gate.returncode == 0, gate.stderr
    # A checkout is a git repository: without GitPython the scan reads it as a folder.
    subprocess.run(["git", "init", "-q", str(exported)], check=True)
    check = _run(wizard, "check", "--repo", str(exported), cwd=tmp_path)
    assert check.returncode == 4 and "not written yet" in check.stderr, check.stderr
    shown = _run(wizard, "log", str(log), cwd=tmp_path)
    assert shown.returncode == 0 and " gate " in shown.stdout, shown.stderr


def test_the_headless_core_and_the_data_extra_alone_run_drift(wheel: Path, tmp_path: Path) -> None:
    declared = _metadata(wheel)
    extras = [*extra_requirements("headless", declared), *extra_requirements("data", declared)]
    python = _venv_with_only(tmp_path / "drift", _closure(extras))
    install = _run(python, "-m", "pip", "install", "-q", "--no-deps", str(wheel), cwd=tmp_path)
    assert install.returncode == 0, install.stderr
    listed = _run(python, "-m", "wizard.requirements", "headless", "data", cwd=tmp_path)
    assert listed.returncode == 0 and listed.stdout.split() == extras, listed.stderr
    for heavy in ("textual", "git"):  # the venv really lacks the session and GitPython
        assert _run(python, "-c", f"import {heavy}", cwd=tmp_path).returncode != 0

    from wizard.cli import main

    fraud = EXAMPLES / "fraud-detection.yaml"  # key features: amount, merchant_category
    assert main(["export", "--answers", str(fraud), "--out", str(tmp_path), "--only", "yaml"]) == 0
    rows = "".join(f"{40 + index % 20},{'abcd'[index % 4]}\n" for index in range(200))
    for name in ("reference.csv", "current.csv"):
        (tmp_path / name).write_text("amount,merchant_category\n" + rows, encoding="utf-8")
    drift = _run(
        python.parent / "mlops-wizard", "drift", "--reference", "reference.csv",
        "--current", "current.csv", "--spec", "mlops-architecture.yaml",
        "--history", "history.jsonl", cwd=tmp_path,
    )  # fmt: skip
    assert drift.returncode == 0, drift.stderr
    assert drift.stdout.startswith("drift: no key feature above"), drift.stdout
