"""The package loads DuckDB only when a function needs it, and never Textual."""

from __future__ import annotations

import subprocess
import sys

from tests.paths import REPO_ROOT

_CHECK = """
import sys
import wizard.data
from wizard.data import DataError
assert "duckdb" not in sys.modules and "sqlglot" not in sys.modules, "loaded too early"
from wizard.data import calibrate, calibration_sql
assert "duckdb" in sys.modules
for name in ("textual", "rich", "screens", "wizard.cli", "numpy", "pyarrow"):
    assert name not in sys.modules, name
print("ok")
"""


def test_duckdb_loads_lazily_and_textual_never() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _CHECK], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
