"""``calibrate --sql DIALECT``: the PSI computation as one SQL query that runs where it is
printed for, giving what ``calibrate --json`` gives.

The query is written once in DuckDB's dialect and transpiled by sqlglot to DuckDB, Spark,
BigQuery or Snowflake; the few things no two engines spell alike are written per dialect
(``_DIALECT``) and put in place of a placeholder in the transpiled tree. What it guarantees:

- **Windows in UTC whatever the session's time zone**: a row's window comes from its UTC
  epoch seconds (DuckDB ``epoch``, Spark ``unix_seconds``, BigQuery ``unix_micros``,
  Snowflake ``date_part(epoch_second, ...)``), never from a cast to DATE that follows
  ``SET TimeZone``, ``spark.sql.session.timeZone`` or Snowflake's TIMEZONE. A timestamp
  without a zone (DuckDB TIMESTAMP, Spark TIMESTAMP_NTZ, BigQuery DATETIME, Snowflake
  TIMESTAMP_NTZ) is read as UTC, as ``calibrate`` reads it. Day counts are INT where an
  engine wants one (Spark's ``date_add``).
- **Every window from the first to the last, empty ones included** (``row_count`` 0, ``psi``
  NULL), the list ``--json`` gives; rows without a timestamp are left out and counted in
  ``rows_without_timestamp``.
- **The same counts as --json**: ``row_count`` is every row of the window (missing values
  included, as ``rows``); ``null_rows``, ``nan_rows``, ``inf_rows`` are the feature's NULL,
  NaN and ±infinity, which a numerical feature sets aside.
- **Bins as the library's**: a number feature with at most 20 distinct finite reference
  values is binned by value (decided in the query), else at the reference's deciles (linear
  interpolation) with ``searchsorted`` side left; -0.0 is 0.0; NaN and ±infinity are missing
  (a NULL value of a categorical feature); text and booleans are binned by value; a value
  the reference never had is ``unseen``. Numbers are compared as numbers, never as text.
- **Exact deciles that scale**: DuckDB ``quantile_cont`` and Spark ``percentile`` (exact
  aggregates, computed in parallel from partial counts), Snowflake ``percentile_cont ...
  within group`` (exact); BigQuery has no exact aggregate percentile, so the deciles come
  from the reference's distinct values and their counts (a GROUP BY, then one ordered pass
  over the distinct values only). No plan sorts the whole reference in one partition.
- **Names as the warehouse stored them**: every identifier is quoted for its dialect, and
  folded to the case the warehouse gives an unquoted name (Snowflake: upper case) unless
  ``names="exact"``; a table name may be qualified (``project.dataset.table``).

The output has one row per feature and window, ordered by feature and window start:
``feature, window_start, row_count, null_rows, nan_rows, inf_rows, rows_without_timestamp,
psi``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

import sqlglot
from sqlglot import exp

from wizard.data.errors import DataError, quoted
from wizard.data.psi import DECILES, MAX_DISTINCT_FOR_CATEGORICAL, ZERO_SHARE
from wizard.data.sql_dialects import (
    NAME_CASES,
    SQL_DIALECTS,
    UNQUOTED_CASE,
    NameCase,
    TimestampKind,
    deciles,
    distinct_deciles,
    fold,
    ident,
    utc_seconds,
)
from wizard.data.sql_dialects import table as table_sql
from wizard.data.windows import MAX_WINDOWS, parse_schedule
from wizard.model.records import record

if TYPE_CHECKING:
    from wizard.data.requests import CalibrationRequest

__all__ = [
    "NAME_CASES",
    "SQL_DIALECTS",
    "SqlFeature",
    "TimestampKind",
    "calibration_sql",
    "calibration_sql_for",
]


_MAX_DOUBLE = "1.7976931348623157e308"
_UTC_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@record
class SqlFeature:
    name: str
    value_type: Literal["number", "text", "boolean"] = "number"


# --- the query ------------------------------------------------------------------------------


def _finite(value: str) -> str:
    # NaN fails both comparisons in every target engine (DuckDB, Spark and Snowflake order it
    # above +infinity; BigQuery compares it false), and ±infinity fails one.
    return f"({value} >= -{_MAX_DOUBLE} AND {value} <= {_MAX_DOUBLE})"


def _inf(value: str) -> str:
    return f"({value} = CAST('inf' AS DOUBLE) OR {value} = CAST('-inf' AS DOUBLE))"


def _nan(value: str) -> str:
    return f"({value} IS NOT NULL AND NOT {_finite(value)} AND NOT {_inf(value)})"


def _count(condition: str) -> str:
    return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"


def _labelled_number(i: int, side: str, window: str) -> str:
    """One number feature's rows as bins (k, x, s): numerical bin index, or its value (k 0),
    NULL/NaN/infinity (k 1) when binned by value."""
    edges = " + ".join(f"CASE WHEN x.v > e.e{j} THEN 1 ELSE 0 END" for j in range(len(DECILES)))
    value = "CASE WHEN x.v = 0 THEN 0.0 ELSE x.v END"  # -0.0 is 0.0
    return (
        f"SELECT {window} AS window_index, "
        f"CASE WHEN kd.by_value = 1 AND NOT {_finite('x.v')} THEN 1 ELSE 0 END AS k, "
        f"CASE WHEN kd.by_value = 0 THEN CAST({edges} AS DOUBLE) "
        f"WHEN {_finite('x.v')} THEN {value} ELSE 0.0 END AS x, '' AS s "
        f"FROM (SELECT {'window_index, ' if side == 'cur' else ''}v{i} AS v FROM {side}) AS x "
        f"CROSS JOIN f{i}_kind AS kd CROSS JOIN f{i}_edges AS e "
        f"WHERE kd.by_value = 1 OR {_finite('x.v')}"
    )


def _labelled_text(i: int, side: str, window: str) -> str:
    return (
        f"SELECT {window} AS window_index, CASE WHEN v{i} IS NULL THEN 1 ELSE 0 END AS k, "
        f"0.0 AS x, COALESCE(CAST(v{i} AS VARCHAR), '') AS s FROM {side}"
    )


def _feature(i: int, feature: SqlFeature, bigquery: bool) -> list[str]:
    """The CTEs of one feature, from its reference bins to its PSI per window."""
    f = f"f{i}"
    ctes: list[str] = []
    if feature.value_type == "number":
        ctes += [
            f"{f}_values AS (SELECT CASE WHEN v{i} = 0 THEN 0.0 ELSE v{i} END AS v FROM ref "
            f"WHERE {_finite(f'v{i}')})",
            f"{f}_kind AS (SELECT CASE WHEN COUNT(DISTINCT v) <= {MAX_DISTINCT_FOR_CATEGORICAL} "
            f"THEN 1 ELSE 0 END AS by_value FROM {f}_values)",
            f"{f}_edges AS ("
            + (
                distinct_deciles(f"{f}_values")
                if bigquery
                else f"SELECT MLOPS_DECILES('{f}_values') AS e"
            )
            + ")",
        ]
        reference, current = (
            _labelled_number(i, "ref", "0"),
            _labelled_number(i, "cur", "x.window_index"),
        )
        by_value = f"(SELECT by_value FROM {f}_kind) = 1"
    else:
        reference, current = _labelled_text(i, "ref", "0"), _labelled_text(i, "cur", "window_index")
        by_value = "1 = 1"
    zero = f"CAST({ZERO_SHARE!r} AS DOUBLE)"
    key = "{a}.k = {b}.k AND {a}.x = {b}.x AND {a}.s = {b}.s"
    ctes += [
        f"{f}_ref AS (SELECT k, x, s, COUNT(*) AS n FROM ({reference}) AS r GROUP BY k, x, s)",
        f"{f}_raw AS (SELECT window_index, k, x, s, COUNT(*) AS n FROM ({current}) AS c "
        "GROUP BY window_index, k, x, s)",
        # Binned by value, a value (or NULL) the reference never had is one 'unseen' bin.
        f"{f}_cur AS (SELECT c.window_index, "
        f"CASE WHEN {by_value} AND r.k IS NULL THEN 2 ELSE c.k END AS k, "
        f"CASE WHEN {by_value} AND r.k IS NULL THEN 0.0 ELSE c.x END AS x, "
        f"CASE WHEN {by_value} AND r.k IS NULL THEN '' ELSE c.s END AS s, SUM(c.n) AS n "
        f"FROM {f}_raw AS c LEFT JOIN {f}_ref AS r ON {key.format(a='c', b='r')} "
        "GROUP BY 1, 2, 3, 4)",
        f"{f}_total AS (SELECT window_index, SUM(n) AS total FROM {f}_cur GROUP BY window_index)",
        f"{f}_keys AS (SELECT window_index, k, x, s FROM {f}_cur UNION "
        f"SELECT t.window_index, r.k, r.x, r.s FROM {f}_ref AS r CROSS JOIN {f}_total AS t)",
        f"{f}_terms AS (SELECT kk.window_index, "
        f"CASE WHEN c.n IS NULL THEN {zero} ELSE CAST(c.n AS DOUBLE) / t.total END AS cs, "
        f"CASE WHEN r.n IS NULL THEN {zero} ELSE CAST(r.n AS DOUBLE) / rt.total END AS rs "
        f"FROM {f}_keys AS kk JOIN {f}_total AS t ON t.window_index = kk.window_index "
        f"CROSS JOIN (SELECT SUM(n) AS total FROM {f}_ref) AS rt "
        f"LEFT JOIN {f}_cur AS c ON c.window_index = kk.window_index AND "
        f"{key.format(a='c', b='kk')} LEFT JOIN {f}_ref AS r ON {key.format(a='r', b='kk')})",
        f"{f}_psi AS (SELECT window_index, SUM((cs - rs) * LN(cs / rs)) AS psi "
        f"FROM {f}_terms GROUP BY window_index)",
    ]
    return ctes


@record
class _Windows:
    """How rows get their window, and the list of windows."""

    index: str
    """SQL of a timed row's window number, from its ``utc_seconds``."""
    start: str
    """SQL of a window's start, from its ``window_index``."""
    table: str | None = None
    """Cron: the windows as literals (window_index, start_s, end_s, window_start)."""


def _windows(schedule: str, cron: Sequence[tuple[datetime, datetime]] | None) -> _Windows:
    kind = parse_schedule(schedule).kind
    day = "FLOOR(utc_seconds / 86400)"
    epoch_day = "CAST('1970-01-01' AS DATE)"
    if kind == "daily":
        return _Windows(day, f"DATE_ADD({epoch_day}, CAST(window_index AS INT))")
    if kind == "weekly":
        # 1970-01-05 was a Monday: weeks are counted from it.
        return _Windows(
            f"FLOOR(({day} - 4) / 7)",
            "DATE_ADD(CAST('1970-01-05' AS DATE), CAST(window_index * 7 AS INT))",
        )
    if kind == "monthly":
        date = f"DATE_ADD({epoch_day}, CAST({day} AS INT))"
        return _Windows(
            f"(EXTRACT(YEAR FROM {date}) * 12 + EXTRACT(MONTH FROM {date}) - 1)",
            "MAKE_DATE(CAST(FLOOR(window_index / 12) AS INT), "
            "CAST(window_index - 12 * FLOOR(window_index / 12) + 1 AS INT), 1)",
        )
    if not cron:
        raise DataError(
            f"sql: the schedule {quoted(schedule)} is a cron expression; its windows come "
            "from the history's time range (give --history DATA, or a daily, weekly or "
            "monthly schedule)"
        )
    rows = [
        f"SELECT {index} AS window_index, {_seconds(start)} AS start_s, {_seconds(end)} AS end_s, "
        f"CAST('{start.isoformat(sep=' ')}' AS TIMESTAMP) AS window_start"
        for index, (start, end) in enumerate(cron)
    ]
    return _Windows("", "", "cron_windows AS (" + " UNION ALL ".join(rows) + ")")


def _seconds(moment: datetime) -> str:
    return str(int((moment.replace(tzinfo=UTC) - _UTC_EPOCH).total_seconds()))


def _digits() -> list[str]:
    """0..9999 from four digit tables: every window number between the first and the last,
    whatever the engine (no generate_series needed)."""
    digits = " UNION ALL ".join(f"SELECT {d} AS d" for d in range(10))
    return [f"digits AS ({digits})"]


def calibration_sql(
    features: Sequence[SqlFeature],
    dialect: str,
    reference_table: str,
    current_table: str,
    timestamp: str | None = None,
    timestamp_kind: TimestampKind = "instant",
    schedule: str | None = None,
    cron_windows: Sequence[tuple[datetime, datetime]] | None = None,
    names: NameCase = "default",
    files: tuple[str | None, str | None] = (None, None),
) -> str:
    """The query, in ``dialect``: PSI per feature and window of ``current_table`` against
    ``reference_table``. Without ``timestamp`` the current table is one sample. ``files``
    replaces either table by a relation that reads local files (DuckDB source text)."""
    if dialect not in SQL_DIALECTS:
        raise DataError(
            f"sql: unknown dialect {quoted(dialect)} (allowed: {', '.join(SQL_DIALECTS)})"
        )
    if names not in NAME_CASES:
        raise DataError(f"sql: names {quoted(names)} (allowed: {', '.join(NAME_CASES)})")
    if not features:
        raise DataError("sql: no features (allowed: at least one)")
    if (timestamp is None) != (schedule is None):
        raise DataError("sql: give both the timestamp column and the schedule, or neither")
    case = UNQUOTED_CASE[dialect] if names == "default" else names
    ref_table, cur_table = (
        raw if raw is not None else table_sql(name, dialect, case)
        for raw, name in zip(files, (reference_table, current_table), strict=True)
    )

    def column(name: str) -> str:
        return ident(fold(name, case))

    def value(index: int, feature: SqlFeature) -> str:
        if feature.value_type == "number":
            return f"CAST({column(feature.name)} AS DOUBLE) AS v{index}"
        return f"{column(feature.name)} AS v{index}"

    values = ", ".join(value(i, f) for i, f in enumerate(features))
    ctes = [f"ref AS (SELECT {values} FROM {ref_table})"]
    if timestamp is None:
        ctes += [
            f"cur AS (SELECT {values}, 0 AS window_index FROM {cur_table})",
            "untimed AS (SELECT 0 AS rows_without_timestamp)",
            "windows AS (SELECT 0 AS window_index, CAST(NULL AS DATE) AS window_start)",
        ]
    else:
        assert schedule is not None
        plan = _windows(schedule, cron_windows)
        seconds = f"MLOPS_UTC_SECONDS({column(timestamp)})"
        ctes.append(f"timed AS (SELECT {values}, {seconds} AS utc_seconds FROM {cur_table})")
        ctes.append(
            "untimed AS (SELECT "
            + _count("utc_seconds IS NULL")
            + " AS rows_without_timestamp FROM timed)"
        )
        names_only = ", ".join(f"v{i}" for i in range(len(features)))
        if plan.table is not None:
            ctes += [
                plan.table,
                f"cur AS (SELECT {', '.join(f't.v{i}' for i in range(len(features)))}, "
                "w.window_index FROM timed AS t JOIN cron_windows AS w "
                "ON t.utc_seconds >= w.start_s AND t.utc_seconds < w.end_s)",
                "windows AS (SELECT window_index, window_start FROM cron_windows)",
            ]
        else:
            number = "d1.d + 10 * d2.d + 100 * d3.d + 1000 * d4.d"
            ctes += [
                f"cur AS (SELECT {names_only}, CAST({plan.index} AS BIGINT) AS window_index "
                "FROM timed WHERE utc_seconds IS NOT NULL)",
                "bounds AS (SELECT MIN(window_index) AS first_index, "
                "MAX(window_index) AS last_index FROM cur)",
                *_digits(),
                f"numbered AS (SELECT b.first_index + {number} AS window_index FROM bounds AS b "
                "CROSS JOIN digits AS d1 CROSS JOIN digits AS d2 CROSS JOIN digits AS d3 "
                f"CROSS JOIN digits AS d4 WHERE b.first_index + {number} <= b.last_index "
                f"AND {number} < {MAX_WINDOWS})",
                f"windows AS (SELECT window_index, CAST({plan.start} AS DATE) AS window_start "
                "FROM numbered)",
            ]
    counts = ["COUNT(*) AS row_count"]
    for i, feature in enumerate(features):
        counts.append(_count(f"v{i} IS NULL") + f" AS null{i}")
        if feature.value_type == "number":
            counts += [_count(_nan(f"v{i}")) + f" AS nan{i}", _count(_inf(f"v{i}")) + f" AS inf{i}"]
        else:
            counts += [f"0 AS nan{i}", f"0 AS inf{i}"]
    ctes.append(
        f"window_rows AS (SELECT window_index, {', '.join(counts)} FROM cur GROUP BY window_index)"
    )
    results = []
    for i, feature in enumerate(features):
        ctes += _feature(i, feature, dialect == "bigquery")
        name = "'" + feature.name.replace("'", "''") + "'"
        results.append(
            f"SELECT {name} AS feature, w.window_start, COALESCE(m.row_count, 0) AS row_count, "
            f"COALESCE(m.null{i}, 0) AS null_rows, COALESCE(m.nan{i}, 0) AS nan_rows, "
            f"COALESCE(m.inf{i}, 0) AS inf_rows, u.rows_without_timestamp, p.psi "
            f"FROM windows AS w CROSS JOIN untimed AS u "
            f"LEFT JOIN window_rows AS m ON m.window_index = w.window_index "
            f"LEFT JOIN f{i}_psi AS p ON p.window_index = w.window_index"
        )
    query = (
        "WITH " + ",\n".join(ctes) + "\n" + "\nUNION ALL\n".join(results)
        + "\nORDER BY feature, window_start"
    )  # fmt: skip
    return _for_dialect(query, dialect, timestamp_kind)


def _for_dialect(query: str, dialect: str, timestamp_kind: TimestampKind) -> str:
    """Transpile the DuckDB source, with each dialect's own spelling in place of the
    placeholders: MLOPS_UTC_SECONDS(column), and the CTE ``SELECT MLOPS_DECILES('source')``."""
    tree = sqlglot.parse_one(query, read="duckdb")
    for cte in list(tree.find_all(exp.CTE)):
        call = cte.this.find(exp.Anonymous)
        if call is not None and str(call.this).upper() == "MLOPS_DECILES":
            source = call.expressions[0].name
            cte.set("this", sqlglot.parse_one(deciles(dialect, source), read=dialect))

    def native(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Anonymous) and str(node.this).upper() == "MLOPS_UTC_SECONDS":
            column = node.expressions[0].sql(dialect=dialect)
            return sqlglot.parse_one(utc_seconds(dialect, column, timestamp_kind), read=dialect)
        return node

    return tree.transform(native).sql(dialect=dialect, pretty=True)


def calibration_sql_for(
    request: CalibrationRequest,
    dialect: str,
    names: NameCase = "default",
    text_features: Sequence[str] = (),
) -> str:
    """The query for a calibration request. Where the request names local data, the feature
    types (and a cron's windows) come from it; where it names tables only, every feature is
    a number unless ``text_features`` names it, and the timestamp a TIMESTAMP column."""
    from wizard.data.sql_profile import sql_profile

    history = request.history is not None or request.history_table is not None
    profile = sql_profile(request)
    other = request.history if history else request.current
    files = (
        _read_files(request.reference, "reference", dialect, request.reference_table),
        _read_files(other, "history" if history else "current", dialect,
                    request.history_table or request.current_table),
    )  # fmt: skip
    features = [
        SqlFeature(
            name=name,
            value_type=profile.value_types.get(name, "text" if name in text_features else "number"),
        )
        for name in request.features
    ]
    cron = history and parse_schedule(request.schedule).kind == "cron"
    return calibration_sql(
        features,
        dialect,
        request.reference_table or "",
        (request.history_table or request.current_table) or "",
        timestamp=request.timestamp if history else None,
        timestamp_kind=profile.timestamp_kind,
        schedule=request.schedule if history else None,
        cron_windows=profile.windows if cron else None,
        names=names,
        files=files,
    )


def _read_files(argument: str | None, role: str, dialect: str, table: str | None) -> str | None:
    """A relation that reads the local files themselves, where the engine can (DuckDB: any
    format it reads; Spark: Parquet), so the query runs as printed; None when a table is named.
    BigQuery and Snowflake read tables only: their names are asked for."""
    from wizard.data.sources import resolve

    if table is not None or argument is None:
        return None
    source = resolve(argument, role)
    if dialect == "duckdb":
        return source.relation()
    if dialect == "spark" and source.format == "parquet":
        return "parquet." + ident(argument)
    option = "--history-table" if role == "history" else f"--{role}-table"
    raise DataError(
        f"sql {dialect}: the {role} is a local {source.format} file, which {dialect} cannot "
        f"read (allowed: the table it is loaded into, {option} TABLE)"
    )
