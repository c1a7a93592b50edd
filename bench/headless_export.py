"""Benchmark: wall time of a headless ``mlops-wizard export`` against the import floor.

Runs, interleaved, 9 times each: the venv's ``mlops-wizard export`` of an example into a
fresh folder, and ``python -c "import pydantic, yaml, jinja2"`` (the libraries any such tool
must load). Prints both medians and their ratio; the goal is a ratio of at most 1.5.

Usage: .venv/bin/python bench/headless_export.py [--runs N] [--example FILE]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from installed import compile_like_an_install

REPO = Path(__file__).resolve().parent.parent
GOAL = 1.5
PYDANTIC_MODEL_FLOOR = (
    # Plugins off, as mlops-wizard runs pydantic, so the floor is measured on equal terms.
    "import os; os.environ['PYDANTIC_DISABLE_PLUGINS'] = '__all__'\n"
    "import pydantic, yaml, jinja2\n"
    "class Model(pydantic.BaseModel):\n"
    "    value: int = 0\n"
    "Model.model_validate({'value': 1})"
)


def _timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--example", type=Path, default=REPO / "examples" / "recommender.yaml")
    args = parser.parse_args()
    compile_like_an_install()

    script = Path(sys.executable).parent / "mlops-wizard"
    floor_command = [sys.executable, "-c", "import pydantic, yaml, jinja2"]
    # Context, not the goal: `import pydantic` defers its validation machinery to the first
    # model class, so any pydantic-validated tool pays this on top of the import floor.
    model_command = [sys.executable, "-c", PYDANTIC_MODEL_FLOOR]
    export_times: list[float] = []
    floor_times: list[float] = []
    model_times: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-export-") as scratch:
        work = Path(scratch)
        # One untimed run of each so both start from a warm file-system cache.
        _timed(floor_command, work)
        _timed([str(script), "export", "--answers", str(args.example), "--out", "warm"], work)
        for run in range(args.runs):
            out = f"out-{run}"
            export_command = [str(script), "export", "--answers", str(args.example), "--out", out]
            export_times.append(_timed(export_command, work))
            floor_times.append(_timed(floor_command, work))
            model_times.append(_timed(model_command, work))

    export_median = statistics.median(export_times)
    floor_median = statistics.median(floor_times)
    ratio = export_median / floor_median
    print(f"mlops-wizard export        median {export_median * 1000:7.1f} ms ({args.runs} runs)")
    print(f"import pydantic,yaml,jinja2 median {floor_median * 1000:7.1f} ms ({args.runs} runs)")
    model_median = statistics.median(model_times)
    print(f"ratio {ratio:.2f} (goal ≤ {GOAL})")
    print(
        f"context: the same imports plus one pydantic model class, median "
        f"{model_median * 1000:.1f} ms; export / that = {export_median / model_median:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
