"""The promotion criteria and the one rule that applies them to a candidate's evaluation.

The rule (``missed_criteria``) is what the CI gate and ``mlops-wizard gate`` enforce, read
from the spec; it lives here so there is one statement of it. The evaluation file::

    {"candidate": 0.83, "production": 0.82, "latency_p95_ms": 41.0,
     "leakage_check_passed": true, "bias_checks_passed": true}

The gain is candidate − production in the metric's direction, in percentage points of a
0–1 metric (×100), rounded to 9 decimals so 0.83 − 0.82 is exactly 1 point. A candidate
passes when the gain is *at least* the minimum, so a minimum of 0 passes a candidate as good
as production. A first model has no production value: it passes on ``min_metric_value``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wizard.engine.resolve import Effective
from wizard.model.design import PromotionCriteria
from wizard.model.formatting import number
from wizard.model.records import carried

GAIN_DECIMALS = 9


def promotion_criteria(e: Effective) -> PromotionCriteria:
    latency = e.latency_criterion_ms
    if latency is not None:
        note = f"{e.serving} serving: a caller waits for each prediction"
    elif e.serving in ("batch",):
        note = (
            "batch scoring: no caller waits, so latency is no criterion (a batch deadline may be)"
        )
    else:
        note = "turned off (promotion.max_latency_ms: null)"
    # The metric, the minimum gain and floor, the checks and the approver are as answered.
    return carried(
        PromotionCriteria,
        e,
        max_latency_ms=latency,
        latency_note=note,
        independent_approver=e.governed,
    )


def gain_points(criteria: PromotionCriteria, candidate: float, production: float) -> float:
    """candidate − production in the metric's direction, in percentage points."""
    sign = 1 if criteria.higher_is_better else -1
    return round(sign * (candidate - production) * 100, GAIN_DECIMALS)


def _number(evaluation: Mapping[str, Any], key: str) -> float | None:
    value = evaluation.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def missed_criteria(criteria: PromotionCriteria, evaluation: Mapping[str, Any]) -> tuple[str, ...]:
    """One line per criterion the evaluation misses; empty when the candidate passes."""
    missed: list[str] = []
    metric = criteria.primary_metric
    candidate = _number(evaluation, "candidate")
    production = _number(evaluation, "production")
    if candidate is None:
        missed.append(f"candidate ({metric}) is missing or not a number")
    elif criteria.first_model:
        floor = criteria.min_metric_value
        if floor is None:
            missed.append(f"a first model needs promotion.min_metric_value for {metric}")
        elif criteria.higher_is_better and candidate < floor:
            missed.append(f"{metric} {number(candidate)} is below the floor {number(floor)}")
        elif not criteria.higher_is_better and candidate > floor:
            missed.append(f"{metric} {number(candidate)} is above the ceiling {number(floor)}")
    elif production is None:
        missed.append(f"production ({metric}) is missing: only a first model has no baseline")
    else:
        gain = gain_points(criteria, candidate, production)
        if gain < criteria.min_accuracy_gain_pct:
            missed.append(
                f"{metric} gain {number(gain)} points is below the minimum "
                f"{number(criteria.min_accuracy_gain_pct)}"
            )
    if criteria.max_latency_ms is not None:
        latency = _number(evaluation, "latency_p95_ms")
        if latency is None:
            missed.append("latency_p95_ms is missing or not a number")
        elif not latency < criteria.max_latency_ms:
            missed.append(
                f"p95 latency {number(latency)} ms is not below "
                f"{number(criteria.max_latency_ms)} ms"
            )
    for required, key, what in (
        (criteria.require_leakage_check, "leakage_check_passed", "the data leakage check"),
        (criteria.require_bias_checks, "bias_checks_passed", "the bias checks"),
    ):
        if required and evaluation.get(key) is not True:
            missed.append(f"{what} did not pass ({key} is not true)")
    return tuple(missed)


def needs_review(criteria: PromotionCriteria, evaluation: Mapping[str, Any]) -> bool:
    """The change is large enough for a person to look (above the human-review bound)."""
    candidate = _number(evaluation, "candidate")
    production = _number(evaluation, "production")
    if candidate is None or production is None:
        return criteria.first_model
    return abs(gain_points(criteria, candidate, production)) > criteria.human_review_above_pct
