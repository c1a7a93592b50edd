"""Calibrating the design's thresholds on the team's data: the answers say what to measure
(key features, schedule, the triggers as designed), the data stage measures, and the result
goes back into the answers as their ``calibration:`` section.

The flow layer, like ``wizard.pipeline``: it joins the engine's effective answers, the data
stage and the answers model, and prints nothing.
"""

from __future__ import annotations

import os
import statistics
from collections.abc import Sequence
from dataclasses import fields
from typing import TYPE_CHECKING, Any

from wizard.model.calibration import MAX_WINDOWS
from wizard.model.psi_bands import TARGET_FALSE_ALARMS_PER_YEAR
from wizard.model.records import record

if TYPE_CHECKING:
    from wizard.data import CalibrationRequest
    from wizard.model.answers import Answers
    from wizard.model.policy import DriftPolicy
    from wizard.model.progress import Progress


@record
class CalibrationInputs:
    """What the command line names: the data, and the columns to read."""

    reference: str
    current: str | None = None
    history: str | None = None
    timestamp: str | None = None
    features: tuple[str, ...] = ()
    label: str | None = None
    prediction: str | None = None
    target_false_alarms_per_year: float = TARGET_FALSE_ALARMS_PER_YEAR
    memory_limit: str | None = None


#: The request's fields the design decides: the triggers the backtest replays.
DESIGNED = ("schedule", "psi_threshold", "window_rule", "accuracy_drop_pct")


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


@record
class DriftVerdict:
    retrain: bool
    summary: str
    """One line for a person or a CI log."""
    report: dict[str, Any]
    """The ``--json`` object."""
    entry: dict[str, Any]
    """This window, as the history file records it."""


def drift_verdict(
    policy: DriftPolicy, reference: str, current: str, history: Sequence[dict[str, Any]]
) -> DriftVerdict:
    """PSI of the key features on ``current``, judged by the spec's threshold and k-of-n rule
    over ``history`` (past windows, oldest first) and this window."""
    from wizard.data import DriftRequest, drift
    from wizard.model.formatting import join_words, number

    result = drift(
        DriftRequest(
            reference=reference,
            current=current,
            features=tuple(policy.key_features),
            psi_threshold=policy.psi_threshold,
        )
    )
    psi = dict(result.window.psi)
    drifted = list(result.drifted)
    breach = bool(drifted)
    rule = policy.window_rule
    if rule is None:
        breaches, looked_at, retrain = int(breach), 1, breach
    else:
        recent = [bool(entry["breach"]) for entry in history][-(rule.windows - 1) :]
        recent = [*recent, breach] if rule.windows > 1 else [breach]
        breaches, looked_at = sum(recent), len(recent)
        retrain = breach and breaches >= rule.breaches
    shown = ", ".join(
        f"{name} {number(round(value, 4))}" for name, value in psi.items() if value is not None
    )
    if retrain:
        why = f"PSI above {number(policy.psi_threshold)} on {join_words(drifted)}"
        if rule is not None:
            why += f", {breaches} of the last {looked_at} windows breached (rule: {rule.breaches})"
        summary = f"drift: retraining called for: {why} ({shown})"
    elif breach:
        needed = rule.breaches if rule is not None else 1
        summary = (
            f"drift: {join_words(drifted)} above {number(policy.psi_threshold)}, but only "
            f"{breaches} of the last {looked_at} windows breached (rule: {needed}): "
            f"no retraining yet ({shown})"
        )
    else:
        summary = f"drift: no key feature above {number(policy.psi_threshold)} ({shown})"
    entry = {"current": current, "rows": result.window.rows, "psi": psi, "breach": breach}
    report = {
        "retrain": retrain,
        "threshold": policy.psi_threshold,
        "psi": psi,
        "drifted": drifted,
        "breaches": breaches,
        "windows_considered": looked_at,
        "window_rule": None
        if rule is None
        else {"breaches": rule.breaches, "windows": rule.windows},
        "rows": result.window.rows,
    }
    return DriftVerdict(retrain, summary, report, entry)


def history_columns(path: str) -> list[tuple[str, str]]:
    """(name, DuckDB type) of the columns of the history at ``path`` (a path or a glob);
    a DataError says why they cannot be read."""
    from wizard.data.connection import connect
    from wizard.data.sources import file_columns, resolve

    source = resolve(path, "history")
    merged: dict[str, str] = {}
    with connect() as con:
        for columns in file_columns(con, source):
            for name, kind in columns.items():
                merged.setdefault(name, kind)
    return list(merged.items())


#: How deep, and how many data files, the path completion looks for under the folder.
LIST_DEPTH = 4
LIST_LIMIT = 2000
#: Folders the path completion never looks into.
SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", "site-packages"})


def data_files(root: str = ".") -> list[str]:
    """The data files under ``root`` (relative paths, sorted), for completing a path."""
    from wizard.data.sources import FORMATS

    suffixes = tuple(FORMATS) + tuple(f"{s}{c}" for s in FORMATS for c in (".gz", ".zst"))
    found: list[str] = []
    for folder, folders, files in os.walk(root):
        depth = 0 if folder == root else os.path.relpath(folder, root).count(os.sep) + 1
        folders[:] = sorted(
            name
            for name in folders
            if depth < LIST_DEPTH and not name.startswith(".") and name not in SKIPPED_FOLDERS
        )
        for name in sorted(files):
            if name.lower().endswith(suffixes):
                found.append(os.path.relpath(os.path.join(folder, name), root))
                if len(found) >= LIST_LIMIT:
                    return sorted(found)
    return sorted(found)


def timestamp_guess(columns: Sequence[tuple[str, str]]) -> str | None:
    """The column a history is most likely timed by: its first date or timestamp column."""
    from wizard.data.sources import type_class

    return next((name for name, kind in columns if type_class(kind) == "time"), None)
