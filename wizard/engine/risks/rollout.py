"""Risk rules about how a new version reaches production: the canary's steps, and a strategy
that does not fit the workload."""

from __future__ import annotations

from wizard.engine.resolve import Effective
from wizard.model.defaults import DEFAULTS
from wizard.model.design import Risk, RolloutStrategy
from wizard.model.wording import count

CANARY_FIRST_STEP_MAX = 25
#: The first step the R06 message suggests at the least.
_SMALLEST_STEP = 5
#: The design card's canary stages, as the R07 message suggests them.
_DEFAULT_STAGES = ", ".join(str(stage) for stage in DEFAULTS.retraining.canary_stages or ())

_CANARY = "retraining.canary_stages"


def canary_first_step_large(e: Effective, level: int) -> Risk | None:
    # Only a canary's stages are shares of traffic (device cohorts and batches are not).
    if e.rollout_strategy is not RolloutStrategy.CANARY:
        return None
    if len(e.canary_stages) < 2 or e.canary_stages[0] <= CANARY_FIRST_STEP_MAX:
        return None
    return Risk(
        "R06-canary-first-step-large",
        "medium",
        "First canary step exposes too much traffic",
        f"The first canary step sends {e.canary_stages[0]} % of traffic to the new model; a "
        f"bad model hurts that many users before the first health check. Start at "
        f"{_SMALLEST_STEP}-{CANARY_FIRST_STEP_MAX} %.",
        (_CANARY,),
    )


def no_canary(e: Effective, level: int) -> Risk | None:
    # Canary advice is for a canary: a batch job or an app release has no traffic to split.
    if e.rollout_strategy is not RolloutStrategy.CANARY or e.canary_stages != (100,):
        return None
    return Risk(
        "R07-no-canary",
        "medium",
        "No canary: the new model takes all traffic at once",
        "The rollout has a single 100 % step, so there is no canary and no health check "
        f"before every user sees the new model. Use steps such as {_DEFAULT_STAGES}.",
        (_CANARY,),
    )


def strategy_misfit(e: Effective, level: int) -> Risk | None:
    strategy = e.rollout_strategy
    canary = strategy is RolloutStrategy.CANARY
    if e.strategy_misfit:
        answered = RolloutStrategy(e.strategy)
        return Risk(
            "R35-strategy-does-not-fit",
            "high",
            f"{answered.label.capitalize()} does not fit this workload",
            f"deployment.strategy is {e.strategy}, but {e.serving_mode.misfit}. This design "
            f"uses {strategy.label} instead; answer that (or auto) to agree with it.",
            ("deployment.strategy", "workload.serving"),
        )
    if canary and e.late_labels:
        problem = (
            f"labels arrive {count(e.label_delay_days, 'day')} later, after the "
            f"{e.bake_minutes}-minute bake, so no canary stage can check {e.primary_metric}; "
            "use shadow deployment"
        )
    elif canary and e.regime == "regulated":
        problem = "a regulated model's live decisions come before its validation; use shadow"
    else:
        return None
    return Risk(
        "R35-strategy-does-not-fit",
        "high",
        f"{strategy.capitalize()} does not fit this workload",
        f"deployment.strategy is {strategy}, but {problem}.",
        ("deployment.strategy", "workload.serving"),
    )
