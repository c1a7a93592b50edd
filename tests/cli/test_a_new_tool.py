"""Adding a tool is adding its catalog entry: a copy of the package whose only change is one
more monitoring entry in wizard/model/catalog.toml accepts the tool in an answers file,
recognises it in a repository, and names it, with its own drift method, in every document
that describes the monitoring."""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import yaml

from tests.paths import REPO_ROOT

CATALOG = Path("wizard/model/catalog.toml")

#: A fake monitoring tool with a drift method of its own, and how the scan recognises it.
ARIZE = f"""
[[monitoring.tools]]
id = "arize"
name = "Arize"
licence = "proprietary service"
hosting = "SaaS"
covers = "drift by its own Arize drift tracing, performance tracing"
integrates = ["pandas"]
description = "A monitoring tool only this test adds."
cost = {{ runs = "managed", pricing = "unpublished" }}

[[monitoring.tools.sources]]
url = "https://example.com/arize/drift"
checked = {date.today().isoformat()}
states = "drift by its own Arize drift tracing"

[monitoring.tools.drift]
method = "Arize drift tracing, its own distance per feature"
psi_source = "`mlops-wizard drift` on the same windows"
psi_missing = "computes no PSI"

[monitoring.tools.scan]
imports = ["arize"]
packages = ["arize"]
calls = [{{ needles = ['Client\\('], detail = "sends predictions to Arize" }}]
"""

ANSWERS = {
    "schema_version": 1,
    "project": {"name": "fraud", "ci_platform": "github-actions", "cloud": "aws"},
    "components": {"monitoring": "arize"},
    "cicd": {"triggers": ["push", "drift"]},
    "retraining": {"drift": {"key_features": ["amount"]}},
}


def _copy_with_the_new_entry(root: Path) -> None:
    skip = shutil.ignore_patterns("__pycache__")
    for folder in ("wizard", "templates"):
        shutil.copytree(REPO_ROOT / folder, root / folder, ignore=skip)
    with (root / CATALOG).open("a", encoding="utf-8") as catalog:
        catalog.write(ARIZE)


def _changed_files(copy: Path) -> list[Path]:
    changed = []
    for folder in ("wizard", "templates"):
        for path in sorted((copy / folder).rglob("*")):
            original = REPO_ROOT / path.relative_to(copy)
            if path.is_file() and not filecmp.cmp(path, original, shallow=False):
                changed.append(path.relative_to(copy))
    return changed


def _wizard(copy: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(copy)}
    return subprocess.run(
        [sys.executable, "-m", "wizard", *args],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_monitoring_tool_added_as_one_catalog_entry_reaches_every_document(
    tmp_path: Path,
) -> None:
    copy = tmp_path / "package"
    _copy_with_the_new_entry(copy)
    assert _changed_files(copy) == [CATALOG]
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump(ANSWERS), encoding="utf-8")
    out = tmp_path / "out"

    exported = _wizard(copy, "export", "--answers", str(answers), "--out", str(out))

    assert exported.returncode == 0, exported.stderr
    architecture = (out / "architecture.md").read_text(encoding="utf-8")
    assert "| Monitoring | [Arize](https://example.com/arize/drift) | you |" in architecture
    assert 'monitoring["Monitoring<br/>Arize"]' in architecture
    assert "Arize watches production" in architecture
    # No PSI of its own: the roadmap does not read as if it computed the trigger's.
    assert "Deploy Arize on production inputs; the monitoring job's `mlops-wizard drift`" in (
        architecture
    )
    spec = yaml.safe_load((out / "mlops-architecture.yaml").read_text(encoding="utf-8"))
    assert spec["monitoring"]["tool"] == "arize"
    assert spec["monitoring"]["drift_method"] == "Arize drift tracing, its own distance per feature"
    implementing = (out / "IMPLEMENTING.md").read_text(encoding="utf-8")
    # Its own method, and (as it computes no PSI) where the trigger's PSI comes from instead.
    assert (
        "Arize drift tracing, its own distance per feature; the trigger's PSI comes from "
        "`mlops-wizard drift` on the same windows." in implementing
    )
    assert "monitor_drift" in (out / ".github/workflows/ml-pipeline.yml").read_text("utf-8")
    assert "Arize" in (out / "decisions/0007-monitoring.md").read_text(encoding="utf-8")


def test_the_scan_recognises_a_tool_added_as_one_catalog_entry(tmp_path: Path) -> None:
    copy = tmp_path / "package"
    _copy_with_the_new_entry(copy)
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "monitor.py").write_text("import arize\nclient = Client(space_key='k')\n")
    (repo / "requirements.txt").write_text("arize==7.0\n")

    scanned = _wizard(copy, "scan", str(repo), "--json")

    assert scanned.returncode == 0, scanned.stderr
    found = json.loads(scanned.stdout)
    assert {(item["tool"], item["detail"]) for item in found["evidence"]} >= {
        ("arize", "imports arize"),
        ("arize", "sends predictions to Arize"),
        ("arize", "depends on arize"),
    }
    assert found["components"]["monitoring"] == "arize"
