"""Spark, on one local session: the printed Spark SQL runs as printed, and ``--engine spark``
gives the report, ``--json`` and exit codes the DuckDB path gives, PSI to 1e-9, reading Parquet
paths or tables, whatever ``spark.sql.session.timeZone`` says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.data.traps import TOLERANCE, compare, expected, request, write_traps
from tests.paths import EXAMPLES
from wizard.data import calibration_sql_for


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("spark")
    # The example's own missing-share bound (20 %) left out: the default (50 %) holds.
    (folder / "answers.yaml").write_text(
        "".join(
            line
            for line in (EXAMPLES / "fraud-detection.yaml").read_text().splitlines(keepends=True)
            if "max_missing_pct:" not in line
        )
    )
    return {**write_traps(folder), "answers": str(folder / "answers.yaml")}


@pytest.fixture
def los_angeles(spark: Any):  # type: ignore[no-untyped-def]
    spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles")
    yield spark
    spark.conf.set("spark.sql.session.timeZone", "UTC")


@pytest.mark.parametrize("zone", ["Asia/Tokyo", "America/Los_Angeles"])
def test_the_printed_spark_sql_runs_as_printed(
    files: dict[str, str], spark: Any, zone: str
) -> None:
    # The windows are UTC's whatever the session's zone, east or west of Greenwich.
    req = request(files)
    spark.conf.set("spark.sql.session.timeZone", zone)
    try:
        rows = [tuple(row) for row in spark.sql(calibration_sql_for(req, "spark")).collect()]
    finally:
        spark.conf.set("spark.sql.session.timeZone", "UTC")
    assert compare(expected(req), rows) <= TOLERANCE


def _same_report(duckdb: dict[str, Any], spark: dict[str, Any]) -> None:
    assert [w["start"] for w in spark["windows"]] == [w["start"] for w in duckdb["windows"]]
    for mine, theirs in zip(spark["windows"], duckdb["windows"], strict=True):
        assert (mine["rows"], mine["counts"]) == (theirs["rows"], theirs["counts"])
        assert mine["missing_values"] == theirs["missing_values"]
        for feature, psi in theirs["psi"].items():
            assert (mine["psi"][feature] is None) == (psi is None)
            if psi is not None:
                assert abs(mine["psi"][feature] - psi) <= TOLERANCE
    assert spark["recommended"]["psi_threshold"] == pytest.approx(
        duckdb["recommended"]["psi_threshold"], abs=TOLERANCE
    )
    for key in ("drift_windows", "retrain_windows", "cannot_judge_windows"):
        assert spark["backtest"][key] == duckdb["backtest"][key]
    history = ("rows", "rows_without_timestamp", "time_range")
    assert [spark["sources"]["history"][k] for k in history] == [
        duckdb["sources"]["history"][k] for k in history
    ]


def test_calibrate_on_spark_gives_the_duckdb_report(
    files: dict[str, str], los_angeles: Any, run_cli
) -> None:
    args = [
        "calibrate", "--answers", files["answers"], "--reference", files["reference"],
        "--history", files["history"], "--timestamp", "ts",
        "--features", "amount,items,merchant,card_present", "--json",
    ]  # fmt: skip
    on_duckdb = run_cli(*args)
    assert on_duckdb.code == 0, on_duckdb.err
    los_angeles.read.parquet(files["history"]).createOrReplaceTempView("scored")
    on_spark = run_cli(
        *[a for a in args if a not in ("--history", files["history"])],
        "--engine", "spark", "--history-table", "scored",
    )  # fmt: skip
    assert on_spark.code == 0, on_spark.err
    _same_report(json.loads(on_duckdb.out), json.loads(on_spark.out))


def _spec(files: dict[str, str], folder: Path, run_cli) -> str:
    """The spec exported from the answers with ``amount`` the one key feature."""
    answers = (
        Path(files["answers"])
        .read_text()
        .replace("key_features: [amount, merchant_category]", "key_features: [amount]")
    )
    (folder / "answers.yaml").write_text(answers)
    out = folder / "out"
    assert run_cli("export", "--answers", str(folder / "answers.yaml"), "--out", str(out),
                   "--only", "yaml").code == 0  # fmt: skip
    return str(out / "mlops-architecture.yaml")


def test_drift_on_spark_says_cannot_judge_as_duckdb_does(
    files: dict[str, str], spark: Any, run_cli, tmp_path: Path
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = 200
    current = tmp_path / "current.parquet"
    amounts = [float("nan")] * 196 + [1.0, 2.0, 3.0, 4.0]
    pq.write_table(pa.table({"amount": amounts, "items": [1.0] * rows}), current)
    spec = _spec(files, tmp_path, run_cli)
    common = ["drift", "--reference", files["reference"], "--spec", spec]
    on_duckdb = run_cli(*common, "--current", str(current))
    on_spark = run_cli(*common, "--current", str(current), "--engine", "spark")
    assert on_duckdb.code == on_spark.code == 4
    assert on_spark.out == on_duckdb.out
    assert on_spark.out.startswith("drift: cannot judge: amount is 98 % missing (bound 50 %)")


def test_drift_on_a_table_names_it_in_the_history_and_the_decision_log(
    files: dict[str, str], spark: Any, run_cli, tmp_path: Path
) -> None:
    # A table has no bytes to digest: its name is the window's data, and the dates given
    # make a re-run the same window (its line replaced, not added).
    spark.read.parquet(files["history"]).createOrReplaceTempView("scored_window")
    history, log = tmp_path / "drift.jsonl", tmp_path / "decisions.jsonl"
    args = [
        "drift", "--reference", files["reference"], "--current-table", "scored_window",
        "--engine", "spark", "--spec", _spec(files, tmp_path, run_cli),
        "--history", str(history), "--log", str(log),
        "--window-start", "2026-01-05", "--window-end", "2026-01-11",
    ]  # fmt: skip
    for _ in range(2):
        result = run_cli(*args)
        assert result.code in (0, 4), result.err
    (line,) = [json.loads(text) for text in history.read_text().splitlines()]
    window = {"start": "2026-01-05", "end": "2026-01-11", "data_sha256": None}
    assert line["window"] == {**window, "table": "scored_window"}
    assert line["current"] == "scored_window"
    entries = [json.loads(text) for text in log.read_text().splitlines()]
    assert len(entries) == 2
    assert entries[-1]["inputs"]["current"] == line["window"]
    assert entries[-1]["inputs"]["reference"]["path"] == files["reference"]
    assert "missing amount" in [c["criterion"] for c in entries[-1]["criteria"]]


def test_the_spark_engine_wants_parquet_or_tables(files: dict[str, str], run_cli) -> None:
    result = run_cli(
        "calibrate", "--answers", files["answers"], "--reference", "data.csv",
        "--current", "data.csv", "--features", "amount", "--engine", "spark",
    )  # fmt: skip
    assert result.code == 2 and "engine spark reads Parquet paths or tables" in result.err


def test_tables_need_spark_or_sql(files: dict[str, str], run_cli) -> None:
    result = run_cli(
        "calibrate", "--answers", files["answers"], "--reference-table", "t",
        "--current-table", "c", "--features", "amount",
    )  # fmt: skip
    assert result.code == 2 and "needs --engine spark or --sql" in result.err
