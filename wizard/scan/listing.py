"""Which files a scan considers.

In a git repository: the tracked files plus the untracked files git does not ignore (what
``git status`` would call new), because the wizard runs in the user's working copy and a
workflow or ``dvc.yaml`` written a minute ago is part of where the design starts; ignored
files are never read. In a plain directory: a walk with ``os.scandir`` that never follows a
link and honours ``.gitignore`` files. Both skip tool and build directories (``.venv``,
``node_modules`` ...), whatever the ignore files say.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field

from wizard.scan.gitrepo import GitRepository, GitUnavailable, looks_like_git
from wizard.scan.ignore import IgnoreRule, is_ignored, parse_ignore_file
from wizard.scan.reader import FileReader, Unreadable

ALWAYS_SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        "node_modules",
        "__pycache__",
        ".tox",
        ".nox",
        "build",
        "dist",
        "site-packages",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".ipynb_checkpoints",
    }
)
MAX_DEPTH = 64


@dataclass
class Listing:
    paths: list[str] = field(default_factory=list)
    """Relative POSIX paths, as the file system spells them (undecodable bytes escaped)."""
    skipped: list[str] = field(default_factory=list)
    repository: GitRepository | None = None
    """Set when the files came from git; its facts are read later, while files are read."""


def printable_path(path: str) -> str:
    """``path`` as text that encodes: bytes that are not UTF-8 become U+FFFD. Control
    characters stay as they are; the reports make them visible (``wizard.model.text``)."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


_SKIPPED_DIR = re.compile(
    "(?:^|/)(?:" + "|".join(re.escape(name) for name in sorted(ALWAYS_SKIPPED_DIRS)) + ")/"
)


def _in_skipped_dir(path: str) -> bool:
    return _SKIPPED_DIR.search(path) is not None


def list_files(root: str, deadline: float) -> Listing:
    """The files to consider under ``root`` (an absolute, resolved directory)."""
    listing = Listing()
    if looks_like_git(root):
        try:
            repository = GitRepository(root)
        except GitUnavailable as error:
            listing.skipped.append(f".git: {error}; scanned as a plain directory")
        else:
            listing.repository = repository
            listing.paths = [path for path in repository.files() if not _in_skipped_dir(path)]
            return listing
    _walk(root, listing, deadline)
    return listing


def _read_ignore_file(reader: FileReader, path: str, base: str) -> list[IgnoreRule]:
    try:
        end = reader.read(path)
    except Unreadable:
        return []
    text = bytes(reader.buffer[1:end]).decode("utf-8", "replace")
    return parse_ignore_file(text, base)


def _walk(root: str, listing: Listing, deadline: float) -> None:
    reader = FileReader()
    stack: list[tuple[str, list[IgnoreRule], int]] = [("", [], 0)]
    while stack:
        relative, inherited, depth = stack.pop()
        if time.monotonic() > deadline:
            listing.skipped.append(f"{printable_path(relative) or '.'}/: not listed (deadline)")
            continue
        directory = os.path.join(root, relative) if relative else root
        try:
            with os.scandir(directory) as iterator:
                entries = sorted(iterator, key=lambda entry: entry.name)
        except OSError as error:
            listing.skipped.append(f"{printable_path(relative)}/: unreadable ({error.strerror})")
            continue
        rules = inherited
        if any(entry.name == ".gitignore" for entry in entries):
            own = _read_ignore_file(reader, os.path.join(directory, ".gitignore"), relative)
            rules = inherited + own
        subdirectories: list[tuple[str, list[IgnoreRule], int]] = []
        for entry in entries:
            path = f"{relative}/{entry.name}" if relative else entry.name
            try:
                if entry.is_symlink():
                    listing.skipped.append(f"{printable_path(path)}: symbolic link, not followed")
                    continue
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = not is_dir and entry.is_file(follow_symlinks=False)
            except OSError:
                listing.skipped.append(f"{printable_path(path)}: unreadable")
                continue
            if is_dir:
                if entry.name in ALWAYS_SKIPPED_DIRS or is_ignored(rules, path, True):
                    continue
                if depth + 1 >= MAX_DEPTH:
                    listing.skipped.append(f"{printable_path(path)}/: nested too deep")
                    continue
                subdirectories.append((path, rules, depth + 1))
            elif is_file and not is_ignored(rules, path, False):
                listing.paths.append(path)
        stack.extend(reversed(subdirectories))
