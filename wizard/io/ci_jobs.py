"""Reading a committed CI file and its ``make`` targets back, for ``check``: which jobs there are,
what each runs, and whether it waits for a person; which targets ``mlops.mk`` (or the
Makefile that includes it) defines, and which still only say "not written yet".

The reverse of the CI renderers, per platform: GitHub Actions jobs and their ``run`` steps (an
``environment`` is where required reviewers wait), GitLab CI jobs and their scripts (``when:
manual``, at the job or in a rule), Azure Pipelines stages and their jobs' script steps
(``ManualValidation@1``, or a deployment job's environment).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from wizard.io.errors import AnswersError
from wizard.io.loader import read_mapping
from wizard.io.policy_files import PolicyFileError, read_text
from wizard.model.records import record

#: What a stage target says until someone writes its command.
NOT_WRITTEN = "not written yet"
_GITLAB_KEYWORDS = frozenset(
    {
        "workflow",
        "default",
        "stages",
        "variables",
        "include",
        "image",
        "services",
        "before_script",
        "after_script",
        "cache",
        "spec",
    }
)
_AZURE_SCRIPT_KEYS = ("script", "bash", "pwsh", "powershell")


@record
class CiJob:
    name: str
    commands: tuple[str, ...]
    """Every shell command or script it runs, as written."""
    waits_for_approval: bool
    """A person must approve before it runs (the platform's own mechanism)."""


def _texts(value: Any) -> Iterator[str]:
    """Strings of a script: a string, or a (nested) list of strings."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def _github(document: Mapping[str, Any]) -> list[CiJob]:
    jobs = document.get("jobs")
    found = []
    for name, job in jobs.items() if isinstance(jobs, Mapping) else ():
        if not isinstance(job, Mapping):
            continue
        steps = job.get("steps") if isinstance(job.get("steps"), list) else []
        commands = [step["run"] for step in steps if isinstance(step, Mapping) and "run" in step]
        found.append(CiJob(str(name), tuple(_texts(commands)), "environment" in job))
    return found


def _gitlab_waits(job: Mapping[str, Any]) -> bool:
    if job.get("when") == "manual":
        return True
    rules = job.get("rules")
    return isinstance(rules, list) and any(
        isinstance(rule, Mapping) and rule.get("when") == "manual" for rule in rules
    )


def _gitlab(document: Mapping[str, Any]) -> list[CiJob]:
    found = []
    for name, job in document.items():
        if name in _GITLAB_KEYWORDS or str(name).startswith(".") or not isinstance(job, Mapping):
            continue
        commands = [
            *_texts(job.get("before_script")),
            *_texts(job.get("script")),
            *_texts(job.get("after_script")),
        ]
        found.append(CiJob(str(name), tuple(commands), _gitlab_waits(job)))
    default = document.get("default")
    if isinstance(default, Mapping):
        scripts = [*_texts(default.get("before_script")), *_texts(default.get("after_script"))]
        found.append(CiJob("default", tuple(scripts), False))
    return found


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
            for key in _AZURE_SCRIPT_KEYS:
                commands += _texts(step.get(key))
            inputs = step.get("inputs")
            if isinstance(inputs, Mapping):
                commands += _texts(inputs.get("script"))
            task = step.get("task")
            waits = waits or (isinstance(task, str) and task.startswith("ManualValidation@"))
    return CiJob(name, tuple(commands), waits)


def _azure(document: Mapping[str, Any]) -> list[CiJob]:
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


_READERS = {"github-actions": _github, "gitlab-ci": _gitlab, "azure-pipelines": _azure}


def read_ci_jobs(path: Path, platform: str) -> tuple[CiJob, ...] | None:
    """The jobs of the CI file at ``path`` for ``platform``; None when there is no file."""
    if not path.exists() and not path.is_symlink():
        return None
    text = read_text(path)
    try:
        reading = read_mapping(text, str(path))
    except AnswersError as error:
        raise PolicyFileError(str(error.problems[0])) from None
    # Tags a platform defines (GitLab's !reference) are left out, not refused: what they
    # stand for is another file's.
    reader = _READERS.get(platform)
    if reader is None:
        raise PolicyFileError(
            f"{path}: {platform} is not a CI platform mlops-wizard writes "
            f"(allowed: {', '.join(_READERS)})"
        )
    return tuple(reader(reading.data))


_RULE = re.compile(r"^([A-Za-z0-9_.%/-]+(?:[ \t]+[A-Za-z0-9_.%/-]+)*)[ \t]*::?(?!=)")


@record
class MakeTarget:
    name: str
    file: str
    line: int
    written: bool
    """False while its recipe only says "not written yet"."""


def read_make_targets(path: Path) -> dict[str, MakeTarget] | None:
    """The targets a makefile defines (the first rule of each); None when there is none."""
    if not path.exists() and not path.is_symlink():
        return None
    targets: dict[str, MakeTarget] = {}
    current: list[str] = []
    recipes: dict[str, list[str]] = {}
    lines: dict[str, int] = {}
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        if line.startswith("\t"):
            for name in current:
                recipes[name].append(line)
            continue
        match = _RULE.match(line)
        if match is None or line.startswith((".PHONY", "#")):
            if line.strip() and not line.startswith("#"):
                current = []
            continue
        current = [name for name in match.group(1).split() if name not in recipes]
        for name in current:
            recipes[name], lines[name] = [], number
    for name, recipe in recipes.items():
        written = not any(NOT_WRITTEN in step for step in recipe)
        targets[name] = MakeTarget(name, str(path), lines[name], written)
    return targets
