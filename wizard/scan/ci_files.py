"""The steps of a CI file, read from its YAML structure: each command line with the job it
belongs to and its line, the Python versions the jobs set up, and the actions it uses.

One reader per platform, each reading only where the platform puts its commands (GitHub
Actions: ``jobs.<id>.steps[].run``; GitLab CI: each job's ``before_script``, ``script`` and
``after_script``; Azure Pipelines: ``steps`` at the root, in ``jobs`` or in ``stages``;
Cloud Build: ``steps[]`` with their image, entrypoint and args). A file that is no YAML
gives nothing here; the line patterns of ``detect`` still read it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from yaml.nodes import Node

from wizard.model.records import record
from wizard.scan import yamlnodes as y

_VERSION = re.compile(r"(?<![\d.])(3\.\d{1,2})(?:\.\d+)?(?![\d.])")
#: An image of Python itself (``python:3.9-slim``, ``library/python:3.10``, AWS Lambda's).
PYTHON_IMAGE = re.compile(r"(?:^|/)python:(3\.\d{1,2})")
_MATRIX = re.compile(r"\$\{\{\s*matrix\.([\w-]+)\s*\}\}")
#: GitLab's top-level keys that are no job.
_GITLAB_KEYWORDS = frozenset(
    {
        "stages", "variables", "default", "include", "workflow", "image", "services",
        "before_script", "after_script", "cache", "types",
    }
)  # fmt: skip
_AZURE_SCRIPTS = ("script", "bash", "pwsh", "powershell")


@record
class CiStep:
    """One line of a step's script."""

    line: int
    job: str
    command: str


@record
class CiFacts:
    steps: tuple[CiStep, ...] = ()
    pythons: tuple[tuple[int, str, str], ...] = ()
    """(line, version, how the file sets it up) for each Python version a job runs on."""
    uses: tuple[tuple[int, str], ...] = ()
    """(line, action) of each GitHub action or Cloud Build builder image used."""


def python_version(text: str) -> str | None:
    """``3.9`` from ``3.9``, ``3.9.7``, ``"3.10"``; None when it names no Python 3 version."""
    match = _VERSION.search(text)
    return match.group(1) if match else None


class _Collector:
    def __init__(self) -> None:
        self.steps: list[CiStep] = []
        self.pythons: list[tuple[int, str, str]] = []
        self.uses: list[tuple[int, str]] = []

    def script(self, job: str, node: Node | None) -> None:
        for line, text in y.strings(node):
            self.steps.append(CiStep(line, job, text))

    def image(self, node: Node | None, how: str) -> None:
        name = y.text(y.get(node, "name")) if y.text(node) is None else y.text(node)
        match = PYTHON_IMAGE.search(name or "")
        if match and node is not None:
            self.pythons.append((y.line(node), match.group(1), f"{how} {name}"))

    def facts(self) -> CiFacts:
        return CiFacts(tuple(self.steps), tuple(self.pythons), tuple(self.uses))


def _github(root: Node) -> CiFacts:
    found = _Collector()
    for job, _, body in y.pairs(y.get(root, "jobs")):
        matrix = y.get(y.get(body, "strategy"), "matrix")
        found.image(y.get(body, "container"), "container")
        for step in y.items(y.get(body, "steps")):
            uses = y.get(step, "uses")
            action = y.text(uses) or ""
            if uses is not None:
                found.uses.append((y.line(uses), action))
            if action.startswith("actions/setup-python"):
                _setup_python(found, y.get(y.get(step, "with"), "python-version"), matrix)
            found.script(job, y.get(step, "run"))
    return found.facts()


def _setup_python(found: _Collector, version: Node | None, matrix: Node | None) -> None:
    """setup-python's ``python-version``: a version, several, or a matrix variable."""
    for line, text in y.strings(version):
        variable = _MATRIX.search(text)
        if variable is None:
            for part in text.split():
                if (number := python_version(part)) is not None:
                    found.pythons.append((line, number, "actions/setup-python"))
            continue
        for item in y.items(y.get(matrix, variable.group(1))):
            number = python_version(y.text(item) or "")
            if number is not None:
                found.pythons.append((y.line(item), number, "actions/setup-python matrix"))


def _gitlab(root: Node) -> CiFacts:
    found = _Collector()
    found.image(y.get(root, "image"), "image")
    found.image(y.get(y.get(root, "default"), "image"), "image")
    for name, _, body in y.pairs(root):
        if name in _GITLAB_KEYWORDS or y.get(body, "script") is None:
            continue
        found.image(y.get(body, "image"), "image")
        for key in ("before_script", "script", "after_script"):
            found.script(name, y.get(body, key))
    return found.facts()


def _azure_steps(found: _Collector, job: str, steps: Node | None) -> None:
    for step in y.items(steps):
        task = y.text(y.get(step, "task")) or ""
        if task.startswith("UsePythonVersion"):
            spec = y.get(y.get(step, "inputs"), "versionSpec")
            number = python_version(y.text(spec) or "")
            if number is not None and spec is not None:
                found.pythons.append((y.line(spec), number, task))
        for key in _AZURE_SCRIPTS:
            found.script(job, y.get(step, key))


def _azure_jobs(found: _Collector, jobs: Node | None) -> None:
    for job in y.items(jobs):
        name = y.text(y.get(job, "job")) or y.text(y.get(job, "deployment")) or "job"
        _azure_steps(found, name, y.get(job, "steps"))
        strategy = y.get(job, "strategy")
        for _, _, phase in y.pairs(y.get(strategy, "runOnce")):
            _azure_steps(found, name, y.get(phase, "steps"))


def _azure(root: Node) -> CiFacts:
    found = _Collector()
    _azure_steps(found, "steps", y.get(root, "steps"))
    _azure_jobs(found, y.get(root, "jobs"))
    for stage in y.items(y.get(root, "stages")):
        _azure_jobs(found, y.get(stage, "jobs"))
    return found.facts()


def _cloud_build(root: Node) -> CiFacts:
    """Each step runs its ``entrypoint`` (or the image's own) with ``args``; a shell with
    ``-c`` runs the script that follows."""
    found = _Collector()
    for index, step in enumerate(y.items(y.get(root, "steps")), start=1):
        image_node = y.get(step, "name")
        image = y.text(image_node) or ""
        job = y.text(y.get(step, "id")) or f"step {index}"
        if image_node is not None:
            found.uses.append((y.line(image_node), image))
            found.image(image_node, "builder")
        entrypoint = y.text(y.get(step, "entrypoint")) or image.rpartition("/")[2].partition(":")[0]
        args = y.items(y.get(step, "args"))
        words = [y.text(arg) or "" for arg in args]
        if entrypoint in ("bash", "sh") and len(words) >= 2 and words[0] == "-c":
            found.script(job, args[1])
        elif step is not None:
            line = y.line(args[0]) if args else y.line(step)
            found.steps.append(CiStep(line, job, " ".join([entrypoint, *words]).strip()))
        found.script(job, y.get(step, "script"))
    return found.facts()


_READERS: dict[str, Callable[[Node], CiFacts]] = {
    "github-actions": _github,
    "gitlab-ci": _gitlab,
    "azure-pipelines": _azure,
    "cloud-build": _cloud_build,
}


def read_ci(platform: str, text: str) -> CiFacts | None:
    """The CI file's facts; None when the platform's file is no YAML this reads."""
    reader = _READERS.get(platform)
    if reader is None:
        return None
    root = y.compose(text)
    if root is None:
        return None
    return reader(root)
