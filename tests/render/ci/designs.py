"""Designs built by hand, so the CI tests can set exactly the pipeline facts they check
without going through the engine (the engine's own output is tested in test_examples)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from tests.render.parts import PARTS, canary_deployment, canary_lifecycle, promotion
from wizard.model.answers import STAGE_ORDER
from wizard.model.design import (
    ComponentChoice,
    Confidence,
    Design,
    MaturityAssessment,
    PipelineDesign,
    PipelineStage,
    RetrainingPolicy,
    TriggerRule,
)
from wizard.model.platforms import identity
from wizard.model.psi_bands import PsiBand
from wizard.model.vocabulary import CI_PLATFORM_NAMES

POLICY = {
    "PROMOTION_GAIN_UNIT": "points",
    "PROMOTION_MIN_GAIN": "0.5",
    "PROMOTION_MIN_GAIN_POINTS": "0.5",
    "PROMOTION_MAX_LATENCY_MS": "100",
    "PROMOTION_REQUIRE_LEAKAGE_CHECK": "true",
    "PROMOTION_REQUIRE_BIAS_CHECKS": "true",
    "DRIFT_PSI_THRESHOLD": "0.1",
    "DRIFT_KEY_FEATURES": "amount,merchant_category",
    "RETRAIN_METRIC_DROP": "2",
    "HUMAN_REVIEW_ABOVE": "1",
    "DATA_WINDOW_DAYS": "30",
    "CANARY_STAGES": "10,50,100",
}


def pipeline_stages(
    names: tuple[str, ...] = STAGE_ORDER, commands: dict[str, str] | None = None
) -> tuple[PipelineStage, ...]:
    commands = commands or {}
    stages: list[PipelineStage] = []
    for index, name in enumerate(names):
        stages.append(
            PipelineStage(
                name=name,
                title=name.replace("_", " ").capitalize(),
                command=commands.get(name, f"make {name}"),
                needs=names[index - 1] if index else None,
                description=f"Runs {name}.",
            )
        )
    return tuple(stages)


def make_design(
    platform: str = "github-actions",
    *,
    stages: tuple[str, ...] = STAGE_ORDER,
    commands: dict[str, str] | None = None,
    triggers: tuple[str, ...] = ("push", "schedule", "drift"),
    manual_approval: bool = True,
    approver: str | None = "ML lead",
    canary: tuple[int, ...] = (10, 50, 100),
    cron: str = "0 3 * * 1",
    environment: dict[str, str] | None = None,
    project_name: str = "fraud-detection",
    data_versioning: str = "dvc",
    install: str | None = None,
    runner: str = "ubuntu-latest",
    watched_paths: tuple[str, ...] = (),
    **design_fields: Any,
) -> Design:
    pipeline_stage_list = pipeline_stages(stages, commands)
    requested = manual_approval or approver is not None
    pipeline = PipelineDesign(
        platform=platform,
        platform_name=CI_PLATFORM_NAMES[platform],
        path=identity(platform).ci_path,
        triggers=triggers,
        stages=pipeline_stage_list,
        manual_approval=manual_approval,
        approval_gate=requested
        and any(stage.name == "promote_production" for stage in pipeline_stage_list),
        approver=approver,
        environment=dict(POLICY if environment is None else environment),
        install=install,
        runner=runner,
        python="3.11",
        watched_paths=watched_paths,
    )
    design = Design(
        project_name=project_name,
        description="Card-not-present fraud scoring.",
        ci_platform=platform,
        cloud="aws",
        maturity=MaturityAssessment(
            level=0,
            name="Manual",
            computed_level=0,
            overridden=False,
            capabilities=(),
            override_reason="",
            levels_reached=(),
            next_level_missed="",
            next_focus="add experiment tracking",
        ),
        components=(
            ComponentChoice(
                concern="Data versioning",
                key="components.data_versioning",
                tool=data_versioning,
                tool_name=data_versioning,
                source="answer",
            ),
        ),
        tracked=(),
        experiments=(),
        registry_stages=("development", "staging", "production", "archived"),
        registry_versioning="semantic",
        registry_immutable=True,
        promotion=promotion(approver),
        retraining=RetrainingPolicy(
            schedule="weekly",
            cron=cron,
            psi_threshold=0.1,
            band=PsiBand.MODERATE,
            key_features=("amount", "merchant_category"),
            accuracy_drop_pct=2.0,
            window_breaches=None,
            window_count=None,
            data_window_days=30,
            human_review_above_pct=1.0,
            max_missing_pct=50.0,
            # The rows the engine decides: on as the pipeline's triggers say (a monitoring
            # tool is assumed, so Drift and Performance follow the drift trigger; with no
            # trigger at all, Manual is on: a person is the only way the pipeline runs).
            triggers=tuple(
                TriggerRule(
                    row,
                    f"{row} condition",
                    f"{row} action",
                    trigger in triggers or (row == "Manual" and not triggers),
                )
                for row, trigger in (
                    ("Schedule", "schedule"),
                    ("Drift", "drift"),
                    ("Performance", "drift"),
                    ("Manual", "manual"),
                )
            ),
        ),
        pipeline=pipeline,
        risks=(),
        confidence=Confidence(
            rating="high",
            score=90,
            reasons=(),
            known_answers=10,
            total_answers=10,
            evidence_backed=0,
            contradictions=0,
        ),
        gaps=(),
        caveats=(),
        roadmap=(),
        recommendations=(),
        deployment=canary_deployment(),
        lifecycle=canary_lifecycle(canary, signed=requested),
        **PARTS,
    )
    return replace(design, **design_fields) if design_fields else design
