"""The GitLab CI pipeline: one stage and one job per design stage chained with ``needs``,
``workflow:rules`` on ``$CI_PIPELINE_SOURCE`` for the triggers, policy as global
``variables``, the approval gate as a manual production job, canary jobs after it and a
rollback job that runs ``when: on_failure``.

GitLab expands ``$NAME`` inside variable values; a value with a ``$`` is written with
``expand: false`` so user text stays as typed.
"""

from __future__ import annotations

from typing import Any

from wizard.model.design import Design, PipelineStage
from wizard.render.ci import common
from wizard.render.ci.gate import gate_script

IMAGE = "python:3.11"
#: The answers' default runner label; on GitLab it means the instance's shared runners.
DEFAULT_RUNNER = "ubuntu-latest"
CANARY_STAGE = "canary"
ROLLBACK_STAGE = "rollback"


def _variable(value: str) -> str | dict[str, Any]:
    return {"value": value, "expand": False} if "$" in value else value


def _variables(values: dict[str, str]) -> dict[str, Any]:
    return {key: _variable(value) for key, value in values.items()}


def pipeline_document(design: Design) -> dict[str, Any]:
    canary = common.rollout_steps(design)
    stages = [stage.name for stage in common.stages_to_run(design)]
    if canary:
        stages += [CANARY_STAGE, ROLLBACK_STAGE]
    variables = _variables(common.policy_environment(design))
    cron = common.schedule_cron(design)
    if cron is not None:
        # GitLab keeps schedules outside the file; this is the cron to give the pipeline
        # schedule (CI/CD > Schedules), and jobs can read it.
        variables["RETRAINING_CRON"] = cron
    variables["RUN_REASON"] = {
        "value": "automatic",
        "description": "Why this run was started (e.g. drift-detected, manual)",
    }
    default: dict[str, Any] = {"image": IMAGE}
    if design.pipeline.install:
        default["before_script"] = [design.pipeline.install]
    if design.pipeline.runner != DEFAULT_RUNNER:
        default["tags"] = [design.pipeline.runner]
    document: dict[str, Any] = {
        "workflow": {"rules": _workflow_rules(design)},
        "default": default,
        "stages": stages,
        "variables": variables,
    }
    for stage in common.stages_to_run(design):
        document[stage.name] = _job(design, stage)
    document.update(_canary_jobs(design))
    return document


def _workflow_rules(design: Design) -> list[dict[str, Any]]:
    """Which pipeline sources may start a pipeline; with no rule matching, none starts."""
    rules: list[dict[str, Any]] = []
    if common.has_trigger(design, "push"):
        rules.append(
            {
                "if": '$CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH',
                "changes": [_glob(path) for path in common.watched_paths(design)],
            }
        )
    if common.schedule_cron(design) is not None:
        rules.append({"if": '$CI_PIPELINE_SOURCE == "schedule"'})
    if common.has_trigger(design, "drift"):
        rules.append({"if": '$CI_PIPELINE_SOURCE == "trigger" || $CI_PIPELINE_SOURCE == "api"'})
    if common.runs_by_hand(design):
        rules.append({"if": '$CI_PIPELINE_SOURCE == "web"'})
    return rules


def _glob(path: str) -> str:
    return f"{path}**/*" if path.endswith("/") else path


def _job(design: Design, stage: PipelineStage) -> dict[str, Any]:
    job: dict[str, Any] = {"stage": stage.name}
    if stage.needs is not None:
        job["needs"] = [stage.needs]
    script = [stage.command]
    if stage.name == common.EVALUATION_STAGE:
        job["variables"] = _variables(common.gate_environment(design))
        script.append(gate_script())
        job["artifacts"] = {"when": "always", "paths": [common.EVALUATION_FILE]}
    if stage.name == common.PROMOTION_STAGE and design.pipeline.approval_gate:
        # allow_failure: false makes the pipeline wait (blocked) for the click instead of
        # passing with the promotion skipped.
        job["when"] = "manual"
        job["allow_failure"] = False
        job["environment"] = {"name": "production", "deployment_tier": "production"}
    job["script"] = script
    return job


def _canary_jobs(design: Design) -> dict[str, Any]:
    jobs: dict[str, Any] = {}
    previous = common.PROMOTION_STAGE
    for index, step in enumerate(common.rollout_steps(design), start=1):
        name = f"rollout_{index}"
        script = [step.command]
        if step.bake_minutes:
            script.append(common.bake_command(step.bake_minutes))
        script.append(step.check_command)
        job: dict[str, Any] = {
            "stage": CANARY_STAGE,
            "needs": [previous],
            "variables": _variables(common.health_check_environment(design, step)),
            "script": script,
        }
        if step.bake_minutes:
            job["timeout"] = f"{step.bake_minutes + common.JOB_MINUTES} minutes"
        jobs[name] = job
        previous = name
    if jobs:
        jobs["rollback"] = {
            "stage": ROLLBACK_STAGE,
            # on_failure looks at the jobs in needs: any failed rollout step rolls back.
            "needs": [common.PROMOTION_STAGE, *jobs],
            "when": "on_failure",
            "script": [common.ROLLBACK_COMMAND],
        }
    return jobs
