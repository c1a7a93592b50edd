"""``mlops.mk``: a make target for every command the pipeline runs as ``make <target>``,
the starting point for the stages the repository lacks. Included from the Makefile
(``include mlops.mk``), it is written once and then belongs to the team (the export never
writes over it).

A target has a real command where the repository already has one (the scan's stage
commands, ``wizard.engine.suggest_commands``: a DVC pipeline's stage run with ``dvc repro
--pull`` and pushed after, an MLproject entry point, a Makefile target, the data tests CI
runs), each said where it comes from, or where the chosen tools make one obvious
(``mlops-wizard gate`` and ``drift`` on the committed spec; without a scan, the data
versioning tool the answers chose); every other target fails, saying in one line what to put
there. None passes without doing its work, and a tool's command is never written for a
repository the scan read without finding the tool's pipeline.
"""

from __future__ import annotations

import shlex

from wizard.model.catalog import ToolInfo, catalog_entry
from wizard.model.design import Design, StageCommand
from wizard.model.files import STAGE_TARGETS, RenderedFile
from wizard.model.lifecycle import LifecycleStep
from wizard.model.text import collapse_whitespace
from wizard.render import lifecycle_words as words
from wizard.render.ci import common, runtime
from wizard.render.ci.release import release_plan

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
#: Every target a release runs may be run again on the same version: a move that is already
#: made changes nothing, which is what lets the scheduled comparator run twice.
_AGAIN = "; run again, it changes nothing"


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


def _chosen_pipeline_tool(design: Design) -> ToolInfo | None:
    """The chosen data versioning tool, when it runs a training pipeline (DVC)."""
    try:
        tool = design.component("data_versioning").tool
    except KeyError:
        return None
    entry = catalog_entry("data_versioning", tool)
    return entry if entry.train_command else None


def _scanned(design: Design) -> bool:
    return design.evidence.root is not None


def _answered_pipeline(design: Design) -> StageCommand | None:
    """Without a scan, the pipeline of a data versioning tool the answers chose (a scan
    that found its pipeline file says so itself)."""
    entry = _chosen_pipeline_tool(design)
    if entry is None or _scanned(design):
        return None
    if design.component("data_versioning").source != "answer":
        return None
    lines = (entry.train_command, entry.push_command)
    what = (
        f"{entry.name}'s pipeline ({entry.pipeline_file}), the data versioning the answers "
        "chose; no scan read the repository"
    )
    return StageCommand("train_model", lines, "", what, (), (entry.lock_file,))


def _repository_command(design: Design, target: str) -> StageCommand | None:
    found = design.suggestions.command(target)
    if found is None and target == "train_model":
        found = _answered_pipeline(design)
    return found


def _literal(text: str) -> str:
    """make expands $ in a recipe: a command the repository wrote, or a duty quoting the
    answers, is kept as written."""
    return text.replace("$", "$$")


def _fails(target: str, duty: str) -> list[str]:
    message = _literal(collapse_whitespace(f"mlops.mk: {target}: not written yet: {duty}"))
    return [f"\t@echo {shlex.quote(message)} >&2", "\t@exit 1"]


def _missing_pipeline(design: Design, target: str, duty: str) -> list[str] | None:
    """A data versioning tool chosen whose pipeline file the scan did not find: its command
    would fail on the first line, so the target says what is missing instead."""
    entry = _chosen_pipeline_tool(design)
    if target != "train_model" or entry is None or not _scanned(design):
        return None
    missing = (
        f"{entry.name} is chosen, but the scan found no {entry.pipeline_file}: add the "
        f"pipeline, or put your training command here ({duty})"
    )
    return _fails(target, missing)


def _comment(found: StageCommand) -> str:
    if not found.source:
        return collapse_whitespace(f"# {found.what[:1].upper()}{found.what[1:]}.")
    return collapse_whitespace(
        f"# From {found.source} ({found.what}): the repository's own command."
    )


def _from_repository(found: StageCommand, target: str, duty: str) -> list[str]:
    recipe = [_comment(found)]
    recipe += [f"\t{_literal(line)}" for line in found.lines]
    if found.hands_on and target == "train_model":
        # The lock file records exactly what this run produced: its digest is the run's id.
        lock = shlex.quote(found.hands_on[0])
        recipe.append(
            f'\techo "RUN_ID=$$(sha256sum {lock} | cut -c1-12)" >> "$({runtime.OUTPUTS_VARIABLE})"'
        )
    elif target == "train_model":
        recipe.insert(1, collapse_whitespace(f"# The pipeline also expects this: {duty}."))
    if target == common.EVALUATION_STAGE and common.EVALUATION_FILE not in found.writes:
        message = _literal(
            collapse_whitespace(
                f"mlops.mk: {target}: {found.what} did not write {common.EVALUATION_FILE}: {duty}"
            )
        )
        recipe.append(
            f'\t@test -f "$(EVALUATION_FILE)" || {{ echo {shlex.quote(message)} >&2; exit 1; }}'
        )
    return recipe


def _command(design: Design, target: str) -> str | None:
    """The target's real command where there is one, else None."""
    found = _repository_command(design, target)
    return found.lines[0] if found is not None else None


def _recipe(design: Design, target: str, duty: str) -> list[str]:
    found = _repository_command(design, target)
    if found is not None:
        return _from_repository(found, target, duty)
    return _missing_pipeline(design, target, duty) or _fails(target, duty)


def _move_duty(design: Design, step: LifecycleStep) -> str:
    lifecycle = design.lifecycle
    if step.id == "comparison":
        return (
            f"find the candidate that carries {lifecycle.pending_mark} and whose labels are "
            f"back ({lifecycle.label_delay_days} days after it started scoring); write "
            "MODEL_VERSION=<its version> to the file MLOPS_OUTPUTS names, and to "
            f"COMPARISON_FILE the evaluation file's fields measured on its labelled live "
            f"traffic against production's; write nothing when none is due{_AGAIN}"
        )
    return f"{step.name}: make it so for MODEL_VERSION: {words.moves(design, step)}{_AGAIN}"


def _targets(design: Design) -> dict[str, str]:
    """Target -> what it must do, in the order the pipeline runs them."""
    releases = bool(release_plan(design).jobs)
    commands = [
        (stage.command, _DUTIES.get(stage.name, stage.description))
        for stage in design.pipeline.stages
        if not (releases and stage.name == common.PROMOTION_STAGE)
    ]
    if releases:
        for step in design.lifecycle.steps:
            commands.append((step.command, _move_duty(design, step)))
            if step.check_command is not None:
                checks = words.checks(design, step)
                commands.append((step.check_command, f"{step.name}: fail unless {checks}"))
        # What undoing means depends on the step reached (traffic, a shadow, a batch).
        commands.append((common.ROLLBACK_COMMAND, words.rollback_duty(design) + _AGAIN))
    targets: dict[str, str] = {}
    for command, duty in commands:
        target = _make_target(command)
        if target is not None:
            targets.setdefault(target, duty)
    return targets


_READ_ONCE = "MLOPS_MK_READ"
_HEADER = f"""\
# Stage targets for the ML pipeline, written once by mlops-wizard: this file is yours now,
# and a re-export never writes over it. The pipeline's jobs read it without a Makefile
# (they set {runtime.MAKEFILES_VARIABLE}={STAGE_TARGETS}); include it from your Makefile to
# run its targets with a plain make:
#
#     include {STAGE_TARGETS}
#
# A target that says "not written yet" fails on purpose: put your command there.

# Read once, whether make reads it through {runtime.MAKEFILES_VARIABLE}, your Makefile or both.
ifndef {_READ_ONCE}
{_READ_ONCE} := 1

EVALUATION_FILE ?= {common.EVALUATION_FILE}
COMPARISON_FILE ?= {common.COMPARISON_FILE}
MLOPS_SPEC ?= {runtime.runtime_environment()[runtime.SPEC_VARIABLE]}
MLOPS_OUTPUTS ?= {runtime.OUTPUTS_FILE}
""" + "".join(f"{name} ?= {path}\n" for name, path in runtime.DRIFT_FILES.items())

_READ_ONCE_END = f"endif  # {_READ_ONCE}\n"

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
        recipe = _recipe(design, target, duty)
        comments = [line for line in recipe if line.startswith("#")]
        steps = [line for line in recipe if not line.startswith("#")]
        lines += ["", *comments, f"{target}:", *steps]
    text = "\n".join(lines) + "\n" + _POLICY + "\n" + _READ_ONCE_END
    return RenderedFile(STAGE_TARGETS, "make", text)
