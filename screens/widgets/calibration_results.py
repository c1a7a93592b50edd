"""The calibration's results, as the dialog shows them: per feature a sparkline of the PSI of
every window and a line on how many windows each threshold would flag, the recommendation in
a sentence, and the sweep of thresholds with the false alarms a year each would raise.

The figures are the report's; this module only lays them out (three significant figures,
never scientific), so the dialog's form and its run never need to know the report's shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Label, Sparkline, Static

from wizard.model.formatting import number
from wizard.model.text import visible


def significant(value: float) -> str:
    """A statistic as the panel shows it: three significant figures, never scientific."""
    return number(float(f"{value:.3g}"))


class CalibrationResults(VerticalScroll):
    """The last run's report: hidden until a run succeeds, replaced as a whole by each run."""

    # Scoped under its type, as the dialog's own rules are (STYLE.md keeps DEFAULT_CSS for
    # such widgets).
    DEFAULT_CSS = """
    CalibrationResults {
        height: 1fr;
    }

    CalibrationResults #calibration-features {
        height: auto;
    }

    CalibrationResults .calibration-feature-row {
        height: 1;
        margin-top: 1;
    }

    CalibrationResults .calibration-feature {
        width: 22;
        text-style: bold;
    }

    CalibrationResults Sparkline {
        height: 1;
        width: 1fr;
    }

    CalibrationResults .calibration-feature-summary {
        color: $text-muted;
    }

    CalibrationResults #calibration-recommendation {
        margin-top: 1;
        text-style: bold;
    }

    CalibrationResults #calibration-sweep {
        height: auto;
        max-height: 12;
        margin-top: 1;
    }
    """

    def compose(self) -> ComposeResult:
        yield Vertical(id="calibration-features")
        yield Static("", id="calibration-recommendation", markup=False)
        yield DataTable(id="calibration-sweep", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.display = False
        table = self.query_one("#calibration-sweep", DataTable)
        table.add_columns("PSI threshold", "false alarms a year", "windows flagged", "")

    def show(self, report: dict[str, Any]) -> None:
        """Lay ``report`` out and show it, the recommended row under the cursor."""
        recommended = float(report["recommended"]["psi_threshold"])
        current = float(report["backtest"]["threshold"])  # the design's threshold now
        features = self.query_one("#calibration-features", Vertical)
        features.remove_children()
        features.mount_all(feature_rows(report, current, recommended))
        table = self.query_one("#calibration-sweep", DataTable)
        table.clear()
        recommended_row = 0
        for index, point in enumerate(report["sweep"]):
            threshold = float(point["threshold"])
            note = ""
            if abs(threshold - recommended) <= 1e-12 * max(1.0, recommended):
                note, recommended_row = "◀ recommended", index
            elif abs(threshold - current) <= 1e-12:
                note = "◀ now"
            table.add_row(
                significant(threshold),
                significant(float(point["false_alarms_per_year"])),
                str(point["flagged"]),
                note,
            )
        table.move_cursor(row=recommended_row, animate=False)
        self.query_one("#calibration-recommendation", Static).update(recommendation_text(report))
        self.display = True


def feature_rows(report: dict[str, Any], current: float, recommended: float) -> list[Widget]:
    """Per key feature: its name beside the sparkline of its PSI, then its summary line."""
    windows = report["windows"]
    rows: list[Widget] = []
    for name in report["features"]:
        values = [w["psi"].get(name) for w in windows]
        measured = [float(v) for v in values if v is not None]
        rows.append(
            Horizontal(
                Label(visible(name), classes="calibration-feature", markup=False),
                Sparkline([float(v or 0.0) for v in values], summary_function=max),
                classes="calibration-feature-row",
            )
        )
        rows.append(
            Static(
                feature_summary(measured, len(windows), current, recommended),
                classes="calibration-feature-summary",
                markup=False,
            )
        )
    return rows


def feature_summary(
    measured: Sequence[float], windows: int, current: float, recommended: float
) -> str:
    """One feature's line under its sparkline: the largest PSI and the windows above."""
    if not measured:
        return f"no PSI: none of the {windows} windows has values"
    parts = [f"max {significant(max(measured))}"]
    above = sum(value > current for value in measured)
    parts.append(f"{above} of {windows} windows above {number(current)} (now)")
    above = sum(value > recommended for value in measured)
    parts.append(f"{above} above {significant(recommended)} (recommended)")
    return " · ".join(parts)


def recommendation_text(report: dict[str, Any]) -> str:
    """The recommendation in a sentence, and the key that takes it."""
    recommended = report["recommended"]
    threshold = significant(float(recommended["psi_threshold"]))
    alarms = significant(float(recommended["false_alarms_per_year"]))
    current = number(float(report["backtest"]["threshold"]))
    windows = len(report["windows"])
    return (
        f"Recommended PSI threshold: {threshold} (now {current}): {alarms} false alarms a "
        f"year over {windows} {report['schedule']} windows. Ctrl+Y sets it and records the "
        "calibration."
    )
