"""Evidence comes only from files the scan read: a name whose file was never read (a link
that is not followed, a dangling link, a pipe, a file over the size limit) proves nothing,
even for the kinds of file whose name alone is the finding."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from wizard.scan import scan_repository

LINKED_NAMES = (
    "requirements-passwd.txt",
    "pyproject.toml",
    "feature_store.yaml",
    "MLproject",
    "data.dvc",
    "tests/test_linked.py",
    "notebook.ipynb",
)


@pytest.mark.parametrize("dangling", [False, True], ids=["outside", "dangling"])
@pytest.mark.parametrize("git_repo", [True, False], ids=["git", "plain"])
def test_a_link_not_followed_is_no_evidence(
    tmp_path: Path, make_repo, run_git, dangling: bool, git_repo: bool
) -> None:
    target = tmp_path / "target.txt"
    if not dangling:
        target.write_text('mlflow\n{"cells": []}\n')
    root = make_repo({"app.py": "x = 1\n"}, git_repo=git_repo)
    (root / "tests").mkdir()
    for name in LINKED_NAMES:
        os.symlink(target, root / name)
    if git_repo:
        run_git(root, "add", "-A")
        run_git(root, "commit", "-q", "-m", "links")

    evidence = scan_repository(root)

    assert evidence.items == ()
    assert evidence.files_scanned == 1
    for name in LINKED_NAMES:
        assert f"{name}: symbolic link, not followed" in evidence.skipped


def test_a_name_whose_file_cannot_be_read_is_no_evidence(make_repo) -> None:
    root = make_repo({"app.py": "x = 1\n", "feature_store.yaml": "project: x\n"})
    (root / "feature_store.yaml").unlink()
    os.mkfifo(root / "feature_store.yaml")  # git lists it as committed; it is a pipe now
    (root / "requirements.txt").write_text("mlflow\n" + "# padding\n" * 120_000)

    evidence = scan_repository(root)

    assert evidence.items == ()
    assert "feature_store.yaml: not a regular file" in evidence.skipped
    skipped = "\n".join(evidence.skipped)
    assert "requirements.txt: larger than 1 MiB" in skipped


def test_names_that_are_read_still_count(make_repo) -> None:
    root = make_repo(
        {
            "feature_store.yaml": "project: x\n",
            "MLproject": "name: x\n",
            "great_expectations.yml": "config_version: 3\n",
            "data.dvc": "outs:\n- path: data\n",
            ".dvc/config": "",
            "requirements.txt": "pandas\n",
            "tests/test_a.py": "def test_a(): pass\n",
            "explore.ipynb": '{"cells": []}\n',
            "src/app.py": "x = 1\n",
        }
    )

    evidence = scan_repository(root)

    assert {(item.category, item.path, item.detail) for item in evidence.items} == {
        ("feature_store", "feature_store.yaml", "Feast feature repository (feature_store.yaml)"),
        ("experiment_tracking", "MLproject", "MLflow project (MLproject)"),
        ("data_validation", "great_expectations.yml", "Great Expectations project"),
        ("data_versioning", "data.dvc", "data tracked by DVC"),
        ("data_versioning", ".dvc/config", "DVC repository (.dvc/)"),
        ("dependencies", "requirements.txt", "pip requirements"),
        ("tests", "tests", "1 test file"),
        ("notebooks", "explore.ipynb", "Jupyter notebook"),
    }
