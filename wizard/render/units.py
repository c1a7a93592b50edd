"""How a change in the primary metric is counted, in words: the one sentence the document and
IMPLEMENTING.md say beside the promotion gain, the review bound and the performance trigger
(the rule itself is ``wizard.model.metrics.gain``)."""

from __future__ import annotations

from wizard.model.metrics import GainUnit, MetricKind, metric


def gain_unit_words(metric_name: str, unit: GainUnit | None) -> str:
    """``in points (the difference ×100), as auc is a 0–1 proportion``, or, for a metric the
    design cannot place, what to answer."""
    kind = metric(metric_name).kind
    if unit is GainUnit.POINTS:
        why = f", as {metric_name} is a 0–1 proportion" if kind is MetricKind.PROPORTION else ""
        return f"in points (the difference ×100){why}"
    if unit is GainUnit.PERCENT:
        why = f", as {metric_name} is an error or a loss" if kind is MetricKind.ERROR else ""
        return f"in percent of production's {metric_name} (a relative change){why}"
    if unit is GainUnit.UNITS:
        return f"in {metric_name}'s own units (the plain difference)"
    return (
        f"in no unit yet: {metric_name} is not a metric the wizard knows, so set "
        "`promotion.gain_unit` to points, percent or units; until then the gate judges no gain"
    )


def gain_unit_note(metric_name: str, unit: GainUnit | None) -> str:
    """The unit in a few words, beside a gain in a table cell where the amount alone does not
    say it: ``relative to production``, ``in wape's own units``; '' for points (the amount
    says it) and with no unit (the amount says what to set then)."""
    # "0.5 points" says its unit; "1 %" could be of the metric's scale or of production.
    if unit is GainUnit.PERCENT:
        return "relative to production"
    if unit is GainUnit.UNITS:
        return f"in {metric_name}'s own units"
    return ""
