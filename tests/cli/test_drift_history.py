"""``drift --history`` keeps one line per window: a window judged twice replaces its line (a
CI retry never counts twice), the file is rotated past what the rule needs plus a bounded
tail, and a line that is not a window is reported, skipped and kept."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from tests.paths import EXAMPLES
from wizard.io.drift_history import HISTORY_TAIL, MAX_READ, ROTATED_SUFFIX


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fraud example's spec: PSI above 0.1 on amount or merchant_category, 2 of 5."""
    from wizard.cli import main

    out = tmp_path_factory.mktemp("spec")
    answers = str(EXAMPLES / "fraud-detection.yaml")
    assert main(["export", "--answers", answers, "--out", str(out), "--only", "yaml"]) == 0
    return out / "mlops-architecture.yaml"


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("data")
    rng = np.random.default_rng(7)

    def write(name: str, shift: float) -> None:
        amounts = rng.normal(shift, 1, 2000)
        categories = rng.choice(list("abcd"), 2000)
        rows = "".join(f"{a:.5f},{c}\n" for a, c in zip(amounts, categories, strict=True))
        (folder / name).write_text("amount,merchant_category\n" + rows, encoding="utf-8")

    write("reference.csv", 0.0)
    write("stable.csv", 0.0)
    write("shifted.csv", 0.8)
    write("shifted-again.csv", 0.8)
    return folder


def _drift(run_cli, spec: Path, data: Path, current: str, history: Path, *extra: str):
    return run_cli(
        "drift", "--reference", str(data / "reference.csv"), "--current", str(data / current),
        "--spec", str(spec), "--history", str(history), *extra,
    )  # fmt: skip


def _entries(history: Path) -> list[dict]:
    return [json.loads(line) for line in history.read_text(encoding="utf-8").splitlines()]


def test_each_line_names_its_window_and_the_spec(
    spec: Path, data: Path, tmp_path: Path, run_cli
) -> None:
    history = tmp_path / "drift.jsonl"
    dates = ("--window-start", "2026-03-02", "--window-end", "2026-03-08")
    result = _drift(run_cli, spec, data, "stable.csv", history, *dates)
    assert result.code == 0, result.err
    (entry,) = _entries(history)
    assert entry["window"] == {
        "start": "2026-03-02",
        "end": "2026-03-08",
        "data_sha256": hashlib.sha256((data / "stable.csv").read_bytes()).hexdigest(),
    }
    assert entry["spec_sha256"] == hashlib.sha256(spec.read_bytes()).hexdigest()
    assert entry["breach"] is False


def test_the_same_window_twice_is_one_line_and_no_double_count(
    spec: Path, data: Path, tmp_path: Path, run_cli
) -> None:
    history = tmp_path / "drift.jsonl"
    first = _drift(run_cli, spec, data, "shifted.csv", history)
    assert first.code == 0 and "only 1 of the last 1 windows breached" in first.out
    retry = _drift(run_cli, spec, data, "shifted.csv", history)
    assert retry.code == 0, "a retry of the same window must not count as a second breach"
    assert "only 1 of the last 1 windows breached" in retry.out
    assert len(_entries(history)) == 1
    # Another window that breaches is the second of the 2-of-5 rule.
    second = _drift(run_cli, spec, data, "shifted-again.csv", history)
    assert second.code == 4 and "2 of the last 2 windows breached" in second.out
    assert len(_entries(history)) == 2


def test_the_same_dates_are_the_same_window_whatever_the_data(
    spec: Path, data: Path, tmp_path: Path, run_cli
) -> None:
    history = tmp_path / "drift.jsonl"
    dates = ("--window-start", "2026-03-02", "--window-end", "2026-03-08")
    assert _drift(run_cli, spec, data, "shifted.csv", history, *dates).code == 0
    corrected = _drift(run_cli, spec, data, "shifted-again.csv", history, *dates)
    assert corrected.code == 0  # the same week, re-run on corrected data
    (entry,) = _entries(history)
    assert entry["window"]["start"] == "2026-03-02"


def test_a_history_past_its_bound_is_rotated(
    spec: Path, data: Path, tmp_path: Path, run_cli
) -> None:
    history = tmp_path / "drift.jsonl"
    old = [
        {"window": {"start": f"w{n}", "end": f"w{n}", "data_sha256": None}, "breach": n == 0}
        for n in range(5 + HISTORY_TAIL)
    ]
    history.write_text("".join(json.dumps(item) + "\n" for item in old), encoding="utf-8")
    result = _drift(run_cli, spec, data, "stable.csv", history)
    assert result.code == 0, result.err
    kept = _entries(history)
    # The rule looks at 5 windows: this one and the 4 before it stay; the rest is in FILE.1.
    assert [entry["window"]["start"] for entry in kept[:-1]] == [
        f"w{n}" for n in range(1 + HISTORY_TAIL, 5 + HISTORY_TAIL)
    ]
    rotated = tmp_path / f"drift.jsonl{ROTATED_SUFFIX}"
    assert len(_entries(rotated)) == 5 + HISTORY_TAIL


def test_a_history_over_the_read_limit_is_read_from_its_end(
    spec: Path, data: Path, tmp_path: Path, run_cli
) -> None:
    history = tmp_path / "drift.jsonl"
    line = json.dumps({"breach": True, "note": "x" * 1000}) + "\n"
    history.write_text(line * (MAX_READ // len(line) + 10), encoding="utf-8")
    result = _drift(run_cli, spec, data, "shifted.csv", history)
    assert result.code == 4, result.err  # the old windows breached: 2 of the last 5
    assert history.stat().st_size < MAX_READ
    assert (tmp_path / f"drift.jsonl{ROTATED_SUFFIX}").stat().st_size > MAX_READ


def test_a_corrupt_line_is_reported_skipped_and_kept(
    spec: Path, data: Path, tmp_path: Path, run_cli
) -> None:
    history = tmp_path / "drift.jsonl"
    breach = json.dumps({"breach": True, "window": {"start": "a", "end": "a"}})
    history.write_text(f'{breach}\n{{"breach": tru\n', encoding="utf-8")
    result = _drift(run_cli, spec, data, "shifted.csv", history)
    assert result.code == 4, result.err  # the good line and this one: 2 of the last 2
    (warning,) = result.err.splitlines()
    assert warning.startswith(f"mlops-wizard: warning: {history}:2: not a window")
    lines = history.read_text(encoding="utf-8").splitlines()
    assert lines[:2] == [breach, '{"breach": tru'] and len(lines) == 3
