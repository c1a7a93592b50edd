"""Data with every trap the printed SQL must survive, and the comparison of a query's rows
with ``calibrate --json``: skewed numbers with tied decile edges, a small-integer feature
whose history holds -0.0, text with unseen values and NULL, booleans, NULL/NaN/±infinity,
rows exactly on week boundaries, rows without a timestamp, an empty week, time-zone-aware
timestamps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from wizard.data import CalibrationRequest, calibrate, calibration_json

FEATURES = ("amount", "items", "merchant", "card_present")
START = datetime(2026, 1, 5, tzinfo=UTC)  # a Monday
WEEKS = 6
PER_WEEK = 300
TOLERANCE = 1e-9


def write_traps(folder: Path, seed: int = 25) -> dict[str, str]:
    rng = np.random.default_rng(seed)
    n = 1500
    amount = np.concatenate([rng.lognormal(3, 1, n - 400), np.zeros(400)])  # ties at 0
    amount[:15] = np.nan
    amount[15:20] = np.inf
    amount[20:23] = -np.inf
    reference = {
        "amount": pa.array(list(amount), pa.float64()),
        "items": pa.array(rng.integers(0, 5, n).astype(float)),  # five values: by value
        "merchant": pa.array(
            [
                None if i % 50 == 0 else m
                for i, m in enumerate(rng.choice(["food", "travel", "games"], n))
            ]
        ),
        "card_present": pa.array(rng.random(n) < 0.4),
    }
    pq.write_table(pa.table(reference), folder / "reference.parquet")

    times: list[datetime | None] = []
    for week in range(WEEKS):
        if week == 3:
            continue  # an empty week inside the range
        monday = START + timedelta(weeks=week)
        seconds = np.sort(rng.integers(0, 7 * 86400, PER_WEEK))
        times += [monday + timedelta(seconds=int(s)) for s in seconds]
        times[-PER_WEEK] = monday  # a row exactly on the week's boundary
    m = len(times)
    for index in range(0, m, 61):
        times[index] = None  # rows without a timestamp
    history_amount = np.concatenate([rng.lognormal(3.1, 1, m - 250), np.zeros(250)])
    history_amount[::37] = np.nan
    history_amount[5::83] = np.inf
    items = rng.integers(0, 6, m).astype(float)
    items[items == 0] = -0.0  # -0.0 is 0.0: its value's bin, never "unseen"
    history = {
        "ts": pa.array(times, pa.timestamp("us", tz="UTC")),
        "amount": pa.array(list(history_amount), pa.float64()),
        "items": pa.array(items),
        "merchant": pa.array(
            [
                None if i % 40 == 0 else x
                for i, x in enumerate(
                    rng.choice(["food", "travel", "games", "crypto"], m, p=[0.3, 0.3, 0.3, 0.1])
                )
            ]
        ),
        "card_present": pa.array(rng.random(m) < 0.5),
    }
    pq.write_table(pa.table(history), folder / "history.parquet")
    return {
        "reference": str(folder / "reference.parquet"),
        "history": str(folder / "history.parquet"),
    }


def request(files: dict[str, str], **changes: Any) -> CalibrationRequest:
    fields: dict[str, Any] = {
        "reference": files["reference"],
        "history": files["history"],
        "timestamp": "ts",
        "features": FEATURES,
        "checksums": False,
    }
    fields.update(changes)
    return CalibrationRequest(**fields)


def expected(req: CalibrationRequest) -> dict[str, Any]:
    return calibration_json(calibrate(req))


def compare(report: dict[str, Any], rows: list[tuple[Any, ...]]) -> float:
    """Check a query's rows against the report: the same windows (empty ones too), counts and
    missing values; return the largest PSI difference."""

    def start(value: Any) -> str | None:
        if value is None:
            return None
        return value.isoformat() if hasattr(value, "hour") else str(value)  # cron: date and time

    by = {(row[0], start(row[1])): row for row in rows}
    assert len(rows) == len(report["windows"]) * len(report["features"])
    untimed = report["sources"].get("history", {}).get("rows_without_timestamp", 0)
    worst = 0.0
    for window in report["windows"]:
        for feature, psi in window["psi"].items():
            row = by[(feature, window["start"])]
            missing = window["missing_values"][feature]
            assert row[2] == window["rows"], (feature, window["start"])
            assert (row[3], row[4], row[5]) == (missing["null"], missing["nan"], missing["inf"])
            assert row[6] == untimed
            assert (row[7] is None) == (psi is None), (feature, window["start"])
            if psi is not None:
                worst = max(worst, abs(row[7] - psi))
    return worst
