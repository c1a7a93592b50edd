"""Helpers for the data-stage tests: small files written into tmp_path, and an independent
numpy implementation of PSI to check the library against."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

MONDAY = datetime(2026, 1, 5)


def write_parquet(path: Path, columns: dict[str, Any]) -> Path:
    pq.write_table(pa.table(columns), path)
    return path


def write_csv(path: Path, columns: dict[str, Any]) -> Path:
    pacsv.write_csv(pa.table(columns), path)
    return path


def write_jsonl(path: Path, rows: Sequence[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


def weekly_times(rng: np.random.Generator, weeks: int, per_week: int) -> list[datetime]:
    """``per_week`` random times inside each of ``weeks`` weeks from MONDAY, sorted."""
    out: list[datetime] = []
    for week in range(weeks):
        seconds = np.sort(rng.integers(0, 7 * 86400, per_week))
        out += [MONDAY + timedelta(weeks=week, seconds=int(s)) for s in seconds]
    return out


# --- the reference implementation -----------------------------------------------------------


def numpy_psi_from_counts(reference: np.ndarray, current: np.ndarray) -> float:
    ref_share = np.where(reference == 0, 0.0001, reference / reference.sum())
    cur_share = np.where(current == 0, 0.0001, current / current.sum())
    return float(np.sum((cur_share - ref_share) * np.log(cur_share / ref_share)))


def numpy_numerical_counts(reference: Sequence[Any], current: Sequence[Any]) -> tuple[Any, Any]:
    """Decile edges with np.quantile (linear), collapsed, then searchsorted(side='left') and
    bincount; nulls and non-finite values left out."""
    ref = np.array([np.nan if v is None else v for v in reference], dtype=float)
    cur = np.array([np.nan if v is None else v for v in current], dtype=float)
    ref, cur = ref[np.isfinite(ref)], cur[np.isfinite(cur)]
    edges = np.unique(np.quantile(ref, np.arange(1, 10) / 10))
    bins = len(edges) + 1
    ref_counts = np.bincount(np.searchsorted(edges, ref, side="left"), minlength=bins)
    cur_counts = np.bincount(np.searchsorted(edges, cur, side="left"), minlength=bins)
    return ref_counts, cur_counts


def numpy_categorical_counts(reference: Sequence[Any], current: Sequence[Any]) -> tuple[Any, Any]:
    """One bin per reference value (a null is a value), plus one bin for unseen values."""
    values = list(dict.fromkeys(reference))
    index = {value: position for position, value in enumerate(values)}
    unseen = len(values)
    ref_counts = np.bincount([index[v] for v in reference], minlength=unseen + 1)
    cur_counts = np.bincount([index.get(v, unseen) for v in current], minlength=unseen + 1)
    return ref_counts, cur_counts


def numpy_psi(reference: Sequence[Any], current: Sequence[Any]) -> float:
    """PSI as DESIGN.md defines it, written independently of the library."""
    present = [v for v in reference if v is not None]
    is_number = all(isinstance(v, int | float) and not isinstance(v, bool) for v in present)
    finite = {v for v in present if not is_number or np.isfinite(v)}
    if is_number and len(finite) > 20:
        return numpy_psi_from_counts(*numpy_numerical_counts(reference, current))

    def key(value: Any) -> Any:
        if is_number and value is not None:
            return float(value) if np.isfinite(value) else None
        return value

    return numpy_psi_from_counts(
        *numpy_categorical_counts([key(v) for v in reference], [key(v) for v in current])
    )
