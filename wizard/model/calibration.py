"""The ``calibration:`` section `calibrate --write` records in the answers file: what the
thresholds were tuned on (files with their SHA-256, rows, period), PSI per window of each key
feature, and the recommendation. Export stays a pure function of the answers: the document
cites this as the basis of its thresholds."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from wizard.model.section import Section

#: Windows kept for the document's chart: ten years of weeks is plenty.
MAX_WINDOWS = 520


class CalibrationFile(Section):
    path: str = Field(description="The data file, as given to calibrate.")
    sha256: str = Field(
        pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the file when it was read."
    )


class CalibrationSource(Section):
    role: Literal["reference", "current", "history"] = Field(
        description="reference (the stable sample), history (with timestamps) or current."
    )
    argument: str = Field(description="The path or glob given on the command line.")
    rows: int = Field(ge=0, description="Rows read from it.")
    period: list[str] | None = Field(
        default=None,
        min_length=2,
        max_length=2,
        description="First and last timestamp of the rows (ISO 8601), when it has them.",
    )
    files: list[CalibrationFile] = Field(default=[], description="Every file read.")


class CalibrationWindow(Section):
    start: str = Field(description="Start of the window (ISO 8601 date or time).")
    rows: int = Field(ge=0, description="Rows in the window.")
    psi: dict[str, float | None] = Field(
        description="PSI of each key feature against the reference (null: no rows)."
    )


class CalibrationRecommendation(Section):
    psi_threshold: float = Field(gt=0, description="The recommended PSI threshold.")
    false_alarms_per_year: float = Field(
        ge=0, description="Expected false alarms a year at it, across the key features."
    )
    target_false_alarms_per_year: float = Field(gt=0, description="The target it was set for.")
    window_rows: int = Field(ge=0, description="Median rows per window it assumes.")
    method: str = Field(description="How it was found (the chi-squared rule or resampling).")


class CalibrationBacktest(Section):
    threshold: float = Field(gt=0, description="The PSI threshold the history was replayed at.")
    drift_windows: list[str] = Field(
        default=[], description="Starts of the windows where the drift trigger would have fired."
    )


class Calibration(Section):
    """Thresholds tuned on the team's own data; written by `mlops-wizard calibrate --write`."""

    schedule: str = Field(description="The retraining schedule the windows followed.")
    windows_per_year: float = Field(gt=0, description="Windows a year at that schedule.")
    features: list[str] = Field(min_length=1, description="The key features measured.")
    bins: dict[str, int] = Field(
        default={}, description="Bins each feature's PSI used (reference values or deciles)."
    )
    sources: list[CalibrationSource] = Field(min_length=1, description="The data read.")
    windows: list[CalibrationWindow] = Field(
        default=[], max_length=MAX_WINDOWS, description="PSI per window, in time order."
    )
    recommended: CalibrationRecommendation = Field(description="The recommended threshold.")
    backtest: CalibrationBacktest = Field(description="The drift trigger replayed.")
