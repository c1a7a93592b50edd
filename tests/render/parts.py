"""The parts of a hand-built Design that these render tests do not vary, built once from
explicit values (no engine), so a fixture only spells out what it checks."""

from __future__ import annotations

from typing import Any

from wizard.model.design import (
    DeploymentPlan,
    GovernancePlan,
    MonitoringPlan,
    PromotionCriteria,
    RegistryLifecycle,
    RolloutStrategy,
    WorkloadProfile,
)
from wizard.model.lifecycle import (
    Check,
    Lifecycle,
    LifecycleStep,
    Move,
    Role,
    Signal,
    Undo,
    When,
    Where,
)
from wizard.model.metrics import GainUnit


def promotion(approver: str | None = "ML lead", **changes: Any) -> PromotionCriteria:
    values: dict[str, Any] = {
        "primary_metric": "accuracy",
        "higher_is_better": True,
        "min_accuracy_gain_pct": 0.5,
        "gain_unit": GainUnit.POINTS,
        "first_model": False,
        "min_metric_value": None,
        "max_latency_ms": 100.0,
        "latency_note": "online serving: a caller waits for each prediction",
        "require_leakage_check": True,
        "require_bias_checks": True,
        "approver": approver,
        "human_review_above_pct": 1.0,
        "independent_approver": False,
        "promotes_automatically": False,
    }
    values.update(changes)
    return PromotionCriteria(**values)


def canary_deployment(bake: int = 30) -> DeploymentPlan:
    return DeploymentPlan(
        strategy=RolloutStrategy.CANARY,
        derived=True,
        reason="online serving",
        bake_minutes=bake,
        human_signoff=False,
        rollback="make rollback",
        notes=(),
    )


def canary_lifecycle(
    percents: tuple[int, ...] = (10, 50, 100), bake: int = 30, *, signed: bool = True
) -> Lifecycle:
    """A canary's release, built by hand: each share checked after the bake in a delayed
    job, the first signed, then the production mark."""
    when = When.AFTER_BAKE if bake else When.NOW
    steps = [
        LifecycleStep(
            id=f"canary_{percent}",
            name=f"canary {percent} %",
            move=Move(mark=Role.CANARY, traffic_percent=percent),
            command=f"make canary PERCENT={percent}",
            checks=(Check(Signal.LATENCY, when), Check(Signal.ERROR_RATE, when)),
            check_command=f"make canary-check PERCENT={percent}",
            wait_minutes=bake,
            where=Where.DELAYED_JOB if bake else Where.THIS_RUN,
            signed=signed and index == 0,
            undo=Undo.RETURN_TRAFFIC,
        )
        for index, percent in enumerate(percents)
    ]
    steps.append(
        LifecycleStep(
            id="production",
            name="production",
            move=Move(mark=Role.PRODUCTION),
            command="make promote_production",
            checks=(),
            check_command=None,
            wait_minutes=0,
            where=Where.THIS_RUN,
            signed=False,
            undo=Undo.RESTORE_PRODUCTION,
        )
    )
    return Lifecycle(
        strategy=RolloutStrategy.CANARY,
        steps=tuple(steps),
        pending=Role.CANARY,
        pending_mark="alias `canary`",
        production_mark="alias `champion`",
        registry="MLflow Model Registry",
        approver="ML lead",
        label_delay_days=0,
        labels_return=True,
    )


PARTS: dict[str, Any] = {
    "workload": WorkloadProfile(
        "online", "tabular-classification", "accuracy", True, 0, None, False, True, "A model."
    ),
    "governance": GovernancePlan("none", "no formal review", (), False, False, (), "", ()),
    "monitoring": MonitoringPlan(
        "evidently", "PSI", "Evidently", "https://docs.evidentlyai.com/", "accuracy", "", True
    ),
    "registry": RegistryLifecycle(
        "aliases", (("production", "alias `champion`"),), "integers", "set alias", "https://x"
    ),
    "out_of_scope": None,
}
