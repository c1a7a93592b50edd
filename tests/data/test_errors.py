"""Every bad input is a DataError whose message is one line naming the file and column."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from tests.data.helpers import write_parquet
from wizard.data import CalibrationRequest, DataError, DriftRequest, calibrate, drift


@pytest.fixture
def good(tmp_path: Path, rng: np.random.Generator) -> dict[str, Path]:
    """A valid reference and history (CSV and Parquet) the bad cases start from."""
    times = [datetime(2026, 1, 5) + timedelta(hours=6 * i) for i in range(120)]
    reference = write_parquet(tmp_path / "reference.parquet", {"amount": rng.normal(0, 1, 200)})
    history = write_parquet(
        tmp_path / "history.parquet",
        {"ts": pa.array(times, pa.timestamp("us")), "amount": rng.normal(0, 1, 120)},
    )
    lines = "".join(f"{x},2026-01-{1 + i % 28:02d}\n" for i, x in enumerate(rng.normal(0, 1, 60)))
    csv = tmp_path / "reference.csv"
    csv.write_text("amount,ts\n" + lines)
    return {"reference": reference, "history": history, "csv": csv}


def _calibrate(reference: Path | str, history: Path | str, **changes: Any) -> None:
    fields: dict[str, Any] = {
        "reference": str(reference),
        "history": str(history),
        "timestamp": "ts",
        "features": ("amount",),
    }
    fields.update(changes)
    calibrate(CalibrationRequest(**fields))


def _error(call: Any, *args: Any, **kwargs: Any) -> str:
    with pytest.raises(DataError) as caught:
        call(*args, **kwargs)
    message = str(caught.value)
    assert "\n" not in message and message == caught.value.message
    assert "Traceback" not in message and "LINE 1" not in message
    return message


def test_missing_file(good: dict[str, Path], tmp_path: Path) -> None:
    message = _error(_calibrate, tmp_path / "nope.parquet", good["history"])
    assert str(tmp_path / "nope.parquet") in message and "no such file" in message


def test_glob_matching_nothing(good: dict[str, Path], tmp_path: Path) -> None:
    pattern = str(tmp_path / "history-*.parquet")
    message = _error(_calibrate, good["reference"], pattern)
    assert message == f"history: no files match '{pattern}'"


def test_corrupt_parquet(good: dict[str, Path], tmp_path: Path) -> None:
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"PAR1" + bytes(range(256)) * 4 + b"PAR1")
    message = _error(_calibrate, bad, good["history"])
    assert message.startswith(f"'{bad}': reading it as Parquet failed")


def test_unreadable_file(good: dict[str, Path], tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads any file")
    locked = tmp_path / "locked.parquet"
    locked.write_bytes(good["reference"].read_bytes())
    locked.chmod(0)
    message = _error(_calibrate, locked, good["history"])
    assert "cannot be read" in message


def test_a_folder_or_an_unknown_format(good: dict[str, Path], tmp_path: Path) -> None:
    assert "is a folder" in _error(_calibrate, tmp_path, good["history"])
    notes = tmp_path / "notes.txt"
    notes.write_text("amount\n1\n")
    message = _error(_calibrate, notes, good["history"])
    assert "unknown data format" in message and ".parquet" in message


def test_mixed_formats_in_one_glob(good: dict[str, Path], tmp_path: Path) -> None:
    message = _error(_calibrate, tmp_path / "reference.*", good["history"])
    assert "several formats" in message


def test_missing_column_names_the_closest(good: dict[str, Path]) -> None:
    message = _error(_calibrate, good["reference"], good["history"], features=("amout",))
    assert message == (
        f"'{good['reference']}': no column 'amout' for the feature (closest: 'amount')"
    )
    message = _error(_calibrate, good["reference"], good["history"], timestamp="time")
    assert f"'{good['history']}': no column 'time' for the timestamp" in message
    assert "'ts'" in message  # no close name: the file's columns are listed


def test_missing_column_in_one_file_of_a_glob(
    good: dict[str, Path], tmp_path: Path, rng: np.random.Generator
) -> None:
    folder = tmp_path / "parts"
    folder.mkdir()
    write_parquet(folder / "a.parquet", {"amount": rng.normal(0, 1, 50)})
    write_parquet(folder / "b.parquet", {"amount_usd": rng.normal(0, 1, 50)})
    message = _error(_calibrate, folder / "*.parquet", good["history"])
    assert str(folder / "b.parquet") in message and "'amount'" in message


def test_timestamp_that_does_not_parse(good: dict[str, Path], tmp_path: Path) -> None:
    history = tmp_path / "history.csv"
    history.write_text("amount,ts\n1.0,2026-01-05\n2.0,next tuesday\n3.0,2026-02-01\n")
    message = _error(_calibrate, good["csv"], history)
    assert f"'{history}': column 'ts'" in message
    assert "'next tuesday'" in message and "ISO 8601" in message


def test_numeric_timestamp(good: dict[str, Path], tmp_path: Path) -> None:
    history = tmp_path / "history.csv"
    history.write_text("amount,ts\n1.0,1767571200\n2.0,1768176000\n")
    message = _error(_calibrate, good["csv"], history)
    assert "column 'ts' is BIGINT, not a timestamp" in message


def test_text_in_a_numerical_feature(good: dict[str, Path], tmp_path: Path) -> None:
    history = tmp_path / "history.csv"
    history.write_text("amount,ts\n1.0,2026-01-05\nn/a,2026-01-20\n2.0,2026-01-21\n")
    message = _error(_calibrate, good["csv"], history)
    assert message.startswith(f"'{history}': column 'amount' holds text such as 'n/a'")
    assert str(good["csv"]) in message


def test_text_deep_in_a_csv_is_translated(good: dict[str, Path], tmp_path: Path) -> None:
    # Past the rows DuckDB samples to guess the types: the scan itself fails.
    history = tmp_path / "history.csv"
    rows = [f"{i % 7}.5,2026-01-{1 + i % 28:02d}" for i in range(30_000)] + ["oops,2026-01-03"]
    history.write_text("amount,ts\n" + "\n".join(rows) + "\n")
    message = _error(_calibrate, good["csv"], history)
    assert message.startswith(f"'{history}': line 30002: column 'amount': 'oops' is not a DOUBLE")
    assert "sample_size" not in message  # DuckDB's advice on its own options is dropped


def test_history_with_fewer_than_two_windows(good: dict[str, Path], tmp_path: Path) -> None:
    history = tmp_path / "history.csv"
    history.write_text("amount,ts\n1.0,2026-01-05\n2.0,2026-01-06\n")
    message = _error(_calibrate, good["csv"], history)
    assert "falls in 1 weekly window; at least two are needed" in message


def test_reference_too_small_to_bin(good: dict[str, Path], tmp_path: Path) -> None:
    small = tmp_path / "small.csv"
    small.write_text("amount\n1\n2\n3\n4\n5\n6\n7\n")
    message = _error(_calibrate, small, good["history"])
    assert message == (
        f"'{small}': column 'amount' has 7 non-null rows in the reference; "
        "at least 10 are needed to bin it (10 bins)"
    )


def test_a_feature_that_is_not_numbers_text_or_booleans(good: dict[str, Path]) -> None:
    message = _error(_calibrate, good["history"], good["history"], features=("ts",))
    assert "column 'ts' is TIMESTAMP; a feature must be numbers, text or booleans" in message


def test_json_array_and_broken_json_lines(good: dict[str, Path], tmp_path: Path) -> None:
    array = tmp_path / "reference.json"
    array.write_text('[{"amount": 1.0}, {"amount": 2.0}]')
    assert "holds a JSON array" in _error(_calibrate, array, good["history"])
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"amount": 1.0}\n{"amount": \n')
    message = _error(_calibrate, broken, good["history"])
    assert message.startswith(f"'{broken}': reading it as JSON lines")


def test_control_characters_stay_raw_for_the_printer(good: dict[str, Path], tmp_path: Path) -> None:
    # The printers escape them, once (tests/data/test_errors_printed.py): escaped here too,
    # they would reach the terminal doubly escaped.
    hostile = tmp_path / "ref\x1b[2J\x07.csv"
    hostile.write_text("amount\n1\n2\n")
    message = _error(_calibrate, hostile, good["history"])
    assert f"'{hostile}'" in message
    column = "amo\x1bunt"
    message = _error(_calibrate, good["reference"], good["history"], features=(column,))
    assert "no column 'amo\x1bunt'" in message


def test_request_problems(good: dict[str, Path]) -> None:
    ref, hist = good["reference"], good["history"]
    assert "either a current sample or a history" in _error(_calibrate, ref, hist, current=str(ref))
    assert "features: none given" in _error(_calibrate, ref, hist, features=())
    assert "named twice" in _error(_calibrate, ref, hist, features=("amount", "amount"))
    assert "memory_limit" in _error(_calibrate, ref, hist, memory_limit="lots")
    assert "window rule: 3 of 2" in _error(_calibrate, ref, hist, window_rule=(3, 2))
    assert "label and prediction" in _error(_calibrate, ref, hist, label="amount")
    assert "timestamp column is needed" in _error(_calibrate, ref, hist, timestamp=None)
    assert "target false alarms" in _error(_calibrate, ref, hist, target_false_alarms_per_year=0.0)


def test_empty_current_sample(good: dict[str, Path], tmp_path: Path) -> None:
    empty = write_parquet(tmp_path / "empty.parquet", {"amount": pa.array([], pa.float64())})
    message = _error(
        drift,
        DriftRequest(reference=str(good["reference"]), current=str(empty), features=("amount",)),
    )
    assert "has no rows" in message and str(empty) in message


def test_a_file_name_duckdb_would_expand(good: dict[str, Path], tmp_path: Path) -> None:
    star = tmp_path / "week*.parquet"
    star.write_bytes(good["reference"].read_bytes())
    (tmp_path / "week1.parquet").write_bytes(good["reference"].read_bytes())
    message = _error(_calibrate, star, good["history"])
    assert "also matches" in message and "week1.parquet" in message


def test_odd_but_valid_file_names_are_read(good: dict[str, Path], tmp_path: Path) -> None:
    for name in ("it's [1] here.parquet", "tab\there.parquet"):
        odd = tmp_path / name
        odd.write_bytes(good["reference"].read_bytes())
        result = drift(DriftRequest(reference=str(odd), current=str(odd), features=("amount",)))
        assert result.window.rows == 200 and result.window.psi["amount"] == 0.0
