"""The backtest over a seeded history with a known change, and the triggers' rules."""

from __future__ import annotations

import json
import math
from datetime import timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from tests.data.helpers import MONDAY, weekly_times, write_parquet
from wizard.data import CalibrationRequest, calibrate
from wizard.data.backtest import k_of_n
from wizard.data.report import calibration_json

WEEKS, PER_WEEK, SHIFT_WEEK, ACCURACY_WEEK = 52, 1000, 40, 45


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A reference of 5,000 rows and 52 weeks of 1,000 rows: ``amount`` shifts by 0.3 sigma
    from week 40 on, the model's accuracy falls from 90 % to 80 % from week 45 on."""
    rng = np.random.default_rng(7)
    folder = tmp_path_factory.mktemp("history")

    def labels(rows: int, accuracy: float) -> tuple[Any, Any]:
        label = rng.integers(0, 2, rows)
        right = rng.random(rows) < accuracy
        return label, np.where(right, label, 1 - label)

    label, prediction = labels(5000, 0.9)
    reference = write_parquet(
        folder / "reference.parquet",
        {
            "amount": rng.normal(0, 1, 5000),
            "channel": rng.choice(["web", "app", "pos"], 5000, p=[0.5, 0.3, 0.2]),
            "label": label,
            "prediction": prediction,
        },
    )
    times = weekly_times(rng, WEEKS, PER_WEEK)
    week = np.repeat(np.arange(WEEKS), PER_WEEK)
    amount = rng.normal(0, 1, WEEKS * PER_WEEK) + np.where(week >= SHIFT_WEEK, 0.3, 0.0)
    label, prediction = labels(WEEKS * PER_WEEK, 0.9)
    late_label, late_prediction = labels(WEEKS * PER_WEEK, 0.8)
    late = week >= ACCURACY_WEEK
    history = write_parquet(
        folder / "history.parquet",
        {
            "ts": pa.array(times, pa.timestamp("us")),
            "amount": amount,
            "channel": rng.choice(["web", "app", "pos"], WEEKS * PER_WEEK, p=[0.5, 0.3, 0.2]),
            "label": np.where(late, late_label, label),
            "prediction": np.where(late, late_prediction, prediction),
        },
    )
    return {"reference": reference, "history": history}


def _request(files: dict[str, Path], **changes: Any) -> CalibrationRequest:
    fields: dict[str, Any] = {
        "reference": str(files["reference"]),
        "history": str(files["history"]),
        "timestamp": "ts",
        "features": ("amount", "channel"),
    }
    fields.update(changes)
    return CalibrationRequest(**fields)


def _week(index: int) -> str:
    return (MONDAY + timedelta(weeks=index)).date().isoformat()


def test_backtest_flags_the_shift_and_few_stable_weeks(history: dict[str, Path]) -> None:
    result = calibrate(_request(history))
    rec = result.recommended
    assert rec.false_alarms_per_year == pytest.approx(4.0, rel=1e-6)
    assert len(result.windows) == WEEKS
    flagged = calibration_json(result)["backtest"]["drift_windows"]
    # Every shifted week is caught (a 0.3 sigma shift gives PSI near 0.09 at 1,000 rows).
    assert [_week(w) for w in range(SHIFT_WEEK, WEEKS)] == [
        start for start in flagged if start >= _week(SHIFT_WEEK)
    ]
    # Stable weeks: at most what the target rate predicts, with a 2-sigma allowance.
    stable = [start for start in flagged if start < _week(SHIFT_WEEK)]
    expected = SHIFT_WEEK * rec.alpha_per_window
    assert len(stable) <= expected + 2 * math.sqrt(expected) + 1
    # The fixed default of the tradition is noise here: a low threshold flags most weeks.
    noisy = next(p for p in result.sweep if p.threshold < rec.psi_threshold / 2)
    assert len([w for w in noisy.drift_windows if w < MONDAY + timedelta(weeks=SHIFT_WEEK)]) > 10


def test_recommendation_grows_when_the_windows_shrink(history: dict[str, Path]) -> None:
    weekly = calibrate(_request(history)).recommended.psi_threshold
    daily = calibrate(_request(history, schedule="daily")).recommended.psi_threshold
    assert daily > 3 * weekly  # ~143 rows a day against 1,000 a week


def test_accuracy_trigger_and_window_rule(history: dict[str, Path]) -> None:
    result = calibrate(
        _request(
            history,
            label="label",
            prediction="prediction",
            accuracy_drop_pct=5.0,
            window_rule=(2, 3),
            psi_threshold=10.0,  # no drift trigger: the performance trigger alone
        )
    )
    bt = result.backtest
    assert bt.threshold == 10.0 and bt.threshold_source == "design"
    assert bt.reference_accuracy == pytest.approx(0.9, abs=0.02)
    starts = [w.start for w in bt.windows]
    accuracy_weeks = [starts.index(s) for s in bt.fired("accuracy")]
    assert accuracy_weeks == list(range(ACCURACY_WEEK, WEEKS))
    rule_weeks = [starts.index(s) for s in bt.fired("accuracy_rule")]
    assert rule_weeks == list(range(ACCURACY_WEEK + 1, WEEKS))  # 2 of 3: one week later
    assert [starts.index(s) for s in bt.fired("retrain")] == rule_weeks
    assert bt.fired("drift") == ()
    late = bt.windows[ACCURACY_WEEK]
    assert late.accuracy_drop_pp == pytest.approx(10.0, abs=3.0)
    assert result.windows[0].labeled_rows == PER_WEEK


def test_sweep_spans_the_recommendation_and_the_design(history: dict[str, Path]) -> None:
    result = calibrate(_request(history, psi_threshold=0.1))
    thresholds = [p.threshold for p in result.sweep]
    assert thresholds == sorted(thresholds)
    assert result.recommended.psi_threshold in thresholds and 0.1 in thresholds
    assert len(thresholds) == 16  # 15 around the recommendation, plus the design's
    alarms = [p.false_alarms_per_year for p in result.sweep]
    assert all(a > b for a, b in pairwise(alarms))
    flagged = [len(p.drift_windows) for p in result.sweep]
    assert all(a >= b for a, b in pairwise(flagged))
    assert result.backtest.threshold_source == "design"


def test_json_shape(history: dict[str, Path]) -> None:
    data = calibration_json(calibrate(_request(history)))
    assert json.loads(json.dumps(data, allow_nan=False)) == data
    first = data["windows"][0]
    assert first["start"] == "2026-01-05" and first["rows"] == PER_WEEK
    assert set(first["psi"]) == {"amount", "channel"}
    assert isinstance(data["recommended"]["psi_threshold"], float)
    assert data["recommended"]["false_alarms_per_year"] == pytest.approx(4.0)
    assert data["recommended"]["method"] == "chi2"
    assert data["backtest"]["threshold"] == data["recommended"]["psi_threshold"]
    assert data["backtest"]["drift_windows"][-1] == _week(WEEKS - 1)
    assert [w["start"] for w in data["windows"]] == sorted(w["start"] for w in data["windows"])
    assert data["features"]["amount"]["kind"] == "numerical"
    assert data["features"]["channel"]["values"] == ["app", "pos", "web"]
    assert data["sources"]["history"]["rows"] == WEEKS * PER_WEEK
    assert len(data["sweep"]) == 15


def test_k_of_n_rule() -> None:
    breaches = [False, True, False, True, True, False, True]
    assert k_of_n(breaches, 2, 3) == [False, False, False, True, True, False, True]
    assert k_of_n(breaches, 1, 1) == breaches
    assert k_of_n(breaches, 3, 3) == [False] * 7
    with pytest.raises(ValueError):
        k_of_n(breaches, 4, 3)
