"""The one rule that applies the promotion criteria to a candidate's evaluation: what the CI
gate and ``mlops-wizard gate`` enforce, read from the spec. The evaluation file::

    {"candidate": 0.83, "production": 0.82, "latency_p95_ms": 41.0,
     "leakage_check_passed": true, "bias_checks_passed": true}

(on devices also ``"conversion_parity_passed": true``, and ``latency_p95_ms`` measured on
the reference devices.)

First, whether the evaluation can be judged at all (``cannot_judge``): every value a
criterion needs is present, of its kind, finite and in its metric's range, and the gain has a
unit (``unit_problem``). A gate that cannot judge never passes. Then each criterion
(``judge``): the gain is candidate − production in the metric's direction, counted by the one
gain rule (``wizard.model.metrics.gain``: points of a 0–1 proportion, percent of production
for an error or a loss, or the metric's own units, as the spec says), rounded to 9 decimals so
0.83 − 0.82 is exactly 1 point; a candidate passes when the gain is *at least* the minimum,
so a minimum of 0 passes a candidate as good as production. A first model has no production
value: it passes on ``min_metric_value``. A change above the human-review bound, in the same
unit, meets a person (``needs_review``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wizard.model.design import PromotionCriteria
from wizard.model.formatting import number
from wizard.model.metrics import Metric, gain, metric
from wizard.model.records import record
from wizard.model.wording import in_unit

#: The evaluation's boolean checks: (criterion, key, what it is in words).
_CHECKS = (
    ("leakage_check", "leakage_check_passed", "the data leakage check"),
    ("bias_checks", "bias_checks_passed", "the bias checks"),
    ("conversion_parity", "conversion_parity_passed", "the conversion parity check"),
)


def _checks(criteria: PromotionCriteria) -> tuple[tuple[bool, str, str, str], ...]:
    """Each boolean check with whether the criteria require it: (required, criterion, key,
    what)."""
    required = (
        criteria.require_leakage_check,
        criteria.require_bias_checks,
        criteria.require_conversion_parity,
    )
    return tuple((needed, *check) for needed, check in zip(required, _CHECKS, strict=True))


@record
class Unjudgeable:
    """A value the gate cannot judge: the evaluation's key, and what is wrong with it."""

    key: str
    message: str
    """What is wrong, then ``(allowed: ...)``."""

    def __str__(self) -> str:
        return f"{self.key}: {self.message}"


@record
class CriterionResult:
    """One criterion applied: what it read, against what, and its verdict."""

    criterion: str
    """gain | floor | latency | leakage_check | bias_checks."""
    value: float | bool | None
    """The value judged (the gain, in the spec's unit, for ``gain``)."""
    bound: float | bool | None
    """The minimum, floor, ceiling or limit; True for a check that must pass."""
    passed: bool
    text: str
    """One line: why it missed, or what passed."""


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _shown(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        return number(value)
    if isinstance(value, str):
        return repr(value[:40])
    return "a list" if isinstance(value, list) else "an object"


def _metric_value(
    evaluation: Mapping[str, Any], key: str, kind: Metric, what: str
) -> Unjudgeable | None:
    allowed = f"(allowed: {what}: {kind.range_text})"
    if key not in evaluation:
        return Unjudgeable(key, f"missing {allowed}")
    value = evaluation[key]
    if not is_number(value):
        return Unjudgeable(key, f"{_shown(value)} is not a number {allowed}")
    if not kind.admits(float(value)):
        return Unjudgeable(key, f"{_shown(value)} is out of range {allowed}")
    return None


def cannot_judge(
    criteria: PromotionCriteria, evaluation: Mapping[str, Any]
) -> tuple[Unjudgeable, ...]:
    """Every value the criteria need that is missing, of the wrong kind, not finite or out
    of its metric's range, and a production value a relative gain cannot be counted from;
    empty when the evaluation can be judged."""
    kind = metric(criteria.primary_metric)
    name = criteria.primary_metric
    problems = [_metric_value(evaluation, "candidate", kind, f"the candidate's {name}")]
    if not criteria.first_model or "production" in evaluation:
        # A first model has no production value; one given anyway must still be a value.
        problems.append(
            _metric_value(evaluation, "production", kind, f"the production model's {name}")
        )
    if not criteria.first_model and not any(problems) and _gain(criteria, evaluation) is None:
        problems.append(
            Unjudgeable(
                "production",
                f"{_shown(evaluation['production'])} leaves no base for a change in percent "
                f"of production (allowed: a production {name} other than 0, or "
                "promotion.gain_unit: units in the answers, then re-export the spec)",
            )
        )
    latency = evaluation.get("latency_p95_ms")
    allowed = "(allowed: the candidate's p95 latency in ms, a finite number, 0 or more)"
    if criteria.max_latency_ms is not None and "latency_p95_ms" not in evaluation:
        problems.append(Unjudgeable("latency_p95_ms", f"missing {allowed}"))
    elif "latency_p95_ms" in evaluation and (not is_number(latency) or latency < 0):
        problems.append(Unjudgeable("latency_p95_ms", f"{_shown(latency)} {allowed}"))
    for required, _, key, _what in _checks(criteria):
        given = evaluation.get(key)
        if required and key not in evaluation:
            problems.append(Unjudgeable(key, "missing (allowed: true or false)"))
        elif key in evaluation and not isinstance(given, bool):
            problems.append(
                Unjudgeable(key, f"{_shown(given)} is not true or false (allowed: true or false)")
            )
    return tuple(problem for problem in problems if problem is not None)


def unit_problem(criteria: PromotionCriteria) -> str | None:
    """What is wrong with the spec when it gives a gain no unit (an unknown metric under
    ``auto``): the gate cannot count a gain, or judge a change against the review bound.
    None when it can (a first model needs no gain)."""
    if criteria.gain_unit is not None or criteria.first_model:
        return None
    return (
        f"gain_unit: null: {criteria.primary_metric} is not a metric the gate knows, so "
        "`auto` cannot tell how a gain in it is counted (allowed: promotion.gain_unit points, "
        "percent or units in the answers, then re-export the spec)"
    )


def unchecked_range(criteria: PromotionCriteria) -> str | None:
    """What the gate says when the metric is not in the vocabulary: only finiteness is
    checked."""
    if metric(criteria.primary_metric).kind is not None:
        return None
    return (
        f"{criteria.primary_metric} is not a metric the gate knows: its values are checked "
        "for being finite numbers only, not for a range"
    )


def _gain(criteria: PromotionCriteria, evaluation: Mapping[str, Any]) -> float | None:
    """candidate − production in the metric's direction, in the spec's unit; None when the
    unit is unknown or a relative change has no base."""
    if criteria.gain_unit is None:
        return None
    return gain(
        criteria.gain_unit,
        float(evaluation["candidate"]),
        float(evaluation["production"]),
        higher_is_better=criteria.higher_is_better,
    )


def _amount(criteria: PromotionCriteria, value: float) -> str:
    return in_unit(value, criteria.gain_unit)


def _metric_result(criteria: PromotionCriteria, evaluation: Mapping[str, Any]) -> CriterionResult:
    name = criteria.primary_metric
    candidate = float(evaluation["candidate"])
    if criteria.first_model:
        floor = criteria.min_metric_value
        if floor is None:
            return CriterionResult(
                "floor",
                candidate,
                None,
                False,
                f"a first model needs promotion.min_metric_value for {name}",
            )
        if criteria.higher_is_better:
            passed, word, bound = candidate >= floor, "below the floor", "floor"
        else:
            passed, word, bound = candidate <= floor, "above the ceiling", "ceiling"
        return CriterionResult(
            "floor",
            candidate,
            floor,
            passed,
            f"{name} {number(candidate)} is {word} {number(floor)}"
            if not passed
            else f"{name} {number(candidate)} (first model, {bound} {number(floor)})",
        )
    change = _gain(criteria, evaluation)
    assert change is not None, "cannot_judge and unit_problem come first"
    minimum = criteria.min_accuracy_gain_pct
    passed = change >= minimum
    return CriterionResult(
        "gain",
        change,
        minimum,
        passed,
        f"{name} gain {_amount(criteria, change)} is below the minimum {_amount(criteria, minimum)}"
        if not passed
        else f"{name} gain {_amount(criteria, change)} (minimum {_amount(criteria, minimum)})",
    )


def judge(
    criteria: PromotionCriteria, evaluation: Mapping[str, Any]
) -> tuple[CriterionResult, ...]:
    """Each criterion applied to an evaluation ``cannot_judge`` found nothing wrong with."""
    results = [_metric_result(criteria, evaluation)]
    limit = criteria.max_latency_ms
    if limit is not None:
        latency = float(evaluation["latency_p95_ms"])
        passed = latency < limit
        results.append(
            CriterionResult(
                "latency",
                latency,
                limit,
                passed,
                f"p95 latency {number(latency)} ms is not below {number(limit)} ms"
                if not passed
                else f"p95 latency {number(latency)} ms (below {number(limit)} ms)",
            )
        )
    for required, criterion, key, what in _checks(criteria):
        if required:
            passed = evaluation[key] is True
            results.append(
                CriterionResult(
                    criterion,
                    evaluation[key],
                    True,
                    passed,
                    f"{what} did not pass ({key} is not true)" if not passed else f"{what} passed",
                )
            )
    return tuple(results)


def missed_criteria(criteria: PromotionCriteria, evaluation: Mapping[str, Any]) -> tuple[str, ...]:
    """One line per criterion the evaluation misses; empty when the candidate passes. The
    evaluation must be one ``cannot_judge`` accepts."""
    return tuple(result.text for result in judge(criteria, evaluation) if not result.passed)


def needs_review(criteria: PromotionCriteria, evaluation: Mapping[str, Any]) -> bool:
    """The change is large enough for a person to look: above the human-review bound, in the
    unit the gain is counted in; a first model always is."""
    if "production" not in evaluation:
        return criteria.first_model
    change = _gain(criteria, evaluation)
    return change is None or abs(change) > criteria.human_review_above_pct
