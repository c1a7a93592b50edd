"""Windows from the schedule: daily, weekly, monthly and cron; empty windows reported."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from tests.data.helpers import write_csv, write_parquet
from wizard.data import CalibrationRequest, DataError, calibrate
from wizard.data.report import calibration_json
from wizard.data.windows import parse_schedule


def _files(tmp_path: Path, times: list[datetime], rng: np.random.Generator) -> dict[str, Any]:
    reference = write_parquet(tmp_path / "reference.parquet", {"x": rng.normal(0, 1, 500)})
    history = write_parquet(
        tmp_path / "history.parquet",
        {"ts": pa.array(times, pa.timestamp("us")), "x": rng.normal(0, 1, len(times))},
    )
    return {"reference": str(reference), "history": str(history), "timestamp": "ts"}


def _windows(files: dict[str, Any], schedule: str) -> list[tuple[str | None, str | None, int]]:
    result = calibrate(CalibrationRequest(features=("x",), schedule=schedule, **files))
    return [(w["start"], w["end"], w["rows"]) for w in calibration_json(result)["windows"]]


def _spread(start: datetime, hours: int, every: int = 1) -> list[datetime]:
    return [start + timedelta(hours=h) for h in range(0, hours, every)]


def test_daily_windows_are_calendar_days(tmp_path: Path, rng: np.random.Generator) -> None:
    times = _spread(datetime(2026, 3, 1, 0, 0), 24) + _spread(datetime(2026, 3, 3, 12), 12)
    windows = _windows(_files(tmp_path, times, rng), "daily")
    assert windows == [
        ("2026-03-01", "2026-03-02", 24),
        ("2026-03-02", "2026-03-03", 0),  # inside the range, no rows: reported
        ("2026-03-03", "2026-03-04", 12),
    ]


def test_weekly_windows_start_on_monday(tmp_path: Path, rng: np.random.Generator) -> None:
    # A Wednesday to the Monday two weeks and a half later, with a week missing.
    times = _spread(datetime(2026, 1, 7, 9), 100) + _spread(datetime(2026, 1, 26, 0), 30)
    times.append(datetime(2026, 1, 25, 23, 59, 59))  # Sunday night: still the previous week
    files = _files(tmp_path, times, rng)
    result = calibrate(CalibrationRequest(features=("x",), **files))
    windows = [(w["start"], w["rows"]) for w in calibration_json(result)["windows"]]
    assert windows == [
        ("2026-01-05", 100),
        ("2026-01-12", 0),
        ("2026-01-19", 1),
        ("2026-01-26", 30),
    ]
    empty = result.windows[1]
    assert empty.psi == {"x": None} and empty.counts["x"] == (0,) * 10
    assert not result.backtest.windows[1].drift


def test_monthly_windows_are_calendar_months(tmp_path: Path, rng: np.random.Generator) -> None:
    times = [datetime(2026, 1, 31, 23, 59, 59), datetime(2026, 2, 1), datetime(2026, 2, 28, 12)]
    times += [datetime(2026, 4, 30, 8)] * 3
    windows = _windows(_files(tmp_path, times, rng), "monthly")
    assert windows == [
        ("2026-01-01", "2026-02-01", 1),
        ("2026-02-01", "2026-03-01", 2),
        ("2026-03-01", "2026-04-01", 0),
        ("2026-04-01", "2026-05-01", 3),
    ]


def test_cron_windows_run_from_one_fire_time_to_the_next(
    tmp_path: Path, rng: np.random.Generator
) -> None:
    # Mondays at 06:00: Monday 05:59 still belongs to the window of the week before.
    times = [
        datetime(2026, 1, 5, 5, 59),
        datetime(2026, 1, 5, 6, 0),
        datetime(2026, 1, 9, 12, 0),
        datetime(2026, 1, 12, 6, 0),
    ]
    windows = _windows(_files(tmp_path, times, rng), "0 6 * * 1")
    assert windows == [
        ("2025-12-29T06:00:00", "2026-01-05T06:00:00", 1),
        ("2026-01-05T06:00:00", "2026-01-12T06:00:00", 2),
        ("2026-01-12T06:00:00", "2026-01-19T06:00:00", 1),
    ]


def test_cron_on_weekdays_has_uneven_windows(tmp_path: Path, rng: np.random.Generator) -> None:
    times = _spread(datetime(2026, 1, 8, 1), 24 * 6, every=3)  # Thursday to Wednesday
    result = calibrate(
        CalibrationRequest(features=("x",), schedule="0 0 * * 1-5", **_files(tmp_path, times, rng))
    )
    starts = [w.start for w in result.windows]
    assert starts[0] == datetime(2026, 1, 8)
    friday = starts.index(datetime(2026, 1, 9))
    assert result.windows[friday].end == datetime(2026, 1, 12)  # over the weekend
    assert result.windows[friday].rows == 24  # 3 days, one row every 3 hours
    assert result.windows_per_year == pytest.approx(261, abs=1)


def test_windows_per_year() -> None:
    anchor = datetime(2026, 1, 5)
    assert parse_schedule("weekly").windows_per_year(anchor) == pytest.approx(365.25 / 7)
    assert parse_schedule("daily").windows_per_year(anchor) == 365.25
    assert parse_schedule("monthly").windows_per_year(anchor) == 12
    assert parse_schedule("0 3 * * 1").windows_per_year(anchor) == pytest.approx(52, abs=1)
    assert parse_schedule("*/30 * * * *").windows_per_year(anchor) == pytest.approx(17532, rel=0.01)


def test_timestamps_with_zones_and_text_are_read_as_utc(
    tmp_path: Path, rng: np.random.Generator
) -> None:
    reference = write_parquet(tmp_path / "reference.parquet", {"x": rng.normal(0, 1, 100)})
    # 2026-01-12 01:00 at +02:00 is Sunday 23:00 UTC: the first week.
    text = ["2026-01-05T10:00:00", "2026-01-12T01:00:00+02:00", "2026-01-12 08:00:00", "2026-01-13"]
    history = write_csv(tmp_path / "history.csv", {"ts": text, "x": [0.1, 0.2, 0.3, 0.4]})
    result = calibrate(
        CalibrationRequest(
            reference=str(reference), history=str(history), timestamp="ts", features=("x",)
        )
    )
    assert [(w.start, w.rows) for w in result.windows] == [
        (datetime(2026, 1, 5), 2),
        (datetime(2026, 1, 12), 2),
    ]
    # A TIMESTAMPTZ column: 03:00 on Monday at +05:00 is Sunday 22:00 UTC, the first week;
    # 06:00 at +05:00 is Monday 01:00 UTC, the second.
    plus_five = timezone(timedelta(hours=5))
    moments = [
        datetime(2026, 1, 12, 3, tzinfo=plus_five),
        datetime(2026, 1, 12, 6, tzinfo=plus_five),
    ]
    zoned = write_parquet(
        tmp_path / "zoned.parquet",
        {"ts": pa.array(moments, pa.timestamp("us", tz="+05:00")), "x": [0.0, 1.0]},
    )
    result = calibrate(
        CalibrationRequest(
            reference=str(reference), history=str(zoned), timestamp="ts", features=("x",)
        )
    )
    assert [(w.start, w.rows) for w in result.windows] == [
        (datetime(2026, 1, 5), 1),
        (datetime(2026, 1, 12), 1),
    ]


@pytest.mark.parametrize("schedule", ["hourly", "61 * * * *", "0 0 30 2 *", "* * *"])
def test_bad_schedules_are_data_errors(schedule: str) -> None:
    with pytest.raises(DataError, match="schedule") as error:
        parse_schedule(schedule)
    assert "\n" not in str(error.value)


def test_too_many_windows_is_a_data_error(tmp_path: Path, rng: np.random.Generator) -> None:
    times = [datetime(2026, 1, 1), datetime(2026, 3, 1)]
    with pytest.raises(DataError, match="more than 5000 windows"):
        _windows(_files(tmp_path, times, rng), "* * * * *")
