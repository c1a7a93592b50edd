"""``scan_repository``: list the files, pick the ones worth reading by name, read each once,
and turn what the patterns find into Evidence. Nothing from the repository is ever run.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from wizard.model.evidence import CATEGORY_ORDER, Evidence, EvidenceItem, GitFacts
from wizard.model.progress import Progress
from wizard.scan.aside import SetAside
from wizard.scan.batch import Batch, scan_files, scan_files_split
from wizard.scan.gitrepo import GitUnavailable
from wizard.scan.inputs import TrainingInputs
from wizard.scan.kinds import FileKind, classify
from wizard.scan.listing import Listing, list_files, printable_path
from wizard.scan.references import follow_references
from wizard.scan.root_ci import root_ci_records

"""Called with (files read, files to read)."""

DEFAULT_DEADLINE_SECONDS = 60.0
SPLIT_FROM_FILES = 2000
"""Below this many files to read, forking costs more than it saves."""

_TEST_DIRS = frozenset({"tests", "test"})
_NOT_MODULES = frozenset({"setup.py", "conftest.py", "__init__.py", "noxfile.py"})


def _sort_key(item: EvidenceItem) -> tuple[int, str, int, str, str]:
    return (CATEGORY_ORDER.index(item.category), item.path, item.line or 0, item.tool, item.detail)


class _Structure:
    """What the paths say: test folders, notebooks, whether any Python module exists. Test
    files and notebooks count only once read (a link that was not followed is no test); any
    Python file listed counts as a module, which only ever withholds the "notebooks only"
    finding."""

    def __init__(self) -> None:
        self.test_files: dict[str, list[str]] = {}
        self.notebooks: list[str] = []
        self.modules = 0

    def add(self, path: str, kind: FileKind) -> None:
        if kind.kind == "notebook":
            self.notebooks.append(path)
            return
        if kind.kind != "python":
            return
        if "test" not in path:  # the common case, without splitting the path
            if path.rpartition("/")[2] not in _NOT_MODULES:
                self.modules += 1
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
            self.test_files.setdefault(group, []).append(path)
        elif name not in _NOT_MODULES:
            self.modules += 1

    def items(self, read: set[str]) -> list[EvidenceItem]:
        """The findings, from the files in ``read`` only."""
        items: list[EvidenceItem] = []
        for group, paths in self.test_files.items():
            count = sum(path in read for path in paths)
            if count:
                detail = f"{count} test file{'s' if count > 1 else ''}"
                items.append(EvidenceItem("tests", "pytest", printable_path(group), None, detail))
        notebooks = [path for path in self.notebooks if path in read]
        items += [
            EvidenceItem("notebooks", "jupyter", printable_path(path), None, "Jupyter notebook")
            for path in notebooks
        ]
        if notebooks and not self.modules:
            count = len(notebooks)
            detail = (
                f"notebooks only: {count} notebook{'s' if count > 1 else ''}, no Python modules"
            )
            items.append(EvidenceItem("notebooks", "jupyter", ".", None, detail))
        return items


def scan_repository(
    root: Path,
    *,
    progress: Progress | None = None,
    deadline_seconds: float = DEFAULT_DEADLINE_SECONDS,
    workers: int = 1,
) -> Evidence:
    """Scan the directory ``root`` (a git working tree or a plain directory) into Evidence.

    ``progress`` is called every 100 files read and once at the end. ``workers=2`` splits
    a large scan over two processes (only without ``progress``, and only when no other
    thread runs, since the split forks). Files that could not or should not be read (links,
    binary, over 1 MiB, unreadable, past the deadline) are listed in ``Evidence.skipped``.
    Raises NotADirectoryError when ``root`` is not a directory.
    """
    deadline = time.monotonic() + deadline_seconds
    real_root = os.path.realpath(root)
    if not os.path.isdir(real_root):
        raise NotADirectoryError(f"{root}: not a directory")
    listing = list_files(real_root, deadline)
    aside = SetAside(real_root, listing.paths)
    candidates, structure, inputs = _candidates(listing, aside)
    repository = listing.repository
    facts: list[GitFacts] = []

    def read_facts() -> None:
        if repository is not None:
            try:
                facts.append(repository.facts())
            except GitUnavailable as error:
                listing.skipped.append(f".git: {error}; no git facts")

    check_parents = repository is not None
    if workers > 1 and progress is None and len(candidates) >= SPLIT_FROM_FILES and _can_fork():
        batch = scan_files_split(
            real_root,
            candidates,
            check_parents=check_parents,
            deadline=deadline,
            meanwhile=read_facts,
        )
    else:
        read_facts()
        batch = scan_files(
            real_root, candidates, check_parents=check_parents, deadline=deadline, progress=progress
        )
    # A sub-folder of a repository: the repository's own CI, read at its top.
    top = root_ci_records(repository, deadline) if repository is not None else Batch()
    for path in batch.generated + top.generated:
        aside.generated(path)
    read = set(batch.read_paths) - set(batch.generated)
    records = batch.records + top.records
    records += follow_references(records)
    items = [EvidenceItem(*record) for record in records]
    items += structure.items(read)
    items += inputs.items(real_root, read)
    skipped = listing.skipped + batch.skipped + top.skipped
    if batch.unread:
        skipped.append(
            f"{batch.unread} files not read: "
            f"the scan stopped at its {deadline_seconds:g} s deadline"
        )
    return Evidence(
        items=tuple(sorted(set(items), key=_sort_key)),
        root=real_root,
        git=facts[0] if facts else None,
        files_scanned=len(batch.read_paths) + len(top.read_paths),
        skipped=tuple(sorted(skipped)),
        set_aside=tuple(aside.report()),
    )


def _can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


def _candidates(
    listing: Listing, aside: SetAside
) -> tuple[list[tuple[str, FileKind]], _Structure, TrainingInputs]:
    """Files to read, the folder structure and the training inputs, without what is set
    aside. Every finding, even one a name makes, waits for its file to be read (a data file,
    never read, for its check): a link that is not followed proves nothing."""
    candidates: list[tuple[str, FileKind]] = []
    structure = _Structure()
    inputs = TrainingInputs()
    for path in sorted(listing.paths):
        kind = classify(path)
        where = aside.reason(path, ci=kind is not None and kind.kind == "ci")
        if where is not None:
            aside.add(where, kind is not None)
            continue
        inputs.add(path)
        if kind is None:
            continue
        structure.add(path, kind)
        candidates.append((path, kind))
    return candidates, structure, inputs
