"""Benchmark: ``wizard.data.calibrate`` against a pyarrow + numpy baseline of the same PSI.

Generates once, with a fixed seed, in a cache folder outside the repository (default
``/tmp/mlops-wizard-bench/calibrate``): a reference of 1,000,000 rows and a history of
10,000,000 rows over 52 weekly windows (four Parquet files, a glob), 20 numerical and 2
categorical features. Then, each in its own subprocess so its wall time and peak memory are
its own (``os.wait4``):

- the library: ``calibrate`` over the reference and the history glob, weekly windows,
  threads 2;
- the baseline: the same PSI per feature and window with pyarrow + numpy (``np.quantile``,
  ``np.searchsorted(side="left")``, ``np.bincount``), reading the columns it needs;
- the library again with DuckDB's ``memory_limit`` at a quarter of the data's size on disk;
- the library with ``engine="spark"`` on a local Spark session (``local[2]``), in the same run:
  its wall time includes starting the JVM, its peak memory is the Python process's plus the
  JVM's (VmHWM), read before the session stops.

Prints each figure beside its baseline and the ratio: wall time (goal at most 0.5x), peak
memory (goal at most 0.5x), the largest |PSI difference| (goal at most 1e-9).

Usage: .venv/bin/python bench/calibrate.py [--runs N] [--data-dir DIR] [--regenerate]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from installed import compile_like_an_install

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = Path("/tmp/mlops-wizard-bench/calibrate")
SEED = 52
REFERENCE_ROWS = 1_000_000
HISTORY_ROWS = 10_000_000
WEEKS = 52
HISTORY_FILES = 4
NUMERICAL = [f"f{index:02d}" for index in range(20)]
CATEGORICAL = ["channel", "country"]
FEATURES = NUMERICAL + CATEGORICAL
HISTORY_START = datetime(2025, 1, 6)  # a Monday: weekly windows start on Mondays
CHANNELS = ["web", "app", "pos", "phone", "partner"]
COUNTRIES = [f"C{index:02d}" for index in range(30)]
TIME_GOAL = 0.5
MEMORY_GOAL = 0.5
PSI_GOAL = 1e-9
#: Bumped whenever the generator changes, so a stale cache is regenerated.
GENERATOR_VERSION = "1"


# --- the generated data ---------------------------------------------------------------------


def _columns(rng, rows: int, week: int | None):  # type: ignore[no-untyped-def]
    """One chunk of rows: 20 numerical features of assorted shapes, 2 categorical ones.

    ``week`` (None for the reference) injects changes into the history: a 0.1 sigma shift of
    ``f01`` from week 30, a new country from week 45, so the backtest has something to find.
    """
    import numpy as np

    shift = 0.1 if week is not None and week >= 30 else 0.0
    columns: dict[str, object] = {}
    for index, name in enumerate(NUMERICAL):
        shape = index % 5
        if shape == 0:
            values = rng.normal(0.0, 1.0, rows)
        elif shape == 1:
            values = rng.normal(10.0 + shift * 2.0 * (index == 1), 2.0, rows)
        elif shape == 2:
            values = rng.lognormal(3.0, 1.0, rows)
        elif shape == 3:
            values = rng.exponential(5.0, rows)
        else:
            # Integer counts: many rows tie at the bin edges (side="left" puts them low).
            values = rng.poisson(40.0, rows).astype(np.int64)
        columns[name] = values
    channel_p = np.array([0.4, 0.3, 0.15, 0.1, 0.05])
    columns["channel"] = np.array(CHANNELS, dtype=object)[rng.choice(5, rows, p=channel_p)]
    countries = COUNTRIES + (["XX"] if week is not None and week >= 45 else [])
    weights = np.linspace(2.0, 0.5, len(COUNTRIES))
    if len(countries) > len(COUNTRIES):
        weights = np.append(weights, weights.sum() * 0.01)
    weights = weights / weights.sum()
    columns["country"] = np.array(countries, dtype=object)[
        rng.choice(len(countries), rows, p=weights)
    ]
    return columns


def _table(columns: dict[str, object], timestamps):  # type: ignore[no-untyped-def]
    import pyarrow as pa

    arrays = {"ts": pa.array(timestamps, type=pa.timestamp("us"))}
    for name in FEATURES:
        arrays[name] = pa.array(columns[name])
    return pa.table(arrays)


def generate(root: Path) -> None:
    """Write reference.parquet and history-*.parquet under ``root``, chunk by chunk."""
    import numpy as np
    import pyarrow.parquet as pq

    root.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    week_us = 7 * 24 * 3600 * 1_000_000
    start_us = int((HISTORY_START - datetime(1970, 1, 1)) / timedelta(microseconds=1))

    # The reference: the four weeks before the history, 200,000 rows at a time.
    writer = None
    chunk = 200_000
    for first in range(0, REFERENCE_ROWS, chunk):
        rows = min(chunk, REFERENCE_ROWS - first)
        offsets = np.sort(rng.integers(0, 4 * week_us, rows))
        table = _table(_columns(rng, rows, None), (start_us - 4 * week_us + offsets))
        if writer is None:
            writer = pq.ParquetWriter(root / "reference.parquet", table.schema)
        writer.write_table(table)
    assert writer is not None
    writer.close()

    # The history: 52 weeks of uneven size (between 0.5x and 1.5x the mean), one row group a
    # week, 13 weeks a file.
    sizes = rng.uniform(0.5, 1.5, WEEKS)
    sizes = np.floor(sizes / sizes.sum() * HISTORY_ROWS).astype(np.int64)
    sizes[-1] += HISTORY_ROWS - sizes.sum()
    per_file = WEEKS // HISTORY_FILES
    for part in range(HISTORY_FILES):
        writer = None
        for week in range(part * per_file, (part + 1) * per_file):
            rows = int(sizes[week])
            offsets = np.sort(rng.integers(0, week_us, rows))
            table = _table(_columns(rng, rows, week), start_us + week * week_us + offsets)
            if writer is None:
                writer = pq.ParquetWriter(root / f"history-{part}.parquet", table.schema)
            writer.write_table(table)
        assert writer is not None
        writer.close()
    (root / "VERSION").write_text(GENERATOR_VERSION)


def ensure_data(root: Path, regenerate: bool) -> None:
    stamp = root / "VERSION"
    if regenerate or not stamp.exists() or stamp.read_text() != GENERATOR_VERSION:
        started = time.perf_counter()
        print(f"generating the data under {root} ...", flush=True)
        generate(root)
        print(f"  done in {time.perf_counter() - started:.0f} s", flush=True)


# --- the two contenders, each run as a child process ----------------------------------------


def _history_files(root: Path) -> list[str]:
    return [str(root / f"history-{part}.parquet") for part in range(HISTORY_FILES)]


def run_library(root: Path, memory_limit: str | None, engine: str = "duckdb") -> dict[str, Any]:
    """calibrate over the reference and the history glob, as the CLI would call it."""
    sys.path.insert(0, str(REPO))
    from wizard.data import CalibrationRequest, calibrate, calibration_json

    jvm_peak = None
    if engine == "spark":
        from pyspark.sql import SparkSession

        spark = (
            SparkSession.builder.master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.driver.memory", "4g")
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
    result = calibrate(
        CalibrationRequest(
            reference=str(root / "reference.parquet"),
            history=str(root / "history-*.parquet"),
            timestamp="ts",
            features=tuple(FEATURES),
            schedule="weekly",
            threads=2,
            memory_limit=memory_limit,
            engine=engine,  # type: ignore[arg-type]
        )
    )
    if engine == "spark":
        pid = spark.sparkContext._gateway.proc.pid  # the JVM py4j started
        status = Path(f"/proc/{pid}/status").read_text()
        jvm_peak = next(
            int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM")
        )
        spark.stop()
    data = calibration_json(result)  # what --json prints: part of the cost
    json.dumps(data)
    psi: dict[str, dict[str, float | None]] = {name: {} for name in FEATURES}
    for window in data["windows"]:
        for name, value in window["psi"].items():
            psi[name][window["start"]] = value
    return {
        "psi": psi,
        "recommended": data["recommended"]["psi_threshold"],
        "drift_windows": data["backtest"]["drift_windows"],
        "jvm_peak_kb": jvm_peak,
    }


def run_baseline(root: Path) -> dict[str, Any]:
    """The same PSI with pyarrow + numpy: the columns read into memory, np.quantile for the
    edges, np.searchsorted(side="left") for the bins, np.bincount for the counts per window.

    It is given the features' kinds (the 20 float/int columns numerical, the 2 text columns
    categorical) instead of counting the reference's distinct values, which the library
    does: an advantage to the baseline.
    """
    import numpy as np
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    deciles = np.arange(1, 10) / 10
    reference = pq.read_table(root / "reference.parquet", columns=FEATURES)
    history = pq.read_table(_history_files(root), columns=["ts", *FEATURES])
    week_us = 7 * 24 * 3600 * 1_000_000
    monday_us = int((datetime(1970, 1, 5) - datetime(1970, 1, 1)) / timedelta(microseconds=1))
    ts = history["ts"].to_numpy().astype("datetime64[us]").astype(np.int64)
    week = (ts - monday_us) // week_us  # floor division: date_trunc('week', ts)
    first = int(week.min())
    window = week - first
    windows = int(window.max()) + 1
    starts = [
        (datetime(1970, 1, 5) + timedelta(weeks=first + index)).date().isoformat()
        for index in range(windows)
    ]

    def psi_rows(ref_counts: Any, counts: Any) -> list[float | None]:
        ref_share = np.where(ref_counts == 0, 0.0001, ref_counts / ref_counts.sum())
        out: list[float | None] = []
        for row in counts:
            total = row.sum()
            if total == 0:
                out.append(None)
                continue
            share = np.where(row == 0, 0.0001, row / total)
            out.append(float(np.sum((share - ref_share) * np.log(share / ref_share))))
        return out

    psi: dict[str, dict[str, float | None]] = {}
    for name in NUMERICAL:
        ref = reference[name].to_numpy().astype(np.float64)
        ref = ref[np.isfinite(ref)]
        edges = np.unique(np.quantile(ref, deciles))
        bins = len(edges) + 1
        ref_counts = np.bincount(np.searchsorted(edges, ref, side="left"), minlength=bins)
        values = history[name].to_numpy().astype(np.float64)
        finite = np.isfinite(values)
        index = window[finite] * bins + np.searchsorted(edges, values[finite], side="left")
        counts = np.bincount(index, minlength=windows * bins).reshape(windows, bins)
        psi[name] = dict(zip(starts, psi_rows(ref_counts, counts), strict=True))
    for name in CATEGORICAL:
        values = pc.unique(reference[name]).sort()
        bins = len(values) + 1
        ref_index = pc.index_in(reference[name], value_set=values).to_numpy()
        ref_counts = np.bincount(ref_index, minlength=bins)
        index = pc.fill_null(pc.index_in(history[name], value_set=values), len(values))
        flat = window * bins + index.to_numpy().astype(np.int64)
        counts = np.bincount(flat, minlength=windows * bins).reshape(windows, bins)
        psi[name] = dict(zip(starts, psi_rows(ref_counts, counts), strict=True))
    return {"psi": psi}


# --- timing ---------------------------------------------------------------------------------


def _timed(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, peak RSS in MB and CPU seconds (user + system) of the child (its own
    rusage, from wait4)."""
    start = time.perf_counter()
    process = subprocess.Popen(command)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command[:4])} ... failed with exit {process.returncode}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def _child(args: argparse.Namespace) -> int:
    root = Path(args.data_dir)
    if args.child == "generate":
        ensure_data(root, args.regenerate)
        return 0
    if args.child == "baseline":
        out = run_baseline(root)
    else:
        out = run_library(root, args.memory_limit, "spark" if args.child == "spark" else "duckdb")
    Path(args.out).write_text(json.dumps(out))
    return 0


def _largest_difference(a: dict[str, Any], b: dict[str, Any]) -> tuple[float, int]:
    worst, compared = 0.0, 0
    for name in FEATURES:
        left, right = a["psi"][name], b["psi"][name]
        if set(left) != set(right):
            raise SystemExit(f"{name}: the windows differ: {sorted(set(left) ^ set(right))}")
        for start, value in left.items():
            other = right[start]
            if (value is None) != (other is None):
                raise SystemExit(f"{name} {start}: {value} against {other}")
            if value is not None:
                worst = max(worst, abs(value - other))
                compared += 1
    return worst, compared


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--spark-runs", type=int, default=1, help="runs of engine spark (0: none; needs pyspark)"
    )
    parser.add_argument("--data-dir", default=str(DEFAULT_DATA))
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument(
        "--child", choices=["generate", "library", "baseline", "spark"], help=argparse.SUPPRESS
    )
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--memory-limit", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return _child(args)

    compile_like_an_install()
    root = Path(args.data_dir)
    me = [sys.executable, __file__, "--data-dir", str(root)]
    # Generation in a child too, so this process stays small.
    subprocess.run(
        [*me, "--child", "generate", *(["--regenerate"] if args.regenerate else [])], check=True
    )
    files = [root / "reference.parquet", *map(Path, _history_files(root))]
    size = sum(path.stat().st_size for path in files)
    quarter_mb = max(int(size / 4 / 2**20), 64)
    print(
        f"data: {REFERENCE_ROWS:,} reference rows, {HISTORY_ROWS:,} history rows over {WEEKS} "
        f"weeks, {len(NUMERICAL)} numerical + {len(CATEGORICAL)} categorical features; "
        f"{size / 2**20:,.0f} MiB of Parquet in {len(files)} files ({root})"
    )
    scratch = root / "results"
    scratch.mkdir(exist_ok=True)
    outputs = {
        name: scratch / f"{name}.json" for name in ("library", "baseline", "limited", "spark")
    }

    def command(name: str, *extra: str) -> list[str]:
        child = name if name in ("baseline", "spark") else "library"
        return [*me, "--child", child, "--out", str(outputs[name]), *extra]

    _timed(command("library"))  # warm the page cache and the bytecode
    times: dict[str, list[float]] = {"library": [], "baseline": []}
    peaks: dict[str, list[float]] = {"library": [], "baseline": []}
    cpus: dict[str, list[float]] = {"library": [], "baseline": []}
    load_before = os.getloadavg()[0]
    for _ in range(args.runs):
        for name in ("library", "baseline"):
            elapsed, peak, cpu = _timed(command(name))
            times[name].append(elapsed)
            peaks[name].append(peak)
            cpus[name].append(cpu)
    load_after = os.getloadavg()[0]
    limited_time, limited_peak, _ = _timed(command("limited", "--memory-limit", f"{quarter_mb}MB"))
    spark_runs: list[tuple[float, float]] = []
    for _ in range(args.spark_runs):
        elapsed, python_peak, _ = _timed(command("spark"))
        jvm_kb = json.loads(outputs["spark"].read_text())["jvm_peak_kb"]
        spark_runs.append((elapsed, python_peak + jvm_kb / 1024))

    library = json.loads(outputs["library"].read_text())
    baseline = json.loads(outputs["baseline"].read_text())
    limited = json.loads(outputs["limited"].read_text())
    worst, compared = _largest_difference(library, baseline)
    worst_limited, _ = _largest_difference(limited, baseline)
    wall = {name: statistics.median(values) for name, values in times.items()}
    peak = {name: max(values) for name, values in peaks.items()}
    time_ratio, memory_ratio = (
        wall["library"] / wall["baseline"],
        peak["library"] / peak["baseline"],
    )
    cpu = {name: statistics.median(values) for name, values in cpus.items()}
    print(
        f"runs: {args.runs}, interleaved; threads 2; the page cache warm for both; load average "
        f"{load_before:.1f} before, {load_after:.1f} after (the library's two threads lose more "
        "wall time to a loaded machine than the one-threaded baseline: read CPU time too)"
    )
    print(f"{'':34}{'library':>12}{'baseline':>12}{'ratio':>9}  goal")
    print(
        f"{'wall time, median (s)':34}{wall['library']:>12.2f}{wall['baseline']:>12.2f}"
        f"{time_ratio:>9.2f}  <= {TIME_GOAL}"
    )
    print(
        f"{'CPU time (user + sys), median (s)':34}{cpu['library']:>12.2f}{cpu['baseline']:>12.2f}"
        f"{cpu['library'] / cpu['baseline']:>9.2f}"
    )
    print(
        f"{'peak memory, max (MB)':34}{peak['library']:>12.0f}{peak['baseline']:>12.0f}"
        f"{memory_ratio:>9.2f}  <= {MEMORY_GOAL}"
    )
    print(f"{'max |PSI difference|':34}{worst:>12.2e}{'':>12}{'':>9}  <= {PSI_GOAL:g}")
    print(f"  ({compared} PSI values compared: {len(FEATURES)} features x {WEEKS} weeks)")
    for name in ("library", "baseline"):
        print(
            f"  {name} runs: "
            + ", ".join(
                f"{t:.2f} s / {m:.0f} MB" for t, m in zip(times[name], peaks[name], strict=True)
            )
        )
    print(
        f"memory_limit {quarter_mb}MB (a quarter of the data): completed in {limited_time:.2f} s, "
        f"peak {limited_peak:.0f} MB, max |PSI difference| {worst_limited:.2e}"
    )
    if spark_runs:
        on_spark = json.loads(outputs["spark"].read_text())
        worst_spark, _ = _largest_difference(on_spark, baseline)
        spark_wall = statistics.median(t for t, _ in spark_runs)
        spark_peak = max(m for _, m in spark_runs)
        print(
            f"engine spark, local[2] (same run, {len(spark_runs)} run(s)): {spark_wall:.2f} s "
            f"({spark_wall / wall['baseline']:.2f}x the baseline, "
            f"{spark_wall / wall['library']:.1f}x DuckDB), peak {spark_peak:.0f} MB with the JVM "
            f"({spark_peak / peak['baseline']:.2f}x the baseline), max |PSI difference| "
            f"{worst_spark:.2e}"
        )
        worst_limited = max(worst_limited, worst_spark)
    print(
        f"recommended threshold {library['recommended']:.6g}; drift flagged in "
        f"{len(library['drift_windows'])} of {WEEKS} weeks (first {library['drift_windows'][:1]})"
    )
    ok = (
        time_ratio <= TIME_GOAL
        and memory_ratio <= MEMORY_GOAL
        and max(worst, worst_limited) <= PSI_GOAL
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
