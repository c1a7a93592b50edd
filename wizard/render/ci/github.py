"""The GitHub Actions workflow: one job per stage chained with ``needs``, each with its own
least-privilege ``permissions``; the ids a stage writes handed on as job outputs; the gate
and the drift check as ``mlops-wizard`` commands on the committed spec; the release
(``release``) as jobs, a signed one deploying to the protected ``production`` environment,
a check after the bake deploying to an environment whose wait timer holds it; the
comparator a schedule of its own; every action pinned by commit.

GitHub evaluates ``${{ ... }}`` in every value, ``run:`` scripts included, so user text is
passed through ``literal`` (which makes ``${{`` print as itself) and values from outside the
workflow (the dispatch reason) reach scripts only as environment variables.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wizard.model.ci_jobs import CiJob, script_lines
from wizard.model.design import Design, PipelineStage
from wizard.model.platforms import GITHUB_ACTIONS
from wizard.model.text import collapse_whitespace
from wizard.render.ci import actions, common, runtime
from wizard.render.ci.actions import login_step, uses, with_release_comments
from wizard.render.ci.platform import Platform, Triggers, Variables, Waiting
from wizard.render.ci.release import (
    COMPARE_JOB,
    ROLLBACK_JOBS,
    ReleaseJob,
    ReleasePlan,
    Run,
    release_plan,
)

#: Why the run started: the drift payload's reason, the manual run's input, else the event.
RUN_REASON = "${{ github.event.client_payload.reason || inputs.reason || github.event_name }}"
#: Who reviewed a change above the human-review bound (the manual run's input), else empty.
REVIEWED_BY = "${{ inputs.reviewed_by }}"
#: What a repository variable may override: the package to install (a wheel, a fork); a
#: value the workflow writes itself, never user text.
OVERRIDABLE = (runtime.REQUIREMENT_VARIABLE,)
GATE_STEP_NAME = "Promotion gate: mlops-wizard gate on the committed spec"
#: Starts a drift-triggered run; a run started with GITHUB_TOKEN by repository_dispatch is
#: one of the few events GitHub lets that token start.
FIRE_RETRAINING = (
    'gh api "repos/$GITHUB_REPOSITORY/dispatches" -f event_type=drift-detected '
    '-f "client_payload[reason]=drift-detected"'
)


def literal(text: str) -> str:
    """``text`` as GitHub shows it, with no expression evaluated."""
    return text.replace("${{", "${{ '${{' }}")


def wait_environment(minutes: int) -> str:
    """The environment whose wait timer holds a check job for ``minutes`` (one per length)."""
    return f"bake-{minutes}-minutes"


def workflow_document(design: Design) -> dict[str, Any]:
    name = literal(collapse_whitespace(f"ML pipeline: {design.project_name}"))
    env = {key: literal(value) for key, value in common.policy_environment(design).items()}
    env |= runtime.runtime_environment()
    for key in (key for key in OVERRIDABLE if key in env):
        # A repository variable of the same name wins (GitHub's env cannot be overridden).
        env[key] = f"${{{{ vars.{key} || '{env[key]}' }}}}"
    env["EVALUATION_FILE"] = common.EVALUATION_FILE
    env["RUN_REASON"] = RUN_REASON
    if common.runs_on_demand(design):
        env[runtime.REVIEWER_VARIABLE] = REVIEWED_BY
    if release_plan(design).comparator:
        env["COMPARISON_FILE"] = common.COMPARISON_FILE
    plan = release_plan(design)
    jobs = {runtime.CHECK_JOB: _check_job(design)}
    for stage in common.stages_to_run(design):
        if stage.name == common.PROMOTION_STAGE and plan.jobs:
            jobs |= {job.name: _release_job(design, job) for job in plan.main}
            jobs[ROLLBACK_JOBS[Run.MAIN]] = _rollback_job(design, plan, Run.MAIN)
        else:
            jobs[stage.name] = _job(design, stage)
    if runtime.monitors_drift(design):
        jobs[runtime.MONITOR_JOB] = _monitor_job(design)
    if plan.comparator:
        jobs |= {job.name: _release_job(design, job) for job in plan.comparator}
        jobs[ROLLBACK_JOBS[Run.COMPARATOR]] = _rollback_job(design, plan, Run.COMPARATOR)
    return {
        "name": name,
        "on": _triggers(design),
        # Nothing at the workflow level: each job asks for what it uses.
        "permissions": {},
        "env": env,
        "jobs": jobs,
    }


def _monitoring_cron(design: Design) -> str:
    return runtime.monitoring_cron(design)


def _side_crons(design: Design) -> list[str]:
    """The schedules of the runs that are not the pipeline's own (drift, comparator)."""
    crons = []
    if runtime.monitors_drift(design):
        crons.append(_monitoring_cron(design))
    if release_plan(design).comparator:
        crons.append(runtime.comparator_schedule(design))
    return crons


def _main_run(design: Design) -> str | None:
    """The condition that keeps a job out of the scheduled side runs; None: there are none."""
    crons = _side_crons(design)
    if not crons:
        return None
    return " && ".join(f"github.event.schedule != '{cron}'" for cron in crons)


def _triggers(design: Design) -> dict[str, Any]:
    triggers: dict[str, Any] = {}
    if common.has_trigger(design, "push"):
        push: dict[str, Any] = {"branches": [common.DEFAULT_BRANCH]}
        paths = PLATFORM.push_filters(design)
        if paths:
            push["paths"] = list(paths)
        triggers["push"] = push
    crons = [common.schedule_cron(design), *_side_crons(design)]
    if any(crons):
        triggers["schedule"] = [{"cron": cron} for cron in crons if cron]
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
                },
                "reviewed_by": {
                    "description": "Who reviewed a change above the human-review bound",
                    "required": False,
                    "default": "",
                    "type": "string",
                },
            }
        }
    return triggers


#: Where a team sets a repository variable, for the guard's one line.
VARIABLE_PAGE = "a repository variable (Settings > Secrets and variables > Actions > Variables)"
#: What the pip cache's key hashes: this workflow (it pins the package) and the usual
#: dependency files; setup-python fails when nothing matches, and this file always does.
CACHE_DEPENDENCY_PATH = f"{GITHUB_ACTIONS.ci_path}\n**/requirements*.txt\n**/pyproject.toml\n"


def _guard_step(cloud: str) -> dict[str, Any]:
    """Fails at once, naming each cloud variable left unset (a login without them fails with
    "Region is not valid" or the like)."""
    _action, inputs = actions.LOGIN[cloud]
    names = list(inputs.values())
    return {
        "name": "Cloud variables are set",
        "env": {name: f"${{{{ vars.{name} }}}}" for name in names},
        "run": runtime.guard_script(names, VARIABLE_PAGE, "::error::"),
    }


def _python_step(design: Design) -> dict[str, Any]:
    return {
        "uses": uses("actions/setup-python"),
        "with": {
            "python-version": design.pipeline.python,
            "cache": "pip",
            "cache-dependency-path": CACHE_DEPENDENCY_PATH,
        },
    }


def _setup(
    design: Design, stage: str, commands: list[str], team_install: bool = True
) -> list[dict[str, Any]]:
    """The guard on the cloud variables first, checkout without keeping the token, Python
    with pip's cache, the cloud login, then only what the job's commands need: mlops-wizard
    where one of its commands runs, the team's install where a stage command runs."""
    steps: list[dict[str, Any]] = []
    if runtime.logs_in(design, stage):
        steps.append(_guard_step(design.cloud))
    steps.append({"uses": uses("actions/checkout"), "with": {"persist-credentials": False}})
    steps.append(_python_step(design))
    if runtime.logs_in(design, stage):
        steps.append(login_step(design.cloud))
    wizard = runtime.install_wizard(commands)
    if wizard:
        steps.append({"name": "Install mlops-wizard", "run": "\n".join(wizard) + "\n"})
    if team_install and design.pipeline.install:
        steps.append({"name": "Install", "run": literal(design.pipeline.install)})
    return steps


def _permissions(design: Design, stage: str) -> dict[str, str]:
    permissions = {"contents": "read"}
    if runtime.logs_in(design, stage):
        permissions["id-token"] = "write"
    return permissions


def _credentials(design: Design, stage: str) -> dict[str, str]:
    """The tracker's and the registry's variables, for a job that reaches them: a secret from
    the repository's secrets, any other value from its variables."""
    if not runtime.reaches_tracker(design, stage):
        return {}
    return {
        item.name: f"${{{{ {'secrets' if item.secret else 'vars'}.{item.name} }}}}"
        for item in runtime.credentials(design)
    }


def _handed(needs: str) -> dict[str, str]:
    """The ids the job ``needs`` handed on, as this job's variables."""
    return {name: f"${{{{ needs.{needs}.outputs.{name} }}}}" for name in runtime.HANDED_IDS}


def _job(design: Design, stage: PipelineStage) -> dict[str, Any]:
    job: dict[str, Any] = {"name": literal(collapse_whitespace(stage.title))}
    # The first stage waits for the design check; the others for the stage before them.
    job["needs"] = stage.needs if stage.needs is not None else runtime.CHECK_JOB
    main_run = _main_run(design)
    if stage.needs is None and main_run is not None:
        # A scheduled side run (drift monitoring, the comparator) runs its own jobs only.
        job["if"] = main_run
    job["runs-on"] = literal(design.pipeline.runner)
    job["permissions"] = _permissions(design, stage.name)
    is_promotion = stage.name == common.PROMOTION_STAGE
    if is_promotion and design.pipeline.approval_gate:
        # No release step to hold (a promotion without a lifecycle): the job itself waits.
        job["environment"] = {"name": "production"}
    if is_promotion:
        # One rollout at a time, never cancelled half way; GitHub keeps only the newest of
        # the promotions waiting, and training never waits here.
        job["concurrency"] = {"group": "production-rollout", "cancel-in-progress": False}
    env = _handed(stage.needs) if stage.needs is not None else {}
    env |= _credentials(design, stage.name)
    if env:
        job["env"] = env
    job["outputs"] = _outputs()
    commands = [stage.command]
    if stage.name == common.EVALUATION_STAGE:
        commands.append(runtime.gate_command(common.runs_on_demand(design)))
    steps = _setup(design, stage.name, commands)
    steps.append({"name": "Hand on the ids this job was given", "run": runtime.CARRY_IDS})
    steps.append({"name": literal(collapse_whitespace(stage.title)), "run": literal(stage.command)})
    if stage.name == common.EVALUATION_STAGE:
        steps += _gate_steps(design)
    steps.append(_IDS_STEP)
    job["steps"] = steps
    return job


_IDS_STEP = {
    "name": "Ids for the next job",
    "id": "ids",
    "run": 'cat "$MLOPS_OUTPUTS" >> "$GITHUB_OUTPUT"',
}


def _outputs() -> dict[str, str]:
    return {name: f"${{{{ steps.ids.outputs.{name} }}}}" for name in runtime.HANDED_IDS}


def _release_job(design: Design, job: ReleaseJob) -> dict[str, Any]:
    """A job of the release: a signed one deploys to `production`, whose required reviewers
    hold it; a check after the bake deploys to an environment whose wait timer holds it; the
    comparator's run on its own schedule."""
    login_as = runtime.COMPARATOR if job.name == COMPARE_JOB else common.PROMOTION_STAGE
    entry: dict[str, Any] = {"name": literal(collapse_whitespace(job.title))}
    if job.needs:
        entry["needs"] = list(job.needs)
    if job.name == COMPARE_JOB:
        entry["if"] = f"github.event.schedule == '{runtime.comparator_schedule(design)}'"
    elif job.due_only:
        # Skipped, not failed, on a day with no candidate due.
        entry["if"] = f"needs.{COMPARE_JOB}.outputs.MODEL_VERSION != ''"
    entry["runs-on"] = literal(design.pipeline.runner)
    entry["permissions"] = _permissions(design, login_as)
    if job.signed:
        entry["environment"] = {"name": "production"}
        # GitHub keeps only the newest release waiting for its approval; none is cancelled
        # once it runs.
        entry["concurrency"] = {"group": "production-rollout", "cancel-in-progress": False}
    elif job.delay_minutes:
        entry["environment"] = {"name": wait_environment(job.delay_minutes)}
    env = _handed(job.needs[0]) if job.needs else {}
    env |= _credentials(design, login_as)
    if job.environment:
        env |= dict(job.environment)
    if env:
        entry["env"] = env
    entry["outputs"] = _outputs()
    steps = _setup(design, login_as, list(job.commands))
    steps.append({"name": "Hand on the ids this job was given", "run": runtime.CARRY_IDS})
    for title, command in zip(job.titles, job.commands, strict=True):
        steps.append({"name": literal(collapse_whitespace(title)), "run": literal(command)})
    if job.label_gated:
        steps.append(_keep_decision_log("decision-log-comparator"))
        steps.append(_keep("comparison", common.COMPARISON_FILE))
    steps.append(_IDS_STEP)
    entry["steps"] = steps
    return entry


def _rollback_job(design: Design, plan: ReleasePlan, run: Run) -> dict[str, Any]:
    """Runs when a job of the run failed: ``make rollback`` undoes the step reached."""
    needs = plan.rollback_needs(run)
    entry: dict[str, Any] = {"name": "Roll back", "needs": list(needs), "if": "failure()"}
    entry["runs-on"] = literal(design.pipeline.runner)
    entry["permissions"] = _permissions(design, common.PROMOTION_STAGE)
    env = _handed(needs[0]) if needs else {}
    env |= _credentials(design, common.PROMOTION_STAGE)
    if env:
        entry["env"] = env
    steps = _setup(design, common.PROMOTION_STAGE, [common.ROLLBACK_COMMAND])
    steps.append({"name": "Roll back", "run": common.ROLLBACK_COMMAND})
    entry["steps"] = steps
    return entry


def _check_job(design: Design) -> dict[str, Any]:
    """The first job: the repository still follows its committed design (exit 4: not)."""
    job: dict[str, Any] = {"name": "Design check"}
    main_run = _main_run(design)
    if main_run is not None:
        job["if"] = main_run
    job["runs-on"] = literal(design.pipeline.runner)
    job["permissions"] = {"contents": "read"}
    job["steps"] = [
        *_setup(design, runtime.CHECK_JOB, [runtime.CHECK_COMMAND], team_install=False),
        {"name": runtime.CHECK_STEP_NAME, "run": runtime.CHECK_COMMAND},
    ]
    return job


def _keep_decision_log(artifact: str) -> dict[str, Any]:
    return {
        "name": "Keep the decision log",
        "if": "always()",
        "uses": uses("actions/upload-artifact"),
        "with": {"name": artifact, "path": runtime.DECISION_LOG, "if-no-files-found": "warn"},
    }


def _keep(artifact: str, path: str) -> dict[str, Any]:
    return {
        "name": f"Keep the {artifact} report",
        "if": "always()",
        "uses": uses("actions/upload-artifact"),
        "with": {"name": artifact, "path": path, "if-no-files-found": "warn"},
    }


def _gate_steps(design: Design) -> list[dict[str, Any]]:
    return [
        {"name": GATE_STEP_NAME, "run": runtime.gate_command(common.runs_on_demand(design))},
        _keep_decision_log("decision-log-evaluate"),
        _keep("evaluation", common.EVALUATION_FILE),
    ]


_HISTORY_CACHE = {"path": runtime.HISTORY_FOLDER, "key": "drift-history-${{ github.run_id }}"}


def _monitor_job(design: Design) -> dict[str, Any]:
    permissions = _permissions(design, runtime.MONITOR_JOB)
    permissions["contents"] = "write"  # what repository_dispatch asks of the token
    return {
        "name": "Drift monitoring",
        "if": f"github.event.schedule == '{_monitoring_cron(design)}'",
        "runs-on": literal(design.pipeline.runner),
        "permissions": permissions,
        "steps": [
            *_setup(design, runtime.MONITOR_JOB, [runtime.DRIFT_COMMAND], team_install=False),
            {
                "name": "Restore the drift history (past windows)",
                "uses": uses("actions/cache/restore"),
                "with": {**_HISTORY_CACHE, "restore-keys": "drift-history-"},
            },
            {
                "name": "Drift check: mlops-wizard drift on the committed spec",
                "env": {**runtime.DRIFT_FILES, "GH_TOKEN": "${{ github.token }}"},
                "run": runtime.monitor_script(design, FIRE_RETRAINING),
            },
            _keep_decision_log("decision-log-monitoring"),
            {
                # A cache entry is immutable: each run saves under its own key, and the
                # next run restores the newest by the prefix.
                "name": "Keep the drift history",
                "if": "always()",
                "uses": uses("actions/cache/save"),
                "with": _HISTORY_CACHE,
            },
        ],
    }


# Reading a committed file back, for `mlops-wizard check`.


def read_jobs(document: Mapping[str, Any]) -> list[CiJob]:
    """Each job and its `run` steps; an `environment` is where required reviewers wait."""
    jobs = document.get("jobs")
    found = []
    for name, job in jobs.items() if isinstance(jobs, Mapping) else ():
        if not isinstance(job, Mapping):
            continue
        steps = job.get("steps") if isinstance(job.get("steps"), list) else []
        commands = [step["run"] for step in steps if isinstance(step, Mapping) and "run" in step]
        found.append(CiJob(str(name), tuple(script_lines(commands)), "environment" in job))
    return found


PLATFORM = Platform(
    identity=GITHUB_ACTIONS,
    build=workflow_document,
    finish=with_release_comments,
    triggers=Triggers(
        push_branch=f"`{common.DEFAULT_BRANCH}`",
        folder_glob=lambda folder: f"{folder}**",
    ),
    variables=Variables(
        policy_env="workflow `env`",
        where_set="a repository variable of that name",
        overridable=OVERRIDABLE,
        reviewer_input="the `reviewed_by` input of **Run workflow**",
        declares_reviewer=common.runs_on_demand,
        file_variables=lambda design: (),
    ),
    hands_ids="job outputs",
    rollback="a step with `if: failure()`",
    runs_on=lambda runner: "`runs-on`",
    logins=runtime.CLOUD_LOGIN_IDS,
    read_jobs=read_jobs,
    guide_facts=lambda design: {},
    waiting=Waiting(
        mechanism="an environment's wait timer",
        # DOMAIN.md, "Waiting in CI": a wait timer delays a job 0-43,200 minutes (30 days);
        # a job on a GitHub-hosted runner stops after 6 hours.
        max_wait_minutes=43_200,
        default_job_minutes=360,
    ),
    # The workflow is a file of its own: another workflow is never touched.
    beside=None,
    includes=lambda document: (),
)
