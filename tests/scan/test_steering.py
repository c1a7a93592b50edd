"""What the scan lists is the scanned folder: not a working tree the repository's
``core.worktree`` or the caller's ``GIT_DIR``/``GIT_WORK_TREE`` names."""

from __future__ import annotations

from pathlib import Path

import pytest

from wizard.model.evidence import Evidence
from wizard.scan import scan_repository

OUTSIDE_FILES = {
    "outside-secret.py": "import feast\n",
    "requirements-outside.txt": "tecton\n",
    "tests/test_outside.py": "import pytest\n",
}


def _everything_shown(evidence: Evidence) -> str:
    """Every path, detail and skipped entry the reports would show, as one text."""
    lines = [f"{item.path} {item.detail}" for item in evidence.items]
    return "\n".join([*lines, *evidence.skipped])


def _assert_only_root(evidence: Evidence) -> None:
    shown = _everything_shown(evidence)
    assert "outside" not in shown
    assert {(item.tool, item.path) for item in evidence.items} == {("mlflow", "model.py")}
    assert evidence.skipped == ()
    assert evidence.files_scanned == 1


def test_core_worktree_is_not_obeyed(tmp_path: Path, make_repo, write_tree, run_git) -> None:
    outside = tmp_path / "outside"
    write_tree(outside, OUTSIDE_FILES)
    root = make_repo({"model.py": "import mlflow\n"})
    run_git(root, "config", "core.worktree", str(outside))

    evidence = scan_repository(root)

    _assert_only_root(evidence)
    assert evidence.git is not None and evidence.git.dirty is False


def test_core_worktree_etc_is_not_listed(make_repo, run_git) -> None:
    root = make_repo({"model.py": "import mlflow\n"})
    run_git(root, "config", "core.worktree", "/etc")

    evidence = scan_repository(root)

    assert evidence.skipped == ()
    assert {item.path for item in evidence.items} == {"model.py"}


def test_git_environment_of_the_caller_does_not_steer(
    tmp_path: Path, make_repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = make_repo(OUTSIDE_FILES, name="outside")
    root = make_repo({"model.py": "import mlflow\n"})
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(other))
    monkeypatch.setenv("GIT_INDEX_FILE", str(other / ".git" / "index"))

    evidence = scan_repository(root)

    _assert_only_root(evidence)
    monkeypatch.delenv("GIT_DIR")
    monkeypatch.delenv("GIT_WORK_TREE")
    monkeypatch.delenv("GIT_INDEX_FILE")
    assert evidence.git == scan_repository(root).git


def test_subfolder_of_a_repository_with_a_stray_dot_git(make_repo, write_tree) -> None:
    """A ``.git`` folder git does not take for a repository does not make its folder the
    working tree: the scan still lists the subfolder's files of the repository above."""
    root = make_repo({"sub/model.py": "import mlflow\n", "other.py": "import wandb\n"})
    (root / "sub" / ".git").mkdir()

    evidence = scan_repository(root / "sub")

    assert {(item.tool, item.path) for item in evidence.items} == {("mlflow", "model.py")}
    assert evidence.skipped == ()
    assert evidence.git is not None and evidence.git.branch == "main"


def test_linked_worktree_and_submodule(tmp_path: Path, make_repo, run_git) -> None:
    """A ``.git`` file (a linked worktree, a submodule) names the repository git reads."""
    main_repo = make_repo({"model.py": "import mlflow\n"})
    linked = tmp_path / "linked"
    run_git(main_repo, "worktree", "add", "-q", "-b", "feature", str(linked))
    inner = make_repo({"serve.py": "import wandb\n"}, name="inner")
    run_git(
        main_repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(inner), "sub"
    )

    in_linked = scan_repository(linked)
    in_submodule = scan_repository(main_repo / "sub")

    assert in_linked.git is not None and in_linked.git.branch == "feature"
    assert {(item.tool, item.path) for item in in_linked.items} == {("mlflow", "model.py")}
    assert in_submodule.git is not None and in_submodule.git.dirty is False
    assert {(item.tool, item.path) for item in in_submodule.items} == {("wandb", "serve.py")}
