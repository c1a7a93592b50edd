"""A calibration recorded in the answers: the document cites it as the threshold's basis,
charts PSI per window with the threshold, and the risks judge the threshold chosen now."""

from __future__ import annotations

from typing import Any

from tests.paths import EXAMPLES
from wizard.engine import build_design
from wizard.io.edit import set_value
from wizard.io.loader import load_answers
from wizard.model.chi2 import chi2_isf
from wizard.render.markdown import render_markdown

REFERENCE_ROWS = 5000
WINDOW_ROWS = 800
WEEKS = 30


def _calibration(psi: list[float], recommended: float) -> dict[str, Any]:
    return {
        "schedule": "weekly",
        "windows_per_year": 52.18,
        "features": ["amount"],
        "bins": {"amount": 10},
        "sources": [
            {"role": "reference", "argument": "ref.parquet", "rows": REFERENCE_ROWS,
             "files": [{"path": "ref.parquet", "sha256": "a" * 64}]},
            {"role": "history", "argument": "h/*.parquet", "rows": WINDOW_ROWS * WEEKS,
             "period": ["2026-01-05T00:00:00", "2026-08-02T00:00:00"],
             "files": [{"path": "h/1.parquet", "sha256": "b" * 64}]},
        ],
        "windows": [
            {"start": f"2026-{1 + week // 4:02d}-{1 + (week % 4) * 7:02d}", "rows": WINDOW_ROWS,
             "psi": {"amount": value}}
            for week, value in enumerate(psi)
        ],
        "recommended": {"psi_threshold": recommended, "false_alarms_per_year": 4.0,
                        "target_false_alarms_per_year": 4.0, "window_rows": WINDOW_ROWS,
                        "method": "chi2"},
        "backtest": {"threshold": 0.1, "drift_windows": []},
    }  # fmt: skip


def _recommended() -> float:
    # The chi-squared rule for one feature of 10 bins at 4 false alarms a year.
    scale = 1 / REFERENCE_ROWS + 1 / WINDOW_ROWS
    return chi2_isf(4.0 / 52.18, 9) * scale


def _design(psi: list[float], threshold: float):
    answers = load_answers(EXAMPLES / "fraud-detection.yaml")
    answers = set_value(answers, "retraining.drift.key_features", ["amount"])
    answers = set_value(answers, "calibration", _calibration(psi, _recommended()))
    return build_design(set_value(answers, "retraining.drift.psi_threshold", threshold))


def test_the_document_cites_the_data_and_charts_psi_with_the_threshold() -> None:
    design = _design([0.01] * WEEKS, round(_recommended(), 4))
    view = design.calibration
    assert view is not None
    assert abs(view.false_alarms_per_year - 4.0) < 0.1
    text = render_markdown(design)
    assert "**Calibrated on your data.**" in text
    assert "reference `ref.parquet` (5,000 rows)" in text and "2026-01-05 to 2026-08-02" in text
    assert "xychart-beta" in text and 'title "PSI per window: amount' in text
    assert text.count("line [") == 2  # PSI, and the threshold as a line
    assert not {risk.id[:3] for risk in design.risks} & {"R37", "R38"}


def test_a_threshold_that_is_noise_at_this_window_size_is_a_risk() -> None:
    design = _design([0.01] * WEEKS, 0.005)
    ids = [risk.id for risk in design.risks]
    assert "R37-calibrated-threshold-is-noise" in ids


def test_drift_the_threshold_would_have_missed_is_a_risk() -> None:
    psi = [0.01] * WEEKS
    psi[20] = 0.09  # far beyond noise at 800 rows, but under a fixed 0.1
    design = _design(psi, 0.1)
    risk = next(r for r in design.risks if r.id == "R38-calibrated-history-drift-missed")
    assert "1 window of the calibrated history" in risk.message


def test_no_calibration_no_section() -> None:
    design = build_design(load_answers(EXAMPLES / "fraud-detection.yaml"))
    assert design.calibration is None
    assert "Calibrated on your data" not in render_markdown(design)
