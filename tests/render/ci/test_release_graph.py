"""The release as every platform's CI file writes it, read back as a job graph (``graph``) for
every example and for any answers: the job that gives the candidate the production mark waits
for every job that checks a step; no job sleeps; every timeout is within the platform's
limit; every wait is the platform's own way to start a job later; a check that needs labels
runs only in the scheduled comparator; IMPLEMENTING.md names the same jobs and waits."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, example, given, settings

from tests.paths import EXAMPLES
from tests.render.ci.graph import MAIN, Graph, Job, read_graph
from tests.strategies import ANSWERS_DATA
from wizard.engine import build_design
from wizard.io.loader import load_answers
from wizard.model.answers import STAGE_ORDER, Answers
from wizard.model.design import Design
from wizard.model.lifecycle import Where
from wizard.model.platforms import platform_ids
from wizard.render.ci import render_ci
from wizard.render.ci.registry import platform_of
from wizard.render.ci.release import ROLLBACK_JOBS, WAIT_MARGIN_MINUTES, Run
from wizard.render.ci.runtime import CHECK_JOB, COMPARATOR, COMPARE_GATE, MONITOR_JOB
from wizard.render.implementing import render_implementing

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
PRODUCTION_JOB = "promote_production"
#: How each platform starts a job later without holding a runner (DOMAIN.md).
MECHANISMS = {"gitlab-ci": "start_in", "github-actions": "wait-timer", "azure-pipelines": "Delay@1"}
_SLEEP = re.compile(r"\bsleep\s+(\S+)")
#: A cell: any text, a `|` of the approver's name escaped as `\|`.
_CELL = r"(?:[^|\\]|\\.)+"
_ROW = re.compile(
    rf"^\| `(?P<job>\w+)` \| (?P<run>{_CELL}) \| (?P<after>{_CELL}) \| (?P<starts>{_CELL}) \|"
)


def _design(answers: Answers, platform: str) -> Design:
    project = answers.project.model_copy(update={"ci_platform": platform})
    return build_design(answers.model_copy(update={"project": project}))


def _release_jobs(graph: Graph) -> dict[str, Job]:
    """The jobs of the release: the pipeline's run after its stages, and the comparator's."""
    stages = (*STAGE_ORDER, CHECK_JOB, MONITOR_JOB, "no_stages", "not_covered")
    return {
        name: job
        for name, job in graph.jobs.items()
        if (job.run == MAIN and name not in stages)
        or job.run == COMPARATOR
        or name == PRODUCTION_JOB
    }


def _checks(design: Design) -> set[str]:
    """The commands that judge a step: each step's check, and the comparator's gate."""
    found = {step.check_command for step in design.lifecycle.steps if step.check_command}
    return {*found, COMPARE_GATE}


def _runs_check(job: Job, checks: set[str]) -> bool:
    return any(check in script for script in job.commands for check in checks)


def check_release(design: Design) -> None:
    platform = platform_of(design.pipeline.platform)
    text = render_ci(design).text
    graph = read_graph(platform.id, text)
    # No job sleeps longer than a minute, anywhere (a bake is the platform's wait).
    for script in graph.scripts():
        for argument in _SLEEP.findall(script):
            assert argument.isdigit() and int(argument) <= 60, script
    # Every timeout within what the platform lets a job (or an agentless wait) run.
    for job in graph.jobs.values():
        for kind, minutes in job.timeouts:
            limit = platform.waiting.default_job_minutes
            if kind == "agentless":
                limit = platform.waiting.max_wait_minutes + WAIT_MARGIN_MINUTES
            assert minutes <= limit, (job.name, kind, minutes)
    promotes = any(stage.name == PRODUCTION_JOB for stage in design.pipeline.stages)
    if not promotes or design.out_of_scope is not None:
        assert not any(job.delay_minutes or job.run == COMPARATOR for job in graph.jobs.values())
        return
    lifecycle = design.lifecycle
    release = _release_jobs(graph)
    checks = _checks(design)
    production = lifecycle.steps[-1]
    # Promoted last: one job runs the production step, and it waits (through needs) for every
    # job that checks a step; a check in the same job runs before it.
    setters = [job.name for job in graph.running_line(production.command)]
    assert PRODUCTION_JOB in setters, setters
    # Any other job running that line is a stage the answers gave the very same command
    # (`cicd.commands`): its own command, not the release's production step.
    own = {stage.name: stage.command for stage in design.pipeline.stages}
    assert all(own.get(name) == production.command for name in setters if name != PRODUCTION_JOB), (
        setters
    )
    # Where the comparator promotes, the pipeline's run hands it the candidate by its pending
    # mark: every check of that run must pass or the run's rollback removes the mark, so the
    # comparator never finds it.
    promoting = graph.jobs[PRODUCTION_JOB].run
    waits_for = graph.ancestors(PRODUCTION_JOB)
    rolled_back = graph.ancestors(ROLLBACK_JOBS[Run.MAIN]) if promoting == COMPARATOR else set()
    for job in release.values():
        if job.name == PRODUCTION_JOB or not _runs_check(job, checks):
            continue
        if job.run == promoting:
            assert job.name in waits_for, (job.name, PRODUCTION_JOB)
        else:
            assert job.run == MAIN and job.name in rolled_back, (job.name, job.run)
    commands = graph.jobs[PRODUCTION_JOB].commands
    marks = [i for i, line in enumerate(commands) if line.strip() == production.command]
    judged = [i for i, line in enumerate(commands) if any(check in line for check in checks)]
    assert all(i < min(marks) for i in judged), commands
    # Every wait is a bake, held by the platform's own mechanism, within its limit.
    delayed = {job.name: job for job in graph.jobs.values() if job.delay_minutes}
    expected = {
        f"{step.id}_check": step.wait_minutes
        for step in lifecycle.steps
        if step.where is Where.DELAYED_JOB and step.check_command
    }
    assert {name: job.delay_minutes for name, job in delayed.items()} == expected
    for job in delayed.values():
        assert job.delay_mechanism == MECHANISMS[platform.id]
        assert job.delay_minutes <= platform.waiting.max_wait_minutes
        assert _runs_check(job, checks) and job.run == MAIN
    # A check that needs labels runs only in the comparator, and so does every step after it.
    gated = [i for i, step in enumerate(lifecycle.steps) if step.label_gated]
    later = lifecycle.steps[gated[0] :] if gated else ()
    for job in graph.running(COMPARE_GATE):
        assert job.run == COMPARATOR, job.name
    for step in later:
        for job in graph.running_line(step.command):
            # A stage the answers gave the very same command runs it as its own.
            if own.get(job.name) == step.command:
                continue
            assert job.run == COMPARATOR, (step.id, job.name)
    assert bool(graph.running(COMPARE_GATE)) is bool(gated)
    # A person signs exactly where the lifecycle says, and only there.
    signed = {job.name for job in release.values() if job.signed}
    assert bool(signed) is any(step.signed for step in lifecycle.steps)
    # IMPLEMENTING.md names the same jobs, in the same runs, with the same waits.
    guide = render_implementing(design)
    rows = {match["job"]: match for match in map(_ROW.match, guide.splitlines()) if match}
    listed = {name for name in rows if not name.startswith("rollback")}
    moves = {name: job for name, job in release.items() if not name.startswith("rollback")}
    assert listed == set(moves), (sorted(listed), sorted(moves))
    for name, job in moves.items():
        starts = rows[name]["starts"]
        assert (f"{job.delay_minutes} minutes after" in starts) is bool(job.delay_minutes), name
        assert ("signs" in starts) is job.signed, name
        run = "the comparator" if job.run == COMPARATOR else "this run"
        assert rows[name]["run"].strip() == run
    for minutes in {job.delay_minutes for job in delayed.values()}:
        assert f"**The {minutes}-minute wait.**" in guide


@pytest.mark.parametrize("platform", platform_ids())
@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: path.stem)
def test_every_example_releases_on_every_platform(path: Path, platform: str) -> None:
    check_release(_design(load_answers(path), platform))


@pytest.mark.parametrize("platform", platform_ids())
@pytest.mark.parametrize(
    "strategy", ["canary", "shadow", "champion-challenger", "blue-green", "manual"]
)
def test_every_strategy_releases_on_every_platform(platform: str, strategy: str) -> None:
    answers = load_answers(EXAMPLES / "fraud-detection.yaml")
    deployment = answers.deployment.model_copy(update={"strategy": strategy})
    check_release(_design(answers.model_copy(update={"deployment": deployment}), platform))


# 40: an example builds a design and reads three CI files and a guide back.
@settings(max_examples=40)
@given(ANSWERS_DATA)
@example({"schema_version": 1, "workload": {"serving": "edge"}})
@example({"schema_version": 1, "deployment": {"strategy": "shadow", "bake_minutes": 1440}})
# An approver's name with a `|`, escaped in IMPLEMENTING.md's table.
@example({"schema_version": 1, "promotion": {"approver": "mö,|~7"}})
# A promotion command that is a part of other jobs' lines.
@example({"schema_version": 1, "cicd": {"commands": {"promote_production": "ie"}}})
# The promotion's command given to another stage too: that stage runs it as its own.
@example(
    {"schema_version": 1, "cicd": {"commands": {"promote_production": "<", "train_model": "<"}}}
)
# A label-gated release whose production command is also a stage's own command.
@example(
    {
        "schema_version": 1,
        "cicd": {"commands": {"promote_production": "<", "validate_data": "<"}},
        "workload": {"label_delay_days": 690},
    }
)
def test_any_answers_release_on_every_platform(data: dict[str, Any]) -> None:
    answers = Answers.model_validate(data)
    assume(answers.project.name is None or answers.project.name.strip() != "")
    for platform in platform_ids():
        check_release(_design(answers, platform))
