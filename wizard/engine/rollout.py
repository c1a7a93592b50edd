"""The deployment plan: the strategy ``Effective.rollout_strategy`` chose and why, whether a
person signs, and the registry's own advice for it. Its steps are the release lifecycle
(``wizard.engine.lifecycle``), which the document, the spec and the CI all carry as it is.

Only a canary shifts a share of live traffic. A shadow, a champion-challenger comparison and
a blue-green standby serve no traffic until the switch; device cohorts are shares of devices.
"""

from __future__ import annotations

from wizard.engine.resolve import Effective
from wizard.model.catalog import catalog_entry
from wizard.model.design import DeploymentPlan, RolloutStrategy
from wizard.model.formatting import join_words

_REASONS: dict[RolloutStrategy, str] = {
    RolloutStrategy.CHAMPION_CHALLENGER: (
        "batch scoring has no live traffic to split: the challenger scores the same batch "
        "beside the champion and is promoted after the comparison"
    ),
    RolloutStrategy.STAGED_COHORTS: (
        "an app release has no traffic to split and cannot be undone instantly, so it reaches "
        "growing cohorts of devices, each checked before the next"
    ),
    RolloutStrategy.CANARY: (
        "online serving with labels that arrive within the bake time: a growing share of "
        "live traffic, each stage held and checked before the next"
    ),
    RolloutStrategy.BLUE_GREEN: "all traffic switches at once, with a fast switch back",
    RolloutStrategy.MANUAL: (
        "a person releases each version by hand, after the sign-off, and the registry records it"
    ),
}


def _shadow_reason(e: Effective) -> str:
    why = []
    if e.regime == "regulated":
        why.append("a regulated model must be validated before it decides anything")
    if e.late_labels:
        why.append(
            # The delay itself is stated once, in the Workload line.
            f"labels arrive after the {e.bake_minutes}-minute bake time, so a canary could not "
            "check the metric in time"
        )
    if not why:
        why.append("it was chosen")
    compared = (
        "once labels arrive" if e.labels_return else "on its predictions (no labels come back)"
    )
    return (
        "the candidate scores live traffic without serving it, and is compared with "
        f"production {compared}: {join_words(why)}"
    )


def deployment_plan(e: Effective) -> DeploymentPlan:
    strategy = e.rollout_strategy
    reason = _shadow_reason(e) if strategy is RolloutStrategy.SHADOW else _REASONS[strategy]
    if strategy is RolloutStrategy.CANARY and not e.labels_return:
        # Labels that never come back: the canary checks what needs none.
        reason = (
            "online serving whose labels never come back: a growing share of live traffic, "
            "each stage held and checked on what needs no labels"
        )
    notes = []
    # A registry whose platform serves the model may have its own way to roll out.
    registry = catalog_entry("model_registry", e.tools["model_registry"]).registry
    if registry is not None and strategy in registry.rollout_strategies:
        notes.append(registry.rollout_note)
    return DeploymentPlan(
        strategy=strategy,
        derived=e.strategy == "auto",
        reason=reason,
        bake_minutes=e.bake_minutes,
        human_signoff=e.signoff_required or e.approval_gate,
        rollback="make rollback",
        notes=tuple(notes),
        # The serving mode's own release facts (a phased store release and a kill switch on
        # devices); how each step is undone is the lifecycle's rollback column.
        release=e.serving_mode.release,
    )
