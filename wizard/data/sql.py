"""``calibrate --sql DIALECT``: the PSI computation as one SQL query for a warehouse.

The query is written once, in sqlglot's DuckDB dialect, and transpiled with
``sqlglot.transpile(q, read="duckdb", write=dialect)`` to DuckDB itself, Spark, BigQuery or
Snowflake. It does what the library does, in SQL a warehouse runs:

- the reference's deciles with ROW_NUMBER and linear interpolation (numpy's and DuckDB's
  ``quantile_cont`` formula, spelled out, as BigQuery has no aggregate PERCENTILE_CONT);
- each row's bin: the number of edges below its value (``searchsorted`` side left). A
  duplicated edge is not removed: it only adds a bin that is empty on both sides, whose
  term is (0.0001 − 0.0001)·ln 1 = 0, so the PSI is the same;
- a categorical value's bin: the value when the reference has it, else ``unseen``; a null
  is the value ``null``;
- the counts per window and the PSI per feature and window, a share of 0 counted as 0.0001.

Windows: daily, weekly (Monday-based, computed from a day count, because BigQuery's WEEK
starts on Sunday), monthly, or for a cron the window starts given as a table of literals.
The output has one row per feature and window: ``feature, window_start, row_count, psi``;
windows without rows do not appear. Non-finite numbers (NaN, ±infinity) are missing, as
in the library. Timestamps are taken as UTC.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Literal

import sqlglot
from sqlglot import exp

from wizard.data.errors import DataError, quoted
from wizard.data.psi import DECILES, ZERO_SHARE
from wizard.data.windows import parse_schedule
from wizard.model.records import record

if TYPE_CHECKING:
    from wizard.data.calibration import CalibrationRequest

__all__ = ["SQL_DIALECTS", "SqlFeature", "calibration_sql", "calibration_sql_for"]

SQL_DIALECTS = ("duckdb", "spark", "bigquery", "snowflake")
_MAX_DOUBLE = "1.7976931348623157e308"
_EPOCH_MONDAY = "1970-01-05"  # a Monday: weeks are counted from it


@record
class SqlFeature:
    name: str
    kind: Literal["numerical", "categorical"]
    value_type: Literal["number", "text", "boolean"] = "number"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _table(name: str) -> str:
    """A possibly qualified table name (``project.dataset.table``) as DuckDB SQL text."""
    try:
        table = exp.to_table(name, dialect="duckdb")
    except sqlglot.errors.ParseError:
        table = None
    if not name.strip() or table is None or not table.name:
        raise DataError(f"sql: {quoted(name)} is not a table name (allowed: name or schema.name)")
    return table.sql(dialect="duckdb")


def _finite(value: str) -> str:
    # Portable isfinite: NaN and ±infinity fail both comparisons in every target engine.
    return f"{value} >= -{_MAX_DOUBLE} AND {value} <= {_MAX_DOUBLE}"


def _window(schedule: str | None, ts: str, cron_starts: Sequence[datetime] | None) -> str:
    if schedule is None:
        return "CAST(NULL AS DATE)"
    parsed = parse_schedule(schedule)
    day = f"CAST({ts} AS DATE)"
    if parsed.kind == "daily":
        return day
    if parsed.kind == "monthly":
        return f"CAST(DATE_TRUNC('month', {day}) AS DATE)"
    if parsed.kind == "weekly":
        weeks = (
            f"CAST(FLOOR(DATE_DIFF('day', CAST('{_EPOCH_MONDAY}' AS DATE), {day}) / 7) AS BIGINT)"
        )
        # DATE_ADD(date, days) is sqlglot's portable spelling (DATEADD in Snowflake, an
        # INTERVAL in BigQuery and DuckDB); ``date + INTERVAL (expr) DAY`` does not survive
        # the trip to Snowflake.
        return f"CAST(DATE_ADD(CAST('{_EPOCH_MONDAY}' AS DATE), 7 * {weeks}) AS DATE)"
    if not cron_starts:
        raise DataError(
            f"sql: the schedule {quoted(schedule)} is a cron expression; its windows come "
            "from the history's time range (give the history, or a daily/weekly/monthly schedule)"
        )
    return "cron_window.window_start"


def _cron_table(starts: Sequence[datetime], ends: Sequence[datetime]) -> str:
    rows = [
        f"SELECT CAST('{s.isoformat(sep=' ')}' AS TIMESTAMP) AS window_start, "
        f"CAST('{e.isoformat(sep=' ')}' AS TIMESTAMP) AS window_end"
        for s, e in zip(starts, ends, strict=True)
    ]
    return "cron_window AS (" + " UNION ALL ".join(rows) + ")"


def _binned(f: str, reference_rows: str, current_rows: str) -> str:
    """The CTE of one feature's binned rows, (side, window_start, bin): the reference's, then
    the current's, each given from its select list on."""
    return (
        f"{f}_binned AS (SELECT 'ref' AS side, {reference_rows} "
        f"UNION ALL SELECT 'cur' AS side, {current_rows})"
    )


def _numerical(index: int, feature: SqlFeature, none: str) -> tuple[list[str], str]:
    """CTEs binning one numerical feature; returns them and the name of its (side, window,
    bin) CTE."""
    f = f"f{index}"
    value = f"CAST({_ident(feature.name)} AS DOUBLE)"
    q = len(DECILES)
    positions = ", ".join(
        f"CAST(n - 1 AS DOUBLE) * CAST({decile!r} AS DOUBLE) AS p{j}"
        for j, decile in enumerate(DECILES)
    )
    bounds = ", ".join(
        f"MAX(CASE WHEN r.rn = FLOOR(p.p{j}) + 1 THEN r.v END) AS lo{j}, "
        f"MAX(CASE WHEN r.rn = CEIL(p.p{j}) + 1 THEN r.v END) AS hi{j}, "
        f"MAX(p.p{j} - FLOOR(p.p{j})) AS t{j}"
        for j in range(q)
    )
    edges = ", ".join(f"lo{j} + (hi{j} - lo{j}) * t{j} AS e{j}" for j in range(q))
    bin_expr = " + ".join(f"CASE WHEN x.v > e.e{j} THEN 1 ELSE 0 END" for j in range(q))

    def binned(window: str, values: str, side: str) -> str:
        # Both sides bin their finite values against the reference's edges.
        return (
            f"{window}, {bin_expr} AS bin FROM (SELECT {values} AS v FROM {side}) AS x "
            f"CROSS JOIN {f}_edges AS e WHERE {_finite('x.v')}"
        )

    ctes = [
        f"{f}_ranked AS (SELECT v, ROW_NUMBER() OVER (ORDER BY v) AS rn, COUNT(*) OVER () AS n "
        f"FROM (SELECT {value} AS v FROM ref) AS s WHERE {_finite('v')})",
        f"{f}_pos AS (SELECT {positions} FROM (SELECT MAX(n) AS n FROM {f}_ranked) AS c)",
        f"{f}_bounds AS (SELECT {bounds} FROM {f}_ranked AS r CROSS JOIN {f}_pos AS p)",
        f"{f}_edges AS (SELECT {edges} FROM {f}_bounds)",
        _binned(
            f,
            binned(f"{none} AS window_start", value, "ref"),
            binned("x.window_start", f"window_start, {value}", "cur"),
        ),
    ]
    return ctes, f"{f}_binned"


def _categorical(index: int, feature: SqlFeature, none: str) -> tuple[list[str], str]:
    f = f"f{index}"
    column = _ident(feature.name)
    if feature.value_type == "number":
        number = f"CAST({column} AS DOUBLE)"
        key = f"CASE WHEN {_finite(number)} THEN CAST({number} AS VARCHAR) END"
    else:
        key = f"CAST({column} AS VARCHAR)"
    labelled = f"COALESCE('v:' || {key}, 'null')"
    ctes = [
        f"{f}_values AS (SELECT DISTINCT {labelled} AS bin FROM ref)",
        _binned(
            f,
            f"{none} AS window_start, {labelled} AS bin FROM ref",
            f"c.window_start, COALESCE(v.bin, 'unseen') AS bin "
            f"FROM (SELECT window_start, {labelled} AS bin FROM cur) AS c "
            f"LEFT JOIN {f}_values AS v ON c.bin = v.bin",
        ),
    ]
    return ctes, f"{f}_binned"


def _psi(index: int, feature: SqlFeature, binned: str) -> tuple[list[str], str]:
    """CTEs from one feature's binned rows to its PSI per window."""
    f = f"f{index}"
    zero = f"CAST({ZERO_SHARE!r} AS DOUBLE)"
    name = "'" + feature.name.replace("'", "''") + "'"
    ctes = [
        f"{f}_ref AS (SELECT bin, COUNT(*) AS c FROM {binned} WHERE side = 'ref' GROUP BY bin)",
        f"{f}_cur AS (SELECT window_start, bin, COUNT(*) AS c FROM {binned} "
        "WHERE side = 'cur' GROUP BY window_start, bin)",
        f"{f}_keys AS (SELECT bin FROM {f}_ref UNION SELECT bin FROM {f}_cur)",
        f"{f}_windows AS (SELECT window_start, SUM(c) AS total FROM {f}_cur GROUP BY window_start)",
        f"{f}_shares AS (SELECT w.window_start, w.total, "
        f"CASE WHEN cc.c IS NULL THEN {zero} ELSE CAST(cc.c AS DOUBLE) / w.total END AS cs, "
        f"CASE WHEN rc.c IS NULL THEN {zero} ELSE CAST(rc.c AS DOUBLE) / rt.total END AS rs "
        f"FROM {f}_windows AS w CROSS JOIN {f}_keys AS k "
        f"CROSS JOIN (SELECT SUM(c) AS total FROM {f}_ref) AS rt "
        f"LEFT JOIN {f}_cur AS cc ON cc.window_start IS NOT DISTINCT FROM w.window_start "
        "AND cc.bin = k.bin "
        f"LEFT JOIN {f}_ref AS rc ON rc.bin = k.bin)",
        f"{f}_psi AS (SELECT {name} AS feature, window_start, MAX(total) AS row_count, "
        f"SUM((cs - rs) * LN(cs / rs)) AS psi FROM {f}_shares GROUP BY window_start)",
    ]
    return ctes, f"{f}_psi"


def calibration_sql(
    features: Sequence[SqlFeature],
    dialect: str,
    reference_table: str = "reference_data",
    current_table: str = "current_data",
    timestamp: str | None = None,
    schedule: str | None = None,
    cron_windows: Sequence[tuple[datetime, datetime]] | None = None,
) -> str:
    """The query, in ``dialect``: PSI per feature and window of ``current_table`` against
    ``reference_table``. Without ``timestamp`` the current table is one sample."""
    if dialect not in SQL_DIALECTS:
        raise DataError(
            f"sql: unknown dialect {quoted(dialect)} (allowed: {', '.join(SQL_DIALECTS)})"
        )
    if not features:
        raise DataError("sql: no features (allowed: at least one)")
    if (timestamp is None) != (schedule is None):
        raise DataError("sql: give both the timestamp column and the schedule, or neither")
    ts = "NULL" if timestamp is None else f"CAST({_ident(timestamp)} AS TIMESTAMP)"
    starts = [start for start, _ in cron_windows] if cron_windows else None
    window = _window(schedule, ts, starts)
    columns = ", ".join(dict.fromkeys(_ident(feature.name) for feature in features))
    ctes = [f"ref AS (SELECT {columns} FROM {_table(reference_table)})"]
    if window == "cron_window.window_start":
        assert cron_windows is not None
        ctes.append(_cron_table([s for s, _ in cron_windows], [e for _, e in cron_windows]))
        ctes.append(
            f"cur AS (SELECT {columns}, cron_window.window_start AS window_start "
            f"FROM {_table(current_table)} AS t JOIN cron_window "
            f"ON {ts} >= cron_window.window_start AND {ts} < cron_window.window_end)"
        )
    else:
        ctes.append(
            f"cur AS (SELECT {columns}, {window} AS window_start FROM {_table(current_table)})"
        )
    # The reference side's window: a typed null, of the windows' type.
    none = (
        "CAST(NULL AS TIMESTAMP)" if window == "cron_window.window_start" else "CAST(NULL AS DATE)"
    )
    results = []
    for index, feature in enumerate(features):
        if feature.kind == "numerical":
            binning, binned = _numerical(index, feature, none)
        else:
            binning, binned = _categorical(index, feature, none)
        scoring, psi_cte = _psi(index, feature, binned)
        ctes += binning + scoring
        results.append(f"SELECT feature, window_start, row_count, psi FROM {psi_cte}")
    query = (
        "WITH " + ",\n".join(ctes) + "\n" + "\nUNION ALL\n".join(results)
        + "\nORDER BY feature, window_start"
    )  # fmt: skip
    return sqlglot.transpile(query, read="duckdb", write=dialect, pretty=True)[0]


def calibration_sql_for(
    request: CalibrationRequest,
    dialect: str,
    reference_table: str = "reference_data",
    current_table: str = "current_data",
) -> str:
    """The query for a calibration request: the feature kinds (and a cron's windows) come
    from the request's local data, so the warehouse bins exactly as ``calibrate`` would."""
    from wizard.data.calibration import profile_request

    kinds, windows = profile_request(request)
    features = [
        SqlFeature(name=name, kind=binning.kind, value_type=binning.value_type)
        for name, binning in kinds.items()
    ]
    history = request.history is not None
    return calibration_sql(
        features,
        dialect,
        reference_table,
        current_table,
        timestamp=request.timestamp if history else None,
        schedule=request.schedule if history else None,
        cron_windows=windows
        if history and parse_schedule(request.schedule).kind == "cron"
        else None,
    )
