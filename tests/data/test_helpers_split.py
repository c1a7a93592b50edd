"""The calibration panel's helpers, where the data stage keeps them and as the screens reach
them (through ``wizard.calibration``): the data files under a folder, a history's columns,
the timestamp guess."""

from __future__ import annotations

from pathlib import Path

import wizard.calibration as flow
from wizard.data.listing import LIST_DEPTH, data_files
from wizard.data.sniff import history_columns, timestamp_guess


def test_the_flow_hands_the_screens_the_data_stage_helpers() -> None:
    assert flow.data_files is data_files
    assert flow.history_columns is history_columns
    assert flow.timestamp_guess is timestamp_guess


def test_data_files_lists_data_only_skipping_hidden_and_deep_folders(tmp_path: Path) -> None:
    (tmp_path / "a.parquet").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "b.csv").write_text("x\n")
    deep = tmp_path.joinpath(*[f"d{i}" for i in range(LIST_DEPTH + 1)])
    deep.mkdir(parents=True)
    (deep / "c.csv").write_text("x\n")
    (tmp_path / "d0" / "e.csv.gz").write_bytes(b"")
    assert data_files(str(tmp_path)) == ["a.parquet", str(Path("d0") / "e.csv.gz")]


def test_history_columns_and_the_timestamp_guess(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text("amount,scored_at,day\n1.5,2026-01-05 10:00:00,2026-01-05\n")
    columns = history_columns(str(path))
    assert [name for name, _ in columns] == ["amount", "scored_at", "day"]
    assert timestamp_guess(columns) == "scored_at"
    assert timestamp_guess([("amount", "DOUBLE")]) is None
