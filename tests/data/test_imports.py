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


_DUCKDB_PATH = """
import sys
from pathlib import Path
from wizard.cli import main
folder = Path(sys.argv[1])
code = main([
    "calibrate", "--answers", str(folder / "answers.yaml"),
    "--reference", str(folder / "reference.parquet"), "--current", str(folder / "current.parquet"),
    "--features", "amount", "--json",
])
assert code == 0, code
code = main(["calibrate", "--answers", str(folder / "answers.yaml"),
    "--reference", str(folder / "reference.parquet"), "--current", str(folder / "current.parquet"),
    "--features", "amount", "--sql", "spark"])
assert code == 0, code
assert "pyspark" not in sys.modules and "py4j" not in sys.modules, "pyspark on the DuckDB path"
"""


def test_the_duckdb_path_never_imports_pyspark(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    import numpy as np

    from tests.data.helpers import write_parquet
    from tests.paths import EXAMPLES

    rng = np.random.default_rng(3)
    write_parquet(tmp_path / "reference.parquet", {"amount": rng.normal(0, 1, 500)})
    write_parquet(tmp_path / "current.parquet", {"amount": rng.normal(0, 1, 500)})
    shutil.copyfile(EXAMPLES / "fraud-detection.yaml", tmp_path / "answers.yaml")
    done = subprocess.run(
        [sys.executable, "-c", _DUCKDB_PATH, str(tmp_path)],
        cwd=REPO_ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
