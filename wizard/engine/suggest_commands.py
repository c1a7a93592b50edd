"""Evidence -> the stage commands of ``mlops.mk``: the repository's own validate, train and
evaluate commands, where it has them, each with the path:line it comes from.

Where each stage's command is looked for, the first that has one wins:

1. a data versioning tool's pipeline (``dvc.yaml``): its stage named for the work
   (``train``, ``evaluate``, ``validate``), run by the tool's own command, which fetches what
   a fresh checkout lacks (``dvc repro --pull train``), its outputs pushed after training
   (``dvc push``) and its lock file handed to the next job; with no stage named for training,
   the whole pipeline;
2. an MLflow project's entry point (``main`` or one named for the work), run in the job's
   environment;
3. a Makefile target named for the work (``make train``);
4. the repository's CI: its data tests for validation (``pytest tests/data -m "not slow"``,
   with the options CI gives them) or a script it runs named for validating the data (with
   its arguments), its training or evaluation command when it stands alone (no variable it
   needs from its job, no redirection).

The tool's commands appear only where its pipeline file does: a repository without
``dvc.yaml`` never gets ``dvc repro``; one whose data alone is tracked (``.dvc`` files) gets
``dvc pull`` before its own training command.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable
from pathlib import PurePosixPath

from wizard.model.catalog import CATALOG, ToolInfo
from wizard.model.design import StageCommand
from wizard.model.evidence import Evidence, EvidenceItem

#: What a name starts with when it is named for each stage's work.
_NAMED: dict[str, tuple[str, ...]] = {
    "validate_data": ("validat", "check_data", "check-data", "data_validation", "test_data"),
    "train_model": ("train", "fit"),
    "evaluate_model": ("eval",),
}
_TRAINING_SCRIPT = re.compile(r"(?:^|[\s/])train\w*\.py\b")
_EVALUATION_SCRIPT = re.compile(r"(?:^|[\s/])eval\w*\.py\b")
_NOT_STANDALONE = re.compile(r"[$`<>|;&]")
_DATA_TESTS = re.compile(r"(?:^|/)(?:test_?)?data(?:_tests?)?(?:/|\.py$|$)")
_PYTEST = frozenset({"pytest", "py.test"})
_VALIDATION_SCRIPT = re.compile(
    r"^python3?\s+(?:\S+/)?(?:validat|check_data|data_validation)\w*\.py(?:\s|$)"
)
_MAIN_ENTRY = "main"
STAGES = tuple(_NAMED)


def _named(name: str, stage: str) -> bool:
    lowered = name.lower()
    return lowered.startswith(_NAMED[stage])


def _folder(path: str) -> str:
    return str(PurePosixPath(path).parent)


def _pipeline_tool(item: EvidenceItem) -> ToolInfo | None:
    """The data versioning tool whose pipeline file the finding is in."""
    entry = CATALOG["data_versioning"].get(item.tool)
    if entry is None or not entry.pipeline_file:
        return None
    return entry if PurePosixPath(item.path).name == entry.pipeline_file else None


def _project_tool(item: EvidenceItem) -> ToolInfo | None:
    """The tracker whose project file the finding is in (an MLproject)."""
    entry = CATALOG["experiment_tracking"].get(item.tool)
    if entry is None or not entry.project_file:
        return None
    return entry if PurePosixPath(item.path).name == entry.project_file else None


def _writes(evidence: Evidence, stage: EvidenceItem) -> tuple[str, ...]:
    """The outputs and metrics files a pipeline stage declares."""
    files: list[str] = []
    for item in evidence.items:
        if (item.path, item.tool, item.name) == (stage.path, stage.tool, stage.name) and (
            item.category in ("data_versioning", "experiment_tracking")
        ):
            files += item.value.split()
    folder = _folder(stage.path)
    return tuple(str(PurePosixPath(folder) / file) if folder != "." else file for file in files)


def _dvc_commands(evidence: Evidence, stages: list[EvidenceItem]) -> list[StageCommand]:
    entry = _pipeline_tool(stages[0])
    assert entry is not None
    folder = _folder(stages[0].path)

    def target(stage: EvidenceItem) -> str:
        return stage.name if folder == "." else f"{stages[0].path}:{stage.name}"

    found: list[StageCommand] = []
    training = next((stage for stage in stages if _named(stage.name, "train_model")), None)
    training = training or next(
        (stage for stage in stages if _TRAINING_SCRIPT.search(stage.value)), None
    )
    run = entry.train_command
    lock = str(PurePosixPath(folder) / entry.lock_file) if folder != "." else entry.lock_file
    if training is not None:
        lines = (f"{run} {target(training)}", entry.push_command)
        what = f"the {entry.name} stage {training.name}"
        writes = _writes(evidence, training)
        found.append(StageCommand("train_model", lines, training.where, what, writes, (lock,)))
    else:
        lines = (run if folder == "." else f"{run} {stages[0].path}", entry.push_command)
        what = f"the {entry.name} pipeline in {stages[0].path}"
        found.append(StageCommand("train_model", lines, stages[0].where, what, (), (lock,)))
    for stage_name in ("validate_data", "evaluate_model"):
        stage = next((item for item in stages if _named(item.name, stage_name)), None)
        if stage is not None:
            what = f"the {entry.name} stage {stage.name}"
            found.append(
                StageCommand(
                    stage_name,
                    (f"{run} {target(stage)}",),
                    stage.where,
                    what,
                    _writes(evidence, stage),
                )
            )
    return found


def _project_commands(entries: list[EvidenceItem]) -> list[StageCommand]:
    tool = _project_tool(entries[0])
    assert tool is not None
    found: list[StageCommand] = []
    for stage in STAGES:
        entry = next((item for item in entries if _named(item.name, stage)), None)
        if entry is None and stage == "train_model":
            entry = next((item for item in entries if item.name == _MAIN_ENTRY), None)
        if entry is None:
            continue
        folder = _folder(entry.path)
        project = "." if folder == "." else folder
        command = tool.project_command.format(project=project, entry=entry.name)
        what = f"the {tool.project_file} entry point {entry.name}"
        found.append(StageCommand(stage, (command,), entry.where, what))
    return found


def _make_commands(targets: list[EvidenceItem]) -> list[StageCommand]:
    found: list[StageCommand] = []
    for stage in STAGES:
        target = next((item for item in targets if _named(item.name, stage)), None)
        if target is None:
            continue
        folder = _folder(target.path)
        file = PurePosixPath(target.path).name
        words = ["make"]
        if folder != ".":
            words += ["-C", folder]
        if file not in ("Makefile", "makefile", "GNUmakefile"):
            words += ["-f", file]
        command = " ".join([*words, target.name])
        found.append(
            StageCommand(stage, (command,), target.where, f"the make target {target.name}")
        )
    return found


def _standalone(command: str) -> bool:
    return bool(command.strip()) and _NOT_STANDALONE.search(command) is None


def _pytest_arguments(command: str) -> list[str] | None:
    """What a CI line passes to pytest (``tests/data -m 'not slow' --maxfail=1``); None when
    the line runs no pytest of its own, or its arguments need the job's shell (a variable, a
    substitution), which a quoted copy would not expand."""
    try:
        lexer = shlex.shlex(command, posix=True, punctuation_chars=";&|")
        lexer.whitespace_split = True
        words = list(lexer)
    except ValueError:
        return None
    for index, word in enumerate(words):
        program = word.rpartition("/")[2]
        if program in _PYTEST:
            start = index + 1
        elif word == "-m" and words[index + 1 : index + 2] == ["pytest"]:
            start = index + 2
        else:
            continue
        end = next(
            (at for at in range(start, len(words)) if set(words[at]) <= set(";&|")), len(words)
        )
        arguments = words[start:end]
        if any("$" in argument or "`" in argument for argument in arguments):
            return None
        return arguments
    return None


def _data_tests(evidence: Evidence, item: EvidenceItem) -> str | None:
    """``python -m pytest`` on the data tests CI runs, with the options CI gives them where
    the CI line itself runs pytest; on the data test paths alone otherwise."""
    data_tests = [path for path in item.value.split() if _DATA_TESTS.search(path)]
    if not data_tests:
        return None
    line = next(
        (
            other.value
            for other in evidence.of("commands")
            if (other.path, other.line, other.tool) == (item.path, item.line, item.tool)
        ),
        "",
    )
    arguments = _pytest_arguments(line)
    if arguments is None or not any(_DATA_TESTS.search(word) for word in arguments):
        arguments = data_tests
    return shlex.join(["python", "-m", "pytest", *arguments])


def _ci_commands(evidence: Evidence) -> list[StageCommand]:
    ci_tools = {item.tool for item in evidence.of("ci_cd")}
    found: list[StageCommand] = []
    for item in evidence.of("ci_tests"):
        command = _data_tests(evidence, item)
        if command is not None:
            # The detail reads "runs tests (<command>)": the command alone, in its parentheses.
            what = f"the data tests CI runs {item.detail.removeprefix('runs tests ')}"
            found.append(StageCommand("validate_data", (command,), item.where, what))
            break
    else:
        for item in evidence.of("commands"):
            line = item.value.strip()
            if item.tool in ci_tools and _VALIDATION_SCRIPT.match(line) and _standalone(line):
                what = "the data validation CI runs"
                found.append(StageCommand("validate_data", (line,), item.where, what))
                break
    for item in evidence.of("ci_training"):
        if _standalone(item.value):
            what = "the training CI runs"
            found.append(StageCommand("train_model", (item.value.strip(),), item.where, what))
            break
    for item in evidence.of("commands"):
        if (
            item.tool in ci_tools
            and _EVALUATION_SCRIPT.search(item.value)
            and _standalone(item.value)
        ):
            what = "the evaluation CI runs"
            found.append(StageCommand("evaluate_model", (item.value.strip(),), item.where, what))
            break
    return found


def _first_per_stage(groups: Iterable[list[StageCommand]]) -> tuple[StageCommand, ...]:
    chosen: dict[str, StageCommand] = {}
    for group in groups:
        for command in group:
            chosen.setdefault(command.stage, command)
    return tuple(chosen[stage] for stage in STAGES if stage in chosen)


def _tracks_data(item: EvidenceItem) -> ToolInfo | None:
    """The data versioning tool whose tracking file (``data.csv.dvc``) the finding is."""
    entry = CATALOG["data_versioning"].get(item.tool)
    if entry is None or not entry.pull_command:
        return None
    extensions = [sign["extension"] for sign in entry.scan.get("files", ()) if "extension" in sign]
    return entry if item.path.endswith(tuple(extensions)) and extensions else None


def _pull_first(commands: tuple[StageCommand, ...], evidence: Evidence) -> tuple[StageCommand, ...]:
    """Data tracked by a data versioning tool without its pipeline: fetch it first."""
    tracked = next(
        (entry for item in evidence.of("data_versioning") if (entry := _tracks_data(item))),
        None,
    )
    if tracked is None:
        return commands
    return tuple(
        StageCommand(
            command.stage,
            (tracked.pull_command, *command.lines),
            command.source,
            command.what,
            command.writes,
            command.hands_on,
        )
        if command.stage in ("train_model", "validate_data")
        else command
        for command in commands
    )


def suggest_commands(evidence: Evidence) -> tuple[tuple[StageCommand, ...], bool]:
    """The stages the repository has its own command for, and whether it runs its training
    through a data versioning tool's pipeline."""
    commands = evidence.of("commands")
    pipeline = [item for item in commands if _pipeline_tool(item) is not None]
    project = [item for item in commands if _project_tool(item) is not None]
    targets = [item for item in commands if item.tool == "make"]
    groups = [
        _dvc_commands(evidence, pipeline) if pipeline else [],
        _project_commands(project) if project else [],
        _make_commands(targets),
        _ci_commands(evidence),
    ]
    chosen = _first_per_stage(groups)
    if not pipeline:
        chosen = _pull_first(chosen, evidence)
    return chosen, bool(pipeline)
