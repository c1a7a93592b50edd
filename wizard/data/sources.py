"""Data arguments -> files -> DuckDB relations, and what each source is made of.

A data argument is a path or a glob. It is resolved here, in Python, to a sorted list of
files, so the files hashed, described and read are the same ones, and every error can name
the file at fault. DuckDB then reads the list as one relation (``union_by_name`` so files
whose columns come in another order still line up by name).

Formats: CSV (``.csv``), Parquet (``.parquet``, ``.pq``) and JSON lines (``.jsonl``,
``.ndjson``, ``.json``: one object per line), each optionally compressed (``.gz``, ``.zst``).
"""

from __future__ import annotations

import glob
import hashlib
import os
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Literal

from wizard.data.connection import identifier, run, string_literal
from wizard.data.errors import DataError, no_column, quoted
from wizard.model.records import record

__all__ = [
    "FORMATS",
    "FileInfo",
    "Source",
    "SourceInfo",
    "TypeClass",
    "describe",
    "file_columns",
    "not_empty",
    "require_columns",
    "resolve",
    "sha256_of",
    "timestamp_sql",
    "type_class",
]

Format = Literal["csv", "parquet", "json"]
#: What a source is read as: a format of files, or a table (engine spark).
SourceFormat = Literal["csv", "parquet", "json", "table"]
FORMATS: Mapping[str, Format] = {
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "json",
    ".ndjson": "json",
    ".json": "json",
}
_COMPRESSIONS = (".gz", ".zst")
_ALLOWED = ", ".join(FORMATS)
_CHUNK = 1 << 20  # SHA-256 reads 1 MiB at a time: constant memory whatever the file size

TypeClass = Literal["number", "text", "boolean", "time", "other"]
_NUMBER_TYPES = frozenset(
    "TINYINT SMALLINT INTEGER BIGINT HUGEINT UTINYINT USMALLINT UINTEGER UBIGINT UHUGEINT "
    "FLOAT DOUBLE".split()
)
_TIME_TYPES = frozenset(
    ["DATE", "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP WITH TIME ZONE"]
)
TIMESTAMP_HELP = (
    "allowed: a date or timestamp column, or ISO 8601 text such as 2026-01-05 "
    "or 2026-01-05T10:00:00"
)


def type_class(duckdb_type: str) -> TypeClass:
    """What a DuckDB column type is for our purposes."""
    if duckdb_type in _NUMBER_TYPES or duckdb_type.startswith("DECIMAL"):
        return "number"
    if duckdb_type == "VARCHAR":
        return "text"
    if duckdb_type == "BOOLEAN":
        return "boolean"
    if duckdb_type in _TIME_TYPES:
        return "time"
    return "other"


@record
class _DataArgument:
    """What a source and its description share: the argument, its role, the format."""

    role: str
    """What the source is for: ``reference``, ``current`` or ``history``."""
    argument: str
    """The path or glob as the user gave it."""
    format: Format


@record
class Source(_DataArgument):
    """A resolved data argument: its files, all of one format."""

    files: tuple[str, ...]

    @property
    def where(self) -> str:
        """How messages name the source: the file itself, or the glob and its file count."""
        if len(self.files) == 1:
            return quoted(self.files[0])
        return f"{quoted(self.argument)} ({len(self.files)} files)"

    def relation(self, files: Sequence[str] | None = None) -> str:
        """The SQL table expression that reads the files (all of them by default)."""
        paths = "[" + ", ".join(string_literal(path) for path in files or self.files) + "]"
        if self.format == "csv":
            return f"read_csv({paths}, union_by_name = true)"
        if self.format == "parquet":
            return f"read_parquet({paths}, union_by_name = true)"
        return f"read_json({paths}, format = 'newline_delimited', union_by_name = true)"


@record
class FileInfo:
    path: str
    bytes: int
    sha256: str | None
    """Hex digest of the file's bytes; None when checksums were not asked for."""


@record
class SourceInfo(_DataArgument):
    """What a source holds, as ``calibrate --write`` records it (``format`` is ``table`` for
    a table engine spark read)."""

    files: tuple[FileInfo, ...]
    rows: int
    columns: tuple[tuple[str, str], ...]
    """(name, DuckDB type) of every column, in the order of the files."""
    timestamp: str | None
    time_range: tuple[datetime, datetime] | None
    """Earliest and latest timestamp (UTC), None without a timestamp column or values."""
    rows_without_timestamp: int


def _format_of(path: str) -> Format | None:
    lowered = path.lower()
    for compression in _COMPRESSIONS:
        if lowered.endswith(compression):
            lowered = lowered[: -len(compression)]
    return FORMATS.get(os.path.splitext(lowered)[1])


def resolve(argument: str, role: str) -> Source:
    """Resolve a path or glob to its files; every problem is a DataError naming the file."""
    if not argument:
        raise DataError(f"{role}: no data given (allowed: a path or a glob)")
    if os.path.isfile(argument):  # a literal name wins, even one with [ ] or * in it
        files = [argument]
    elif glob.has_magic(argument):
        matches = sorted(glob.glob(argument, recursive=True))
        files = [path for path in matches if os.path.isfile(path)]
        if not files:
            raise DataError(f"{role}: no files match {quoted(argument)}")
    elif os.path.isdir(argument):
        raise DataError(
            f"{quoted(argument)}: is a folder, not a data file "
            f"(allowed: a file or a glob such as {quoted(os.path.join(argument, '*.parquet'))})"
        )
    elif not os.path.exists(argument):
        raise DataError(f"{quoted(argument)}: no such file (the {role} data)")
    else:
        raise DataError(f"{quoted(argument)}: not a regular file (allowed: a data file or a glob)")
    formats: dict[Format, str] = {}
    for path in files:
        found = _format_of(path)
        if found is None:
            raise DataError(f"{quoted(path)}: unknown data format (allowed: {_ALLOWED})")
        formats.setdefault(found, path)
        try:
            with open(path, "rb"):
                pass
        except OSError as error:
            raise DataError(f"{quoted(path)}: cannot be read ({error.strerror})") from None
        if os.path.getsize(path) == 0:
            raise DataError(
                f"{quoted(path)}: is empty (the {role} data; allowed: a file with at least one row)"
            )
    if len(formats) > 1:
        names = ", ".join(f"{fmt} ({quoted(path)})" for fmt, path in formats.items())
        raise DataError(
            f"{quoted(argument)}: matches files of several formats: {names} "
            "(allowed: one format per data argument)"
        )
    return Source(role=role, argument=argument, format=next(iter(formats)), files=tuple(files))


def file_columns(con: Any, source: Source) -> list[dict[str, str]]:
    """Per file, its columns and DuckDB types (Parquet: metadata only; CSV/JSON: sniffed)."""
    out: list[dict[str, str]] = []
    for path in source.files:
        _read_as_itself(con, path)
        if source.format == "json":
            _not_a_json_array(path)
        rows = run(
            con,
            f"DESCRIBE SELECT * FROM {source.relation([path])}",
            quoted(path),
            _reading(source),
        )
        out.append({str(row[0]): str(row[1]) for row in rows})
    return out


def not_empty(con: Any, source: Source, role: str) -> None:
    """A DataError when the source has no row: an empty file or one with a header only
    (whose columns would all read as text) is said as such, in one line."""
    rows = run(con, f"SELECT 1 FROM {source.relation()} LIMIT 1", source.where, _reading(source))
    if not rows:
        raise DataError(
            f"{source.where}: has no rows (the {role} data; allowed: a file with at least one row)"
        )


def _read_as_itself(con: Any, path: str) -> None:
    """DuckDB expands * ? [ in every path it reads: a file named ``week*.csv`` beside
    ``week1.csv`` would be read with it. Refused, rather than counting rows twice."""
    if not any(char in path for char in "*?["):
        return
    matched = [
        str(row[0])
        for row in run(
            con, f"SELECT file FROM glob({string_literal(path)})", quoted(path), "listing it"
        )
    ]
    others = [found for found in matched if os.path.abspath(found) != os.path.abspath(path)]
    if others:
        raise DataError(
            f"{quoted(path)}: DuckDB reads this name as a pattern, which also matches "
            f"{quoted(others[0])} (allowed: a file name without * ? [, or a glob)"
        )


def _not_a_json_array(path: str) -> None:
    """A ``.json`` file holding one array reads as a single column named ``json``: say so."""
    if path.lower().endswith(_COMPRESSIONS):
        return
    with open(path, "rb") as handle:
        start = handle.read(4096).lstrip()
    if start.startswith(b"["):
        raise DataError(
            f"{quoted(path)}: holds a JSON array; allowed: JSON lines, one object per line"
        )


def _reading(source: Source) -> str:
    return {
        "csv": "reading it as CSV",
        "parquet": "reading it as Parquet",
        "json": "reading it as JSON lines (one object per line)",
    }[source.format]


def require_columns(
    source: Source, per_file: Sequence[Mapping[str, str]], wanted: Mapping[str, str]
) -> dict[str, str]:
    """Check every file has every wanted column ({name: role}); return every column of the
    source with its type in the first file that has it (for the record ``--write`` keeps).
    """
    merged: dict[str, str] = {}
    for columns in per_file:
        for name, kind in columns.items():
            merged.setdefault(name, kind)
    for path, columns in zip(source.files, per_file, strict=True):
        for name, role in wanted.items():
            if name not in columns:
                where = (
                    quoted(path)
                    if len(source.files) == 1
                    else f"{quoted(path)} (in {quoted(source.argument)})"
                )
                raise no_column(where, name, role, list(columns))
    return merged


def timestamp_sql(source: Source, column: str, duckdb_type: str) -> str:
    """SQL for the column as a UTC TIMESTAMP, or a DataError when it cannot be one."""
    col = identifier(column)
    if duckdb_type == "TIMESTAMP WITH TIME ZONE":
        return f"timezone('UTC', {col})"
    if duckdb_type in _TIME_TYPES:
        return f"CAST({col} AS TIMESTAMP)"
    if duckdb_type == "VARCHAR":
        # Through TIMESTAMPTZ so a text with an offset (+02:00) is moved to UTC; a text
        # without one is read as UTC (the session time zone).
        return f"timezone('UTC', try_cast({col} AS TIMESTAMPTZ))"
    raise DataError(
        f"{source.where}: column {quoted(column)} is {duckdb_type}, not a timestamp "
        f"({TIMESTAMP_HELP})"
    )


def describe(
    con: Any,
    source: Source,
    relation: str,
    columns: Mapping[str, str],
    timestamp: str | None,
) -> SourceInfo:
    """Rows and time range in one scan of ``relation`` (the source's view or table), with
    ``columns`` all the source's columns and their types; a timestamp that does not parse
    is a DataError."""
    if timestamp is None:
        (rows,) = run(con, f"SELECT count(*) FROM {relation}", source.where, _reading(source))[0]
        time_range = None
        missing = 0
    else:
        ts = timestamp_sql(source, timestamp, columns[timestamp])
        raw = identifier(timestamp)
        rows, low, high, missing, bad, example = run(
            con,
            f"SELECT count(*), min({ts}), max({ts}), count_if({raw} IS NULL), "
            f"count_if({raw} IS NOT NULL AND {ts} IS NULL), "
            f"min(CAST({raw} AS VARCHAR)) FILTER (WHERE {raw} IS NOT NULL AND {ts} IS NULL) "
            f"FROM {relation}",
            source.where,
            _reading(source),
        )[0]
        if bad:
            raise DataError(
                f"{source.where}: column {quoted(timestamp)}: {bad} value(s) do not parse as a "
                f"timestamp (first: {quoted(str(example))}; {TIMESTAMP_HELP})"
            )
        time_range = None if low is None else (low, high)
    files = tuple(
        FileInfo(path=path, bytes=os.path.getsize(path), sha256=None) for path in source.files
    )
    return SourceInfo(
        role=source.role,
        argument=source.argument,
        format=source.format,
        files=files,
        rows=int(rows),
        columns=tuple(columns.items()),
        timestamp=timestamp,
        time_range=time_range,
        rows_without_timestamp=int(missing or 0),
    )


def sha256_of(path: str) -> str:
    """SHA-256 of a file, read in 1 MiB chunks (hashlib releases the GIL on each chunk, so
    this runs beside DuckDB's scan in a worker thread)."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    except OSError as error:
        raise DataError(f"{quoted(path)}: cannot be read ({error.strerror})") from None
    return digest.hexdigest()
