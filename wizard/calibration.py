"""Calibrating the design's thresholds on the team's data: the answers say what to measure
(key features, schedule, the triggers as designed), the data stage measures, and the result
goes back into the answers as their ``calibration:`` section.

The flow layer, like ``wizard.pipeline``: it joins the engine's effective answers, the data
stage and the answers model, and prints nothing. The helpers the calibration panel also uses
live in the data stage (``wizard.data.listing``: the data files under a folder;
``wizard.data.sniff``: a history's columns and the timestamp they are likely timed by); the
screens reach them through this module, which loads them on first use (PEP 562), so the
screens never import the data stage themselves.
"""

from __future__ import annotations

import statistics
from dataclasses import fields
from importlib import import_module
from typing import TYPE_CHECKING, Any, Literal

from wizard.model.calibration import MAX_WINDOWS
from wizard.model.psi_bands import TARGET_FALSE_ALARMS_PER_YEAR
from wizard.model.records import record

if TYPE_CHECKING:
    from wizard.data import CalibrationRequest
    from wizard.model.answers import Answers
    from wizard.model.progress import Progress


@record
class CalibrationInputs:
    """What the command line names: the data, and the columns to read."""

    reference: str | None
    current: str | None = None
    history: str | None = None
    reference_table: str | None = None
    current_table: str | None = None
    history_table: str | None = None
    engine: Literal["duckdb", "spark"] = "duckdb"
    spark: str | None = None
    timestamp: str | None = None
    features: tuple[str, ...] = ()
    label: str | None = None
    prediction: str | None = None
    target_false_alarms_per_year: float = TARGET_FALSE_ALARMS_PER_YEAR
    memory_limit: str | None = None


#: The request's fields the design decides: the triggers the backtest replays.
DESIGNED = ("schedule", "psi_threshold", "window_rule", "accuracy_drop_pct", "max_missing_pct")


class NoFeatures(ValueError):
    """Neither --features nor the answers name a key feature to measure."""


def calibration_request(
    answers: Answers, inputs: CalibrationInputs, progress: Progress | None = None
) -> CalibrationRequest:
    """The request for the data stage: the data from ``inputs``, the triggers as designed."""
    from wizard.data import CalibrationRequest
    from wizard.engine.resolve import resolve_answers
    from wizard.model.design import NO_SUGGESTIONS
    from wizard.model.evidence import NO_EVIDENCE

    effective = resolve_answers(answers, NO_EVIDENCE, NO_SUGGESTIONS).effective
    features = inputs.features or effective.key_features
    if not features:
        raise NoFeatures(
            "--features: none given and the answers name no key feature "
            "(allowed: --features a,b or retraining.drift.key_features in the answers)"
        )
    # The inputs are named as the request's fields are, and so are the design's triggers.
    request = {spec.name: getattr(inputs, spec.name) for spec in fields(inputs)}
    request.update({name: getattr(effective, name) for name in DESIGNED})
    # A schedule of ``never`` has no windows: the history is cut as the monitoring job sees it.
    request["schedule"] = effective.window_schedule
    request["features"] = tuple(features)
    return CalibrationRequest(**request, progress=progress)


def run_calibration(request: CalibrationRequest) -> dict[str, Any]:
    """The data stage's report as plain data (the ``--json`` shape)."""
    from wizard.data import calibrate, calibration_json

    return calibration_json(calibrate(request))


def calibration_section(report: dict[str, Any]) -> dict[str, Any]:
    """The ``calibration:`` section of the answers file, from a calibrate report."""
    recommended = report["recommended"]
    windows = report["windows"][-MAX_WINDOWS:]
    filled = [window["rows"] for window in report["windows"] if window["rows"]]
    sources = []
    for role, source in report["sources"].items():
        entry: dict[str, Any] = {
            "role": role,
            "argument": source["argument"],
            "rows": source["rows"],
            "files": [{"path": f["path"], "sha256": f["sha256"]} for f in source["files"]],
        }
        if source.get("time_range"):
            entry["period"] = list(source["time_range"])
        sources.append(entry)
    return {
        "schedule": report["schedule"],
        "windows_per_year": float(report["windows_per_year"]),
        "features": list(report["features"]),
        "bins": {
            name: int(feature.get("effective_bins") or feature["bins"])
            for name, feature in report["features"].items()
        },
        "sources": sources,
        "windows": [
            {"start": w["start"], "rows": w["rows"], "psi": dict(w["psi"])} for w in windows
        ],
        "recommended": {
            "psi_threshold": float(recommended["psi_threshold"]),
            "false_alarms_per_year": float(recommended["false_alarms_per_year"]),
            "target_false_alarms_per_year": float(recommended["target_false_alarms_per_year"]),
            "window_rows": int(statistics.median(filled)) if filled else 0,
            "method": str(recommended["method"]),
        },
        "backtest": {
            "threshold": float(report["backtest"]["threshold"]),
            "drift_windows": [d for d in report["backtest"]["drift_windows"] if d is not None],
        },
    }


def with_calibration(answers: Answers, report: dict[str, Any], apply: bool) -> Answers:
    """``answers`` with the report recorded under ``calibration:``; ``apply`` also sets the
    PSI threshold to the recommendation."""
    from wizard.io.edit import set_value

    updated = set_value(answers, "calibration", calibration_section(report), "calibrate")
    if apply:
        # Three significant figures, inside the range the answers allow: (0, 1].
        threshold = min(float(f"{float(report['recommended']['psi_threshold']):.3g}"), 1.0)
        updated = set_value(updated, "retraining.drift.psi_threshold", threshold, "calibrate")
    return updated


#: The data stage's helpers the screens use, by name, and the module each lives in.
_HELPERS = {
    "data_files": "wizard.data.listing",
    "history_columns": "wizard.data.sniff",
    "timestamp_guess": "wizard.data.sniff",
}


def __getattr__(name: str) -> Any:
    module = _HELPERS.get(name)
    if module is None:
        raise AttributeError(f"module 'wizard.calibration' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value
