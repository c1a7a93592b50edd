"""What the printed SQL spells per dialect: a timestamp's UTC epoch seconds, the exact deciles,
and names quoted and folded as the warehouse stores them (see ``wizard.data.sql``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import sqlglot
from sqlglot import exp

from wizard.data.errors import DataError, quoted
from wizard.data.psi import DECILES

__all__ = [
    "NAME_CASES",
    "SQL_DIALECTS",
    "UNQUOTED_CASE",
    "NameCase",
    "TimestampKind",
    "deciles",
    "distinct_deciles",
    "fold",
    "ident",
    "table",
    "utc_seconds",
]

SQL_DIALECTS = ("duckdb", "spark", "bigquery", "snowflake")
NameCase = Literal["default", "exact", "upper", "lower"]
NAME_CASES: tuple[NameCase, ...] = ("default", "exact", "upper", "lower")
#: How each dialect stores a name written without quotes (what ``default`` folds to).
UNQUOTED_CASE: Mapping[str, NameCase] = {
    "duckdb": "exact",
    "spark": "exact",
    "bigquery": "exact",
    "snowflake": "upper",
}
#: instant: a point in time (TIMESTAMPTZ, Spark TIMESTAMP, BigQuery TIMESTAMP, Snowflake
#: TIMESTAMP_TZ/LTZ); naive: a wall clock read as UTC; date; text: ISO 8601, an offset honoured.
TimestampKind = Literal["instant", "naive", "date", "text"]
#: A text timestamp ends in a zone when it matches this; else it is UTC and gets "+00:00".
_ZONED = "([zZ]|[+-][0-9][0-9](:?[0-9][0-9])?)$"


# --- what each dialect spells its own way ---------------------------------------------------
#
# Checked against each engine's documentation:
# - DuckDB epoch(): seconds from 1970-01-01 00:00:00 UTC, "a TIMESTAMP value without a time
#   zone is read as UTC" (https://docs.aws.amazon.com/athena/latest/ug/duckdb-functions-date-
#   time-epoch-conversion.md); quantile_cont(): interpolated, exact (https://duckdb.org/docs/
#   sql/functions/aggregates); the printed query also runs in DuckDB under any SET TimeZone
#   in the tests.
# - Spark unix_seconds(): "the number of seconds since 1970-01-01 00:00:00 UTC" (https://docs.
#   databricks.com/aws/en/sql/language-manual/functions/unix_seconds); percentile(): "the exact
#   percentile(s) of numeric column" (https://spark.apache.org/docs/3.5.3/api/python/reference/
#   pyspark.sql/api/pyspark.sql.functions.percentile.html); date_add wants an INT day count
#   (DATATYPE_MISMATCH on a BIGINT, seen on Spark 4.3); the tests run the query on Spark.
# - BigQuery UNIX_MICROS, UNIX_DATE, TIMESTAMP(datetime, time_zone), TIMESTAMP(string) (UTC
#   when the text has no zone): https://docs.cloud.google.com/bigquery/docs/reference/
#   standard-sql/timestamp_functions; PERCENTILE_CONT is an analytic function only there.
# - Snowflake PERCENTILE_CONT(p) WITHIN GROUP (ORDER BY v): an aggregate, "linear
#   interpolation of the two nearest input values", NULLs ignored (https://docs.snowflake.com/
#   sql-reference/functions/percentile_cont); DATE_PART(EPOCH_SECOND, ...) (https://docs.
#   snowflake.com/en/developer-guide/snowpark/reference/python/api/snowflake.snowpark.
#   functions.date_part, "See DATE_PART").


def utc_seconds(dialect: str, column: str, kind: TimestampKind) -> str:
    """The dialect's expression for a timestamp column's UTC epoch seconds."""
    zoned = {
        "duckdb": f"CASE WHEN REGEXP_MATCHES({column}, '{_ZONED}') THEN {column} "
        f"ELSE {column} || '+00:00' END",
        "spark": f"CASE WHEN {column} RLIKE '{_ZONED}' THEN {column} "
        f"ELSE CONCAT({column}, '+00:00') END",
        "snowflake": f"CASE WHEN REGEXP_LIKE({column}, '.*{_ZONED}') THEN {column} "
        f"ELSE {column} || '+00:00' END",
    }
    table: dict[str, dict[TimestampKind, str]] = {
        "duckdb": {
            "instant": f"EPOCH({column})",
            "naive": f"EPOCH({column})",
            "date": f"EPOCH(CAST({column} AS TIMESTAMP))",
            "text": f"EPOCH(CAST({zoned['duckdb']} AS TIMESTAMPTZ))",
        },
        "spark": {
            "instant": f"UNIX_SECONDS({column})",
            "naive": f"UNIX_SECONDS({column})",
            "date": f"UNIX_DATE({column}) * 86400",
            "text": f"UNIX_SECONDS(CAST({zoned['spark']} AS TIMESTAMP))",
        },
        "bigquery": {
            "instant": f"UNIX_MICROS({column}) / 1000000",
            "naive": f"UNIX_MICROS(TIMESTAMP({column}, 'UTC')) / 1000000",
            "date": f"UNIX_DATE({column}) * 86400",
            "text": f"UNIX_MICROS(TIMESTAMP({column})) / 1000000",
        },
        "snowflake": {
            "instant": f"DATE_PART(EPOCH_SECOND, {column})",
            "naive": f"DATE_PART(EPOCH_SECOND, {column})",
            "date": f"DATE_PART(EPOCH_SECOND, CAST({column} AS TIMESTAMP_NTZ))",
            "text": f"DATE_PART(EPOCH_SECOND, TO_TIMESTAMP_TZ({zoned['snowflake']}))",
        },
    }
    return table[dialect][kind]


def deciles(dialect: str, source: str) -> str:
    """SELECT of the nine deciles e0..e8 of ``source``'s column ``v``, exact, per dialect."""
    quantiles = ", ".join(repr(q) for q in DECILES)
    if dialect == "duckdb":
        items = ", ".join(f"q[{j + 1}] AS e{j}" for j in range(len(DECILES)))
        return (
            f"SELECT {items} FROM (SELECT QUANTILE_CONT(v, [{quantiles}]) AS q FROM {source}) AS s"
        )
    if dialect == "spark":
        items = ", ".join(f"q[{j}] AS e{j}" for j in range(len(DECILES)))
        inner = f"SELECT PERCENTILE(v, ARRAY({quantiles})) AS q FROM {source}"
        return f"SELECT {items} FROM ({inner}) AS s"
    if dialect == "snowflake":
        items = ", ".join(
            f"PERCENTILE_CONT({q!r}) WITHIN GROUP (ORDER BY v) AS e{j}"
            for j, q in enumerate(DECILES)
        )
        return f"SELECT {items} FROM {source}"
    raise AssertionError(dialect)  # BigQuery's deciles are generic SQL: distinct_deciles


def distinct_deciles(source: str) -> str:
    """The deciles from the distinct values and their counts (BigQuery): the value at rank r
    is the one whose cumulative count reaches r; an edge is lo + (hi − lo)·t between the
    values at ranks ⌊p⌋+1 and ⌈p⌉+1, p = (n − 1)·q, as numpy and quantile_cont interpolate."""
    positions = ", ".join(f"CAST(n - 1 AS DOUBLE) * {q!r} AS p{j}" for j, q in enumerate(DECILES))

    def at(rank: str) -> str:
        return f"MAX(CASE WHEN below < {rank} AND {rank} <= upto THEN v END)"

    bounds = ", ".join(
        f"{at(f'FLOOR(p{j}) + 1')} AS lo{j}, {at(f'CEIL(p{j}) + 1')} AS hi{j}, "
        f"MAX(p{j} - FLOOR(p{j})) AS t{j}"
        for j in range(len(DECILES))
    )
    edges = ", ".join(f"lo{j} + (hi{j} - lo{j}) * t{j} AS e{j}" for j in range(len(DECILES)))
    cumulative = (
        "SELECT v, c, SUM(c) OVER (ORDER BY v NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND "
        "CURRENT ROW) "
        "AS upto, SUM(c) OVER () AS n "
        f"FROM (SELECT v, COUNT(*) AS c FROM {source} GROUP BY v) AS g"
    )
    ranked = f"SELECT v, upto, upto - c AS below, {positions} FROM ({cumulative}) AS cum"
    return f"SELECT {edges} FROM (SELECT {bounds} FROM ({ranked}) AS r) AS b"


# --- names ----------------------------------------------------------------------------------


def fold(name: str, case: NameCase) -> str:
    return name.upper() if case == "upper" else name.lower() if case == "lower" else name


def ident(name: str) -> str:
    """A quoted identifier in the DuckDB source (quotes doubled); transpiling requotes it."""
    return '"' + name.replace('"', '""') + '"'


def table(name: str, dialect: str, case: NameCase) -> str:
    """A possibly qualified table name as quoted DuckDB source text, each part folded."""
    try:
        table = exp.to_table(name, dialect=dialect)
    except sqlglot.errors.SqlglotError:
        table = None
    if not name.strip() or table is None or not table.name:
        raise DataError(
            f"sql: {quoted(name)} is not a table name (allowed: name, dataset.name or "
            "project.dataset.name)"
        )
    parts = [part.name for part in table.parts]
    return ".".join(ident(fold(part, case)) for part in parts)
