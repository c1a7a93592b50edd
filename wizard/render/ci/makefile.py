"""``mlops.mk``: a make target for every command the pipeline runs as ``make <target>``,
the starting point for the stages the repository lacks. Included from the Makefile
(``include mlops.mk``), it is written once and then belongs to the team (the export never
writes over it).

A target has a real command only where the chosen tools make one obvious (``dvc repro`` for
a DVC pipeline, ``mlops-wizard gate`` and ``drift`` on the committed spec); every other
target fails, saying in one line what to put there. None passes without doing its work.
"""

from __future__ import annotations

import shlex

from wizard.model.catalog import catalog_entry
from wizard.model.design import Design
from wizard.model.files import STAGE_TARGETS, RenderedFile
from wizard.model.text import collapse_whitespace
from wizard.render.ci import common, runtime

#: What each stage target must do, said where the team fills it in.
_DUTIES: dict[str, str] = {
    "validate_data": "check the training data against its expectations; fail on a violation",
    "train_model": "train the model; write RUN_ID=<the run id> to the file MLOPS_OUTPUTS names",
    "evaluate_model": (
        f"score the candidate (run RUN_ID) and production; write {common.EVALUATION_FILE}"
    ),
    "register_model": (
        "register the model of run RUN_ID; write MODEL_VERSION=<version> to the file "
        "MLOPS_OUTPUTS names"
    ),
    "deploy_staging": "deploy MODEL_VERSION to staging and smoke-test it",
    "promote_production": "mark MODEL_VERSION as the production model in the registry",
}


def _make_target(command: str) -> str | None:
    """The target of a ``make <target> [VAR=value ...]`` command, else None."""
    try:
        words = shlex.split(command)
    except ValueError:
        return None
    if len(words) < 2 or words[0] != "make":
        return None
    target = next(
        (word for word in words[1:] if "=" not in word and not word.startswith("-")), None
    )
    if target is None or not all(c.isalnum() or c in "_-." for c in target):
        return None
    return target


def _train_command(design: Design) -> str | None:
    """The data versioning tool's command that runs the training pipeline (``dvc repro``)."""
    try:
        tool = design.component("data_versioning").tool
    except KeyError:
        return None
    return catalog_entry("data_versioning", tool).train_command or None


def _fails(target: str, duty: str) -> list[str]:
    # make expands $ in a recipe; the duty may quote the answers, so it is kept literal.
    message = collapse_whitespace(f"mlops.mk: {target}: not written yet: {duty}").replace("$", "$$")
    return [f"\t@echo {shlex.quote(message)} >&2", "\t@exit 1"]


def _command(design: Design, target: str) -> str | None:
    """The target's real command where the chosen tools make one obvious, else None."""
    if target == "train_model":
        return _train_command(design)
    return None


def _recipe(design: Design, target: str, duty: str) -> list[str]:
    command = _command(design, target)
    return [f"\t{command}"] if command is not None else _fails(target, duty)


def _targets(design: Design) -> dict[str, str]:
    """Target -> what it must do, in the order the pipeline runs them."""
    commands = [
        (stage.command, _DUTIES.get(stage.name, stage.description))
        for stage in design.pipeline.stages
    ]
    for step in common.rollout_steps(design):
        commands.append((step.command, f"{step.name}: start this rollout stage"))
        commands.append((step.check_command, f"{step.name}: fail unless {step.check}"))
    if common.rollout_steps(design):
        # What undoing means depends on the strategy (traffic, a shadow, the next batch run).
        rollback = f"undo the rollout: {design.deployment.rollback_effect}"
        commands.append((common.ROLLBACK_COMMAND, rollback))
    targets: dict[str, str] = {}
    for command, duty in commands:
        target = _make_target(command)
        if target is not None:
            targets.setdefault(target, duty)
    return targets


_HEADER = f"""\
# Stage targets for the ML pipeline, written once by mlops-wizard: this file is yours now,
# and a re-export never writes over it. Include it from your Makefile:
#
#     include {STAGE_TARGETS}
#
# A target that says "not written yet" fails on purpose: put your command there.

EVALUATION_FILE ?= {common.EVALUATION_FILE}
MLOPS_SPEC ?= {runtime.runtime_environment()[runtime.SPEC_VARIABLE]}
MLOPS_OUTPUTS ?= {runtime.OUTPUTS_FILE}
""" + "".join(f"{name} ?= {path}\n" for name, path in runtime.DRIFT_FILES.items())

_POLICY = """
# The promotion gate and the drift check, as the pipeline runs them.
gate:
\tmlops-wizard gate "$(EVALUATION_FILE)" --spec "$(MLOPS_SPEC)"

drift:
\tmlops-wizard drift --reference "$(DRIFT_REFERENCE)" --current "$(DRIFT_CURRENT)" \\
\t\t--spec "$(MLOPS_SPEC)" --history "$(DRIFT_HISTORY)"
"""


#: The targets every mlops.mk has, with the command each runs.
POLICY_TARGETS = {"gate": "mlops-wizard gate", "drift": "mlops-wizard drift"}


def stage_targets(design: Design) -> dict[str, str | None]:
    """Every target mlops.mk defines -> its real command, or None where it fails until the
    team writes one (what IMPLEMENTING.md lists)."""
    found: dict[str, str | None] = {target: _command(design, target) for target in _targets(design)}
    return found | POLICY_TARGETS


def render_stage_targets(design: Design) -> RenderedFile:
    targets = _targets(design)
    lines = [_HEADER, f".PHONY: {' '.join([*targets, *POLICY_TARGETS])}"]
    for target, duty in targets.items():
        lines += ["", f"{target}:", *_recipe(design, target, duty)]
    return RenderedFile(STAGE_TARGETS, "make", "\n".join(lines) + "\n" + _POLICY)
