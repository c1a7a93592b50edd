"""The decision log as a table for a terminal: one row per decision, oldest first.

Every cell is text from a file anyone in the repository can write: the printer makes control
characters visible; here a cell is only kept to one line and a bounded width.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from wizard.model.formatting import number

HEADERS = ("time", "command", "run", "model", "verdict", "reviewer", "criteria")
#: The widest a cell other than the criteria gets.
MAX_CELL = 32


def _text(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return number(value)
    return " ".join(str(value).split())


def _cell(value: Any) -> str:
    text = _text(value)
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _criteria(decision: Mapping[str, Any]) -> str:
    criteria = decision.get("criteria")
    if not isinstance(criteria, list) or not criteria:
        problems = decision.get("problems")
        if isinstance(problems, list) and problems:
            return f"cannot judge: {_text(problems[0])}"
        return "-"
    parts = []
    for item in criteria:
        if isinstance(item, Mapping):
            parts.append(
                f"{_text(item.get('criterion'))} {_text(item.get('value'))} "
                f"({_text(item.get('verdict'))})"
            )
    return "; ".join(parts)


def _row(decision: Mapping[str, Any]) -> tuple[str, ...]:
    run = decision.get("run_id") or decision.get("ci_run")
    return (
        _cell(decision.get("time")),
        _cell(decision.get("command")),
        _cell(run),
        _cell(decision.get("model_version")),
        _cell(decision.get("verdict")),
        _cell(decision.get("reviewer")),
        _criteria(decision),
    )


def decision_table(decisions: Sequence[Mapping[str, Any]]) -> str:
    """The decisions as aligned columns, a header first; one line when there are none."""
    if not decisions:
        return "no decisions logged yet"
    rows = [HEADERS, *(_row(decision) for decision in decisions)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(HEADERS) - 1)]
    return "\n".join(
        "  ".join([*(cell.ljust(width) for cell, width in zip(row, widths, strict=False)), row[-1]])
        for row in rows
    )
