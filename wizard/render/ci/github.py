"""The GitHub Actions workflow: one job per stage chained with ``needs``, policy as
workflow-level ``env``, the approval gate as a protected ``production`` environment.

GitHub evaluates ``${{ ... }}`` in every value, ``run:`` scripts included, so user text is
passed through ``literal`` (which makes ``${{`` print as itself) and values from outside the
workflow (the dispatch reason) reach scripts only as environment variables.
"""

from __future__ import annotations

from typing import Any

from wizard.model.design import Design, PipelineStage
from wizard.render.ci import common
from wizard.render.ci.gate import GATE_STEP_NAME, gate_script

CHECKOUT = {"uses": "actions/checkout@v4"}
SETUP_PYTHON = {
    "uses": "actions/setup-python@v5",
    "with": {"python-version": common.PYTHON_VERSION},
}
#: Why the run started: the drift payload's reason, the manual run's input, else the event.
RUN_REASON = "${{ github.event.client_payload.reason || inputs.reason || github.event_name }}"


def literal(text: str) -> str:
    """``text`` as GitHub shows it, with no expression evaluated."""
    return text.replace("${{", "${{ '${{' }}")


def workflow_document(design: Design) -> dict[str, Any]:
    name = literal(common.one_line(f"ML pipeline: {design.project_name}"))
    env = {key: literal(value) for key, value in common.policy_environment(design).items()}
    env["RUN_REASON"] = RUN_REASON
    return {
        "name": name,
        "on": _triggers(design),
        "permissions": {"contents": "read"},
        # One retraining at a time per branch; a queued run waits instead of cancelling one
        # that may be half way through a canary rollout.
        "concurrency": {"group": "ml-pipeline-${{ github.ref }}", "cancel-in-progress": False},
        "env": env,
        "jobs": {stage.name: _job(design, stage) for stage in common.stages_to_run(design)},
    }


def _triggers(design: Design) -> dict[str, Any]:
    triggers: dict[str, Any] = {}
    if common.has_trigger(design, "push"):
        triggers["push"] = {
            "branches": [common.DEFAULT_BRANCH],
            "paths": [_glob(path) for path in common.watched_paths(design)],
        }
    cron = common.schedule_cron(design)
    if cron is not None:
        triggers["schedule"] = [{"cron": cron}]
    if common.has_trigger(design, "drift"):
        triggers["repository_dispatch"] = {"types": [common.DRIFT_EVENT]}
    if common.runs_on_demand(design):
        triggers["workflow_dispatch"] = {
            "inputs": {
                "reason": {
                    "description": "Why this run was started (e.g. drift-detected, manual)",
                    "required": False,
                    "default": "manual",
                    "type": "string",
                }
            }
        }
    return triggers


def _glob(path: str) -> str:
    return f"{path}**" if path.endswith("/") else path


def _job(design: Design, stage: PipelineStage) -> dict[str, Any]:
    job: dict[str, Any] = {"name": literal(common.one_line(stage.title))}
    if stage.needs is not None:
        job["needs"] = stage.needs
    job["runs-on"] = literal(design.pipeline.runner)
    is_promotion = stage.name == common.PROMOTION_STAGE
    if is_promotion and design.pipeline.approval_gate:
        job["environment"] = {"name": "production"}
    if is_promotion and common.rollout_minutes(design):
        job["timeout-minutes"] = common.rollout_minutes(design) + common.JOB_MINUTES
    steps: list[dict[str, Any]] = [dict(CHECKOUT), dict(SETUP_PYTHON)]
    if design.pipeline.install:
        steps.append({"name": "Install", "run": literal(design.pipeline.install)})
    steps.append({"name": literal(common.one_line(stage.title)), "run": literal(stage.command)})
    if stage.name == common.EVALUATION_STAGE:
        steps += _gate_steps(design)
    if is_promotion:
        steps += _canary_steps(design)
    job["steps"] = steps
    return job


def _gate_steps(design: Design) -> list[dict[str, Any]]:
    return [
        {
            "name": GATE_STEP_NAME,
            "env": common.gate_environment(design),
            "run": gate_script(),
        },
        {
            "name": "Keep the evaluation report",
            "if": "always()",
            "uses": "actions/upload-artifact@v4",
            "with": {
                "name": "evaluation",
                "path": common.EVALUATION_FILE,
                "if-no-files-found": "warn",
            },
        },
    ]


def _canary_steps(design: Design) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = []
    rollout = common.rollout_steps(design)
    for step in rollout:
        steps.append({"name": f"Rollout: {step.name}", "run": step.command})
        if step.bake_minutes:
            steps.append(
                {
                    "name": f"Bake {step.bake_minutes} minutes: {step.name}",
                    "run": common.bake_command(step.bake_minutes),
                }
            )
        steps.append(
            {
                "name": f"Health check: {step.name}",
                "env": common.health_check_environment(design, step),
                "run": step.check_command,
            }
        )
    if rollout:
        # failure() is true once any earlier step of this job failed: a failed promotion,
        # rollout or health check all send traffic back to the previous model.
        steps.append({"name": "Roll back", "if": "failure()", "run": common.ROLLBACK_COMMAND})
    return steps
