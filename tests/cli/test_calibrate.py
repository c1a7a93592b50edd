"""``mlops-wizard calibrate`` through the CLI: the report, --json, --write and --apply into
the user's own answers file, --sql, and each bad input as one line with exit 2."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlglot

from tests.fraud_data import SHIFTED_WEEK, WEEKS, write_fraud_data
from tests.paths import EXAMPLES
from wizard.io.loader import load_answers


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """The fraud example's data and answers, the amount shifted in one known week."""
    write_fraud_data(tmp_path)
    shutil.copyfile(EXAMPLES / "fraud-detection.yaml", tmp_path / "answers.yaml")
    return tmp_path


def _args(folder: Path, *extra: str) -> list[str]:
    return [
        "calibrate",
        "--answers", str(folder / "answers.yaml"),
        "--reference", str(folder / "reference.parquet"),
        "--history", str(folder / "history.parquet"),
        "--timestamp", "scored_at",
        *extra,
    ]  # fmt: skip


def test_json_has_the_designs_keys_and_flags_the_shifted_week(data: Path, run_cli) -> None:
    result = run_cli(*_args(data, "--json"))
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert [w["start"] for w in report["windows"]][:2] == ["2026-01-05", "2026-01-12"]
    assert set(report["windows"][0]["psi"]) == {"amount", "merchant_category"}
    threshold = report["recommended"]["psi_threshold"]
    assert 0 < threshold < 0.1
    assert report["backtest"]["threshold"] == 0.1  # the design's threshold is what is replayed
    shifted = (datetime(2026, 1, 5) + timedelta(weeks=SHIFTED_WEEK)).date().isoformat()
    assert report["backtest"]["drift_windows"] == [shifted]
    at_recommended = next(p for p in report["sweep"] if abs(p["threshold"] - threshold) < 1e-12)
    assert shifted in at_recommended["drift_windows"]


def test_the_text_report_reads_at_a_glance(data: Path, run_cli) -> None:
    result = run_cli(*_args(data))
    assert result.code == 0, result.err
    assert "Recommended PSI threshold:" in result.out
    assert "20 weekly windows" in result.out
    assert "drift fires in 1 of 20 windows" in result.out


def test_write_records_the_calibration_and_keeps_the_users_comments(data: Path, run_cli) -> None:
    before = (data / "answers.yaml").read_text()
    result = run_cli(*_args(data, "--write"))
    assert result.code == 0, result.err
    after = (data / "answers.yaml").read_text()
    assert after.startswith(before.split("\n", 1)[0])
    assert sum("#" in line for line in after.splitlines()) == sum(
        "#" in line for line in before.splitlines()
    )
    answers = load_answers(data / "answers.yaml")
    assert answers.calibration is not None
    assert answers.calibration.features == ["amount", "merchant_category"]
    assert len(answers.calibration.windows) == WEEKS
    reference = next(s for s in answers.calibration.sources if s.role == "reference")
    assert reference.rows == 4000 and len(reference.files[0].sha256) == 64
    assert answers.retraining.drift.psi_threshold == 0.1  # --write alone changes no threshold


def test_apply_sets_the_threshold_to_the_recommendation(data: Path, run_cli) -> None:
    result = run_cli(*_args(data, "--apply"))
    assert result.code == 0, result.err
    answers = load_answers(data / "answers.yaml")
    recommended = answers.calibration.recommended.psi_threshold
    assert answers.retraining.drift.psi_threshold == pytest.approx(recommended, rel=5e-3)


@pytest.mark.parametrize("dialect", ["duckdb", "spark", "bigquery", "snowflake"])
def test_sql_prints_one_query_that_parses_in_its_dialect(data: Path, run_cli, dialect) -> None:
    tables = ("--reference-table", "ml.training", "--history-table", "ml.scored")
    result = run_cli(*_args(data, "--sql", dialect, *tables))
    assert result.code == 0, result.err
    assert sqlglot.parse_one(result.out, read=dialect) is not None


def test_sql_over_tables_needs_no_local_file(tmp_path: Path, run_cli) -> None:
    shutil.copyfile(EXAMPLES / "fraud-detection.yaml", tmp_path / "answers.yaml")
    result = run_cli(
        "calibrate", "--answers", str(tmp_path / "answers.yaml"),
        "--reference-table", "proj.ml.training", "--history-table", "proj.ml.scored",
        "--timestamp", "scored_at", "--text-features", "merchant_category", "--sql", "bigquery",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "`proj`.`ml`.`training`" in result.out and "`proj`.`ml`.`scored`" in result.out
    assert "CAST(`merchant_category` AS FLOAT64)" not in result.out  # text, not a number
    assert "CAST(`amount` AS FLOAT64)" in result.out


def test_sql_of_a_local_file_for_a_warehouse_asks_for_its_table(data: Path, run_cli) -> None:
    result = run_cli(*_args(data, "--sql", "snowflake"))
    assert result.code == 2
    assert "--reference-table TABLE" in result.err and result.err.count("\n") == 1


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (("--timestamp", "when"), "no column 'when'"),
        (("--reference", "/nonexistent/ref.parquet"), "no such file"),
        (("--features", "amount,amountt"), "amountt"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    data: Path, run_cli, change: tuple[str, str], words: str
) -> None:
    args = _args(data, "--write")
    if change[0] in args:
        args[args.index(change[0]) + 1] = change[1]
    else:
        args += list(change)
    before = (data / "answers.yaml").read_bytes()
    result = run_cli(*args)
    assert result.code == 2
    assert result.err.count("\n") == 1 and words in result.err, result.err
    assert (data / "answers.yaml").read_bytes() == before


def test_current_and_history_are_exclusive(data: Path, run_cli) -> None:
    result = run_cli(*_args(data, "--current", str(data / "reference.parquet")))
    assert result.code == 2 and "exactly one" in result.err


def test_sql_refuses_a_column_with_a_control_character(tmp_path: Path, run_cli) -> None:
    hostile = "amo\x1b]0;PWNED\x07unt"
    (tmp_path / "reference.csv").write_text(f"{hostile}\n" + "".join(f"{i}\n" for i in range(40)))
    (tmp_path / "history.csv").write_text(
        f"scored_at,{hostile}\n" + "".join(f"2026-01-{1 + i % 28:02d},{i}\n" for i in range(40))
    )
    shutil.copyfile(EXAMPLES / "fraud-detection.yaml", tmp_path / "answers.yaml")
    result = run_cli(
        "calibrate", "--answers", str(tmp_path / "answers.yaml"),
        "--reference", str(tmp_path / "reference.csv"), "--history", str(tmp_path / "history.csv"),
        "--timestamp", "scored_at", "--features", hostile, "--sql", "duckdb",
    )  # fmt: skip
    assert result.code == 2, result.out
    assert result.out == ""
    assert "\x1b" not in result.err and "\x07" not in result.err
    assert "amo\\x1b]0;PWNED\\x07unt" in result.err
    assert len(result.err.strip().splitlines()) == 1
