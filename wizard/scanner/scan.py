"""``scan_repository``: list the files, pick the ones worth reading by name, read each once,
and turn what the patterns find into Evidence. Nothing from the repository is ever run.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from wizard.evidence import Category, Evidence, EvidenceItem
from wizard.scanner.detect import Finding, detect
from wizard.scanner.kinds import FileKind, classify
from wizard.scanner.listing import Listing, display_path, list_files
from wizard.scanner.reader import FileReader, Unreadable

Progress = Callable[[int, int], None]
"""Called with (files read, files to read)."""

DEFAULT_DEADLINE_SECONDS = 60.0
PROGRESS_EVERY = 100

CATEGORY_ORDER: tuple[Category, ...] = (
    "experiment_tracking",
    "model_registry",
    "data_versioning",
    "feature_store",
    "data_validation",
    "monitoring",
    "orchestration",
    "ci_cd",
    "ci_schedule",
    "ci_tests",
    "ci_training",
    "ci_deploy",
    "rollout",
    "tests",
    "container",
    "notebooks",
    "dependencies",
)
_PATH_FINDINGS: dict[str, tuple[Category, str]] = {
    "dvc": ("data_versioning", "data tracked by DVC"),
    "feast": ("feature_store", "Feast feature repository (feature_store.yaml)"),
    "great-expectations": ("data_validation", "Great Expectations project"),
    "mlflow": ("experiment_tracking", "MLflow project (MLproject)"),
}
_DEPENDENCY_FILES: dict[str, str] = {
    "pip": "pip requirements",
    "pyproject": "pyproject.toml",
    "setuptools": "setuptools configuration",
    "conda": "conda environment",
    "pipenv": "Pipfile",
}
_TEST_DIRS = frozenset({"tests", "test"})
_NOT_MODULES = frozenset({"setup.py", "conftest.py", "__init__.py", "noxfile.py"})


def _sort_key(item: EvidenceItem) -> tuple[int, str, int, str, str]:
    return (CATEGORY_ORDER.index(item.category), item.path, item.line or 0, item.tool, item.detail)


class _Structure:
    """What the paths alone say: test folders, notebooks, whether any Python module exists."""

    def __init__(self) -> None:
        self.test_files: dict[str, int] = {}
        self.notebooks: list[str] = []
        self.modules = 0

    def add(self, path: str, kind: FileKind) -> None:
        if kind.kind == "notebook":
            self.notebooks.append(path)
            return
        if kind.kind != "python":
            return
        parts = path.split("/")
        name = parts[-1]
        group = next(
            (
                "/".join(parts[: index + 1])
                for index, part in enumerate(parts[:-1])
                if part in _TEST_DIRS
            ),
            None,
        )
        if group is None and (name.startswith("test_") or name.endswith("_test.py")):
            group = "/".join(parts[:-1]) or "."
        if group is not None:
            self.test_files[group] = self.test_files.get(group, 0) + 1
        elif name not in _NOT_MODULES:
            self.modules += 1

    def items(self) -> list[EvidenceItem]:
        items = [
            EvidenceItem(
                "tests",
                "pytest",
                display_path(group),
                None,
                f"{count} test file{'s' if count > 1 else ''}",
            )
            for group, count in self.test_files.items()
        ]
        items += [
            EvidenceItem("notebooks", "jupyter", display_path(path), None, "Jupyter notebook")
            for path in self.notebooks
        ]
        if self.notebooks and not self.modules:
            detail = f"notebooks only: {len(self.notebooks)} notebooks and no Python modules"
            items.append(EvidenceItem("notebooks", "jupyter", ".", None, detail))
        return items


class _ParentCheck:
    """Whether a listed path's directory really lies inside the root (git lists paths as the
    index has them; a directory replaced by a link in the working tree must not be entered)."""

    def __init__(self, root: str) -> None:
        self._root = root
        self._known: dict[str, bool] = {"": True}

    def inside(self, path: str) -> bool:
        parent = path.rpartition("/")[0]
        known = self._known.get(parent)
        if known is None:
            real = os.path.realpath(os.path.join(self._root, parent))
            known = real == self._root or real.startswith(self._root + os.sep)
            self._known[parent] = known
        return known


def scan_repository(
    root: Path,
    *,
    progress: Progress | None = None,
    deadline_seconds: float = DEFAULT_DEADLINE_SECONDS,
) -> Evidence:
    """Scan the directory ``root`` (a git working tree or a plain directory) into Evidence.

    ``progress`` is called every 100 files read and once at the end. Files that could not
    or should not be read (links, binary, over 1 MiB, unreadable, past the deadline) are
    listed in ``Evidence.skipped``. Raises NotADirectoryError when ``root`` is not a
    directory.
    """
    started = time.monotonic()
    deadline = started + deadline_seconds
    real_root = os.path.realpath(root)
    if not os.path.isdir(real_root):
        raise NotADirectoryError(f"{root}: not a directory")
    listing = list_files(real_root, deadline)
    candidates, items, structure = _candidates(listing)
    parents = _ParentCheck(real_root)
    reader = FileReader()
    skipped = list(listing.skipped)
    total = len(candidates)
    read = 0
    handled = 0
    for index, (path, kind) in enumerate(candidates):
        if index % PROGRESS_EVERY == 0:
            if progress is not None and index:
                progress(index, total)
            if time.monotonic() > deadline:
                skipped.append(
                    f"{total - index} files not read: the scan stopped at its "
                    f"{deadline_seconds:g} s deadline"
                )
                break
        handled += 1
        shown = display_path(path)
        if listing.git is not None and not parents.inside(path):
            skipped.append(f"{shown}: inside a linked directory, not followed")
            continue
        try:
            end = reader.read(os.path.join(real_root, path))
        except Unreadable as reason:
            skipped.append(f"{shown}: {reason}")
            continue
        read += 1
        items.extend(_items(shown, detect(kind, reader.buffer, end)))
    if progress is not None:
        progress(handled, total)
    items.extend(structure.items())
    return Evidence(
        items=tuple(sorted(set(items), key=_sort_key)),
        root=real_root,
        git=listing.git,
        files_scanned=read,
        skipped=tuple(sorted(skipped)),
    )


def _items(path: str, findings: list[Finding]) -> list[EvidenceItem]:
    return [
        EvidenceItem(category, tool, path, line, detail)
        for category, tool, line, detail in findings
    ]


def _candidates(
    listing: Listing,
) -> tuple[list[tuple[str, FileKind]], list[EvidenceItem], _Structure]:
    """Files to read, findings the paths alone prove, and the folder structure."""
    candidates: list[tuple[str, FileKind]] = []
    items: list[EvidenceItem] = []
    structure = _Structure()
    for path in sorted(listing.paths):
        kind = classify(path)
        if kind is None:
            continue
        structure.add(path, kind)
        if kind.kind == "path":
            category, detail = _PATH_FINDINGS[kind.tool]
            if path == ".dvc/config":
                detail = "DVC repository (.dvc/)"
            items.append(EvidenceItem(category, kind.tool, display_path(path), None, detail))
            continue
        if kind.kind == "dependencies":
            label = _DEPENDENCY_FILES[kind.tool]
            items.append(EvidenceItem("dependencies", kind.tool, display_path(path), None, label))
        candidates.append((path, kind))
    return candidates, items, structure
