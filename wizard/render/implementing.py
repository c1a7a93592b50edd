"""IMPLEMENTING.md: what only the person wiring the pipeline needs (the commands and
``mlops.mk``, each job's set-up, the cloud login, the variables the jobs read, the evaluation
file, the approval set-up on the platform, the rollout's entry points, the drift monitor).
architecture.md states each decision and refers here for the wiring, so the design document
stays short enough to sign.

Every name and value here is read from the constants the CI renderers write the pipeline
with (``wizard.render.ci``), so the guide describes the file that is generated.
"""

from __future__ import annotations

from typing import Any

from wizard.model.design import Design
from wizard.model.files import STAGE_TARGETS
from wizard.model.records import record
from wizard.render.ci import common, runtime
from wizard.render.ci.makefile import stage_targets
from wizard.render.ci.platform import Platform
from wizard.render.ci.registry import platform_of
from wizard.render.ci.release import ROLLBACK_JOBS, ReleaseJob, Run, release_plan
from wizard.render.costs import minutes_text
from wizard.render.environment import template_environment
from wizard.render.escape import code, md
from wizard.render.lifecycle_words import LifecycleRow, check_bounds, lifecycle_rows, unchecked

#: What each of the drift check's inputs holds (keys: ``runtime.DRIFT_FILES``).
_DRIFT_INPUTS = {
    "DRIFT_REFERENCE": "the reference sample (the training data)",
    "DRIFT_CURRENT": "the latest window of production inputs",
    "DRIFT_HISTORY": "past windows for the k-of-n rule, kept in the platform's cache",
}


@record
class Variable:
    name: str
    meaning: str


@record
class DriftInput:
    name: str
    default: str
    holds: str


@record
class ReleaseRow:
    """One job of the release, as IMPLEMENTING.md lists it."""

    job: str
    run: str
    """``this run`` or ``the comparator``."""
    after: tuple[str, ...]
    """The jobs it waits for."""
    delay_minutes: int
    """The platform starts it this long after them; 0: at once."""
    signed: bool
    due_only: bool
    commands: tuple[str, ...]


@record
class Wiring:
    """The facts of the generated pipeline the template states, for one design."""

    runs_on: str
    """Where ``cicd.runner`` takes the jobs, in the platform's words."""
    push_filters: tuple[str, ...]
    real_targets: tuple[tuple[str, str], ...]
    """(target, its command) where mlops.mk has a real one, in the pipeline's order."""
    todo_targets: tuple[str, ...]
    """Targets that fail until the team writes their command."""
    stage_targets_file: str
    requirement: str
    runtime: tuple[Variable, ...]
    login: tuple[Variable, ...]
    login_jobs: tuple[str, ...]
    drift_inputs: tuple[DriftInput, ...]
    monitors: bool
    monitoring_cron: str
    history_folder: str
    release: tuple[ReleaseRow, ...]
    """The release's jobs, in order, each run's rollback job last."""
    waits: tuple[int, ...]
    """The distinct waits (minutes) the platform holds a release job for."""
    comparator_cron: str | None
    lifecycle: tuple[LifecycleRow, ...]
    unchecked: str
    check_bounds: str
    """The variables the release's checks are held to ('' for none)."""
    credentials: tuple[Variable, ...]
    """The tracker's and the registry's variables, secret ones marked."""
    secret_credentials: tuple[str, ...]
    credential_jobs: tuple[str, ...]
    own_index: bool = False
    """The jobs install from the site's own package index (on premises, air-gapped)."""


def _runtime_variables(design: Design, platform: Platform) -> tuple[Variable, ...]:
    variables = platform.variables
    override = (
        f"override it with {variables.where_set}"
        if runtime.REQUIREMENT_VARIABLE in variables.overridable
        else "change it in the file"
    )
    rows = [
        Variable(
            runtime.REQUIREMENT_VARIABLE,
            f"what each job installs first: `{runtime.requirement()}`, the version that wrote "
            f"this policy; {override} (a wheel's path or a fork works as well as a pin)",
        ),
        Variable(
            runtime.SPEC_VARIABLE,
            "the committed spec the gate and the drift check read: commit "
            f"`{runtime.runtime_environment()[runtime.SPEC_VARIABLE]}` at the root",
        ),
        Variable(
            runtime.OUTPUTS_VARIABLE,
            f"the file (`{runtime.OUTPUTS_FILE}`) a stage appends `KEY=value` lines to; the "
            "pipeline hands them to every later job as variables",
        ),
        Variable("EVALUATION_FILE", f"`{common.EVALUATION_FILE}`, the file the gate reads"),
        *(
            [
                Variable(
                    "COMPARISON_FILE",
                    f"`{common.COMPARISON_FILE}`, the file `make compare` writes and the "
                    "comparator's gate reads",
                )
            ]
            if release_plan(design).comparator
            else []
        ),
        Variable(runtime.HANDED_IDS[0], "the training run's id: `train_model` writes it"),
        Variable(runtime.HANDED_IDS[1], "the registered version: `register_model` writes it"),
        Variable("RUN_REASON", "why the run started (`drift-detected`, `manual`, the event)"),
    ]
    if variables.declares_reviewer(design):
        rows.append(
            Variable(
                runtime.REVIEWER_VARIABLE,
                "who reviewed a change above the human-review bound, passed to the gate as "
                f"`--reviewed-by` (set through {variables.reviewer_input})",
            )
        )
    rows += [Variable(name, meaning) for name, meaning in variables.file_variables(design)]
    return tuple(rows)


def _release_row(job: ReleaseJob) -> ReleaseRow:
    return ReleaseRow(
        job=job.name,
        run="this run" if job.run is Run.MAIN else "the comparator",
        after=job.needs,
        delay_minutes=job.delay_minutes,
        signed=job.signed,
        due_only=job.due_only,
        commands=job.commands,
    )


def _release_rows(design: Design) -> tuple[ReleaseRow, ...]:
    plan = release_plan(design)
    rows: list[ReleaseRow] = []
    for run in Run:
        jobs = plan.run(run)
        if not jobs:
            continue
        rows += [_release_row(job) for job in jobs]
        rows.append(
            ReleaseRow(
                job=ROLLBACK_JOBS[run],
                run="this run" if run is Run.MAIN else "the comparator",
                after=plan.rollback_needs(run),
                delay_minutes=0,
                signed=False,
                due_only=False,
                commands=(common.ROLLBACK_COMMAND,),
            )
        )
    return tuple(rows)


def _job_names(design: Design) -> tuple[str, ...]:
    """Every job of the pipeline, in the order the guide lists them: the stages (the release's
    jobs in place of the promotion stage), the drift monitor, the comparator's jobs."""
    plan = release_plan(design)
    names: list[str] = []
    for stage in design.pipeline.stages:
        if stage.name == common.PROMOTION_STAGE and plan.jobs:
            names += [job.name for job in plan.main]
        else:
            names.append(stage.name)
    if runtime.monitors_drift(design):
        names.append(runtime.MONITOR_JOB)
    names += [job.name for job in plan.comparator]
    return tuple(names)


def _login_key(design: Design, job: str) -> str:
    """The stage whose access a job has: a release job's is the promotion's, the comparator's
    compare job's the comparator's."""
    plan = release_plan(design)
    if job in {release.name for release in plan.comparator if release.label_gated}:
        return runtime.COMPARATOR
    if job in {release.name for release in plan.jobs}:
        return common.PROMOTION_STAGE
    return job


def wiring(design: Design) -> Wiring:
    platform = platform_of(design.pipeline.platform)
    targets = stage_targets(design)
    jobs = _job_names(design)
    login_jobs = tuple(job for job in jobs if runtime.logs_in(design, _login_key(design, job)))
    login = platform.logins[design.cloud] if login_jobs else {}
    credentials = runtime.credentials(design)
    credential_jobs = tuple(
        job for job in jobs if runtime.reaches_tracker(design, _login_key(design, job))
    )
    plan = release_plan(design)
    return Wiring(
        runs_on=platform.runs_on(design.pipeline.runner),
        push_filters=platform.push_filters(design),
        real_targets=tuple((name, command) for name, command in targets.items() if command),
        todo_targets=tuple(name for name, command in targets.items() if not command),
        stage_targets_file=STAGE_TARGETS,
        requirement=runtime.requirement(),
        runtime=_runtime_variables(design, platform),
        login=tuple(Variable(name, meaning) for name, meaning in login.items()),
        login_jobs=login_jobs,
        drift_inputs=tuple(
            DriftInput(name, path, _DRIFT_INPUTS[name])
            for name, path in runtime.DRIFT_FILES.items()
        ),
        monitors=runtime.monitors_drift(design),
        monitoring_cron=runtime.monitoring_cron(design),
        history_folder=runtime.HISTORY_FOLDER,
        release=_release_rows(design),
        waits=tuple(sorted({job.delay_minutes for job in plan.jobs if job.delay_minutes})),
        comparator_cron=runtime.comparator_schedule(design) if plan.comparator else None,
        lifecycle=lifecycle_rows(design, platform.waiting.mechanism),
        unchecked=unchecked(design),
        check_bounds=check_bounds(design),
        credentials=tuple(Variable(item.name, item.holds) for item in credentials),
        secret_credentials=tuple(item.name for item in credentials if item.secret),
        credential_jobs=credential_jobs if credentials else (),
        # On premises (often air-gapped) the jobs install from the site's own package index.
        own_index=design.cloud == "on-prem",
    )


def render_implementing(design: Design) -> str:
    """IMPLEMENTING.md for ``design``; for a model the design does not cover, a note that
    there is no pipeline to wire."""
    scope = design.out_of_scope
    if scope is not None:
        title = f"# Implementing the pipeline: {md(design.project_name)}\n\n"
        if scope.evaluation_command is None:
            return (
                f"{title}No CI file is written: this design does not cover this model (see "
                "`architecture.md`), and a pipeline needs your evaluation suite to gate on. "
                "Give its command as `cicd.commands.evaluate_model` and re-export.\n"
            )
        return (
            f"{title}{code(design.pipeline.path)} runs the design check (`mlops-wizard "
            f"check`) and then your evaluation suite, {code(scope.evaluation_command)}, on "
            "every push: a failing suite fails the run. The rest of what would apply to this "
            "model is in `architecture.md`; this design wires nothing else.\n"
        )
    platform = platform_of(design.pipeline.platform)
    context: dict[str, Any] = {
        "design": design,
        "wiring": wiring(design),
        "ci": platform,
        "facts": platform.guide_facts(design),
        "runner_minutes": (
            minutes_text(design.cost.runner, design.pipeline.platform_name) if design.cost else ""
        ),
    }
    text = template_environment().get_template("implementing/pipeline.md.j2").render(context)
    return text.strip("\n") + "\n"
