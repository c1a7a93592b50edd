"""``calibrate --sql``: the printed query runs where it is printed for and gives what
``calibrate --json`` gives, PSI to 1e-9, the same windows (empty ones included), rows and
missing values, whatever the session's time zone. DuckDB runs it as printed; BigQuery and
Snowflake are parsed by sqlglot in their dialect and run in DuckDB; Spark in test_spark.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import sqlglot

from tests.data.traps import TOLERANCE, compare, expected, request, write_traps
from wizard.data import SQL_DIALECTS, DataError, calibration_sql_for
from wizard.data.sql import SqlFeature, calibration_sql

ZONES = ("Asia/Tokyo", "America/Los_Angeles")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return write_traps(tmp_path_factory.mktemp("sql"))


def run_in_duckdb(
    query: str, reference: str, current: str, dialect: str = "duckdb", zone: str = "UTC"
) -> list[tuple[Any, ...]]:
    if dialect != "duckdb":
        query = sqlglot.transpile(query, read=dialect, write="duckdb")[0]
    con = duckdb.connect()
    con.execute(f"SET TimeZone = '{zone}'")
    con.execute(f"CREATE VIEW reference_data AS SELECT * FROM read_parquet('{reference}')")
    con.execute(f"CREATE VIEW current_data AS SELECT * FROM read_parquet('{current}')")
    return con.execute(query).fetchall()


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("dialect", ["duckdb", "bigquery", "snowflake"])
def test_the_query_gives_calibrates_numbers_in_any_session_time_zone(
    files: dict[str, str], dialect: str, zone: str
) -> None:
    req = request(files)
    tables = {"reference_table": "reference_data", "history_table": "current_data"}
    printed = req if dialect == "duckdb" else request(files, **tables)  # the files give the types
    rows = run_in_duckdb(
        calibration_sql_for(printed, dialect), files["reference"], files["history"], dialect, zone
    )
    assert compare(expected(req), rows) <= TOLERANCE


@pytest.mark.parametrize("schedule", ["daily", "monthly", "0 6 * * 1"])
def test_other_schedules(files: dict[str, str], schedule: str) -> None:
    req = request(files, schedule=schedule)
    rows = run_in_duckdb(calibration_sql_for(req, "duckdb"), files["reference"], files["history"])
    assert compare(expected(req), rows) <= TOLERANCE


def test_one_current_sample(files: dict[str, str]) -> None:
    req = request(files, history=None, timestamp=None, current=files["history"])
    rows = run_in_duckdb(calibration_sql_for(req, "duckdb"), files["reference"], files["history"])
    assert [row[1] for row in rows] == [None] * 4
    assert compare(expected(req), rows) <= TOLERANCE


def test_minus_zero_lands_in_its_values_bin(tmp_path: Path) -> None:
    pq.write_table(pa.table({"n": [0.0, 1.0, 2.0] * 100}), tmp_path / "r.parquet")
    pq.write_table(pa.table({"n": [-0.0, 1.0, 2.0] * 100}), tmp_path / "c.parquet")
    req = request(
        {"reference": str(tmp_path / "r.parquet"), "history": ""},
        history=None, timestamp=None, current=str(tmp_path / "c.parquet"), features=("n",),
    )  # fmt: skip
    tables = {"reference_table": "reference_data", "current_table": "current_data"}
    for dialect in ("duckdb", "bigquery", "snowflake"):
        printed = req if dialect == "duckdb" else request(
            {"reference": str(tmp_path / "r.parquet"), "history": ""},
            history=None, timestamp=None, current=str(tmp_path / "c.parquet"), features=("n",),
            **tables,
        )  # fmt: skip
        rows = run_in_duckdb(
            calibration_sql_for(printed, dialect),
            str(tmp_path / "r.parquet"), str(tmp_path / "c.parquet"), dialect,
        )  # fmt: skip
        assert rows[0][7] == pytest.approx(0.0, abs=1e-12)  # the same shares: no drift
        assert compare(expected(req), rows) <= TOLERANCE


def test_rows_without_a_timestamp_are_left_out_and_counted(files: dict[str, str]) -> None:
    req = request(files)
    report = expected(req)
    rows = run_in_duckdb(calibration_sql_for(req, "duckdb"), files["reference"], files["history"])
    assert None not in {row[1] for row in rows}  # no window without a start
    untimed = report["sources"]["history"]["rows_without_timestamp"]
    assert untimed > 0 and {row[6] for row in rows} == {untimed}


def test_the_empty_week_is_listed(files: dict[str, str]) -> None:
    rows = run_in_duckdb(
        calibration_sql_for(request(files), "duckdb"), files["reference"], files["history"]
    )
    empty = [row for row in rows if row[2] == 0]
    assert {str(row[1]) for row in empty} == {"2026-01-26"} and {row[7] for row in empty} == {None}


@pytest.mark.parametrize("dialect", SQL_DIALECTS)
def test_each_dialect_parses_in_its_own_dialect(files: dict[str, str], dialect: str) -> None:
    tables = {"reference_table": "ds.training", "history_table": "ds.scored"}
    text = calibration_sql_for(request(files, **tables), dialect)
    assert sqlglot.parse_one(text, read=dialect) is not None


def test_duckdb_and_spark_read_the_local_files_as_printed(files: dict[str, str]) -> None:
    duckdb_text = calibration_sql_for(request(files), "duckdb")
    # The pretty printer wraps a long path onto its own line: look for the call and the path.
    assert "READ_PARQUET(" in duckdb_text and f"['{files['reference']}']" in duckdb_text
    assert "reference_data" not in duckdb_text
    assert len(duckdb.sql(duckdb_text).fetchall()) == 6 * 4
    assert f"parquet.`{files['history']}`" in calibration_sql_for(request(files), "spark")
    with pytest.raises(DataError, match=r"cannot read .*--reference-table TABLE"):
        calibration_sql_for(request(files), "bigquery")


def test_spark_adds_days_as_int(files: dict[str, str]) -> None:
    text = calibration_sql_for(request(files), "spark")
    assert "DATE_ADD(" in text and "AS INT)" in text and "AS BIGINT))" not in text


def test_tables_are_named_and_quoted_per_dialect(files: dict[str, str]) -> None:
    features = [SqlFeature("amount"), SqlFeature("Merchant", "text")]
    bigquery = calibration_sql(
        features, "bigquery", "my-project.scoring.training", "my-project.scoring.scored",
        timestamp="ts", schedule="weekly",
    )  # fmt: skip
    assert "`my-project`.`scoring`.`training`" in bigquery
    assert "`Merchant`" in bigquery
    snowflake = calibration_sql(features, "snowflake", "db.ml.training", "db.ml.scored")
    assert '"DB"."ML"."TRAINING"' in snowflake and '"AMOUNT"' in snowflake
    assert '"MERCHANT"' in snowflake
    exact = calibration_sql(features, "snowflake", "db.ml.training", "t", names="exact")
    assert '"db"."ml"."training"' in exact and '"Merchant"' in exact
    with pytest.raises(DataError, match="not a table name"):
        calibration_sql(features, "duckdb", " ", "t")


def test_tables_need_no_local_file() -> None:
    from wizard.data import CalibrationRequest

    req = CalibrationRequest(
        reference=None, reference_table="ds.training", history_table="ds.scored",
        timestamp="ts", features=("amount",),
    )  # fmt: skip
    text = calibration_sql_for(req, "bigquery")
    assert "`ds`.`training`" in text and "`ds`.`scored`" in text


def test_a_cron_schedule_needs_the_local_history() -> None:
    with pytest.raises(DataError, match="cron expression"):
        calibration_sql([SqlFeature("x")], "duckdb", "r", "c", "ts", schedule="0 6 * * 1")


def test_unknown_dialect() -> None:
    with pytest.raises(DataError, match="unknown dialect"):
        calibration_sql([SqlFeature("x")], "oracle", "r", "c")


@pytest.mark.parametrize("name", ['x"; DROP TABLE t; --', "ds.t`x", " "])
def test_a_name_that_is_not_a_table_is_one_line(name: str) -> None:
    with pytest.raises(DataError, match="is not a table name"):
        calibration_sql([SqlFeature("x")], "bigquery", name, "t")


def test_odd_column_names_stay_one_quoted_identifier() -> None:
    text = calibration_sql([SqlFeature('we"ird`na]me')], "spark", "r", "t")
    assert '`we"ird``na]me`' in text
    assert sqlglot.parse_one(text, read="spark") is not None
