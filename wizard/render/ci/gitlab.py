"""The GitLab CI pipeline: one stage and one job per design stage chained with ``needs``,
``workflow:rules`` on ``$CI_PIPELINE_SOURCE`` for the triggers, policy as global
``variables``, ids handed on as dotenv reports, the gate and the drift check as
``mlops-wizard`` commands on the committed spec, and the release (``release``): its jobs in
the ``promote_production`` stage, a signed one a manual job on the protected ``production``
environment, a check after the bake a delayed job (``when: delayed`` with ``start_in``, in
the rule where there are rules), a rollback job that runs ``when: on_failure``; the
comparator a pipeline schedule of its own (``MLOPS_PIPELINE=comparator``), like the drift
monitor's.

GitLab expands ``$NAME`` inside variable values, and so does gitlab-ci-local, which ignores
``expand: false``: a ``$`` of user text is written as ``$$``, GitLab's escape for a literal
dollar, so it never becomes a reference. The cloud token arrives through ``id_tokens`` and is
written to a file, never echoed; role ids are the project's protected variables.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wizard.model.ci_jobs import CiJob, script_lines
from wizard.model.design import Design, PipelineStage
from wizard.model.platforms import GITLAB_CI
from wizard.render.ci import common, gitlab_beside, runtime
from wizard.render.ci.platform import Beside, Platform, Triggers, Variables, Waiting
from wizard.render.ci.release import COMPARE_JOB, ROLLBACK_JOBS, ReleaseJob, Run, release_plan

#: Docker Hub's Python image of the jobs' version (``cicd.python``), for the clouds; an
#: on-premises (often air-gapped) runner brings its own Python, and a pull from Docker Hub
#: would fail there.
IMAGE = "python:{version}"
OFFLINE_CLOUDS = frozenset({"on-prem"})
#: The answers' default runner label; on GitLab it means the instance's shared runners.
DEFAULT_RUNNER = "ubuntu-latest"
MONITOR_STAGE = "monitor"
COMPARATOR_STAGE = runtime.COMPARATOR
ROLLBACK_STAGE = "rollback"
#: The variable a pipeline schedule sets to run the drift check or the comparator instead of
#: the pipeline.
PIPELINE_VARIABLE = "MLOPS_PIPELINE"
#: The crons to give the pipeline schedules, which GitLab keeps outside the file.
RETRAINING_CRON = "RETRAINING_CRON"
MONITORING_CRON = "MONITORING_CRON"
COMPARATOR_CRON = "COMPARATOR_CRON"
MONITORING_RULE = f'${PIPELINE_VARIABLE} == "monitoring"'
COMPARATOR_RULE = f'${PIPELINE_VARIABLE} == "{runtime.COMPARATOR}"'
#: A pipeline of a schedule that sets the variable runs none of the pipeline's own jobs.
SIDE_RUN_RULE = f"${PIPELINE_VARIABLE}"
#: A signed job of the comparator's run rolls itself back: its after_script runs on failure.
ROLLBACK_ON_FAILURE = f'if [ "$CI_JOB_STATUS" = "failed" ]; then {common.ROLLBACK_COMMAND}; fi'
ROLLOUT_GROUP = "production"
#: The audience of the OpenID Connect token each cloud's identity federation expects.
AUDIENCES = {
    "aws": "sts.amazonaws.com",
    "gcp": "https://iam.googleapis.com/$GCP_WORKLOAD_IDENTITY_PROVIDER",
    "azure": "api://AzureADTokenExchange",
}
#: Relative to the job's folder (the project directory), where the SDKs are pointed at it.
TOKEN_FILE = ".cloud-id-token"
#: What each cloud's SDK reads to trade the token file for credentials: the project's
#: protected CI/CD variables, set by the team (IMPLEMENTING.md lists them from here).
SDK_VARIABLES: dict[str, dict[str, str]] = {
    "aws": {
        "AWS_ROLE_ARN": "the IAM role the jobs assume; its trust policy admits this project",
        "AWS_WEB_IDENTITY_TOKEN_FILE": f"`{TOKEN_FILE}`, the token file the job writes",
    },
    "gcp": {
        "GCP_WORKLOAD_IDENTITY_PROVIDER": (
            "the provider's resource name, `projects/NUMBER/locations/global/"
            "workloadIdentityPools/POOL/providers/PROVIDER` (also the token's audience)"
        ),
        "GOOGLE_APPLICATION_CREDENTIALS": (
            "a credential configuration made by `gcloud iam workload-identity-pools "
            f"create-cred-config` with `--credential-source-file={TOKEN_FILE}`"
        ),
    },
    "azure": {
        "AZURE_CLIENT_ID": "the app registration with a federated credential for this project",
        "AZURE_TENANT_ID": "its tenant",
        "AZURE_FEDERATED_TOKEN_FILE": f"`{TOKEN_FILE}`, the token file the job writes",
    },
}
#: Where a team sets a CI/CD variable, for the guard's one line.
VARIABLE_PAGE = "a CI/CD variable (Settings > CI/CD > Variables)"
#: pip's cache inside the project folder (GitLab caches only paths there).
PIP_CACHE_DIR = "$CI_PROJECT_DIR/.cache/pip"
PIP_CACHE = {"key": "pip", "paths": [".cache/pip"]}
FIRE_RETRAINING = (
    'curl --fail --silent --show-error --request POST --form "token=$CI_JOB_TOKEN" '
    '--form "ref=$CI_COMMIT_REF_NAME" --form "variables[RUN_REASON]=drift-detected" '
    '"$CI_API_V4_URL/projects/$CI_PROJECT_ID/trigger/pipeline"'
)


def _variable(value: str) -> str:
    """A value as GitLab reads it literally: ``$$`` is its escape for ``$``."""
    return value.replace("$", "$$")


def _variables(values: Mapping[str, str]) -> dict[str, Any]:
    return {key: _variable(value) for key, value in values.items()}


def _side_runs(design: Design) -> bool:
    """A schedule runs something else than the pipeline: the drift check or the comparator."""
    return runtime.monitors_drift(design) or bool(release_plan(design).comparator)


def pipeline_document(design: Design) -> dict[str, Any]:
    plan = release_plan(design)
    stages = [runtime.CHECK_JOB, *(stage.name for stage in common.stages_to_run(design))]
    if plan.comparator:
        stages.insert(0, COMPARATOR_STAGE)
    if runtime.monitors_drift(design):
        stages.insert(0, MONITOR_STAGE)
    if plan.jobs:
        stages.append(ROLLBACK_STAGE)
    variables = _variables(common.policy_environment(design))
    variables |= _variables(runtime.runtime_environment())
    variables["EVALUATION_FILE"] = common.EVALUATION_FILE
    if plan.comparator:
        variables["COMPARISON_FILE"] = common.COMPARISON_FILE
    variables["PIP_CACHE_DIR"] = PIP_CACHE_DIR
    cron = common.schedule_cron(design)
    if cron is not None:
        # GitLab keeps schedules outside the file; this is the cron to give the pipeline
        # schedule (CI/CD > Schedules), and jobs can read it.
        variables[RETRAINING_CRON] = cron
    if runtime.monitors_drift(design):
        variables[MONITORING_CRON] = runtime.monitoring_cron(design)
    if plan.comparator:
        variables[COMPARATOR_CRON] = runtime.comparator_schedule(design)
    variables["RUN_REASON"] = {
        "value": "automatic",
        "description": "Why this run was started (e.g. drift-detected, manual)",
    }
    variables[runtime.REVIEWER_VARIABLE] = {
        "value": "",
        "description": "Who reviewed a change above the human-review bound",
    }
    default: dict[str, Any] = {}
    if design.cloud not in OFFLINE_CLOUDS:
        default["image"] = IMAGE.format(version=design.pipeline.python)
    # pip's downloads and wheels kept between pipelines (PIP_CACHE_DIR, inside the project
    # folder, the only one GitLab caches); each job installs only what it needs.
    default["cache"] = dict(PIP_CACHE)
    if design.pipeline.runner != DEFAULT_RUNNER:
        default["tags"] = [design.pipeline.runner]
    # A newer pipeline never cancels this one: a pending retrain always runs.
    default["interruptible"] = False
    document: dict[str, Any] = {
        "workflow": {"rules": _workflow_rules(design)},
        "default": default,
        "stages": stages,
        "variables": variables,
    }
    if runtime.monitors_drift(design):
        document[runtime.MONITOR_JOB] = _monitor_job(design)
    for job in plan.comparator:
        document[job.name] = _release_job(design, job)
    if plan.comparator:
        # Nothing may need a manual job the comparator's run passes without: a signed job
        # rolls itself back (its after_script).
        signed = {job.name for job in plan.comparator if job.signed}
        needs = tuple(name for name in plan.rollback_needs(Run.COMPARATOR) if name not in signed)
        document[ROLLBACK_JOBS[Run.COMPARATOR]] = _rollback_job(design, needs, Run.COMPARATOR)
    # The first stage: whether the repository still follows its committed design.
    document[runtime.CHECK_JOB] = {
        "stage": runtime.CHECK_JOB,
        **_rules(design, "on_success"),
        "before_script": list(runtime.install_wizard([runtime.CHECK_COMMAND])),
        "script": [runtime.CHECK_COMMAND],
    }
    for stage in common.stages_to_run(design):
        if stage.name == common.PROMOTION_STAGE and plan.jobs:
            document.update({job.name: _release_job(design, job) for job in plan.main})
        else:
            document[stage.name] = _job(design, stage)
    if plan.main:
        document[ROLLBACK_JOBS[Run.MAIN]] = _rollback_job(
            design, plan.rollback_needs(Run.MAIN), Run.MAIN
        )
    return document


def _workflow_rules(design: Design) -> list[dict[str, Any]]:
    """Which pipeline sources may start a pipeline; with no rule matching, none starts."""
    rules: list[dict[str, Any]] = []
    if common.has_trigger(design, "push"):
        rule: dict[str, Any] = {
            "if": '$CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH'
        }
        paths = PLATFORM.push_filters(design)
        if paths:
            rule["changes"] = list(paths)
        rules.append(rule)
    if common.schedule_cron(design) is not None or _side_runs(design):
        rules.append({"if": '$CI_PIPELINE_SOURCE == "schedule"'})
    if common.has_trigger(design, "drift"):
        rules.append(
            {
                "if": '$CI_PIPELINE_SOURCE == "trigger" || $CI_PIPELINE_SOURCE == "api" '
                '|| $CI_PIPELINE_SOURCE == "pipeline"'
            }
        )
    if common.runs_by_hand(design):
        rules.append({"if": '$CI_PIPELINE_SOURCE == "web"'})
    return rules


def _rules(design: Design, when: str, **extra: Any) -> dict[str, Any]:
    """``when`` as the job's rules: a scheduled side run (the drift monitor, the comparator)
    runs no job of the pipeline's own run. With rules, ``when: delayed`` and its ``start_in``
    go inside the rule."""
    if not _side_runs(design):
        return {"when": when, **extra} if when != "on_success" or extra else {}
    return {"rules": [{"if": SIDE_RUN_RULE, "when": "never"}, {"when": when, **extra}]}


def _comparator_rules(when: str, **extra: Any) -> dict[str, Any]:
    """Only in the comparator's scheduled pipeline."""
    rule: dict[str, Any] = {"if": COMPARATOR_RULE}
    if when != "on_success" or extra:
        rule |= {"when": when, **extra}
    return {"rules": [rule]}


def _outputs(paths: list[str] | None = None) -> dict[str, Any]:
    """The dotenv report hands the ids to the jobs that need this one."""
    artifacts: dict[str, Any] = {"reports": {"dotenv": runtime.OUTPUTS_FILE}}
    if paths:
        artifacts = {"when": "always", "paths": paths, **artifacts}
    return artifacts


def _login(design: Design, stage: str) -> tuple[dict[str, Any], list[str]]:
    """The job's ``id_tokens`` and the line that hands the token to the cloud's SDK."""
    if not runtime.logs_in(design, stage):
        return {}, []
    tokens = {"id_tokens": {"CLOUD_ID_TOKEN": {"aud": AUDIENCES[design.cloud]}}}
    # Written to a file the SDKs read (AWS_WEB_IDENTITY_TOKEN_FILE and the like); the
    # command is logged, the token is not.
    return tokens, [f'printf "%s" "$CLOUD_ID_TOKEN" > "{TOKEN_FILE}"']


def _before_script(design: Design, stage: str, commands: list[str]) -> list[str]:
    """The guard on the cloud variables first, then only what the job's commands need: the
    team's install and mlops-wizard where one of its commands runs."""
    lines: list[str] = []
    if runtime.logs_in(design, stage):
        lines.append(runtime.guard_script(SDK_VARIABLES[design.cloud], VARIABLE_PAGE))
    lines += runtime.install_wizard(commands)
    if design.pipeline.install:
        lines.append(design.pipeline.install)
    return lines


def _job(design: Design, stage: PipelineStage) -> dict[str, Any]:
    job: dict[str, Any] = {"stage": stage.name}
    if stage.needs is not None:
        job["needs"] = [stage.needs]
    tokens, login = _login(design, stage.name)
    job |= tokens
    script = [*login, runtime.CARRY_IDS, stage.command]
    paths = None
    if stage.name == common.EVALUATION_STAGE:
        script.append(runtime.GATE_COMMAND)
        paths = [common.EVALUATION_FILE, runtime.DECISION_LOG]
    before = _before_script(design, stage.name, script)
    is_promotion = stage.name == common.PROMOTION_STAGE
    if is_promotion and design.pipeline.approval_gate:
        # allow_failure: false makes the pipeline wait (blocked) for the click instead of
        # passing with the promotion skipped.
        job |= _rules(design, "manual", allow_failure=False)
        job["environment"] = {"name": "production", "deployment_tier": "production"}
    else:
        job |= _rules(design, "on_success")
    if is_promotion:
        job["resource_group"] = ROLLOUT_GROUP
    if before:
        job["before_script"] = before
    job["script"] = script
    job["artifacts"] = _outputs(paths)
    return job


def _release_job(design: Design, job: ReleaseJob) -> dict[str, Any]:
    """A job of the release, in its run; the platform holds a signed one for the approver
    and starts one after a bake by itself (``when: delayed``), holding no runner meanwhile."""
    comparator = job.run is Run.COMPARATOR
    login_as = runtime.COMPARATOR if job.name == COMPARE_JOB else common.PROMOTION_STAGE
    tokens, login = _login(design, login_as)
    entry: dict[str, Any] = {
        "stage": COMPARATOR_STAGE if comparator else common.PROMOTION_STAGE,
        "needs": list(job.needs),
        **tokens,
    }
    when, extra = "on_success", {}
    if job.signed:
        # In the pipeline's run, the pipeline waits (blocked) for the click; in the
        # comparator's daily run, the job is offered and the run passes without it, so a day
        # with no candidate due leaves no blocked pipeline behind.
        when = "manual"
        if not comparator:
            extra["allow_failure"] = False
        entry["environment"] = {"name": "production", "deployment_tier": "production"}
    elif job.delay_minutes:
        when, extra = "delayed", {"start_in": f"{job.delay_minutes} minutes"}
    entry |= _comparator_rules(when, **extra) if comparator else _rules(design, when, **extra)
    entry["resource_group"] = ROLLOUT_GROUP
    if job.environment:
        entry["variables"] = _variables(job.environment)
    guard = [runtime.DUE_GUARD] if job.due_only else []
    script = [*login, runtime.CARRY_IDS, *guard, *job.commands]
    entry |= _optional("before_script", _before_script(design, login_as, script))
    entry["script"] = script
    if comparator and job.signed:
        # Nothing may need a manual job the run passes without: it rolls itself back.
        entry["after_script"] = [*login, ROLLBACK_ON_FAILURE]
    paths = [common.COMPARISON_FILE, runtime.DECISION_LOG] if job.label_gated else None
    entry["artifacts"] = _outputs(paths)
    return entry


def _rollback_job(design: Design, needs: tuple[str, ...], run: Run) -> dict[str, Any]:
    tokens, login = _login(design, common.PROMOTION_STAGE)
    comparator = run is Run.COMPARATOR
    rules = _comparator_rules("on_failure") if comparator else _rules(design, "on_failure")
    return {
        "stage": ROLLBACK_STAGE,
        # on_failure looks at the jobs in needs: any failed release job rolls back.
        "needs": list(needs),
        **tokens,
        **rules,
        "resource_group": ROLLOUT_GROUP,
        **_optional(
            "before_script",
            _before_script(design, common.PROMOTION_STAGE, [common.ROLLBACK_COMMAND]),
        ),
        "script": [*login, common.ROLLBACK_COMMAND],
    }


def _optional(key: str, lines: list[str]) -> dict[str, Any]:
    return {key: lines} if lines else {}


def _monitor_job(design: Design) -> dict[str, Any]:
    # It reads production's latest window: the cloud login, like the jobs that read data.
    tokens, login = _login(design, runtime.MONITOR_JOB)
    return {
        "stage": MONITOR_STAGE,
        **tokens,
        "rules": [{"if": MONITORING_RULE}],
        "variables": dict(runtime.DRIFT_FILES),
        # The k-of-n rule needs the past windows: the history lives in the cache (a job's
        # cache replaces the default one, so pip's is listed again).
        "cache": [{"key": "drift-history", "paths": ["monitoring/"]}, dict(PIP_CACHE)],
        "before_script": list(runtime.install_wizard([runtime.DRIFT_COMMAND])),
        "script": [*login, runtime.monitor_script(design, FIRE_RETRAINING)],
        "artifacts": {"when": "always", "paths": [runtime.DECISION_LOG]},
    }


def _schedule_variables(design: Design) -> tuple[tuple[str, str], ...]:
    """What the guide says of the variables the schedules need, as the file declares them."""
    rows: list[tuple[str, str]] = []
    if common.schedule_cron(design) is not None:
        rows.append((RETRAINING_CRON, "the cron to give the retraining schedule"))
    if runtime.monitors_drift(design):
        rows.append((MONITORING_CRON, "the cron to give the monitoring schedule"))
        rows.append(
            (
                PIPELINE_VARIABLE,
                "`monitoring` on the monitoring schedule: that pipeline runs the drift check only",
            )
        )
    if release_plan(design).comparator:
        rows.append((COMPARATOR_CRON, "the cron to give the comparator's schedule"))
        rows.append(
            (
                PIPELINE_VARIABLE,
                f"`{runtime.COMPARATOR}` on the comparator's schedule: that pipeline runs the "
                "comparator only",
            )
        )
    return tuple(rows)


def _guide_facts(design: Design) -> dict[str, Any]:
    return {
        "image": (
            IMAGE.format(version=design.pipeline.python)
            if design.cloud not in OFFLINE_CLOUDS
            else None
        ),
        "token_file": TOKEN_FILE,
    }


# Reading a committed file back, for `mlops-wizard check`.


def _gitlab_waits(job: Mapping[str, Any]) -> bool:
    if job.get("when") == "manual":
        return True
    rules = job.get("rules")
    return isinstance(rules, list) and any(
        isinstance(rule, Mapping) and rule.get("when") == "manual" for rule in rules
    )


def read_jobs(document: Mapping[str, Any]) -> list[CiJob]:
    """Each job and its scripts; `when: manual`, at the job or in a rule, waits for a person."""
    found = []
    for name, job in document.items():
        if (
            name in gitlab_beside.KEYWORDS
            or str(name).startswith(".")
            or not isinstance(job, Mapping)
        ):
            continue
        commands = [
            *script_lines(job.get("before_script")),
            *script_lines(job.get("script")),
            *script_lines(job.get("after_script")),
        ]
        found.append(CiJob(str(name), tuple(commands), _gitlab_waits(job)))
    default = document.get("default")
    if isinstance(default, Mapping):
        scripts = [
            *script_lines(default.get("before_script")),
            *script_lines(default.get("after_script")),
        ]
        found.append(CiJob("default", tuple(scripts), False))
    return found


PLATFORM = Platform(
    identity=GITLAB_CI,
    build=pipeline_document,
    finish=lambda text: text,
    triggers=Triggers(
        push_branch="the default branch",
        folder_glob=lambda folder: f"{folder}**/*",
    ),
    variables=Variables(
        policy_env="`variables`",
        where_set="a CI/CD variable of that name",
        # A CI/CD variable overrides any variable of the file; the guide names the one a
        # team most often sets.
        overridable=(runtime.REQUIREMENT_VARIABLE,),
        reviewer_input="the `REVIEWED_BY` variable of **Run pipeline**",
        # Declared with a description, so **Run pipeline** offers it on every run.
        declares_reviewer=lambda design: True,
        file_variables=_schedule_variables,
    ),
    hands_ids="dotenv reports",
    rollback="a `rollback` job with `when: on_failure`",
    runs_on=lambda runner: (
        "the shared runners" if runner == DEFAULT_RUNNER else "a runner with that tag"
    ),
    logins=SDK_VARIABLES,
    read_jobs=read_jobs,
    guide_facts=_guide_facts,
    waiting=Waiting(
        mechanism="`when: delayed` with `start_in`",
        # DOMAIN.md, "Waiting in CI": start_in is at most one week.
        max_wait_minutes=7 * 24 * 60,
        # The project's job timeout, 60 minutes unless changed (Settings > CI/CD > General
        # pipelines); GitLab.com's hosted runners use it (docs.gitlab.com/ci/runners/
        # configure_runners, "Set the maximum job timeout").
        default_job_minutes=60,
    ),
    beside=Beside(
        path=gitlab_beside.PATH,
        build=lambda design: gitlab_beside.included_document(pipeline_document(design)),
        include=lambda text, design: gitlab_beside.include_into(text, pipeline_document(design)),
    ),
    includes=gitlab_beside.local_includes,
)
