"""The headless commands never import Textual or GitPython: run each in a fresh interpreter
and look at sys.modules at exit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FRAUD = REPO / "examples" / "fraud-detection.yaml"

PROBE = """
import json, sys
from wizard.cli import main
code = main(sys.argv[1:])
heavy = sorted({name.split(".")[0] for name in sys.modules} & {"textual", "git", "screens"})
print("\\n" + json.dumps({"code": code, "heavy": heavy}))
"""


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "--answers", str(FRAUD), "--out", "{out}"],
        ["new"],
        ["validate", str(FRAUD)],
        ["schema"],
    ],
    ids=["export", "new", "validate", "schema"],
)
def test_headless_command_imports_neither_textual_nor_git(tmp_path: Path, argv: list[str]) -> None:
    args = [arg.replace("{out}", str(tmp_path / "out")) for arg in argv]
    completed = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        timeout=60,
    )
    report = json.loads(completed.stdout.splitlines()[-1])
    assert report == {"code": 0, "heavy": []}, completed.stderr


GATE_PROBE = """
import json, sys
from wizard.cli import main
code = main(sys.argv[1:])
heavy = sorted({name.split(".")[0] for name in sys.modules} & {"textual", "duckdb", "screens"})
print("\\n" + json.dumps({"code": code, "heavy": heavy}))
"""


def test_gate_check_and_log_load_neither_textual_nor_duckdb(tmp_path: Path) -> None:
    """What CI runs in its own jobs installs and loads only what the command needs."""
    out = tmp_path / "out"
    export = ["export", "--answers", str(FRAUD), "--out", str(out), "--only", "yaml,ci,answers"]
    evaluation = tmp_path / "evaluation.json"
    evaluation.write_text(
        json.dumps(
            {"candidate": 0.83, "production": 0.82, "latency_p95_ms": 4.0,
             "leakage_check_passed": True, "bias_checks_passed": True}
        ),
        encoding="utf-8",
    )  # fmt: skip
    log = tmp_path / "decisions.jsonl"
    commands = [
        (export, 0),
        (["gate", str(evaluation), "--spec", str(out / "mlops-architecture.yaml"), "--log",
          str(log)], 0),
        (["check", "--repo", str(out)], 4),  # mlops.mk's targets are not written yet
        (["log", str(log)], 0),
    ]  # fmt: skip
    for argv, code in commands:
        completed = subprocess.run(
            [sys.executable, "-c", GATE_PROBE, *argv],
            capture_output=True, text=True, cwd=tmp_path, check=False, timeout=60,
        )  # fmt: skip
        report = json.loads(completed.stdout.splitlines()[-1])
        assert report == {"code": code, "heavy": []}, (argv[0], completed.stderr)
