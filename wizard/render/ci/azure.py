"""The Azure Pipelines pipeline: one stage per design stage chained with ``dependsOn``,
a path-filtered CI trigger, ``schedules`` (UTC) with ``always: true``, a ``reason``
parameter for drift and manual runs, policy as ``variables``, the approval gate as a
``ManualValidation@1`` task in an agentless job; the release (``release``) as one stage per
job, a check after the bake held by ``Delay@1`` in an agentless job before it, a
``condition: failed()`` rollback stage, and the comparator a schedule of its own.

Azure expands ``${{ }}`` everywhere while compiling the pipeline, and ``$( )`` / ``$[ ]``
macros in variables and task inputs at run time; ``inert`` breaks those openers in user text
that is only shown, and commands keep their shell ``$(...)`` but lose ``${{``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from wizard.model.ci_jobs import CiJob, script_lines
from wizard.model.design import Design, PipelineStage
from wizard.model.platforms import AZURE_PIPELINES
from wizard.model.text import collapse_whitespace
from wizard.model.wording import count
from wizard.render.ci import azure_beside, common, runtime
from wizard.render.ci.platform import Beside, Platform, Triggers, Variables, Waiting
from wizard.render.ci.release import (
    COMPARE_JOB,
    ROLLBACK_JOBS,
    WAIT_MARGIN_MINUTES,
    ReleaseJob,
    ReleasePlan,
    Run,
    release_plan,
)

#: Runner labels that name a Microsoft-hosted image; any other label names an agent pool.
HOSTED_IMAGES = frozenset(
    {"ubuntu-latest", "ubuntu-24.04", "ubuntu-22.04", "windows-latest", "macos-latest"}
)
#: A manual validation may wait a day for the approver before it is rejected. Scalars are
#: written as text where the published schema types them so (Azure reads every scalar as text).
APPROVAL_TIMEOUT_MINUTES = "1440"
CHECKOUT = {"checkout": "self"}
GATE_STEP_NAME = "Promotion gate: mlops-wizard gate on the committed spec"
MONITORING_SCHEDULE = "Drift monitoring"
COMPARATOR_SCHEDULE = "Release comparator"
_IS_MONITORING = f"eq(variables['Build.CronSchedule.DisplayName'], '{MONITORING_SCHEDULE}')"
_IS_COMPARATOR = f"eq(variables['Build.CronSchedule.DisplayName'], '{COMPARATOR_SCHEDULE}')"
#: The service connection each cloud's stages run under (a pipeline variable, so it is
#: known when the pipeline compiles); the task logs in with it, no key in the pipeline.
#: Only Azure's task is built in (the AWS one is a Marketplace extension the published
#: schema does not know).
SERVICE_CONNECTIONS = {"azure": ("AzureCLI@2", "azureSubscription", "AZURE_SERVICE_CONNECTION")}
_CONNECTION_VARIABLES = tuple(variable for _task, _input, variable in SERVICE_CONNECTIONS.values())
#: Publishes each ``KEY=value`` line of the outputs file as this step's output variable.
PUBLISH_IDS = (
    "while IFS='=' read -r key value; do\n"
    '  echo "##vso[task.setvariable variable=$key;isOutput=true]$value"\n'
    'done < "$MLOPS_OUTPUTS"\n'
)
FIRE_RETRAINING = (
    'curl --fail --silent --show-error -X POST -H "Authorization: Bearer $SYSTEM_ACCESSTOKEN" '
    '-H "Content-Type: application/json" '
    '-d \'{"templateParameters": {"reason": "drift-detected"}}\' '
    '"$SYSTEM_COLLECTIONURI$SYSTEM_TEAMPROJECT/_apis/pipelines/$SYSTEM_DEFINITIONID'
    '/runs?api-version=7.1"'
)


def use_python(design: Design) -> dict[str, Any]:
    """The step that sets up the Python the jobs run on (``cicd.python``)."""
    version = design.pipeline.python
    return {
        "task": "UsePythonVersion@0",
        "inputs": {"versionSpec": version},
        "displayName": f"Use Python {version}",
    }


#: pip's downloads and wheels, kept by the Cache task between runs (the task's documented
#: pip pattern: learn.microsoft.com/azure/devops/pipelines/release/caching).
PIP_CACHE_DIR = "$(Pipeline.Workspace)/.pip"
PIP_CACHE = {
    "task": "Cache@2",
    "displayName": "pip's cache",
    "inputs": {
        "key": 'pip | "$(Agent.OS)" | ' + AZURE_PIPELINES.ci_path,
        "restoreKeys": 'pip | "$(Agent.OS)"',
        "path": "$(PIP_CACHE_DIR)",
    },
}


def service_connection_name(cloud: str) -> str:
    """The service connection's name the pipeline starts with, for the team to keep or change."""
    return f"{cloud}-ml-pipeline"


def inert(text: str) -> str:
    """User text that Azure shows or stores, with no expression or macro evaluated."""
    return text.replace("${{", "$ {{").replace("$(", "$ (").replace("$[", "$ [")


def command_text(command: str) -> str:
    """A stage command: compile-time expressions broken; shell ``$(...)`` kept on purpose."""
    return command.replace("${{", "$ {{")


def pipeline_document(design: Design) -> dict[str, Any]:
    document: dict[str, Any] = {"trigger": _push_trigger(design), "pr": "none"}
    schedules = []
    cron = common.schedule_cron(design)
    if cron is not None:
        schedules.append(
            {
                "cron": cron,
                "displayName": f"Scheduled retraining ({design.retraining.schedule}, UTC)",
                "branches": {"include": [common.DEFAULT_BRANCH]},
                # Retrain on new data even when no code changed since the last run.
                "always": "true",
            }
        )
    if runtime.monitors_drift(design):
        schedules.append(
            {
                "cron": runtime.monitoring_cron(design),
                "displayName": MONITORING_SCHEDULE,
                "branches": {"include": [common.DEFAULT_BRANCH]},
                "always": "true",
            }
        )
    plan = release_plan(design)
    if plan.comparator:
        schedules.append(
            {
                "cron": runtime.comparator_schedule(design),
                "displayName": COMPARATOR_SCHEDULE,
                "branches": {"include": [common.DEFAULT_BRANCH]},
                "always": "true",
            }
        )
    if schedules:
        document["schedules"] = schedules
    variables = {key: inert(value) for key, value in common.policy_environment(design).items()}
    variables |= runtime.runtime_environment()
    variables["EVALUATION_FILE"] = common.EVALUATION_FILE
    if plan.comparator:
        variables["COMPARISON_FILE"] = common.COMPARISON_FILE
    variables["PIP_CACHE_DIR"] = PIP_CACHE_DIR
    connection = SERVICE_CONNECTIONS.get(design.cloud)
    if connection is not None:
        # The team names its service connection here (Project settings > Service connections).
        variables[connection[2]] = service_connection_name(design.cloud)
    if common.runs_on_demand(design):
        document["parameters"] = [
            {
                "name": "reason",
                "displayName": "Why this run was started (e.g. drift-detected, manual)",
                "type": "string",
                "default": "automatic",
            },
            {
                "name": "reviewedBy",
                "displayName": "Who reviewed a change above the human-review bound",
                "type": "string",
                "default": "",
            },
        ]
        variables["RUN_REASON"] = "${{ parameters.reason }}"
        variables[runtime.REVIEWER_VARIABLE] = "${{ parameters.reviewedBy }}"
    else:
        variables["RUN_REASON"] = "$(Build.Reason)"
    document["variables"] = variables
    runner = inert(design.pipeline.runner)
    document["pool"] = {"vmImage": runner} if runner in HOSTED_IMAGES else {"name": runner}
    # The first stage checks the repository still follows its committed design; the next
    # stage depends on it, as each stage does on the one before.
    stages = [_check_stage(design)]
    for stage in common.stages_to_run(design):
        if stage.name == common.PROMOTION_STAGE and plan.jobs:
            stages += [_release_stage(design, job) for job in plan.main]
            stages.append(_rollback_stage(design, plan, Run.MAIN))
        else:
            stages.append(_stage(design, stage))
    side_runs = []
    if runtime.monitors_drift(design):
        side_runs.append(_IS_MONITORING)
    if plan.comparator:
        side_runs.append(_IS_COMPARATOR)
    if side_runs:
        # A scheduled side run (drift monitoring, the comparator) runs its own stages only.
        either = side_runs[0] if len(side_runs) == 1 else f"or({', '.join(side_runs)})"
        stages[0]["condition"] = f"not({either})"
    if runtime.monitors_drift(design):
        stages.append(_monitor_stage(design))
    if plan.comparator:
        stages += [_release_stage(design, job) for job in plan.comparator]
        stages.append(_rollback_stage(design, plan, Run.COMPARATOR))
    document["stages"] = stages
    return document


def _push_trigger(design: Design) -> str | dict[str, Any]:
    if not common.has_trigger(design, "push"):
        return "none"
    trigger: dict[str, Any] = {"branches": {"include": [common.DEFAULT_BRANCH]}}
    paths = PLATFORM.push_filters(design)
    if paths:
        trigger["paths"] = {"include": list(paths)}
    return trigger


def _setup(design: Design, commands: list[str], team_install: bool = True) -> list[dict[str, Any]]:
    """Checkout, Python, pip's cache, then only what the job's commands need: mlops-wizard
    where one of its commands runs, the team's install where a stage command runs. (No guard
    on cloud variables: the service connection is named in the file, and Azure refuses a
    run whose connection is missing before any step.)"""
    steps: list[dict[str, Any]] = [dict(CHECKOUT), use_python(design), dict(PIP_CACHE)]
    wizard = runtime.install_wizard(commands)
    if wizard:
        steps.append({"bash": "\n".join(wizard) + "\n", "displayName": "Install mlops-wizard"})
    if team_install and design.pipeline.install:
        steps.append({"bash": command_text(design.pipeline.install), "displayName": "Install"})
    return steps


def _command_step(design: Design, stage: str, script: str, title: str) -> dict[str, Any]:
    """A bash step, or the cloud's task running it under the service connection; a secret
    of the tracker or the registry mapped in where the job reaches them (Azure keeps secret
    variables out of a script's environment unless a step maps them)."""
    connection = SERVICE_CONNECTIONS.get(design.cloud)
    if connection is None or not runtime.logs_in(design, stage):
        step: dict[str, Any] = {"bash": script, "displayName": title}
    else:
        task, key, variable = connection
        inputs = {
            key: f"${{{{ variables.{variable} }}}}",
            "scriptType": "bash",
            "scriptLocation": "inlineScript",
            "inlineScript": script,
        }
        step = {"task": task, "displayName": title, "inputs": inputs}
    secrets = {
        item.name: f"$({item.name})"
        for item in runtime.credentials(design)
        if item.secret and runtime.reaches_tracker(design, stage)
    }
    if secrets:
        step["env"] = secrets
    return step


def _stage(design: Design, stage: PipelineStage) -> dict[str, Any]:
    title = inert(collapse_whitespace(stage.title))
    result: dict[str, Any] = {"stage": stage.name, "displayName": title}
    if stage.needs is not None:
        result["dependsOn"] = stage.needs
        result["variables"] = _handed(stage.needs)
    commands = [stage.command]
    if stage.name == common.EVALUATION_STAGE:
        commands.append(runtime.gate_command(common.runs_on_demand(design)))
    steps = _setup(design, commands)
    steps.append({"bash": runtime.CARRY_IDS, "displayName": "Hand on the ids this job was given"})
    steps.append(_command_step(design, stage.name, command_text(stage.command), title))
    jobs: list[dict[str, Any]] = []
    job: dict[str, Any] = {"job": stage.name, "displayName": title}
    if stage.name == common.EVALUATION_STAGE:
        steps.append(
            {
                "bash": runtime.gate_command(common.runs_on_demand(design)),
                "displayName": GATE_STEP_NAME,
            }
        )
        steps.append(_keep_decision_log("decision-log-evaluate"))
    if stage.name == common.PROMOTION_STAGE and design.pipeline.approval_gate:
        # No release step to hold (a promotion without a lifecycle): the stage itself waits.
        jobs.append(_approval_job(design))
        job["dependsOn"] = "approval"
    steps.append({"bash": PUBLISH_IDS, "displayName": "Ids for the next stage", "name": "ids"})
    job["steps"] = steps
    jobs.append(job)
    result["jobs"] = jobs
    return result


def _handed(stage: str) -> dict[str, str]:
    """The ids stage ``stage`` handed on (its job of the same name published them)."""
    return {
        name: f"$[ stageDependencies.{stage}.{stage}.outputs['ids.{name}'] ]"
        for name in runtime.HANDED_IDS
    }


def _release_stage(design: Design, job: ReleaseJob) -> dict[str, Any]:
    """A job of the release as a stage: held for the approver by a ``ManualValidation@1``
    agentless job where signed, held for the bake by a ``Delay@1`` agentless job where it
    checks after the bake (no agent waits), then its own job."""
    login_as = runtime.COMPARATOR if job.name == COMPARE_JOB else common.PROMOTION_STAGE
    title = inert(collapse_whitespace(job.title))
    stage: dict[str, Any] = {"stage": job.name, "displayName": title}
    stage["dependsOn"] = list(job.needs)
    if job.name == COMPARE_JOB:
        stage["condition"] = _IS_COMPARATOR
    elif job.due_only:
        # Skipped, not failed, on a day with no candidate due.
        due = f"dependencies.{COMPARE_JOB}.outputs['{COMPARE_JOB}.ids.MODEL_VERSION']"
        stage["condition"] = f"and(succeeded(), ne({due}, ''))"
    if job.needs:
        stage["variables"] = _handed(job.needs[0])
    jobs: list[dict[str, Any]] = []
    held_by = None
    if job.signed:
        jobs.append(_approval_job(design))
        held_by = "approval"
    if job.delay_minutes:
        jobs.append(_wait_job(job.delay_minutes))
        held_by = "wait"
    steps = _setup(design, list(job.commands))
    steps.append({"bash": runtime.CARRY_IDS, "displayName": "Hand on the ids this job was given"})
    for command_title, command in zip(job.titles, job.commands, strict=True):
        steps.append(_command_step(design, login_as, command_text(command), inert(command_title)))
    if job.environment:
        for step in steps[-len(job.commands) :]:
            step["env"] = {**dict(job.environment), **step.get("env", {})}
    if job.label_gated:
        steps.append(_keep_decision_log("decision-log-comparator"))
    steps.append({"bash": PUBLISH_IDS, "displayName": "Ids for the next stage", "name": "ids"})
    main: dict[str, Any] = {"job": job.name, "displayName": title}
    if held_by is not None:
        main["dependsOn"] = held_by
    main["steps"] = steps
    jobs.append(main)
    stage["jobs"] = jobs
    return stage


def _wait_job(minutes: int) -> dict[str, Any]:
    """Holds the stage's job for ``minutes`` without an agent; its timeout is above the wait
    (an agentless job's default is 60 minutes)."""
    return {
        "job": "wait",
        "displayName": f"Bake: wait {count(minutes, 'minute')}",
        "pool": "server",
        "timeoutInMinutes": str(minutes + WAIT_MARGIN_MINUTES),
        "steps": [{"task": "Delay@1", "inputs": {"delayForMinutes": str(minutes)}}],
    }


def _rollback_stage(design: Design, plan: ReleasePlan, run: Run) -> dict[str, Any]:
    """Runs when a stage of the run failed: ``make rollback`` undoes the step reached."""
    needs = plan.rollback_needs(run)
    steps = _setup(design, [common.ROLLBACK_COMMAND])
    steps.append(
        _command_step(design, common.PROMOTION_STAGE, common.ROLLBACK_COMMAND, "Roll back")
    )
    stage: dict[str, Any] = {
        "stage": ROLLBACK_JOBS[run],
        "displayName": "Roll back",
        "dependsOn": list(needs),
        "condition": "failed()",
    }
    if needs:
        stage["variables"] = _handed(needs[0])
    stage["jobs"] = [{"job": ROLLBACK_JOBS[run], "displayName": "Roll back", "steps": steps}]
    return stage


def _check_stage(design: Design) -> dict[str, Any]:
    steps = [
        *_setup(design, [runtime.CHECK_COMMAND], team_install=False),
        {"bash": runtime.CHECK_COMMAND, "displayName": runtime.CHECK_STEP_NAME},
    ]
    job = {"job": runtime.CHECK_JOB, "displayName": "Design check", "steps": steps}
    return {"stage": runtime.CHECK_JOB, "displayName": "Design check", "jobs": [job]}


def _keep_decision_log(artifact: str) -> dict[str, Any]:
    return {
        "task": "PublishPipelineArtifact@1",
        "displayName": "Keep the decision log",
        "condition": "succeededOrFailed()",
        "inputs": {"targetPath": runtime.DECISION_LOG, "artifact": artifact},
    }


def _monitor_stage(design: Design) -> dict[str, Any]:
    return {
        "stage": runtime.MONITOR_JOB,
        "displayName": "Drift monitoring",
        "dependsOn": [],
        "condition": _IS_MONITORING,
        "jobs": [
            {
                "job": runtime.MONITOR_JOB,
                "displayName": "Drift monitoring",
                "steps": [
                    *_setup(design, [runtime.DRIFT_COMMAND], team_install=False),
                    {
                        # The k-of-n rule needs the past windows: restored by the key's
                        # prefix, saved after the job under this run's own key.
                        "task": "Cache@2",
                        "displayName": "Drift history (past windows)",
                        "inputs": {
                            "key": 'drift-history | "$(Build.BuildId)"',
                            "restoreKeys": "drift-history",
                            "path": runtime.HISTORY_FOLDER,
                        },
                    },
                    _drift_step(design),
                    _keep_decision_log("decision-log-monitoring"),
                ],
            }
        ],
    }


def _drift_step(design: Design) -> dict[str, Any]:
    """The drift check, under the service connection: it reads production's latest window."""
    step = _command_step(
        design,
        runtime.MONITOR_JOB,
        runtime.monitor_script(design, FIRE_RETRAINING),
        "Drift check: mlops-wizard drift on the committed spec",
    )
    step["env"] = {**runtime.DRIFT_FILES, "SYSTEM_ACCESSTOKEN": "$(System.AccessToken)"}
    return step


def _approval_job(design: Design) -> dict[str, Any]:
    approver = design.pipeline.approver
    who = f" Approver: {inert(collapse_whitespace(approver))}." if approver else ""
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


def _logins() -> dict[str, dict[str, str]]:
    """The variable naming each cloud's service connection; a cloud without a built-in task
    has none (IMPLEMENTING.md says to add a login)."""
    logins: dict[str, dict[str, str]] = {cloud: {} for cloud in runtime.LOGIN_CLOUDS}
    for cloud, (_task, _input, variable) in SERVICE_CONNECTIONS.items():
        logins[cloud] = {
            variable: (
                "the service connection the cloud stages run under "
                f"(`{service_connection_name(cloud)}` in the file: rename it or the connection)"
            )
        }
    return logins


# Reading a committed file back, for `mlops-wizard check`.


#: The step keys that hold a script.
_SCRIPT_KEYS = ("script", "bash", "pwsh", "powershell")


def _azure_steps(job: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    steps = job.get("steps")
    if isinstance(steps, list):
        yield from (step for step in steps if isinstance(step, Mapping))
    strategy = job.get("strategy")  # a deployment job: strategy.runOnce.deploy.steps
    if isinstance(strategy, Mapping):
        for phase in strategy.values():
            if isinstance(phase, Mapping):
                for part in phase.values():
                    if isinstance(part, Mapping):
                        yield from _azure_steps(part)


def _azure_unit(name: str, jobs: list[Any]) -> CiJob:
    commands: list[str] = []
    waits = False
    for job in jobs:
        if not isinstance(job, Mapping):
            continue
        waits = waits or ("deployment" in job and "environment" in job)
        for step in _azure_steps(job):
            for key in _SCRIPT_KEYS:
                commands += script_lines(step.get(key))
            inputs = step.get("inputs")
            if isinstance(inputs, Mapping):
                # A task's own script: ``script`` (Bash@3), ``inlineScript`` (AzureCLI@2,
                # which a job that logs in to Azure runs its commands in).
                for key in ("script", "inlineScript"):
                    commands += script_lines(inputs.get(key))
            task = step.get("task")
            waits = waits or (isinstance(task, str) and task.startswith("ManualValidation@"))
    return CiJob(name, tuple(commands), waits)


def read_jobs(document: Mapping[str, Any]) -> list[CiJob]:
    """Each stage (or job) and its script steps; `ManualValidation@1`, or a deployment job's
    environment, waits for a person."""
    stages = document.get("stages")
    if isinstance(stages, list):
        return [
            _azure_unit(str(stage.get("stage")), stage.get("jobs") or [])
            for stage in stages
            if isinstance(stage, Mapping) and isinstance(stage.get("jobs") or [], list)
        ]
    jobs = document.get("jobs")
    if isinstance(jobs, list):
        return [
            _azure_unit(str(job.get("job") or job.get("deployment")), [job])
            for job in jobs
            if isinstance(job, Mapping)
        ]
    return [_azure_unit("pipeline", [document])]


PLATFORM = Platform(
    identity=AZURE_PIPELINES,
    build=pipeline_document,
    finish=lambda text: text,
    triggers=Triggers(
        push_branch=f"`{common.DEFAULT_BRANCH}`",
        # Azure path filters match by prefix, so a folder is named without a glob.
        folder_glob=lambda folder: folder.rstrip("/"),
    ),
    variables=Variables(
        policy_env="`variables`",
        where_set="the value in the file (a YAML variable wins over the UI)",
        overridable=(),
        reviewer_input="the `reviewedBy` parameter of **Run pipeline**",
        declares_reviewer=common.runs_on_demand,
        file_variables=lambda design: (),
    ),
    hands_ids="stage output variables",
    rollback="a step with `condition: failed()`",
    runs_on=lambda runner: (
        "a Microsoft-hosted image" if runner in HOSTED_IMAGES else "the agent pool of that name"
    ),
    logins=_logins(),
    read_jobs=read_jobs,
    guide_facts=lambda design: {},
    waiting=Waiting(
        mechanism="`Delay@1` in an agentless (`pool: server`) job",
        # DOMAIN.md, "Waiting in CI": delayForMinutes is at most 86,400 (60 days).
        max_wait_minutes=86_400,
        # A Microsoft-hosted job in a private project on the free grant; 360 with paid
        # parallel jobs (learn.microsoft.com/azure/devops/pipelines/agents/hosted).
        default_job_minutes=60,
    ),
    beside=Beside(
        path=azure_beside.PATH,
        build=lambda design: azure_beside.template_document(
            pipeline_document(design), _CONNECTION_VARIABLES
        ),
        include=lambda text, design: azure_beside.include_into(text, pipeline_document(design)),
    ),
    includes=azure_beside.local_templates,
)
