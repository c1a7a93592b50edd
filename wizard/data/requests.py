"""What ``calibrate`` and ``drift`` are asked: the data (files or tables, on DuckDB or Spark),
the features and the design's triggers. Plain records, so the engines and the printed SQL read
them without importing the entry points that run them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from typing import Literal

from wizard.model.records import record

__all__ = ["CalibrationRequest", "DriftRequest", "Progress"]

Progress = Callable[[int, int], None]


@record
class CalibrationRequest:
    reference: str | None
    """Path or glob of the reference sample (the training data, or a stable period); None
    when ``reference_table`` names it."""
    features: tuple[str, ...]
    """The key features (the answers' ``retraining.drift.key_features`` unless overridden)."""
    current: str | None = None
    """One current sample; give this or ``history`` (or their tables)."""
    history: str | None = None
    """A history with a timestamp column, cut into windows by the schedule."""
    reference_table: str | None = None
    current_table: str | None = None
    history_table: str | None = None
    """Tables instead of files: what ``--sql`` queries and ``engine="spark"`` reads."""
    engine: Literal["duckdb", "spark"] = "duckdb"
    spark: str | None = None
    """Spark Connect URL (``sc://host:port``); None: a local Spark session."""
    timestamp: str | None = None
    label: str | None = None
    prediction: str | None = None
    schedule: str = "weekly"
    psi_threshold: float | None = None
    """The design's threshold, replayed by the backtest (the recommended one when None)."""
    window_rule: tuple[int, int] | None = None
    """(k breaches, n windows) of the design's k-of-n rule, or None."""
    accuracy_drop_pct: float | None = None
    max_missing_pct: float | None = 50.0
    """A window where a key feature's NULL, NaN and infinite values pass this share (a
    percentage) cannot be judged (None: no bound)."""
    target_false_alarms_per_year: float = 4.0
    memory_limit: str | None = None
    """DuckDB's memory_limit, e.g. ``'256MB'``; beyond it DuckDB spills to a temp folder."""
    threads: int | None = None
    checksums: bool = True
    """SHA-256 of every data file, recorded by ``--write``."""
    progress: Progress | None = field(default=None, compare=False, repr=False)
    """Called as ``progress(done, total)`` after each step (sources, features, windows)."""


@record
class DriftRequest:
    reference: str | None
    current: str | None
    features: tuple[str, ...]
    psi_threshold: float | None = None
    reference_table: str | None = None
    current_table: str | None = None
    engine: Literal["duckdb", "spark"] = "duckdb"
    spark: str | None = None
    memory_limit: str | None = None
    threads: int | None = None
    checksums: bool = False
