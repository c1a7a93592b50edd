"""The in-process DuckDB connection and the few SQL-text helpers every module shares.

All heavy work runs inside DuckDB, which streams files larger than memory and spills to a
private temporary folder under ``memory_limit``. Python only ever sees aggregates (bin
counts per window), never a column.
"""

from __future__ import annotations

import math
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import duckdb

from wizard.data.errors import DataError, quoted, translate

__all__ = ["connect", "double_literal", "identifier", "run", "string_literal"]


@contextmanager
def connect(memory_limit: str | None = None, threads: int | None = None) -> Iterator[Any]:
    """An in-memory DuckDB connection, set up for reproducible statistics.

    - ``TimeZone`` is UTC, so a TIMESTAMPTZ column and a timestamp text with an offset land
      in the same window on every machine.
    - ``temp_directory`` is a folder of our own, removed afterwards: an in-memory database
      would otherwise spill into ``.tmp`` under the user's current directory.
    - ``preserve_insertion_order`` off lets aggregates stream without buffering rows.
    - Parquet FLOAT/DOUBLE columns may hold NaN outside their min/max statistics.
    """
    spill = tempfile.mkdtemp(prefix="mlops-wizard-duckdb-")
    con = duckdb.connect(":memory:")
    try:
        settings: list[tuple[str, str]] = [
            ("TimeZone", "UTC"),
            ("temp_directory", spill),
            ("preserve_insertion_order", "false"),
            ("enable_progress_bar", "false"),
            # Parquet min/max statistics leave NaN out (the format says so), and by default
            # DuckDB 2.0 takes them as complete: isnan(v) folded to false and v <= edge to true
            # for every NaN of a column whose other values lie below the edge, so NaN rows were
            # counted in a bin. This setting keeps the statistics for everything else; turning
            # statistics propagation off, the first fix, made calibrate 1.7x slower.
            # https://github.com/duckdb/duckdb/pull/25747
            ("parquet_can_have_nan", "true"),
        ]
        if memory_limit is not None:
            settings.append(("memory_limit", memory_limit))
        if threads is not None:
            if threads < 1:
                raise DataError(f"threads: {threads} is not allowed (allowed: 1 or more)")
            settings.append(("threads", str(threads)))
        for name, value in settings:
            try:
                con.execute(f"SET {name} = {string_literal(value)}")
            except duckdb.Error:
                raise DataError(
                    f"{name}: {quoted(value)} is not accepted by DuckDB"
                    + (" (allowed: a size such as 512MB or 2GB)" if name == "memory_limit" else "")
                ) from None
        yield con
    finally:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)


def run(
    con: Any, sql: str, where: str, doing: str, parameters: Sequence[object] | None = None
) -> list[tuple[Any, ...]]:
    """Execute and fetch, turning any DuckDB exception into a one-line DataError."""
    try:
        return con.execute(sql, parameters).fetchall()
    except duckdb.Error as error:
        raise translate(error, where, doing) from None


def identifier(name: str) -> str:
    """A column name as a quoted SQL identifier (any character allowed, quotes doubled)."""
    return '"' + name.replace('"', '""') + '"'


def string_literal(text: str) -> str:
    """A SQL string literal (quotes doubled); control characters pass through unchanged."""
    return "'" + text.replace("'", "''") + "'"


def double_literal(value: float) -> str:
    """A DOUBLE literal that parses back to exactly ``value``.

    ``repr`` is the shortest text that round-trips; DuckDB reads a literal with an exponent
    as DOUBLE (without one, ``0.1`` would be DECIMAL(2,1) and converted on comparison).
    """
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    text = repr(float(value))
    return text if "e" in text else text + "e0"
