"""Results as JSON: what ``calibrate --json`` and ``drift --json`` print and ``--write`` keeps.

Keys are the contract of DESIGN.md (``windows[].start/rows/psi``, ``recommended.psi_threshold``
and ``false_alarms_per_year``, ``backtest.threshold`` and ``drift_windows``) plus the detail
behind them: sources with SHA-256, row counts and time range; each feature's kind and bins;
counts per window; the backtest's triggers per window; the sweep. Numbers are kept at full
precision (the CLI formats them); window starts are dates, or date and time for a cron.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wizard.data.backtest import TRIGGERS
from wizard.data.psi import Binning, Missing
from wizard.data.sources import SourceInfo
from wizard.data.windows import format_start

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from datetime import datetime

    from wizard.data.calibration import CalibrationResult, DriftResult

__all__ = [
    "binning_json",
    "calibration_json",
    "drift_json",
    "missing_json",
    "missing_one",
    "source_json",
]


def calibration_json(result: CalibrationResult) -> dict[str, Any]:
    """The ``--json`` shape of DESIGN.md (windows, recommended, backtest) and more."""
    starts = format_start([w.start for w in result.windows] + [w.end for w in result.windows])
    text = dict(zip([w.start for w in result.windows], starts, strict=False))
    ends = starts[len(result.windows) :]
    rec = result.recommended
    bt = result.backtest

    def names(values: Sequence[datetime | None]) -> list[str | None]:
        return [text.get(value) for value in values]

    return {
        "mode": result.mode,
        "schedule": result.schedule,
        "windows_per_year": result.windows_per_year,
        "sources": {info.role: source_json(info) for info in result.sources},
        "features": {name: binning_json(b) for name, b in result.features.items()},
        "windows": [
            {
                "start": starts[index],
                "end": ends[index],
                "rows": window.rows,
                "psi": dict(window.psi),
                "missing": dict(window.missing),
                "missing_values": missing_json(window.missing_values, window.rows),
                "counts": {name: list(c) for name, c in window.counts.items()},
                "labeled_rows": window.labeled_rows,
                "accuracy": window.accuracy,
            }
            for index, window in enumerate(result.windows)
        ],
        "recommended": {
            "psi_threshold": rec.psi_threshold,
            "false_alarms_per_year": rec.false_alarms_per_year,
            "target_false_alarms_per_year": rec.target_false_alarms_per_year,
            "alpha_per_window": rec.alpha_per_window,
            "method": rec.method,
            "method_text": rec.method_text,
            "window_rows": "each non-empty window's own rows",
            "per_feature": {
                model.name: {
                    "threshold": rec.per_feature[model.name],
                    "bins": model.bins,
                    "reference_rows": model.reference_rows,
                    "window_rows_median": model.median_window_rows,
                    "window_rows_min": min(model.window_rows),
                    "window_rows_max": max(model.window_rows),
                }
                for model in rec.features
            },
        },
        "backtest": {
            "threshold": bt.threshold,
            "threshold_source": bt.threshold_source,
            "window_rule": None
            if bt.window_rule is None
            else {"breaches": bt.window_rule[0], "windows": bt.window_rule[1]},
            "accuracy_drop_pct": bt.accuracy_drop_pct,
            "reference_accuracy": bt.reference_accuracy,
            "max_missing_pct": bt.max_missing_pct,
            **{f"{trigger}_windows": names(bt.fired(trigger)) for trigger in TRIGGERS},
            "cannot_judge_windows": names(bt.cannot_judge()),
            "windows": [
                {
                    "start": text.get(t.start),
                    "rows": t.rows,
                    "drift": t.drift,
                    "drifted_features": list(t.drifted),
                    "drift_rule": t.drift_rule,
                    "accuracy_drop_pp": t.accuracy_drop_pp,
                    "accuracy": t.accuracy,
                    "accuracy_rule": t.accuracy_rule,
                    "retrain": t.retrain,
                    "cannot_judge": list(t.cannot_judge),
                }
                for t in bt.windows
            ],
        },
        "sweep": [
            {
                "threshold": point.threshold,
                "false_alarms_per_year": point.false_alarms_per_year,
                "drift_windows": names(point.drift_windows),
                "flagged": len(point.drift_windows),
            }
            for point in result.sweep
        ],
    }


def drift_json(result: DriftResult) -> dict[str, Any]:
    """The ``drift --json`` shape: PSI per feature of one current sample."""
    return {
        "sources": {info.role: source_json(info) for info in result.sources},
        "rows": result.window.rows,
        "threshold": result.threshold,
        "psi": dict(result.window.psi),
        "missing": dict(result.window.missing),
        "missing_values": missing_json(result.window.missing_values, result.window.rows),
        "drifted": list(result.drifted),
        "features": {name: binning_json(b) for name, b in result.features.items()},
    }


def source_json(info: SourceInfo) -> dict[str, Any]:
    return {
        "argument": info.argument,
        "format": info.format,
        "files": [{"path": f.path, "bytes": f.bytes, "sha256": f.sha256} for f in info.files],
        "rows": info.rows,
        "columns": {name: kind for name, kind in info.columns},
        "timestamp": info.timestamp,
        "time_range": None
        if info.time_range is None
        else [info.time_range[0].isoformat(), info.time_range[1].isoformat()],
        "rows_without_timestamp": info.rows_without_timestamp,
    }


def binning_json(binning: Binning) -> dict[str, Any]:
    total = binning.reference_rows
    return {
        "kind": binning.kind,
        "value_type": binning.value_type,
        "bins": binning.bins,
        "effective_bins": binning.effective_bins,
        "edges": list(binning.edges) if binning.kind == "numerical" else None,
        "values": list(binning.values) if binning.kind == "categorical" else None,
        "labels": binning.labels(),
        "reference_rows": total,
        "reference_missing": binning.reference_missing,
        "reference_missing_values": missing_one(
            binning.reference_missing_values, total + binning.reference_missing
        ),
        "reference_counts": list(binning.reference_counts),
        "reference_shares": [count / total for count in binning.reference_counts],
    }


def missing_one(missing: Missing, rows: int) -> dict[str, Any]:
    """One feature's NULL, NaN and infinite values, and their share of ``rows`` (0..1; None
    without rows)."""
    return {
        "null": missing.null,
        "nan": missing.nan,
        "inf": missing.inf,
        "share": missing.share(rows),
    }


def missing_json(values: Mapping[str, Missing], rows: int) -> dict[str, Any]:
    """Per feature, :func:`missing_one`: what a window (of ``rows`` rows) set aside."""
    return {name: missing_one(missing, rows) for name, missing in values.items()}
