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
    RolloutStep,
    RolloutStrategy,
    WorkloadProfile,
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


def canary_deployment(percents: tuple[int, ...] = (10, 50, 100), bake: int = 30) -> DeploymentPlan:
    return DeploymentPlan(
        strategy=RolloutStrategy.CANARY,
        derived=True,
        reason="online serving",
        bake_minutes=bake,
        steps=tuple(
            RolloutStep(
                f"canary {percent} %",
                percent,
                f"make canary PERCENT={percent}",
                f"make canary-check PERCENT={percent}",
                bake,
                "p95 latency < 100 ms; error rate < 1 %",
            )
            for percent in percents
        ),
        human_signoff=False,
        rollback="make rollback",
        notes=(),
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
