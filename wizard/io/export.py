"""Writing an export safely: never over a file the user edited, never half a file.

A manifest in the output folder records the sha256 of what we last wrote there. Before
writing, each file is planned: ``create`` (absent), ``unchanged`` (already exactly this
text), ``update`` (still what we last wrote, so it is ours to replace) or ``edited`` (it
differs from what we last wrote, or we never wrote it: someone's work, refused without
``force``). Nothing at all is written when anything is refused.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from wizard.io.yamlio import atomic_write
from wizard.model.files import RenderedFile

MANIFEST_NAME = ".mlops-wizard-manifest.json"
MANIFEST_VERSION = 1

Action = Literal["create", "update", "unchanged", "edited"]


@dataclass(frozen=True)
class PlannedFile:
    file: RenderedFile
    action: Action
    target: Path
    """Where it goes: the output folder joined with ``file.path``."""

    @property
    def path(self) -> str:
        return self.file.path


@dataclass(frozen=True)
class ExportResult:
    out_dir: Path
    files: tuple[PlannedFile, ...]
    """Every planned file; ``edited`` ones were overwritten because ``force`` was given."""


class RefusedOverwrite(Exception):
    """Files the user edited since our last export; nothing was written."""

    def __init__(self, paths: Sequence[str]) -> None:
        self.paths: tuple[str, ...] = tuple(paths)
        super().__init__(
            "edited since the last export (use --force to overwrite): " + ", ".join(self.paths)
        )


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _encoded(file: RenderedFile) -> bytes:
    return file.text.encode("utf-8")


def _target(out_dir: Path, relative: str) -> Path:
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or ".." in parts:
        raise ValueError(f"an exported file must stay inside the output folder: {relative!r}")
    return out_dir.joinpath(*parts)


def read_manifest(out_dir: Path) -> dict[str, str]:
    """Path -> sha256 of what we last wrote; empty when there is no readable manifest (then
    every existing file counts as the user's, which is the safe reading)."""
    try:
        content = json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = content.get("files") if isinstance(content, dict) else None
    if not isinstance(files, dict):
        return {}
    return {str(path): str(digest) for path, digest in files.items()}


def manifest_text(files: dict[str, str]) -> str:
    """The manifest's JSON: sorted keys, stable layout, a final newline."""
    content = {"files": dict(sorted(files.items())), "version": MANIFEST_VERSION}
    return json.dumps(content, indent=2, sort_keys=True) + "\n"


def plan_export(files: Sequence[RenderedFile], out_dir: Path) -> list[PlannedFile]:
    """What writing ``files`` into ``out_dir`` would do to each of them."""
    manifest = read_manifest(out_dir)
    planned: list[PlannedFile] = []
    for file in files:
        target = _target(out_dir, file.path)
        try:
            existing = target.read_bytes()
        except FileNotFoundError:
            planned.append(PlannedFile(file, "create", target))
            continue
        if existing == _encoded(file):
            action: Action = "unchanged"
        elif manifest.get(file.path) == _digest(existing):
            action = "update"
        else:
            action = "edited"
        planned.append(PlannedFile(file, action, target))
    return planned


def write_export(files: Sequence[RenderedFile], out_dir: Path, force: bool = False) -> ExportResult:
    """Write ``files`` into ``out_dir`` atomically, then the manifest. Raises
    RefusedOverwrite (having written nothing) when a file was edited and ``force`` is off."""
    planned = plan_export(files, out_dir)
    edited = [item.path for item in planned if item.action == "edited"]
    if edited and not force:
        raise RefusedOverwrite(edited)
    manifest = read_manifest(out_dir)
    before = dict(manifest)
    for item in planned:
        if item.action != "unchanged":
            atomic_write(item.target, item.file.text)
        manifest[item.path] = _digest(_encoded(item.file))
    if manifest != before or not (out_dir / MANIFEST_NAME).exists():
        atomic_write(out_dir / MANIFEST_NAME, manifest_text(manifest))
    return ExportResult(out_dir, tuple(planned))
