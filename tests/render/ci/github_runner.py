"""A small reader of a generated GitHub workflow that runs each job's ``run`` steps in order,
in a fresh copy of the project per job (as a runner checks it out), with the workflow's,
the job's and the step's env. ``uses`` steps are the runner's business (checkout is the
copy, setup-python the test's interpreter, a cloud login has no cloud here) and are skipped.

Expressions are resolved only where the workflow is known to use them; any other one fails
the run, so a new expression cannot slip through unread.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_EXPRESSION = re.compile(r"\$\{\{ (?P<body>.*?) \}\}")


@dataclass
class JobRun:
    name: str
    passed: bool
    log: list[str] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)


@dataclass
class WorkflowRun:
    jobs: dict[str, JobRun]

    def log(self) -> str:
        return "\n".join(line for job in self.jobs.values() for line in job.log)


def _order(jobs: dict[str, Any]) -> list[str]:
    done: list[str] = []
    while len(done) < len(jobs):
        ready = [
            name
            for name, job in jobs.items()
            if name not in done and all(need in done for need in _needs(job))
        ]
        assert ready, f"jobs wait on each other: {sorted(set(jobs) - set(done))}"
        done += ready
    return done


def _needs(job: dict[str, Any]) -> list[str]:
    needs = job.get("needs", [])
    return [needs] if isinstance(needs, str) else list(needs)


class _Context:
    def __init__(
        self, inputs: dict[str, str], variables: dict[str, str], finished: dict[str, JobRun]
    ) -> None:
        self.inputs = inputs
        self.variables = variables
        self.finished = finished
        self.steps: dict[str, dict[str, str]] = {}

    def value(self, body: str) -> str:
        if body == "'${{'":
            return "${{"
        default = re.fullmatch(r"vars\.(\w+) \|\| '(.*)'", body)
        if default:
            return self.variables.get(default[1]) or default[2]
        if body.startswith("vars."):
            return self.variables.get(body.removeprefix("vars."), "")
        if body == "github.token":
            return ""
        if body.startswith("inputs."):
            return self.inputs.get(body.removeprefix("inputs."), "")
        if body.startswith("github.event.client_payload.reason"):
            return self.inputs.get("reason", "workflow_dispatch")
        needs = re.fullmatch(r"needs\.(\w+)\.outputs\.(\w+)", body)
        if needs:
            return self.finished[needs[1]].outputs.get(needs[2], "")
        step = re.fullmatch(r"steps\.(\w+)\.outputs\.(\w+)", body)
        if step:
            return self.steps.get(step[1], {}).get(step[2], "")
        raise AssertionError(f"the test runner does not know the expression {body!r}")

    def resolve(self, text: str) -> str:
        return _EXPRESSION.sub(lambda match: self.value(match["body"]), text)

    def condition(self, text: str | None, failed: bool) -> bool:
        if text is None:
            return not failed
        if text == "always()":
            return True
        if text == "failure()":
            return failed
        schedule = re.fullmatch(r"github\.event\.schedule (?P<op>[!=]=) '.*'", text)
        assert schedule, f"the test runner does not know the condition {text!r}"
        return schedule["op"] == "!="  # a manual run: github.event.schedule is empty


def _outputs(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line)


def run_workflow(
    text: str,
    project: Path,
    scratch: Path,
    base_env: dict[str, str],
    inputs: dict[str, str],
    variables: dict[str, str],
) -> WorkflowRun:
    """Every job of the workflow run for a manual dispatch with ``inputs`` in a repository
    with ``variables``; a job whose needs failed or were skipped does not run."""
    workflow = yaml.safe_load(text)
    finished: dict[str, JobRun] = {}
    for name in _order(workflow["jobs"]):
        job = workflow["jobs"][name]
        context = _Context(inputs, variables, finished)
        if not all(need in finished and finished[need].passed for need in _needs(job)):
            continue
        if not context.condition(job.get("if"), failed=False):
            continue
        workspace = scratch / name
        shutil.copytree(project, workspace)
        environment = dict(base_env)
        for scope in (workflow.get("env", {}), job.get("env", {})):
            environment |= {key: context.resolve(str(value)) for key, value in scope.items()}
        result = JobRun(name, passed=True)
        for index, step in enumerate(job["steps"]):
            if "run" not in step or not context.condition(step.get("if"), not result.passed):
                continue
            output = scratch / f"{name}-{index}.out"
            step_env = environment | {"GITHUB_OUTPUT": str(output)}
            step_env |= {k: context.resolve(str(v)) for k, v in step.get("env", {}).items()}
            completed = subprocess.run(
                ["bash", "-e", "-c", context.resolve(step["run"])],
                cwd=workspace, env=step_env, capture_output=True, text=True, check=False,
            )  # fmt: skip
            result.log += [
                f"{name}: {step.get('name', step['run'])}",
                completed.stdout,
                completed.stderr,
            ]
            if "id" in step:
                context.steps[step["id"]] = _outputs(output)
            if completed.returncode != 0:
                result.passed = False
        result.outputs = {
            key: context.resolve(value) for key, value in job.get("outputs", {}).items()
        }
        finished[name] = result
    return WorkflowRun(finished)
