"""A generated CI file read back as a job graph, the same questions asked of every platform:
which jobs there are, which they wait for (``needs`` / ``dependsOn``), what they run, how
long the platform holds them before they start (and by which of its own mechanisms), whether
a person must sign first, which run they belong to (the pipeline's own, the drift monitor's
or the comparator's schedule) and the timeouts they set. Read from the file alone, never
from the renderer's data, so the tests check what a platform would run.

On Azure a stage is a unit of the graph (its jobs run in order inside it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from wizard.render.ci.azure import COMPARATOR_SCHEDULE, MONITORING_SCHEDULE
from wizard.render.ci.runtime import CARRY_IDS, COMPARATOR, INSTALL_WIZARD, MONITOR_JOB

#: The scripts that only set a job up or hand its ids on.
_PLUMBING = (
    INSTALL_WIZARD,
    CARRY_IDS,
    'printf "%s" "$CLOUD_ID_TOKEN"',
    'cat "$MLOPS_OUTPUTS"',
    "while IFS='=' read -r key value",
    # The guard a job that logs in runs first: the cloud's variables are set.
    "missing=0\n",
)

_GITLAB_KEYWORDS = {"workflow", "default", "stages", "variables", "include", "image"}
_START_IN = re.compile(r"^(\d+) minutes?$")
_BAKE_ENVIRONMENT = re.compile(r"^bake-(\d+)-minutes$")
MAIN = "main"
MONITORING = "monitoring"


@dataclass(frozen=True)
class Job:
    name: str
    needs: tuple[str, ...]
    scripts: tuple[str, ...]
    delay_minutes: int
    """How long the platform holds it after its needs before it starts (0: at once)."""
    delay_mechanism: str
    """How: ``start_in``, ``wait-timer`` or ``Delay@1`` ('' without a delay)."""
    signed: bool
    """It waits for a person's approval before it runs."""
    run: str
    """``main``, ``monitoring`` or ``comparator``: the run it belongs to."""
    timeouts: tuple[tuple[str, int], ...]
    """(kind, minutes) of each timeout it sets: ``agent`` for a job on a runner, ``agentless``
    for Azure's server jobs."""

    @property
    def commands(self) -> tuple[str, ...]:
        """Its scripts but the plumbing every job runs (installs, the cloud token, the ids
        taken and handed on)."""
        return tuple(script for script in self.scripts if not script.startswith(_PLUMBING))


@dataclass(frozen=True)
class Graph:
    platform: str
    jobs: Mapping[str, Job]

    def ancestors(self, name: str) -> set[str]:
        """Every job ``name`` waits for, directly or through others."""
        found: set[str] = set()
        stack = list(self.jobs[name].needs)
        while stack:
            need = stack.pop()
            if need in found or need not in self.jobs:
                continue
            found.add(need)
            stack += self.jobs[need].needs
        return found

    def running(self, text: str) -> list[Job]:
        """The jobs with a script line that contains ``text``."""
        return [job for job in self.jobs.values() if any(text in script for script in job.scripts)]

    def running_line(self, command: str) -> list[Job]:
        """The jobs with a script line that is ``command`` (a short command such as ``ie``
        is a part of many lines)."""
        return [
            job
            for job in self.jobs.values()
            if any(line.strip() == command for s in job.scripts for line in s.splitlines())
        ]

    def scripts(self) -> Iterator[str]:
        for job in self.jobs.values():
            yield from job.scripts


def read_graph(platform: str, text: str) -> Graph:
    return graph_of(platform, yaml.safe_load(text))


def graph_of(platform: str, document: Mapping[str, Any]) -> Graph:
    """The graph of a parsed CI file, jobs in file order."""
    reader = {"github-actions": _github, "gitlab-ci": _gitlab, "azure-pipelines": _azure}
    return Graph(platform, reader[platform](document))


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(item) for item in value]


def _inherit_runs(jobs: dict[str, Job]) -> dict[str, Job]:
    """A job that waits for a job of a side run belongs to that run."""
    changed = True
    while changed:
        changed = False
        for name, job in list(jobs.items()):
            runs = {jobs[need].run for need in job.needs if need in jobs} - {MAIN}
            if job.run == MAIN and len(runs) == 1:
                jobs[name] = Job(**{**job.__dict__, "run": runs.pop()})
                changed = True
    return jobs


# GitLab


def _gitlab_when(job: Mapping[str, Any]) -> Mapping[str, Any]:
    rules = job.get("rules")
    if isinstance(rules, list) and rules:
        return rules[-1]
    return job


def _gitlab_run(job: Mapping[str, Any]) -> str:
    for rule in job.get("rules") or []:
        condition = str(rule.get("if", ""))
        if rule.get("when") == "never":
            continue
        if "monitoring" in condition:
            return MONITORING
        if COMPARATOR in condition:
            return COMPARATOR
    return MAIN


def _minutes(text: str) -> int:
    match = _START_IN.match(str(text).strip())
    assert match, text
    return int(match[1])


def _gitlab(document: Mapping[str, Any]) -> dict[str, Job]:
    jobs: dict[str, Job] = {}
    for name, job in document.items():
        if name in _GITLAB_KEYWORDS or not isinstance(job, Mapping):
            continue
        when = _gitlab_when(job)
        delayed = when.get("when") == "delayed"
        timeout = job.get("timeout")
        jobs[name] = Job(
            name=name,
            needs=tuple(_as_list(job.get("needs"))),
            scripts=tuple([*_as_list(job.get("script")), *_as_list(job.get("after_script"))]),
            delay_minutes=_minutes(when["start_in"]) if delayed else 0,
            delay_mechanism="start_in" if delayed else "",
            signed=when.get("when") == "manual",
            run=_gitlab_run(job),
            timeouts=(("agent", _minutes(timeout)),) if timeout else (),
        )
    return jobs


# GitHub


def _github_run(job: Mapping[str, Any], side_crons: Mapping[str, str]) -> str:
    condition = str(job.get("if", ""))
    for cron, run in side_crons.items():
        if f"github.event.schedule == '{cron}'" in condition:
            return run
    return MAIN


def _github(document: Mapping[str, Any]) -> dict[str, Job]:
    side_crons: dict[str, str] = {}
    for name, job in document["jobs"].items():
        condition = str(job.get("if", ""))
        match = re.search(r"github\.event\.schedule == '([^']+)'", condition)
        if match:
            side_crons[match[1]] = MONITORING if name == MONITOR_JOB else COMPARATOR
    jobs: dict[str, Job] = {}
    for name, job in document["jobs"].items():
        environment = (job.get("environment") or {}).get("name", "")
        bake = _BAKE_ENVIRONMENT.match(environment)
        timeout = job.get("timeout-minutes")
        jobs[name] = Job(
            name=name,
            needs=tuple(_as_list(job.get("needs"))),
            scripts=tuple(step["run"] for step in job.get("steps", []) if "run" in step),
            delay_minutes=int(bake[1]) if bake else 0,
            delay_mechanism="wait-timer" if bake else "",
            signed=environment == "production",
            run=_github_run(job, side_crons),
            timeouts=(("agent", int(timeout)),) if timeout else (),
        )
    return _inherit_runs(jobs)


# Azure


def _azure_steps(stage: Mapping[str, Any]) -> Iterator[tuple[Mapping[str, Any], Mapping]]:
    for job in stage.get("jobs", []):
        for step in job.get("steps", []):
            yield job, step


def _azure_run(stage: Mapping[str, Any]) -> str:
    condition = str(stage.get("condition", ""))
    if condition.startswith("not("):
        return MAIN
    if MONITORING_SCHEDULE in condition:
        return MONITORING
    if COMPARATOR_SCHEDULE in condition:
        return COMPARATOR
    return MAIN


def _azure(document: Mapping[str, Any]) -> dict[str, Job]:
    jobs: dict[str, Job] = {}
    previous: str | None = None
    for stage in document["stages"]:
        name = stage["stage"]
        if "dependsOn" in stage:
            needs = _as_list(stage["dependsOn"])
        else:
            needs = [previous] if previous else []
        scripts: list[str] = []
        delay = 0
        signed = False
        timeouts: list[tuple[str, int]] = []
        for _job, step in _azure_steps(stage):
            if "bash" in step:
                scripts.append(step["bash"])
            elif "inlineScript" in step.get("inputs", {}):
                scripts.append(step["inputs"]["inlineScript"])
            if step.get("task") == "Delay@1":
                delay = int(step["inputs"]["delayForMinutes"])
            if str(step.get("task", "")).startswith("ManualValidation@"):
                signed = True
        for job in stage.get("jobs", []):
            if "timeoutInMinutes" in job:
                kind = "agentless" if job.get("pool") == "server" else "agent"
                timeouts.append((kind, int(job["timeoutInMinutes"])))
        jobs[name] = Job(
            name=name,
            needs=tuple(needs),
            scripts=tuple(scripts),
            delay_minutes=delay,
            delay_mechanism="Delay@1" if delay else "",
            signed=signed,
            run=_azure_run(stage),
            timeouts=tuple(timeouts),
        )
        previous = name
    return _inherit_runs(jobs)
