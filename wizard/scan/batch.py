"""Reading and matching a list of candidate files, in this process or split over two.

The split forks once: the child inherits the compiled patterns and the file list, so it
starts working at once (a process pool would import and unpickle everything first), scans
every other file and sends back only its findings. Forking is only done from the command
line, where no other thread runs; the interactive session scans in-process with progress.
"""

from __future__ import annotations

import os
import pickle
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from wizard.model.evidence import Category
from wizard.model.progress import Progress
from wizard.scan.aside import MARKED_KINDS, written_by_an_export
from wizard.scan.detect import detect
from wizard.scan.kinds import FileKind
from wizard.scan.listing import printable_path
from wizard.scan.reader import FileReader, Unreadable

Candidate = tuple[str, FileKind]
Record = tuple[Category, str, str, int | None, str, str, str]
"""category, tool, path, line, detail, value, name: an EvidenceItem as plain data."""

PROGRESS_EVERY = 100
CHECK_DEADLINE_EVERY = 64


@dataclass
class Batch:
    records: list[Record] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    read_paths: list[str] = field(default_factory=list)
    """The files read (as listed): only they may count as evidence, by content or by name."""
    unread: int = 0
    """Files not even tried because the deadline passed."""
    generated: list[str] = field(default_factory=list)
    """Files read that carry the mark of an mlops-wizard export: never evidence."""


class ParentCheck:
    """Whether a listed path's directory really lies inside the root: git lists paths as the
    index has them, and a directory replaced by a link in the working tree must not be
    entered."""

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


def scan_files(
    root: str,
    candidates: list[Candidate],
    *,
    check_parents: bool,
    deadline: float,
    progress: Progress | None = None,
) -> Batch:
    batch = Batch()
    parents = ParentCheck(root) if check_parents else None
    reader = FileReader()
    total = len(candidates)
    for index, (path, kind) in enumerate(candidates):
        if index % CHECK_DEADLINE_EVERY == 0 and time.monotonic() > deadline:
            batch.unread = total - index
            break
        if progress is not None and index and index % PROGRESS_EVERY == 0:
            progress(index, total)
        if parents is not None and not parents.inside(path):
            batch.skipped.append(f"{printable_path(path)}: inside a linked directory, not followed")
            continue
        try:
            end = reader.read(f"{root}/{path}")
        except Unreadable as reason:
            batch.skipped.append(f"{printable_path(path)}: {reason}")
            continue
        batch.read_paths.append(path)
        if kind.kind in MARKED_KINDS and written_by_an_export(reader.buffer, end):
            batch.generated.append(path)
            continue
        findings = detect(kind, reader.buffer, end, printable_path(path))
        if findings:
            shown = printable_path(path)
            for category, tool, line, detail, value, name in findings:
                batch.records.append((category, tool, shown, line, detail, value, name))
    if progress is not None:
        progress(total - batch.unread, total)
    return batch


def scan_files_split(
    root: str,
    candidates: list[Candidate],
    *,
    check_parents: bool,
    deadline: float,
    meanwhile: Callable[[], None],
) -> Batch:
    """``scan_files`` with every other file handed to a forked child; ``meanwhile`` runs in
    this process right after the fork, before its own half."""
    mine, theirs = candidates[0::2], candidates[1::2]
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: scan, send, and leave without running any cleanup
        status = 1
        try:
            os.close(reading)
            batch = scan_files(root, theirs, check_parents=check_parents, deadline=deadline)
            with os.fdopen(writing, "wb") as out:
                pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)
    os.close(writing)
    meanwhile()
    batch = scan_files(root, mine, check_parents=check_parents, deadline=deadline)
    with os.fdopen(reading, "rb") as incoming:
        payload = incoming.read()
    _, status = os.waitpid(pid, 0)
    other: Batch | None = None
    if status == 0 and payload:
        try:
            other = pickle.loads(payload)
        except (pickle.UnpicklingError, EOFError):
            other = None
    if other is None:  # the child failed: do its half here rather than lose it
        other = scan_files(root, theirs, check_parents=check_parents, deadline=deadline)
    batch.records += other.records
    batch.skipped += other.skipped
    batch.read_paths += other.read_paths
    batch.unread += other.unread
    batch.generated += other.generated
    return batch
