"""Which unknown answers to ask first: ranked by how much of the design each would change.

The weight of an answer is how many parts of the design it decides, declared below and held
by a test that builds the design with each key's alternatives and counts what changes.
"""

from __future__ import annotations

from wizard.model.design import Gap

#: Confidence below which the document opens with the list of answers to give first.
ASK_FIRST_BELOW = 40
#: How many answers that list names: enough to change the design, few enough to act on.
ASK_FIRST_COUNT = 7

#: Key (or key prefix ending in ".") -> weight; the longest matching entry wins. First what
#: the model is and how it is served (the latency gate, the release strategy, the monitoring,
#: the tools), then who approves and whether the training window can hold labels at all (the
#: label delay against the window, or none ever coming back), whether and when to retrain (a
#: locked model never does by itself), the review regime; a tool choice decides one
#: component; a tool's own settings decide a line of its section.
_WEIGHTS: dict[str, int] = {
    "workload.model_kind": 10,
    "workload.serving": 10,
    "promotion.approver": 9,
    "workload.label_delay_days": 9,
    "retraining.data_window_days": 8,
    "retraining.schedule": 8,
    "cicd.triggers": 8,
    "governance.regime": 8,
    # Locked: nothing retrains or promotes by itself, every change a release; but its default
    # (not locked) holds for most teams, so it follows the window and the schedule.
    "governance.locked": 7,
    "workload.primary_metric": 7,
    "deployment.strategy": 6,
    "maturity.": 5,
    "components.": 5,
    "workload.first_model": 5,
    "workload.rows_per_window": 4,
    "retraining.drift.key_features": 4,
    "cicd.stages": 4,
    "governance.frameworks": 3,
    # The gain's unit follows from a known metric (auto); only an unknown one needs it.
    "promotion.gain_unit": 1,
    "promotion.": 2,
    "retraining.": 2,
}

#: The tool-choice keys of the two components with settings of their own: every other key
#: under them is a setting of that tool, never a question to put first.
_TOOL_KEYS: frozenset[str] = frozenset(
    {"components.experiment_tracking.tool", "components.model_registry.tool"}
)


def _tool_setting(key: str) -> bool:
    """A setting of a tool (``components.model_registry.stages``), not the tool's choice: it
    changes one line of its section, and means nothing to a team without the tool."""
    parts = key.split(".")
    return parts[0] == "components" and len(parts) > 2 and key not in _TOOL_KEYS


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


def asked_gaps(gaps: tuple[Gap, ...]) -> tuple[Gap, ...]:
    """The unknown answers worth asking, most decisive first: never a tool's own setting (the
    tracker's experiments, the registry's stages)."""
    return tuple(gap for gap in ranked_gaps(gaps) if not _tool_setting(gap.key))


def answer_first(gaps: tuple[Gap, ...], score: int) -> tuple[Gap, ...]:
    """The answers to give before trusting the design: empty at a confidence of 40 or more."""
    if score >= ASK_FIRST_BELOW:
        return ()
    return asked_gaps(gaps)[:ASK_FIRST_COUNT]
