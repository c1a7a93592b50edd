"""PSI per window as a Mermaid ``xychart-beta`` chart, the threshold drawn as a second line:
rendered where the Markdown is read (GitHub, GitLab)."""

from __future__ import annotations

from wizard.model.design import CalibrationChart
from wizard.model.formatting import number

#: More windows than this are thinned to every n-th, so the axis stays readable.
MAX_POINTS = 60


def _label(text: str) -> str:
    # Inside a Mermaid string: no quote or bracket can end it early.
    return '"' + "".join(ch for ch in text if ch not in '"[]\n') + '"'


def psi_chart(chart: CalibrationChart, threshold: float) -> str:
    """The chart's Mermaid source, without the code fence."""
    step = max(1, -(-len(chart.starts) // MAX_POINTS))
    starts = chart.starts[::step]
    values = [0.0 if value is None else value for value in chart.psi[::step]]
    top = max([threshold * 1.5, *values]) if values else threshold * 1.5
    lines = [
        "xychart-beta",
        f"    title {_label(f'PSI per window: {chart.feature} (threshold {number(threshold)})')}",
        f"    x-axis [{', '.join(_label(start[:10]) for start in starts)}]",
        f'    y-axis "PSI" 0 --> {number(round(top, 4))}',
        f"    line [{', '.join(number(round(value, 5)) for value in values)}]",
        f"    line [{', '.join(number(threshold) for _ in values)}]",
    ]
    return "\n".join(lines)
