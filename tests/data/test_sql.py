"""``--sql``: one query, written for DuckDB, transpiled to each warehouse dialect."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pytest
import sqlglot

from tests.data.helpers import weekly_times, write_parquet
from wizard.data import SQL_DIALECTS, CalibrationRequest, DataError, calibrate, calibration_sql_for
from wizard.data.sql import SqlFeature, calibration_sql


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    rng = np.random.default_rng(11)
    folder = tmp_path_factory.mktemp("sql")
    reference = write_parquet(
        folder / "reference.parquet",
        {
            "amount": np.concatenate([rng.lognormal(3, 1, 1500), np.zeros(500)]),  # ties at 0
            "merchant": rng.choice(["food", "travel", "games"], 2000),
            "items": rng.integers(1, 6, 2000),  # five values: categorical
            "card_present": rng.random(2000) < 0.4,
        },
    )
    times = weekly_times(rng, 6, 400)
    times[-1] = times[-1] + timedelta(weeks=2)  # an empty week before the last one
    rows = len(times)
    history = write_parquet(
        folder / "history.parquet",
        {
            "ts": pa.array(times, pa.timestamp("us")),
            "amount": np.concatenate([rng.lognormal(3.1, 1, rows - 300), np.zeros(300)]),
            "merchant": rng.choice(
                ["food", "travel", "games", "crypto"], rows, p=[0.3, 0.3, 0.3, 0.1]
            ),
            "items": rng.integers(1, 8, rows),
            "card_present": rng.random(rows) < 0.5,
        },
    )
    return {"reference": str(reference), "history": str(history)}


def _request(files: dict[str, str], **changes: Any) -> CalibrationRequest:
    fields: dict[str, Any] = {
        "reference": files["reference"],
        "history": files["history"],
        "timestamp": "ts",
        "features": ("amount", "merchant", "items", "card_present"),
    }
    fields.update(changes)
    return CalibrationRequest(**fields)


def _run_in_duckdb(files: dict[str, str], query: str, current: str) -> dict[tuple[str, Any], float]:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute(f"CREATE VIEW reference_data AS SELECT * FROM read_parquet('{files['reference']}')")
    con.execute(f"CREATE VIEW current_data AS SELECT * FROM read_parquet('{current}')")
    return {(feature, start): psi for feature, start, _rows, psi in con.execute(query).fetchall()}


@pytest.mark.parametrize("schedule", ["weekly", "daily", "monthly", "0 6 * * 1"])
def test_duckdb_query_gives_the_same_psi_as_calibrate(files: dict[str, str], schedule: str) -> None:
    request = _request(files, schedule=schedule)
    result = calibrate(request)
    got = _run_in_duckdb(files, calibration_sql_for(request, "duckdb"), files["history"])
    compared = 0
    for window in result.windows:
        assert window.start is not None
        key_start: Any = window.start if schedule == "0 6 * * 1" else window.start.date()
        for feature, value in window.psi.items():
            if value is None:
                assert (feature, key_start) not in got  # an empty window has no row
                continue
            assert got[(feature, key_start)] == pytest.approx(value, abs=1e-9)
            compared += 1
    assert compared == len(got) and compared >= 4 * 3


def test_duckdb_query_for_one_current_sample(files: dict[str, str]) -> None:
    request = CalibrationRequest(
        reference=files["reference"], current=files["history"], features=_request(files).features
    )
    result = calibrate(request)
    got = _run_in_duckdb(files, calibration_sql_for(request, "duckdb"), files["history"])
    assert len(got) == 4
    for feature, value in result.windows[0].psi.items():
        assert got[(feature, None)] == pytest.approx(value, abs=1e-9)


@pytest.mark.parametrize("dialect", SQL_DIALECTS)
def test_each_dialect_parses(files: dict[str, str], dialect: str) -> None:
    for schedule in ("weekly", "0 6 * * 1"):
        text = calibration_sql_for(_request(files, schedule=schedule), dialect)
        tree = sqlglot.parse_one(text, read=dialect)
        assert tree.find(sqlglot.exp.Union) is not None
        assert "reference_data" in text and "current_data" in text


def test_table_names_are_parameters(files: dict[str, str]) -> None:
    text = calibration_sql_for(_request(files), "bigquery", "proj.ds.training", "proj.ds.scored")
    assert "proj.ds.training" in text and "proj.ds.scored" in text
    # Any name is quoted as one identifier: it cannot end the statement.
    text = calibration_sql([SqlFeature("x", "numerical")], "duckdb", "a b; DROP TABLE t", "t")
    assert len(sqlglot.parse(text, read="duckdb")) == 1 and '"a b; DROP TABLE t"' in text
    with pytest.raises(DataError, match="not a table name"):
        calibration_sql([SqlFeature("x", "numerical")], "duckdb", " ", "t")


def test_bigquery_weeks_start_on_monday(files: dict[str, str]) -> None:
    # BigQuery's WEEK truncation starts on Sunday: the query counts days from a Monday.
    text = calibration_sql_for(_request(files), "bigquery")
    assert "WEEK" not in text.replace("WEEKS", "")
    assert "1970-01-05" in text


def test_unknown_dialect(files: dict[str, str]) -> None:
    with pytest.raises(DataError, match="unknown dialect 'oracle'"):
        calibration_sql([SqlFeature("x", "numerical")], "oracle")


def test_cron_windows_need_the_history(files: dict[str, str]) -> None:
    with pytest.raises(DataError, match="cron"):
        calibration_sql(
            [SqlFeature("x", "numerical")], "duckdb", timestamp="ts", schedule="0 6 * * 1"
        )
    windows = [(datetime(2026, 1, 5, 6), datetime(2026, 1, 12, 6))]
    text = calibration_sql(
        [SqlFeature("x", "numerical")], "snowflake", timestamp="ts", schedule="0 6 * * 1",
        cron_windows=windows,
    )  # fmt: skip
    assert "2026-01-05 06:00:00" in text
