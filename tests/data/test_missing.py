"""Missing and invalid values are said, never dropped without a word: per feature and window
the NULL, NaN and infinite values set aside; a window where a key feature's missing share
passes the bound cannot be judged (``drift`` exits 4 saying so, ``calibrate``'s backtest marks
it); an empty input is one line, exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.data.helpers import MONDAY, weekly_times, write_parquet
from tests.paths import EXAMPLES
from wizard.data import CalibrationRequest, calibrate, calibration_json

ROWS = 400


def _amounts(rng: np.random.Generator, rows: int, missing_share: float) -> list[float | None]:
    """Lognormal amounts with ``missing_share`` of them NaN (most), NULL and ±infinity."""
    values: list[float | None] = list(rng.lognormal(3.0, 1.0, rows))
    missing = round(rows * missing_share)
    for index in range(missing):
        values[index] = [float("nan"), None, float("inf"), float("-inf")][index % 4]
    return values


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    rng = np.random.default_rng(7)
    write_parquet(
        tmp_path / "reference.parquet",
        {"amount": _amounts(rng, ROWS, 0.0), "channel": ["web", "app"] * (ROWS // 2)},
    )
    for name, share in (("stable", 0.0), ("missing98", 0.98), ("nan100", 1.0)):
        amounts = _amounts(rng, ROWS, share)
        if share == 1.0:
            amounts = [float("nan")] * ROWS
        write_parquet(
            tmp_path / f"{name}.parquet",
            {"amount": amounts, "channel": ["web", "app"] * (ROWS // 2)},
        )
    (tmp_path / "answers.yaml").write_text(_default_bound(EXAMPLES / "fraud-detection.yaml"))
    return tmp_path


@pytest.fixture
def spec(folder: Path, run_cli) -> Path:
    answers = folder / "answers.yaml"
    answers.write_text(
        answers.read_text().replace(
            "key_features: [amount, merchant_category]", "key_features: [amount]"
        )
    )
    out = folder / "out"
    result = run_cli("export", "--answers", str(answers), "--out", str(out), "--only", "yaml")
    assert result.code == 0, result.err
    return out / "mlops-architecture.yaml"


def _drift(run_cli, folder: Path, spec: Path, current: str, *extra: str):
    return run_cli(
        "drift", "--reference", str(folder / "reference.parquet"),
        "--current", str(folder / current), "--spec", str(spec), *extra,
    )  # fmt: skip


def _default_bound(example: Path) -> str:
    """The example's answers without its own missing-share bound: the default (50 %) holds."""
    return "".join(
        line
        for line in example.read_text().splitlines(keepends=True)
        if "max_missing_pct:" not in line
    )


def test_the_spec_carries_the_bound(spec: Path) -> None:
    assert "max_missing_pct: 50.0" in spec.read_text()


def test_a_key_feature_all_nan_cannot_be_judged_exit_4(folder: Path, spec: Path, run_cli) -> None:
    result = _drift(run_cli, folder, spec, "nan100.parquet")
    assert result.code == 4, result.err
    assert result.out == "drift: cannot judge: amount is 100 % missing (bound 50 %)\n"
    assert "no key feature above" not in result.out


def test_a_key_feature_98_percent_missing_cannot_be_judged(
    folder: Path, spec: Path, run_cli
) -> None:
    result = _drift(run_cli, folder, spec, "missing98.parquet", "--json")
    assert result.code == 4, result.err
    report = json.loads(result.out)
    assert report["verdict"] == "cannot judge"
    assert report["cannot_judge"] == ["amount"]
    missing = report["missing_values"]["amount"]
    # 392 of 400 rows: NaN, NULL, +inf, -inf in turn.
    assert (missing["nan"], missing["null"], missing["inf"]) == (98, 98, 196)
    assert missing["share"] == pytest.approx(0.98)
    text = _drift(run_cli, folder, spec, "missing98.parquet")
    assert text.out.startswith("drift: cannot judge: amount is 98 % missing (bound 50 %)")


def test_a_window_that_cannot_be_judged_is_logged_so_with_its_missing_shares(
    folder: Path, spec: Path, run_cli
) -> None:
    log = folder / "decisions.jsonl"
    result = _drift(run_cli, folder, spec, "missing98.parquet", "--log", str(log))
    assert result.code == 4, result.err
    (entry,) = [json.loads(line) for line in log.read_text().splitlines()]
    assert entry["verdict"] == "cannot judge"
    (missing,) = [c for c in entry["criteria"] if c["criterion"] == "missing amount"]
    assert missing["value"] == pytest.approx(98.0) and missing["bound"] == 50.0
    assert missing["verdict"] == "cannot judge"
    assert entry["missing_values"]["amount"] == {
        "null": 98,
        "nan": 98,
        "inf": 196,
        "share": pytest.approx(0.98),
    }
    table = run_cli("log", str(log))
    assert table.code == 0 and "cannot judge" in table.out and "missing amount 98" in table.out


def test_a_complete_window_is_judged_on_its_psi(folder: Path, spec: Path, run_cli) -> None:
    result = _drift(run_cli, folder, spec, "stable.parquet", "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["verdict"] == "no drift" and report["cannot_judge"] == []
    assert report["missing_values"]["amount"] == {"null": 0, "nan": 0, "inf": 0, "share": 0.0}


def test_the_bound_comes_from_the_spec(folder: Path, spec: Path, run_cli) -> None:
    spec.write_text(spec.read_text().replace("max_missing_pct: 50.0", "max_missing_pct: 99.0"))
    result = _drift(run_cli, folder, spec, "missing98.parquet")
    assert "cannot judge" not in result.out


def test_calibrate_reports_each_kind_of_missing_value_and_marks_unjudged_windows(
    tmp_path: Path,
) -> None:
    rng = np.random.default_rng(11)
    write_parquet(tmp_path / "reference.parquet", {"amount": _amounts(rng, ROWS, 0.25)})
    times = weekly_times(rng, 3, ROWS)
    amounts = _amounts(rng, ROWS, 0.0) + _amounts(rng, ROWS, 0.98) + _amounts(rng, ROWS, 0.1)
    pq.write_table(
        pa.table({"amount": amounts, "ts": pa.array(times, pa.timestamp("us"))}),
        tmp_path / "history.parquet",
    )
    report = calibration_json(
        calibrate(
            CalibrationRequest(
                reference=str(tmp_path / "reference.parquet"),
                history=str(tmp_path / "history.parquet"),
                timestamp="ts",
                features=("amount",),
                max_missing_pct=50.0,
                checksums=False,
            )
        )
    )
    reference = report["features"]["amount"]["reference_missing_values"]
    assert (reference["nan"], reference["null"], reference["inf"]) == (25, 25, 50)
    assert reference["share"] == pytest.approx(0.25)
    windows = report["windows"]
    assert [w["rows"] for w in windows] == [ROWS, ROWS, ROWS]  # rows count missing values
    assert [w["missing_values"]["amount"]["share"] for w in windows] == pytest.approx(
        [0.0, 0.98, 0.1]
    )
    assert [w["missing"]["amount"] for w in windows] == [0, 392, 40]
    backtest = report["backtest"]
    assert backtest["max_missing_pct"] == 50.0
    week2 = (MONDAY.date().fromordinal(MONDAY.date().toordinal() + 7)).isoformat()
    assert backtest["cannot_judge_windows"] == [week2]
    assert [w["cannot_judge"] for w in backtest["windows"]] == [[], ["amount"], []]


def test_calibrate_says_the_missing_values_in_its_text_report(folder: Path, run_cli) -> None:
    rng = np.random.default_rng(5)
    times = weekly_times(rng, 2, ROWS)
    pq.write_table(
        pa.table(
            {
                "amount": _amounts(rng, ROWS, 0.0) + _amounts(rng, ROWS, 0.98),
                "ts": pa.array(times, pa.timestamp("us")),
            }
        ),
        folder / "history.parquet",
    )
    result = run_cli(
        "calibrate", "--answers", str(folder / "answers.yaml"),
        "--reference", str(folder / "reference.parquet"),
        "--history", str(folder / "history.parquet"), "--timestamp", "ts", "--features", "amount",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "cannot judge: 1 of 2 windows" in result.out
    assert "amount 98 % missing (NULL 98, NaN 98, inf 196)" in result.out


@pytest.mark.parametrize("content", ["", "amount,ts\n"], ids=["zero bytes", "header only"])
def test_an_empty_history_is_one_line_exit_2(folder: Path, run_cli, content: str) -> None:
    (folder / "empty.csv").write_text(content)
    result = run_cli(
        "calibrate", "--answers", str(folder / "answers.yaml"),
        "--reference", str(folder / "reference.parquet"),
        "--history", str(folder / "empty.csv"), "--timestamp", "ts", "--features", "amount",
    )  # fmt: skip
    assert result.code == 2
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert "empty.csv" in result.err and ("is empty" in result.err or "has no rows" in result.err)


def test_an_empty_parquet_history_is_one_line_exit_2(folder: Path, run_cli) -> None:
    pq.write_table(
        pa.table({"amount": pa.array([], pa.float64()), "ts": pa.array([], pa.timestamp("us"))}),
        folder / "empty.parquet",
    )
    result = run_cli(
        "calibrate", "--answers", str(folder / "answers.yaml"),
        "--reference", str(folder / "reference.parquet"),
        "--history", str(folder / "empty.parquet"), "--timestamp", "ts", "--features", "amount",
    )  # fmt: skip
    assert result.code == 2
    assert result.err == (
        f"mlops-wizard: error: '{folder / 'empty.parquet'}': has no rows (the history data; "
        "allowed: a file with at least one row)\n"
    )


def test_drift_on_an_empty_current_sample_is_exit_2(folder: Path, spec: Path, run_cli) -> None:
    pq.write_table(pa.table({"amount": pa.array([], pa.float64())}), folder / "none.parquet")
    result = _drift(run_cli, folder, spec, "none.parquet")
    assert result.code == 2 and "has no rows" in result.err


def test_nan_in_a_parquet_column_whose_statistics_ignore_it_is_still_missing(
    tmp_path: Path,
) -> None:
    # Parquet min/max leave NaN out: DuckDB once folded isnan() to false from them.
    rng = np.random.default_rng(2)
    write_parquet(tmp_path / "reference.parquet", {"amount": rng.lognormal(3.0, 1.0, ROWS)})
    write_parquet(
        tmp_path / "current.parquet", {"amount": [float("nan")] * 196 + [1.0, 2.0, 3.0, 4.0]}
    )
    from wizard.data import DriftRequest, drift

    result = drift(
        DriftRequest(
            reference=str(tmp_path / "reference.parquet"),
            current=str(tmp_path / "current.parquet"),
            features=("amount",),
        )
    )
    assert result.window.missing_values["amount"].nan == 196
    assert sum(result.window.counts["amount"]) == 4


def test_rows_without_a_timestamp_are_said_in_the_report(tmp_path: Path, run_cli) -> None:
    rng = np.random.default_rng(9)
    write_parquet(tmp_path / "reference.parquet", {"amount": rng.lognormal(3.0, 1.0, ROWS)})
    times: list = list(weekly_times(rng, 2, ROWS))
    times[::100] = [None] * len(times[::100])
    pq.write_table(
        pa.table(
            {"amount": rng.lognormal(3.0, 1.0, 2 * ROWS), "ts": pa.array(times, pa.timestamp("us"))}
        ),
        tmp_path / "history.parquet",
    )
    (tmp_path / "answers.yaml").write_text(_default_bound(EXAMPLES / "fraud-detection.yaml"))
    result = run_cli(
        "calibrate", "--answers", str(tmp_path / "answers.yaml"),
        "--reference", str(tmp_path / "reference.parquet"),
        "--history", str(tmp_path / "history.parquet"), "--timestamp", "ts", "--features", "amount",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "; 8 rows without a timestamp left out)" in result.out
