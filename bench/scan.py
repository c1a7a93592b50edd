"""Benchmark: ``mlops-wizard scan --json`` against ``git grep -l -E`` of the same patterns.

Generates, deterministically and in a temporary folder, a git repository of 20,000 tracked
files (about 170 MB: mostly Python and text, with a few detections sprinkled in), then runs,
interleaved, the venv's ``mlops-wizard scan REPO --json`` and ``git grep -l -E PATTERN`` over
the same repository. Prints both medians, their ratio (goal: at most 2.0) and the scan's peak
memory (goal: under 200 MB), read from the child's own rusage.

Usage: .venv/bin/python bench/scan.py [--runs N] [--files N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from installed import compile_like_an_install

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from wizard.scan.tools import TOOL_BY_MODULE, TOOL_BY_PACKAGE  # noqa: E402

RATIO_GOAL = 2.0
MEMORY_GOAL_MB = 200.0
SEED = 20_000
TARGET_AVERAGE_BYTES = 8_500


def import_pattern() -> str:
    """The pattern every Python file is matched against: an import of a known tool."""
    modules = "|".join(sorted(module.replace(".", r"\.") for module in TOOL_BY_MODULE))
    return f"(import|from) +({modules})"


def every_token_pattern() -> str:
    """Every word any detection keys on (imports, calls, CI steps, manifest kinds, package
    names) as one alternation: a heavier pattern, reported for comparison."""
    calls = (
        r"log_params?\(|log_metrics?\(|autolog\(|log_model\(|wandb\.(init|log)\("
        r"|register_model\(|transition_model_version_stage|set_registered_model_alias"
        r"|registered_model_name|link_model\(|link_artifact\(|create_model_package"
        r"|Model\.upload\(|models\.create_or_update\(|CanarySize|CANARY|DAG\(|@flow|@asset"
        r"|@dsl\.pipeline|ExpectationSuite|DataFrameSchema|tfdv\.|DataDriftPreset"
        r"|start_http_server|FeatureStore\(|get_online_features|dvc\.api|DeltaTable|cron"
        r"|workflow_dispatch|pytest|dvc repro|kubectl apply|helm upgrade|kind: (Rollout|Canary"
        r"|Workflow|CronWorkflow|InferenceService|ServiceMonitor)|canaryTrafficPercent"
        r"|setWeight|scrape_configs"
    )
    packages = "|".join(sorted(TOOL_BY_PACKAGE))
    return f"{import_pattern()}|{calls}|{packages}"


# --- the generated repository --------------------------------------------------------------

_WORDS = (
    "data model train value result feature config batch score label sample window metric "
    "loader frame column index weight cache client request response table record stream "
    "parse build check update merge split filter normalise encode decode predict evaluate"
).split()
_COMMON_IMPORTS = (
    "import os",
    "import sys",
    "import json",
    "import logging",
    "import numpy as np",
    "import pandas as pd",
    "from pathlib import Path",
    "from typing import Any",
    "from dataclasses import dataclass",
)


def _code_lines(rng: random.Random, count: int) -> list[str]:
    lines: list[str] = []
    for _ in range(count):
        a, b, c = rng.choice(_WORDS), rng.choice(_WORDS), rng.choice(_WORDS)
        shape = rng.randrange(8)
        if shape == 0:
            lines.append(f"def {a}_{b}({c}: Any, {b}: int = {rng.randrange(100)}) -> dict:")
        elif shape == 1:
            lines.append(f"    {a}_{b} = {c}.{b}({a}, axis={rng.randrange(3)})")
        elif shape == 2:
            lines.append(f'    """{a.capitalize()} the {b} of each {c} before it is stored."""')
        elif shape == 3:
            lines.append(f"        if {a} is None or {b} > {rng.random():.4f}:")
        elif shape == 4:
            lines.append(f"            return {{'{a}': {b}, '{c}': len({a}_{c})}}")
        elif shape == 5:
            lines.append(f"    # {a} {b} {c}: keep the {c} ordered so the {a} stays stable")
        elif shape == 6:
            lines.append(f"class {a.capitalize()}{b.capitalize()}:")
        else:
            lines.append(f"    logger.info('{a} %s {b} %d', {c}, {rng.randrange(1000)})")
    return lines


def _text_lines(rng: random.Random, count: int) -> list[str]:
    return [" ".join(rng.choices(_WORDS, k=rng.randrange(6, 16))) for _ in range(count)]


def _body(rng: random.Random, pool: list[str], size: int) -> str:
    average = sum(len(line) for line in pool[:200]) / 200 + 1
    return "\n".join(rng.choices(pool, k=max(1, int(size / average)))) + "\n"


_WORKFLOW = """name: train
on:
  push:
    branches: [main]
  schedule:
    - cron: '0 3 * * 1'
  workflow_dispatch:
jobs:
  train:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pip install -r requirements.txt
      - run: pytest -q
      - run: python src/pipeline/train.py
      - run: kubectl apply -f deploy/
"""


def _special_files() -> dict[str, str]:
    return {
        ".github/workflows/train.yml": _WORKFLOW,
        "dvc.yaml": "stages:\n  train:\n    cmd: python src/pipeline/train.py\n",
        "data/raw.csv.dvc": "outs:\n- md5: 0123456789abcdef\n  path: raw.csv\n",
        "Dockerfile": "FROM python:3.11-slim\nCOPY . /app\n",
        "requirements.txt": "mlflow>=2.9\nevidently==0.4.0\npandas\n",
        "pyproject.toml": '[project]\nname = "bench"\ndependencies = ["mlflow>=2.9"]\n',
    }


def generate(root: Path, files: int) -> int:
    """Write the repository; return its size in bytes."""
    rng = random.Random(SEED)
    code_pool, text_pool = _code_lines(rng, 4000), _text_lines(rng, 2000)
    written = 0
    special = _special_files()
    for index in range(files - len(special)):
        size = int(rng.lognormvariate(0, 0.6) * TARGET_AVERAGE_BYTES * 0.84)
        group = index % 10
        package = f"pkg{index % 40:02d}/mod{index % 7}"
        if group < 6:
            path = f"src/{package}/{rng.choice(_WORDS)}_{index}.py"
            head = list(rng.sample(_COMMON_IMPORTS, 4))
            if index % 800 == 0:
                head.append("import mlflow")
                head.append("mlflow.log_param('alpha', 0.5)")
            if index % 3000 == 3:
                head.append("from evidently.report import Report")
                head.append("report = Report(metrics=[])")
            text = "\n".join(head) + "\n" + _body(rng, code_pool, size)
        elif group == 6:
            path = f"tests/{package}/test_{index}.py"
            text = "import pytest\n" + _body(rng, code_pool, size)
        elif group < 9:
            path = f"docs/{package}/{rng.choice(_WORDS)}_{index}.md"
            text = _body(rng, text_pool, size)
        else:
            path = f"data/{package}/{rng.choice(_WORDS)}_{index}.txt"
            text = _body(rng, text_pool, size)
        _write(root, path, text)
        written += len(text)
    for path, text in special.items():
        _write(root, path, text)
        written += len(text)
    return written


def _write(root: Path, path: str, text: str) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)


def _git(root: Path, *args: str) -> None:
    environment = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull)
    environment.update(
        GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="bench@example.invalid",
        GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.invalid",
    )  # fmt: skip
    # No automatic gc: after the 20,000-file commit it runs on in the background and races
    # the removal of the scratch folder ("Directory not empty: '.git'").
    subprocess.run(
        ["git", "-C", str(root), "-c", "gc.auto=0", *args],
        check=True,
        env=environment,
        stdout=subprocess.DEVNULL,
    )


# --- timing ---------------------------------------------------------------------------------


def _timed(command: list[str]) -> tuple[float, float, bytes]:
    """Wall seconds, peak RSS in MB of this child (and the children it waited for), stdout."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE)
    out = process.stdout.read() if process.stdout else b""
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"{command[0]} failed with exit {process.returncode}")
    return elapsed, usage.ru_maxrss / 1024, out


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--generate-into", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    compile_like_an_install()
    if args.generate_into:
        print(generate(args.generate_into, args.files))
        return 0

    script = Path(sys.executable).parent / "mlops-wizard"
    with tempfile.TemporaryDirectory(prefix="bench-scan-") as scratch:
        root = args.keep or Path(scratch) / "repo"
        root.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        # In a child, so this process stays small: a child's peak RSS starts from its
        # parent's size at fork.
        size = int(
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--generate-into",
                    str(root),
                    "--files",
                    str(args.files),
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        _git(root, "init", "-q")
        _git(root, "add", "-A")
        _git(root, "commit", "-q", "-m", "generated")
        print(
            f"repository: {args.files} tracked files, {size / 1e6:.0f} MB, "
            f"generated in {time.perf_counter() - started:.1f} s"
        )
        scan_command = [str(script), "scan", str(root), "--json"]
        grep_command = ["git", "-C", str(root), "grep", "-l", "-E", "-e", import_pattern()]
        heavy_command = ["git", "-C", str(root), "grep", "-l", "-E", "-e", every_token_pattern()]
        _, _, out = _timed(scan_command)  # warm the page cache for all three
        _timed(grep_command)
        _timed(heavy_command)
        report = json.loads(out)
        times: dict[str, list[float]] = {"scan": [], "grep": [], "heavy": []}
        peaks: list[float] = []
        for _ in range(args.runs):
            elapsed, peak, _ = _timed(scan_command)
            times["scan"].append(elapsed)
            peaks.append(peak)
            times["grep"].append(_timed(grep_command)[0])
            times["heavy"].append(_timed(heavy_command)[0])
    medians = {name: statistics.median(values) for name, values in times.items()}
    ratio, peak = medians["scan"] / medians["grep"], max(peaks)
    print(
        f"scan read {report['files_scanned']} files, found {len(report['evidence'])} items, "
        f"suggested level {report['suggested_level']}"
    )
    for name, label in (
        ("scan", "mlops-wizard scan --json"),
        ("grep", "git grep -l -E <imports>"),
        ("heavy", "git grep -l -E <all tokens>"),
    ):
        runs = ", ".join(f"{value:.3f}" for value in times[name])
        print(f"{label:<28} median {medians[name]:.3f} s  ({runs})")
    print(
        f"ratio to git grep of the import pattern {ratio:.2f} (goal <= {RATIO_GOAL}), "
        f"to the all-token pattern {medians['scan'] / medians['heavy']:.2f}; "
        f"scan peak memory {peak:.0f} MB (goal < {MEMORY_GOAL_MB:.0f})"
    )
    return 0 if ratio <= RATIO_GOAL and peak < MEMORY_GOAL_MB else 1


if __name__ == "__main__":
    raise SystemExit(main())
