"""Writing an export safely: never half a file, never the user's edits lost, and an export
that was killed at any point never blocks the next one.

A manifest in the output folder records, per file, the sha256 of what we last wrote there;
the text itself is kept beside it (``.mlops-wizard/base/<sha256>``), because a re-export over
a file the user has since edited merges three ways with it as the base.

Each file is planned: ``create`` (absent), ``unchanged`` (already exactly this text),
``update`` (still what we wrote, so ours to replace) or ``edited`` (someone changed it, or we
never wrote it); a write-once file already there is ``unchanged``. Writing merges an edited
file when the base is known: ``merged`` when clean; on a conflict the user's file is left as
it is and ``FILE.merge`` holds the merge with conflict markers. A file we never wrote is
refused. ``force`` overwrites. A write-once file kept as it is (``mlops.mk``) that lacks
targets the new one defines gets them in ``FILE.new`` beside it, to copy from.

The order makes a kill harmless: the base texts first, then a manifest that lists both the
old and the new digest of every file about to change, then the files, then the manifest with
the new digests only. Whatever the kill leaves on disk is a digest the manifest knows.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Literal

from wizard.io.make_rules import called_targets, missing_rules
from wizard.io.regular import read_regular
from wizard.io.yamlio import atomic_write
from wizard.model.files import RenderedFile
from wizard.model.records import record

MANIFEST_NAME = ".mlops-wizard-manifest.json"
MANIFEST_VERSION = 2
BASE_FOLDER = ".mlops-wizard/base"
MERGE_SUFFIX = ".merge"
#: The most of an existing file export reads (a document, its base, the manifest): far above
#: any document it writes, far below what a device or a runaway file would hand it.
MAX_READ_BYTES = 16 * 1024 * 1024
_READS = "a regular file, as export writes its documents"

Action = Literal["create", "update", "unchanged", "edited", "merged"]
#: Files written once, as a starting point the team then owns: once there, whoever wrote
#: it, never replaced, not even with ``force``: planned as ``unchanged`` and left out of
#: the manifest (it is not ours to merge).
WRITE_ONCE = frozenset({"mlops.mk"})
#: Beside a kept write-once file: the targets the new export has and it lacks.
NEW_SUFFIX = ".new"
# atomic_write's temporary files: ``.<name>.<8 random characters>.tmp``.
_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")


@record
class PlannedFile:
    file: RenderedFile
    action: Action
    target: Path
    """Where it goes: the output folder joined with ``file.path``."""

    @property
    def path(self) -> str:
        return self.file.path


@record
class MissingTargets:
    """Targets a new write-once file defines that the team's, kept as it is, lacks (the new
    CI file calls them), and where they were written to copy from."""

    path: str
    targets: tuple[str, ...]
    written_to: str


@record
class ExportResult:
    out_dir: Path
    files: tuple[PlannedFile, ...]
    """Every file; ``merged`` kept the user's edits, ``edited`` was overwritten by ``force``."""
    missing: tuple[MissingTargets, ...] = ()
    by_hand: tuple[tuple[str, str], ...] = ()
    """(a file of the repository, what the user must add to it) where the export could not
    add it itself, such as the include of a pipeline written beside the repository's CI."""


class RefusedOverwrite(Exception):
    """Files that could not be written without losing someone's work; nothing of theirs was
    touched. ``conflicts`` maps a path to the ``.merge`` file written beside it."""

    def __init__(self, paths: Sequence[str], conflicts: Mapping[str, str] | None = None) -> None:
        self.paths: tuple[str, ...] = tuple(paths)
        self.conflicts: dict[str, str] = dict(conflicts or {})
        super().__init__("; ".join(self.reasons()))

    def reasons(self) -> list[str]:
        """One line per refused file."""
        lines = []
        for path in self.paths:
            if path in self.conflicts:
                lines.append(
                    f"{path}: your edits and the new design conflict; the merge with conflict "
                    f"markers is in {self.conflicts[path]} (resolve it there, or use --force)"
                )
            else:
                lines.append(f"{path} exists and was not written by an export (use --force)")
        return lines


@dataclass
class _Manifest:
    """Path -> the digests that are ours: the current one first, then any still pending."""

    files: dict[str, list[str]] = field(default_factory=dict)

    def ours(self, path: str, digest: str) -> bool:
        return digest in self.files.get(path, ())

    def base_digest(self, path: str) -> str | None:
        digests = self.files.get(path)
        return digests[0] if digests else None

    def text(self) -> str:
        files = {path: digests for path, digests in sorted(self.files.items())}
        return json.dumps({"files": files, "version": MANIFEST_VERSION}, indent=2) + "\n"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _target(out_dir: Path, relative: str) -> Path:
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or ".." in parts:
        raise ValueError(f"an exported file must stay inside the output folder: {relative!r}")
    return out_dir.joinpath(*parts)


def _read_manifest(out_dir: Path) -> _Manifest:
    """What we last wrote; empty when there is no readable manifest (then every existing
    file counts as someone's, which is the safe reading). Reads version 1 too."""
    text = _read_text(out_dir / MANIFEST_NAME)  # a FIFO or a device there: SpecialFileError
    try:
        content = json.loads(text) if text is not None else None
    except ValueError:
        return _Manifest()
    files = content.get("files") if isinstance(content, dict) else None
    if not isinstance(files, dict):
        return _Manifest()
    manifest = _Manifest()
    for path, digests in files.items():
        if isinstance(digests, str):  # version 1: one digest
            manifest.files[str(path)] = [digests]
        elif isinstance(digests, list) and all(isinstance(d, str) for d in digests):
            manifest.files[str(path)] = list(digests)
    return manifest


def read_manifest(out_dir: Path) -> dict[str, str]:
    """Path -> sha256 of what we last wrote."""
    return {path: digests[0] for path, digests in _read_manifest(out_dir).files.items() if digests}


def _read_text(path: Path) -> str | None:
    """The text of the file at ``path``, None when there is none; SpecialFileError when it is
    a FIFO, a device, a folder or a link to one, or runs past ``MAX_READ_BYTES``."""
    raw = read_regular(path, MAX_READ_BYTES, _READS)
    return None if raw is None else raw.decode("utf-8", errors="surrogateescape")


def _goes_beside(file: RenderedFile, out_dir: Path, manifest: _Manifest) -> bool:
    """A pipeline file goes beside the repository's own CI file at its path: one no export
    wrote, or one that already includes a pipeline written beside it."""
    if file.beside is None or _read_text(_target(out_dir, file.path)) is None:
        return False
    written_beside = any(other.path in manifest.files for other in file.beside.files)
    return written_beside or file.path not in manifest.files


@record
class _Inclusion:
    """The repository's CI file with the pipeline included: what to write, or the merge
    that conflicts."""

    planned: PlannedFile
    by_hand: str
    conflict: str | None = None
    """The merge with conflict markers, when the user's edits and the include conflict."""


def _include(file: RenderedFile, out_dir: Path, manifest: _Manifest, force: bool) -> _Inclusion:
    """The repository's CI file ``file.path`` including the pipeline beside it. The file is
    the user's: the include is added to their text; once it is in, their later edits are
    merged three ways with what the export last wrote, so an include they removed stays
    removed."""
    assert file.beside is not None
    target = _target(out_dir, file.path)
    yours = _read_text(target) or ""
    base_digest = manifest.base_digest(file.path)
    base = _read_text(out_dir / BASE_FOLDER / base_digest) if base_digest else None
    ours = manifest.ours(file.path, _digest(yours))
    if force or ours or base is None or _digest(base) != base_digest:
        included = file.beside.include(yours)
        text = yours if included.text is None else included.text
        action: Action = "unchanged" if text == yours else "update" if ours else "merged"
        return _Inclusion(PlannedFile(replace(file, text=text), action, target), included.by_hand)
    included = file.beside.include(base)
    merged, conflicted = _merge(base, yours, base if included.text is None else included.text)
    planned = PlannedFile(
        replace(file, text=merged), "unchanged" if merged == yours else "merged", target
    )
    return _Inclusion(planned, included.by_hand, merged if conflicted else None)


def _placed(
    files: Sequence[RenderedFile], out_dir: Path, manifest: _Manifest, force: bool
) -> tuple[list[RenderedFile], list[_Inclusion]]:
    """The files where they go: a pipeline beside the repository's own CI file when it has
    one there, which then includes it."""
    placed: list[RenderedFile] = []
    inclusions: list[_Inclusion] = []
    for file in files:
        if file.beside is not None and _goes_beside(file, out_dir, manifest):
            placed.extend(file.beside.files)
            inclusions.append(_include(file, out_dir, manifest, force))
        else:
            placed.append(file)
    return placed, inclusions


def plan_export(files: Sequence[RenderedFile], out_dir: Path) -> list[PlannedFile]:
    """What writing ``files`` into ``out_dir`` would do to each of them."""
    manifest = _read_manifest(out_dir)
    placed, inclusions = _placed(files, out_dir, manifest, force=False)
    included = [
        replace(inclusion.planned, action="edited") if inclusion.conflict else inclusion.planned
        for inclusion in inclusions
    ]
    return [*_plan_files(placed, out_dir, manifest), *included]


def _plan_files(
    files: Sequence[RenderedFile], out_dir: Path, manifest: _Manifest
) -> list[PlannedFile]:
    planned: list[PlannedFile] = []
    for file in files:
        target = _target(out_dir, file.path)
        existing = _read_text(target)
        if existing is None:
            action: Action = "create"
        elif file.path in WRITE_ONCE or existing == file.text:
            action = "unchanged"
        elif manifest.ours(file.path, _digest(existing)):
            action = "update"
        else:
            action = "edited"
        planned.append(PlannedFile(file, action, target))
    return planned


def _merge(base: str, yours: str, new: str) -> tuple[str, bool]:
    """Three-way merge of the user's file and the new export; True when it conflicts."""
    import merge3  # only a re-export over an edited file pays for it

    merger = merge3.Merge3(
        base.splitlines(keepends=True), yours.splitlines(keepends=True), new.splitlines(True)
    )
    conflicted = any(region[0] == "conflict" for region in merger.merge_regions())
    merged = "".join(
        merger.merge_lines(name_a="yours", name_b="new export", name_base="last export")
    )
    return merged, conflicted


def _remove_stale_temporaries(base_folder: Path, names: Sequence[Path]) -> None:
    """Temporary files a killed export left beside the files it was writing, and in the
    base folder (everything there is ours)."""
    if base_folder.is_dir():
        for candidate in base_folder.iterdir():
            if _TEMPORARY.match(candidate.name) and candidate.is_file():
                candidate.unlink(missing_ok=True)
    for target in names:
        folder = target.parent
        if not folder.is_dir():
            continue
        for candidate in folder.iterdir():
            match = _TEMPORARY.match(candidate.name)
            if match and match["name"] == target.name and candidate.is_file():
                candidate.unlink(missing_ok=True)


def write_export(files: Sequence[RenderedFile], out_dir: Path, force: bool = False) -> ExportResult:
    """Write ``files`` into ``out_dir``, merging the user's edits; raises RefusedOverwrite
    when a file conflicts or was never ours, having written nothing but ``.merge`` files."""
    manifest = _read_manifest(out_dir)
    base_folder = out_dir / BASE_FOLDER
    _remove_stale_temporaries(
        base_folder, [*(_target(out_dir, f.path) for f in files), out_dir / MANIFEST_NAME]
    )
    outcome: list[tuple[PlannedFile, str]] = []  # (plan, the text to write)
    refused: list[str] = []
    conflicts: dict[str, str] = {}
    kept: list[PlannedFile] = []
    placed, inclusions = _placed(files, out_dir, manifest, force)
    for inclusion in inclusions:
        path = inclusion.planned.path
        if inclusion.conflict is not None:
            atomic_write(_target(out_dir, path + MERGE_SUFFIX), inclusion.conflict)
            refused.append(path)
            conflicts[path] = path + MERGE_SUFFIX
        else:
            # The user's file with the include: its text is the base of the next merge.
            outcome.append((inclusion.planned, inclusion.planned.file.text))
    for item in _plan_files(placed, out_dir, manifest):
        if item.path in WRITE_ONCE and item.action == "unchanged":
            kept.append(item)
            continue
        if item.action != "edited" or force:
            outcome.append((item, item.file.text))
            continue
        base_digest = manifest.base_digest(item.path)
        base = _read_text(base_folder / base_digest) if base_digest else None
        if base is None or _digest(base) != base_digest:
            refused.append(item.path)
            continue
        yours = _read_text(item.target) or ""
        merged, conflicted = _merge(base, yours, item.file.text)
        if conflicted:
            merge_path = item.path + MERGE_SUFFIX
            atomic_write(_target(out_dir, merge_path), merged)
            refused.append(item.path)
            conflicts[item.path] = merge_path
            continue
        outcome.append((PlannedFile(item.file, "merged", item.target), merged))
    if refused:
        raise RefusedOverwrite(refused, conflicts)

    changing = [(item, text) for item, text in outcome if item.action != "unchanged"]
    for item, _ in outcome:  # 1. the base of the next merge: what we generated
        blob = base_folder / _digest(item.file.text)
        if not blob.exists():
            atomic_write(blob, item.file.text)
    for item, _ in changing:  # 2. both the old and the new generated text are ours for now
        # The old base stays first: a file the kill left untouched still merges against it.
        # A merged text is never ours: it holds the user's edits, which the next export keeps.
        old = manifest.files.get(item.path, [])
        manifest.files[item.path] = [*dict.fromkeys([*old, _digest(item.file.text)])]
    if changing:
        atomic_write(out_dir / MANIFEST_NAME, manifest.text())
    for item, text in changing:  # 3. the files
        atomic_write(item.target, text)
        stale_merge = _target(out_dir, item.path + MERGE_SUFFIX)
        if item.action in ("merged", "edited"):
            stale_merge.unlink(missing_ok=True)
    final = _Manifest(dict(manifest.files))
    for item, _ in outcome:  # 4. what we generated is ours, and the base of the next merge
        final.files[item.path] = [_digest(item.file.text)]
    manifest_path = out_dir / MANIFEST_NAME
    if final.text() != (_read_text(manifest_path) or ""):
        atomic_write(manifest_path, final.text())
    _prune_bases(base_folder, final)
    written = {item.path: item for item, _ in outcome} | {item.path: item for item in kept}
    called = set().union(*(called_targets(file.text) for file in placed if file.kind == "ci"))
    missing = tuple(found for item in kept if (found := _write_missing(item, out_dir, called)))
    order = [*(file.path for file in placed), *(i.planned.path for i in inclusions)]
    by_hand = tuple((i.planned.path, i.by_hand) for i in inclusions if i.by_hand)
    return ExportResult(
        out_dir, tuple(written[path] for path in order), missing=missing, by_hand=by_hand
    )


def _write_missing(item: PlannedFile, out_dir: Path, called: set[str]) -> MissingTargets | None:
    """The team's kept ``mlops.mk`` lacks targets the new one defines (the new CI file calls
    them): they go to ``mlops.mk.new`` beside it, never into the team's file."""
    theirs = _read_text(item.target) or ""
    names, text = missing_rules(theirs, item.file.text, called)
    if not names:
        return None
    path = item.path + NEW_SUFFIX
    atomic_write(_target(out_dir, path), text)
    return MissingTargets(item.path, names, path)


def _prune_bases(base_folder: Path, manifest: _Manifest) -> None:
    """Drop base texts no file refers to any more."""
    if not base_folder.is_dir():
        return
    wanted = {digests[0] for digests in manifest.files.values() if digests}
    for blob in base_folder.iterdir():
        if blob.is_file() and blob.name not in wanted and not blob.name.startswith("."):
            blob.unlink(missing_ok=True)
