"""``calibrate``'s report for a person: what was read, the recommendation, the backtest and
the sweep, read at a glance. Rendered from the report's plain data (the ``--json`` shape)."""

from __future__ import annotations

from typing import Any

from wizard.model.formatting import number

_BARS = "▁▂▃▄▅▆▇█"


def _psi(value: float | None) -> str:
    return "-" if value is None else f"{value:.4g}"


def _rows(count: int) -> str:
    return f"{count:,} row{'s' if count != 1 else ''}"


def _spark(values: list[float | None], threshold: float) -> str:
    """One character a window: the height of its PSI against twice the threshold; ``!`` marks
    a window above it and a space an empty one."""
    top = max(threshold * 2, max((v for v in values if v is not None), default=0.0)) or 1.0
    marks = []
    for value in values:
        if value is None:
            marks.append(" ")
        elif value > threshold:
            marks.append("!")
        else:
            marks.append(_BARS[min(int(value / top * len(_BARS)), len(_BARS) - 1)])
    return "".join(marks)


def _sources(report: dict[str, Any]) -> list[str]:
    lines = []
    for role, source in report["sources"].items():
        period = source.get("time_range")
        when = f", {period[0][:10]} to {period[1][:10]}" if period else ""
        files = len(source["files"])
        untimed = source.get("rows_without_timestamp") or 0
        left_out = f"; {_rows(untimed)} without a timestamp left out" if untimed else ""
        lines.append(
            f"  {role:<9} {source['argument']}  ({_rows(source['rows'])}, "
            f"{files} file{'s' if files != 1 else ''}{when}{left_out})"
        )
    return lines


#: Windows listed by name under "Missing values"; the rest are counted.
_MISSING_SHOWN = 12


def _missing_words(name: str, missing: dict[str, Any]) -> str:
    share = missing.get("share")
    pct = "-" if share is None else f"{number(round(share * 100, 1))} %"
    return (
        f"{name} {pct} missing (NULL {missing['null']}, NaN {missing['nan']}, inf {missing['inf']})"
    )


def _missing(report: dict[str, Any]) -> list[str]:
    """Where NULL, NaN and infinite values were found, said, never dropped without a word; and
    the windows that a key feature's missing share left unjudged."""
    found: list[str] = []
    for name, feature in report["features"].items():
        missing = feature.get("reference_missing_values")
        if missing and missing["null"] + missing["nan"] + missing["inf"]:
            found.append(f"  reference   {_missing_words(name, missing)}")
    for window in report["windows"]:
        for name, missing in (window.get("missing_values") or {}).items():
            if missing["null"] + missing["nan"] + missing["inf"]:
                found.append(
                    f"  {window['start'] or 'current':<11} {_missing_words(name, missing)}"
                )
    lines: list[str] = []
    if found:
        lines += ["", "Missing values (NULL, NaN, infinity; numbers are binned without them)"]
        lines += found[:_MISSING_SHOWN]
        if len(found) > _MISSING_SHOWN:
            lines.append(f"  ... {len(found) - _MISSING_SHOWN} more (see --json)")
    backtest = report["backtest"]
    unjudged = [start or "current" for start in backtest.get("cannot_judge_windows", [])]
    if unjudged:
        bound = number(backtest["max_missing_pct"])
        lines.append(
            f"cannot judge: {len(unjudged)} of {len(report['windows'])} windows (a key feature "
            f"above {bound} % missing): {', '.join(unjudged[:_MISSING_SHOWN])}"
            + (" ..." if len(unjudged) > _MISSING_SHOWN else "")
        )
    return lines


def calibration_text(report: dict[str, Any], current_threshold: float | None) -> str:
    """The readable report."""
    recommended = report["recommended"]
    backtest = report["backtest"]
    windows = report["windows"]
    threshold = float(recommended["psi_threshold"])
    lines = ["Data read", *_sources(report), ""]
    filled = [w for w in windows if w["rows"]]
    empty = len(windows) - len(filled)
    if report["mode"] == "history":
        lines.append(
            f"{len(windows)} {report['schedule']} window{'s' if len(windows) != 1 else ''}"
            + (f" ({empty} empty)" if empty else "")
        )
    lines += [
        f"Recommended PSI threshold: {_psi(threshold)}, for "
        f"{number(recommended['target_false_alarms_per_year'])} false alarms a year across "
        f"{len(report['features'])} key feature{'s' if len(report['features']) != 1 else ''}",
        f"  method: {recommended['method_text']}",
    ]
    if current_threshold is not None:
        expected = next(
            (
                point["false_alarms_per_year"]
                for point in report["sweep"]
                if abs(point["threshold"] - current_threshold) < 1e-12
            ),
            None,
        )
        known = "" if expected is None else f": about {expected:.3g} false alarms a year"
        lines.append(f"  the design's threshold now: {_psi(current_threshold)}{known}")
    lines += ["", f"PSI per window (! above {_psi(threshold)})"]
    width = max((len(name) for name in report["features"]), default=0)
    for name in report["features"]:
        values = [w["psi"].get(name) for w in windows]
        known_values = [v for v in values if v is not None]
        top = max(known_values, default=None)
        lines.append(f"  {name:<{width}}  {_spark(values, threshold)}  max {_psi(top)}")
    fired = [start for start in backtest["drift_windows"] if start]
    lines += [
        "",
        f"Backtest at {_psi(backtest['threshold'])} ({backtest['threshold_source']}): "
        + (
            f"drift fires in {len(fired)} of {len(windows)} windows: {', '.join(fired[:12])}"
            + (" ..." if len(fired) > 12 else "")
            if fired
            else "drift never fires"
        ),
    ]
    retrain = [start for start in backtest.get("retrain_windows", []) if start]
    if retrain:
        lines.append(f"  retraining would have started: {', '.join(retrain[:12])}")
    if report["sweep"]:
        lines += ["", "  threshold  false alarms a year  windows flagged"]
        for point in report["sweep"]:
            lines.append(
                f"  {_psi(point['threshold']):>9}  {point['false_alarms_per_year']:>19.3g}"
                f"  {point['flagged']:>15}"
            )
    lines += _missing(report)
    return "\n".join(lines) + "\n"
