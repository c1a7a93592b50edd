"""Data files -> statistics (DuckDB): PSI, windows, recommendation and backtest.

The package behind ``calibrate`` and ``drift``: a pure library (no printing, no exit), the
only place that loads DuckDB. Its names load lazily (PEP 562), so ``import wizard.data``
costs nothing until a function is used, and the CLI's other commands never pay for DuckDB.

    from wizard.data import CalibrationRequest, calibrate
    result = calibrate(CalibrationRequest(reference="ref.parquet", history="h/*.parquet",
                                          timestamp="ts", features=("amount",)))
    calibration_json(result)["recommended"]["psi_threshold"]
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wizard.data.backtest import k_of_n
    from wizard.data.calibration import CalibrationResult, DriftResult, calibrate, drift
    from wizard.data.errors import DataError
    from wizard.data.recommend import chi2_isf, chi2_quantile, false_alarms_per_year
    from wizard.data.report import calibration_json, drift_json
    from wizard.data.requests import CalibrationRequest, DriftRequest
    from wizard.data.sql import SQL_DIALECTS, calibration_sql, calibration_sql_for

_EXPORTS = {
    "CalibrationRequest": "wizard.data.requests",
    "CalibrationResult": "wizard.data.calibration",
    "DriftRequest": "wizard.data.requests",
    "DriftResult": "wizard.data.calibration",
    "calibrate": "wizard.data.calibration",
    "drift": "wizard.data.calibration",
    "DataError": "wizard.data.errors",
    "calibration_json": "wizard.data.report",
    "drift_json": "wizard.data.report",
    "chi2_isf": "wizard.data.recommend",
    "chi2_quantile": "wizard.data.recommend",
    "false_alarms_per_year": "wizard.data.recommend",
    "k_of_n": "wizard.data.backtest",
    "SQL_DIALECTS": "wizard.data.sql",
    "calibration_sql": "wizard.data.sql",
    "calibration_sql_for": "wizard.data.sql",
}

__all__ = [
    "SQL_DIALECTS",
    "CalibrationRequest",
    "CalibrationResult",
    "DataError",
    "DriftRequest",
    "DriftResult",
    "calibrate",
    "calibration_json",
    "calibration_sql",
    "calibration_sql_for",
    "chi2_isf",
    "chi2_quantile",
    "drift",
    "drift_json",
    "false_alarms_per_year",
    "k_of_n",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'wizard.data' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value
