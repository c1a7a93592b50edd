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
