"""IMPLEMENTING.md: what only the person wiring the pipeline needs (the commands and
``mlops.mk``, each job's set-up, the cloud login, the variables the jobs read, the evaluation
file, the approval set-up on the platform, the rollout's entry points, the drift monitor).
architecture.md states each decision and refers here for the wiring, so the design document
stays short enough to sign.

Every name and value here is read from the constants the CI renderers write the pipeline
with (``wizard.render.ci``), so the guide describes the file that is generated.
"""

from __future__ import annotations

from wizard.model.design import Design
from wizard.model.files import STAGE_TARGETS
from wizard.model.records import record
from wizard.render.ci import azure, common, gitlab, runtime
from wizard.render.ci.makefile import stage_targets
from wizard.render.ci.paths import push_filters
from wizard.render.environment import template_environment
from wizard.render.escape import md

#: Where a team sets a variable of its own, per platform.
_WHERE_SET = {
    "github-actions": "a repository variable of that name",
    "gitlab-ci": "a CI/CD variable of that name",
    "azure-pipelines": "the value in the file (a YAML variable wins over the UI)",
}
#: What each of the drift check's inputs holds (keys: ``runtime.DRIFT_FILES``).
_DRIFT_INPUTS = {
    "DRIFT_REFERENCE": "the reference sample (the training data)",
    "DRIFT_CURRENT": "the latest window of production inputs",
    "DRIFT_HISTORY": "past windows for the k-of-n rule, kept in the platform's cache",
}
#: How a person passes who reviewed a large change, per platform.
_REVIEWER_INPUT = {
    "github-actions": "the `reviewed_by` input of **Run workflow**",
    "gitlab-ci": "the `REVIEWED_BY` variable of **Run pipeline**",
    "azure-pipelines": "the `reviewedBy` parameter of **Run pipeline**",
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
class Wiring:
    """The facts of the generated pipeline the template states, for one design."""

    where_set: str
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
    reviewer_input: str
    token_file: str
    image: str | None
    service_connection: str | None


def _runtime_variables(design: Design, where_set: str) -> tuple[Variable, ...]:
    platform = design.pipeline.platform
    override = (
        f"override it with {where_set}"
        if platform != "azure-pipelines"
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
        Variable(runtime.HANDED_IDS[0], "the training run's id: `train_model` writes it"),
        Variable(runtime.HANDED_IDS[1], "the registered version: `register_model` writes it"),
        Variable("RUN_REASON", "why the run started (`drift-detected`, `manual`, the event)"),
    ]
    if platform == "gitlab-ci" or common.runs_on_demand(design):
        rows.append(
            Variable(
                runtime.REVIEWER_VARIABLE,
                "who reviewed a change above the human-review bound, passed to the gate as "
                f"`--reviewed-by` (set through {_REVIEWER_INPUT[platform]})",
            )
        )
    cron = common.schedule_cron(design)
    if platform == "gitlab-ci" and cron is not None:
        rows.append(Variable("RETRAINING_CRON", "the cron to give the retraining schedule"))
    if platform == "gitlab-ci" and runtime.monitors_drift(design):
        rows.append(Variable("MONITORING_CRON", "the cron to give the monitoring schedule"))
        rows.append(
            Variable(
                gitlab.PIPELINE_VARIABLE,
                "`monitoring` on the monitoring schedule: that pipeline runs the drift check only",
            )
        )
    return tuple(rows)


def _login(design: Design) -> tuple[tuple[Variable, ...], tuple[str, ...]]:
    """The ids the team sets for the cloud login, and the jobs that log in."""
    jobs = [stage.name for stage in design.pipeline.stages if runtime.logs_in(design, stage.name)]
    if not jobs:
        return (), ()
    platform = design.pipeline.platform
    if platform == "github-actions":
        table = runtime.CLOUD_LOGIN_IDS[design.cloud]
    elif platform == "gitlab-ci":
        table = gitlab.SDK_VARIABLES[design.cloud]
    else:
        connection = azure.SERVICE_CONNECTIONS.get(design.cloud)
        if connection is None:
            return (), tuple(jobs)
        table = {connection[2]: "the service connection the cloud stages run under"}
    return tuple(Variable(name, meaning) for name, meaning in table.items()), tuple(jobs)


def _runs_on(design: Design) -> str:
    runner = design.pipeline.runner
    if design.pipeline.platform == "github-actions":
        return "`runs-on`"
    if design.pipeline.platform == "gitlab-ci":
        return "the shared runners" if runner == gitlab.DEFAULT_RUNNER else "a runner with that tag"
    return (
        "a Microsoft-hosted image"
        if runner in azure.HOSTED_IMAGES
        else "the agent pool of that name"
    )


def wiring(design: Design) -> Wiring:
    platform = design.pipeline.platform
    where_set = _WHERE_SET[platform]
    login, login_jobs = _login(design)
    targets = stage_targets(design)
    connection = azure.SERVICE_CONNECTIONS.get(design.cloud)
    return Wiring(
        where_set=where_set,
        runs_on=_runs_on(design),
        push_filters=push_filters(design),
        real_targets=tuple((name, command) for name, command in targets.items() if command),
        todo_targets=tuple(name for name, command in targets.items() if not command),
        stage_targets_file=STAGE_TARGETS,
        requirement=runtime.requirement(),
        runtime=_runtime_variables(design, where_set),
        login=login,
        login_jobs=login_jobs,
        drift_inputs=tuple(
            DriftInput(name, path, _DRIFT_INPUTS[name])
            for name, path in runtime.DRIFT_FILES.items()
        ),
        monitors=runtime.monitors_drift(design),
        monitoring_cron=runtime.monitoring_cron(common.schedule_cron(design)),
        history_folder=runtime.HISTORY_FOLDER,
        reviewer_input=_REVIEWER_INPUT[platform],
        token_file=gitlab.TOKEN_FILE,
        image=gitlab.IMAGE if design.cloud not in gitlab.OFFLINE_CLOUDS else None,
        service_connection=(
            azure.service_connection_name(design.cloud)
            if connection is not None and login_jobs
            else None
        ),
    )


def render_implementing(design: Design) -> str:
    """IMPLEMENTING.md for ``design``; for a model the design does not cover, a note that
    there is no pipeline to wire."""
    if design.out_of_scope is not None:
        return (
            f"# Implementing the pipeline: {md(design.project_name)}\n\n"
            "Nothing to wire: this design does not cover this model (see `architecture.md`).\n"
        )
    template = template_environment().get_template("implementing/pipeline.md.j2")
    text = template.render(design=design, wiring=wiring(design))
    return text.strip("\n") + "\n"
