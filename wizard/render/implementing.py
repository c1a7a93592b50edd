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
from wizard.render.costs import minutes_text
from wizard.render.environment import template_environment
from wizard.render.escape import code, md

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


def wiring(design: Design) -> Wiring:
    platform = platform_of(design.pipeline.platform)
    targets = stage_targets(design)
    login_jobs = tuple(
        stage.name for stage in design.pipeline.stages if runtime.logs_in(design, stage.name)
    )
    login = platform.logins[design.cloud] if login_jobs else {}
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
