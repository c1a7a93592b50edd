"""A reference and a weekly history of the fraud example's key features, the amount shifted
in one known week: the data the calibrate command's and the calibration panel's tests share."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

WEEKS = 20
SHIFTED_WEEK = 12
FIRST_MONDAY = datetime(2026, 1, 5)


def write_fraud_data(folder: Path) -> None:
    """``reference.parquet`` and ``history.parquet`` (timestamps in ``scored_at``)."""
    rng = np.random.default_rng(7)
    size = 4000
    pq.write_table(
        pa.table(
            {"amount": rng.normal(0, 1, size), "merchant_category": rng.choice(list("abcd"), size)}
        ),
        folder / "reference.parquet",
    )
    amounts, categories, times = [], [], []
    for week in range(WEEKS):
        shift = 0.8 if week == SHIFTED_WEEK else 0.0
        amounts += list(rng.normal(shift, 1, 1500))
        categories += list(rng.choice(list("abcd"), 1500))
        start = FIRST_MONDAY + timedelta(weeks=week)
        times += [start + timedelta(seconds=int(s)) for s in rng.integers(0, 7 * 86400, 1500)]
    pq.write_table(
        pa.table({"amount": amounts, "merchant_category": categories, "scored_at": times}),
        folder / "history.parquet",
    )
