"""Which unknown answers to ask first: ranked by how much of the design each would change.

The weight of an answer is how many parts of the design it decides: what the model is and
how it is served decides the latency gate, the deployment strategy, the monitoring and the
tools; a tool choice decides one component; a CI detail decides one line of the pipeline.
"""

from __future__ import annotations

from wizard.model.design import Gap

#: Confidence below which the document opens with the list of answers to give first.
ASK_FIRST_BELOW = 40
#: How many answers that list names: enough to change the design, few enough to act on.
ASK_FIRST_COUNT = 7

#: Key (or key prefix ending in ".") -> weight; the longest matching entry wins.
_WEIGHTS: dict[str, int] = {
    "workload.model_kind": 10,
    "workload.serving": 10,
    "governance.regime": 9,
    "workload.label_delay_days": 8,
    "workload.primary_metric": 7,
    "maturity.": 6,
    "components.": 5,
    "promotion.approver": 5,
    "deployment.strategy": 5,
    "workload.first_model": 5,
    "retraining.schedule": 4,
    "workload.rows_per_window": 4,
    "retraining.drift.key_features": 4,
    "cicd.stages": 4,
    "cicd.triggers": 3,
    "governance.frameworks": 3,
    "promotion.": 2,
    "retraining.": 2,
}


def weight(key: str) -> int:
    """How much of the design the answer ``key`` decides (1: one detail)."""
    matches = [
        (len(pattern), value)
        for pattern, value in _WEIGHTS.items()
        if key == pattern or (pattern.endswith(".") and key.startswith(pattern))
    ]
    return max(matches)[1] if matches else 1


def ranked_gaps(gaps: tuple[Gap, ...]) -> tuple[Gap, ...]:
    """The unknown answers, the one that changes most of the design first (ties: in the
    answers file's order)."""
    order = {gap.key: index for index, gap in enumerate(gaps)}
    return tuple(sorted(gaps, key=lambda gap: (-weight(gap.key), order[gap.key])))


def answer_first(gaps: tuple[Gap, ...], score: int) -> tuple[Gap, ...]:
    """The answers to give before trusting the design: empty at a confidence of 40 or more."""
    if score >= ASK_FIRST_BELOW:
        return ()
    return ranked_gaps(gaps)[:ASK_FIRST_COUNT]
