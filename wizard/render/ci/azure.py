"""The Azure Pipelines pipeline: one stage per design stage chained with ``dependsOn``,
a path-filtered CI trigger, ``schedules`` (UTC) with ``always: true``, a ``reason``
parameter for drift and manual runs, policy as ``variables``, the approval gate as a
``ManualValidation@0`` task in an agentless job, and the canary steps with a
``condition: failed()`` rollback.

Azure expands ``${{ }}`` everywhere while compiling the pipeline, and ``$( )`` / ``$[ ]``
macros in variables and task inputs at run time; ``inert`` breaks those openers in user text
that is only shown, and commands keep their shell ``$(...)`` but lose ``${{``.
"""

from __future__ import annotations

from typing import Any

from wizard.model.design import Design, PipelineStage
from wizard.render.ci import common
from wizard.render.ci.gate import GATE_STEP_NAME, gate_script

#: Runner labels that name a Microsoft-hosted image; any other label names an agent pool.
HOSTED_IMAGES = frozenset(
    {"ubuntu-latest", "ubuntu-24.04", "ubuntu-22.04", "windows-latest", "macos-latest"}
)
#: A manual validation may wait a day for the approver before it is rejected. Scalars are
#: written as text where the published schema types them so (Azure reads every scalar as text).
APPROVAL_TIMEOUT_MINUTES = "1440"
CHECKOUT = {"checkout": "self"}
USE_PYTHON = {
    "task": "UsePythonVersion@0",
    "inputs": {"versionSpec": common.PYTHON_VERSION},
    "displayName": f"Use Python {common.PYTHON_VERSION}",
}


def inert(text: str) -> str:
    """User text that Azure shows or stores, with no expression or macro evaluated."""
    return text.replace("${{", "$ {{").replace("$(", "$ (").replace("$[", "$ [")


def command_text(command: str) -> str:
    """A stage command: compile-time expressions broken; shell ``$(...)`` kept on purpose."""
    return command.replace("${{", "$ {{")


def pipeline_document(design: Design) -> dict[str, Any]:
    document: dict[str, Any] = {"trigger": _push_trigger(design), "pr": "none"}
    cron = common.schedule_cron(design)
    if cron is not None:
        document["schedules"] = [
            {
                "cron": cron,
                "displayName": f"Scheduled retraining ({design.retraining.schedule}, UTC)",
                "branches": {"include": [common.DEFAULT_BRANCH]},
                # Retrain on new data even when no code changed since the last run.
                "always": "true",
            }
        ]
    variables = {key: inert(value) for key, value in common.policy_environment(design).items()}
    if common.runs_on_demand(design):
        document["parameters"] = [
            {
                "name": "reason",
                "displayName": "Why this run was started (e.g. drift-detected, manual)",
                "type": "string",
                "default": "automatic",
            }
        ]
        variables["RUN_REASON"] = "${{ parameters.reason }}"
    else:
        variables["RUN_REASON"] = "$(Build.Reason)"
    document["variables"] = variables
    runner = inert(design.pipeline.runner)
    document["pool"] = {"vmImage": runner} if runner in HOSTED_IMAGES else {"name": runner}
    document["stages"] = [_stage(design, stage) for stage in common.stages_to_run(design)]
    return document


def _push_trigger(design: Design) -> str | dict[str, Any]:
    if not common.has_trigger(design, "push"):
        return "none"
    # Azure path filters match by prefix, so a folder is named without a glob.
    paths = [path.rstrip("/") for path in common.watched_paths(design)]
    return {"branches": {"include": [common.DEFAULT_BRANCH]}, "paths": {"include": paths}}


def _stage(design: Design, stage: PipelineStage) -> dict[str, Any]:
    title = inert(common.one_line(stage.title))
    result: dict[str, Any] = {"stage": stage.name, "displayName": title}
    if stage.needs is not None:
        result["dependsOn"] = stage.needs
    steps: list[dict[str, Any]] = [dict(CHECKOUT), dict(USE_PYTHON)]
    if design.pipeline.install:
        steps.append({"bash": command_text(design.pipeline.install), "displayName": "Install"})
    steps.append({"bash": command_text(stage.command), "displayName": title})
    jobs: list[dict[str, Any]] = []
    job: dict[str, Any] = {"job": stage.name, "displayName": title}
    if stage.name == common.EVALUATION_STAGE:
        steps.append(
            {
                "bash": gate_script(),
                "displayName": GATE_STEP_NAME,
                "env": common.gate_environment(design),
            }
        )
    if stage.name == common.PROMOTION_STAGE:
        if design.pipeline.approval_gate:
            jobs.append(_approval_job(design))
            job["dependsOn"] = "approval"
        steps += _canary_steps(design)
        if common.rollout_minutes(design):
            job["timeoutInMinutes"] = str(common.rollout_minutes(design) + common.JOB_MINUTES)
    job["steps"] = steps
    jobs.append(job)
    result["jobs"] = jobs
    return result


def _approval_job(design: Design) -> dict[str, Any]:
    approver = design.pipeline.approver
    who = f" Approver: {inert(common.one_line(approver))}." if approver else ""
    instructions = (
        "Check the evaluation report of this run against the promotion criteria, "
        f"then resume to promote the model to production or reject to stop.{who}"
    )
    return {
        "job": "approval",
        "displayName": "Approve promotion to production",
        "pool": "server",
        "timeoutInMinutes": APPROVAL_TIMEOUT_MINUTES,
        "steps": [
            {
                "task": "ManualValidation@1",
                "inputs": {
                    # Filled in by the team with the approver's address or group (the
                    # answers name a role, which Azure cannot resolve to a mailbox).
                    "notifyUsers": "",
                    "approvers": "",
                    # Whoever queued the run cannot approve it (separation of duties).
                    "allowApproversToApproveTheirOwnRuns": False,
                    "instructions": instructions,
                    "onTimeout": "reject",
                },
            }
        ],
    }


def _canary_steps(design: Design) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = []
    rollout = common.rollout_steps(design)
    for step in rollout:
        steps.append({"bash": step.command, "displayName": f"Rollout: {step.name}"})
        if step.bake_minutes:
            steps.append(
                {
                    "bash": common.bake_command(step.bake_minutes),
                    "displayName": f"Bake {step.bake_minutes} minutes: {step.name}",
                }
            )
        steps.append(
            {
                "bash": step.check_command,
                "displayName": f"Health check: {step.name}",
                "env": common.health_check_environment(design, step),
            }
        )
    if rollout:
        # failed() is true once any earlier step of this job failed.
        steps.append(
            {"bash": common.ROLLBACK_COMMAND, "displayName": "Roll back", "condition": "failed()"}
        )
    return steps
