"""Evidence: what the scanner found in the repository, each item with the file (and line)
that proves it. The design engine reads it; it never reads the repository itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from wizard.model.records import record

Category = Literal[
    "experiment_tracking",
    "model_registry",
    "data_versioning",
    "feature_store",
    "data_validation",
    "monitoring",
    "orchestration",
    "orchestrated_training",
    "serving",
    "ci_cd",
    "ci_schedule",
    "ci_tests",
    "ci_training",
    "ci_deploy",
    "commands",
    "rollout",
    "tests",
    "container",
    "notebooks",
    "dependencies",
    "runtime",
    "cloud",
    "training_inputs",
]
#: ``orchestrated_training``: a DAG, flow or ML pipeline whose task calls training code (an
#: orchestrator alone may only materialise features or score batches).
#: ``serving``: code or a manifest that serves a model (an HTTP app that loads or calls one,
#: Ray Serve, a KServe InferenceService, a Lambda handler, a cloud endpoint deployed).
#: ``commands``: a command the repository itself runs, ``name`` saying where (a CI job or
#: step, a DVC stage, an MLproject entry point, a Makefile target, a script) and ``value``
#: the command as written; tool ``dvc`` also for the stages' params, metrics, outs and the
#: remotes, tool ``script`` for a shell script's lines.
#: ``runtime``: the Python the repository runs on (``value``: ``3.9``), and where it says so.
#: ``cloud``: a cloud the code or the infrastructure files use (``tool`` and ``value``: the
#: answers' cloud id).
#: ``training_inputs``: what a training run reads as it is, found by name (tool ``data``: a
#: folder of data files, its path ending in ``/``; ``params``: a parameters file;
#: ``script``: a training script), so a change to them can start a run.
#: Categories in the order reports list them (the order of the Literal above).
CATEGORY_ORDER: tuple[Category, ...] = get_args(Category)


@dataclass(frozen=True, order=True)
class EvidenceItem:
    """One finding: ``tool`` found in ``path`` (relative to the scanned root) at ``line``."""

    category: Category
    tool: str
    path: str
    line: int | None
    detail: str
    value: str = ""
    """The fact itself where the engine reads it, not only people: a command as the
    repository writes it, a Python version, a cloud id ('' where the detail says it all)."""
    name: str = ""
    """What the repository calls the thing: a CI job, a DVC stage, a Makefile target, an
    MLproject entry point ('' where it has no name)."""

    @property
    def where(self) -> str:
        """``path:line``, or ``path`` when the finding is about a whole file."""
        return f"{self.path}:{self.line}" if self.line is not None else self.path

    def as_data(self) -> dict[str, Any]:
        """The finding as the exported documents list it (spec and ``scan --json``); the
        name and value only where the finding has them."""
        data: dict[str, Any] = {
            "category": self.category,
            "tool": self.tool,
            "path": self.path,
            "line": self.line,
            "detail": self.detail,
        }
        if self.name:
            data["name"] = self.name
        if self.value:
            data["value"] = self.value
        return data


@record
class GitFacts:
    head: str | None
    branch: str | None
    dirty: bool | None
    remotes: tuple[str, ...] = ()


@record
class Evidence:
    """Everything a scan found. Empty when nothing was scanned."""

    items: tuple[EvidenceItem, ...] = ()
    root: str | None = None
    git: GitFacts | None = None
    files_scanned: int = 0
    skipped: tuple[str, ...] = field(default=())
    """Files passed over, with why (too large, binary, unreadable, outside the root)."""
    set_aside: tuple[str, ...] = field(default=())
    """What was listed but not taken as evidence of this project's design, with why: vendored
    code, examples, course homework, saved models, the files an export of this wizard wrote."""

    def of(self, category: Category) -> tuple[EvidenceItem, ...]:
        return tuple(item for item in self.items if item.category == category)

    def tools(self, category: Category) -> tuple[str, ...]:
        """The distinct tools found for ``category``, most cited first, then by name."""
        counts: dict[str, int] = {}
        for item in self.of(category):
            counts[item.tool] = counts.get(item.tool, 0) + 1
        return tuple(sorted(counts, key=lambda tool: (-counts[tool], tool)))


NO_EVIDENCE = Evidence()


def top_folder(path: str) -> str:
    """The first folder of a repository path (``src/`` for ``src/fraud/train.py`` or
    ``src/``), or the path itself for a file at the root: what the pipeline's push filter
    watches."""
    head, slash, _ = path.partition("/")
    return f"{head}/" if slash else path
