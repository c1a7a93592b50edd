"""Fixture repositories for the scanner tests, built in a temporary folder: files written,
then (for git ones) ``git init`` and one commit under the isolated identity of the root
conftest."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

Files = Mapping[str, str | bytes]
MakeRepo = Callable[..., Path]


def write_files(root: Path, files: Files) -> None:
    for name, content in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content)


def git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture
def write_tree() -> Callable[[Path, Files], None]:
    """``write_tree(root, files)``: write ``files`` (relative name -> text or bytes)."""
    return write_files


@pytest.fixture
def run_git() -> Callable[..., subprocess.CompletedProcess[bytes]]:
    """``run_git(root, *args)``: git in ``root``, failing the test when git fails."""
    return git


@pytest.fixture
def make_repo(tmp_path: Path) -> MakeRepo:
    """``make_repo(files, git=True, name="repo")``: the folder, committed when ``git``."""

    def make(files: Files, *, git_repo: bool = True, name: str = "repo") -> Path:
        root = tmp_path / name
        root.mkdir()
        write_files(root, files)
        if git_repo:
            git(root, "init", "-q", "-b", "main")
            git(root, "add", "-A")
            git(root, "commit", "-q", "-m", "fixture")
        return root

    return make
