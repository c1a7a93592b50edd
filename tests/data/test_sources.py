"""Inputs: CSV, Parquet, JSON lines and globs read alike; sources described for --write."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from tests.data.helpers import weekly_times, write_csv, write_jsonl, write_parquet
from wizard.data import CalibrationRequest, calibrate
from wizard.data.report import calibration_json


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One reference and one three-week history, each written as Parquet, CSV, JSON lines,
    and the history also as a glob over three weekly Parquet files."""
    rng = np.random.default_rng(3)
    folder = tmp_path_factory.mktemp("sources")
    reference = {
        "amount": np.round(rng.normal(50, 10, 600), 6),
        "merchant": rng.choice(["food", "travel", "games"], 600).tolist(),
    }
    times = weekly_times(rng, 3, 200)
    history = {
        "ts": times,
        "amount": np.round(rng.normal(52, 10, 600), 6),
        "merchant": rng.choice(["food", "travel", "games", "crypto"], 600).tolist(),
    }
    paths: dict[str, Any] = {"folder": folder}
    paths["reference.parquet"] = write_parquet(folder / "reference.parquet", reference)
    paths["reference.csv"] = write_csv(folder / "reference.csv", reference)
    paths["reference.jsonl"] = write_jsonl(
        folder / "reference.jsonl",
        [{"amount": float(a), "merchant": m} for a, m in zip(*reference.values(), strict=True)],
    )
    arrow_history = {**history, "ts": pa.array(times, pa.timestamp("us"))}
    paths["history.parquet"] = write_parquet(folder / "history.parquet", arrow_history)
    paths["history.csv"] = write_csv(folder / "history.csv", arrow_history)
    paths["history.ndjson"] = write_jsonl(
        folder / "history.ndjson",
        [
            {"ts": t.isoformat(), "amount": float(a), "merchant": m}
            for t, a, m in zip(times, history["amount"], history["merchant"], strict=True)
        ],
    )
    parts = folder / "parts"
    parts.mkdir()
    for week in range(3):
        rows = slice(200 * week, 200 * (week + 1))
        # Columns in another order in one file: they are matched by name.
        columns = {
            key: arrow_history[key][rows]
            for key in ("merchant", "amount", "ts")[:: 1 - 2 * (week == 1)]
        }
        write_parquet(parts / f"week-{week}.parquet", columns)
    paths["history-glob"] = parts / "week-*.parquet"
    return paths


def _psi(reference: Path, history: Path | str) -> list[dict[str, float | None]]:
    result = calibrate(
        CalibrationRequest(
            reference=str(reference),
            history=str(history),
            timestamp="ts",
            features=("amount", "merchant"),
        )
    )
    return [dict(window.psi) for window in result.windows]


def test_every_format_and_a_glob_give_the_same_psi(data: dict[str, Any]) -> None:
    expected = _psi(data["reference.parquet"], data["history.parquet"])
    assert len(expected) == 3
    for reference in ("reference.parquet", "reference.csv", "reference.jsonl"):
        for history in ("history.parquet", "history.csv", "history.ndjson", "history-glob"):
            got = _psi(data[reference], data[history])
            for got_window, want_window in zip(got, expected, strict=True):
                for feature, value in want_window.items():
                    assert got_window[feature] == pytest.approx(value, abs=1e-12), (
                        reference,
                        history,
                    )


def test_sources_are_described(data: dict[str, Any]) -> None:
    result = calibrate(
        CalibrationRequest(
            reference=str(data["reference.csv"]),
            history=str(data["history-glob"]),
            timestamp="ts",
            features=("amount", "merchant"),
        )
    )
    sources = calibration_json(result)["sources"]
    reference, history = sources["reference"], sources["history"]
    assert reference["format"] == "csv" and reference["rows"] == 600
    assert reference["time_range"] is None  # the reference has no timestamp column
    [ref_file] = reference["files"]
    assert ref_file["sha256"] == hashlib.sha256(data["reference.csv"].read_bytes()).hexdigest()
    assert ref_file["bytes"] == data["reference.csv"].stat().st_size
    assert history["format"] == "parquet" and history["rows"] == 600
    assert [Path(f["path"]).name for f in history["files"]] == [
        "week-0.parquet",
        "week-1.parquet",
        "week-2.parquet",
    ]
    for entry in history["files"]:
        assert entry["sha256"] == hashlib.sha256(Path(entry["path"]).read_bytes()).hexdigest()
    first, last = history["time_range"]
    assert datetime.fromisoformat(first) >= datetime(2026, 1, 5)
    assert datetime.fromisoformat(last) < datetime(2026, 1, 5) + timedelta(weeks=3)
    assert history["columns"]["ts"] == "TIMESTAMP"
    assert history["argument"] == str(data["history-glob"])


def test_checksums_can_be_skipped(data: dict[str, Any]) -> None:
    result = calibrate(
        CalibrationRequest(
            reference=str(data["reference.parquet"]),
            current=str(data["history.parquet"]),
            features=("amount",),
            checksums=False,
        )
    )
    assert all(f.sha256 is None for source in result.sources for f in source.files)
    assert result.mode == "current" and len(result.windows) == 1
    assert calibration_json(result)["windows"][0]["start"] is None


def test_progress_reports_every_step(data: dict[str, Any]) -> None:
    calls: list[tuple[int, int]] = []
    calibrate(
        CalibrationRequest(
            reference=str(data["reference.parquet"]),
            history=str(data["history.parquet"]),
            timestamp="ts",
            features=("amount", "merchant"),
            progress=lambda done, total: calls.append((done, total)),
        )
    )
    total = calls[0][1]
    assert total == 1 + 2 + 2  # the sources, each feature's bins, the windows, the result
    assert calls == [(step, total) for step in range(1, total + 1)]


def test_memory_limit_and_threads_reach_duckdb() -> None:
    from wizard.data.connection import connect

    with connect(memory_limit="64MB", threads=1) as con:
        limit, threads, zone = con.execute(
            "SELECT current_setting('memory_limit'), current_setting('threads'), "
            "current_setting('TimeZone')"
        ).fetchone()
    assert limit == "61.0 MiB" and threads == 1  # DuckDB reports 64 MB in MiB
    assert zone == "UTC"


def test_a_small_memory_limit_gives_the_same_result(data: dict[str, Any]) -> None:
    small = calibrate(
        CalibrationRequest(
            reference=str(data["reference.csv"]),
            history=str(data["history.csv"]),
            timestamp="ts",
            features=("amount", "merchant"),
            memory_limit="64MB",
            threads=1,
        )
    )
    default = _psi(data["reference.csv"], data["history.csv"])
    for window, expected in zip(small.windows, default, strict=True):
        assert dict(window.psi) == pytest.approx(expected)
