"""The scan reports what a training run reads as it is (data folders, the parameters file,
the training scripts), from files listed and checked or read: the pipeline watches them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.paths import REPO_ROOT
from wizard.scan import scan_repository


def _inputs(root: Path) -> set[tuple[str, str, str]]:
    evidence = scan_repository(root)
    return {
        (item.tool, item.path, item.detail)
        for item in evidence.items
        if item.category == "training_inputs"
    }


def test_the_sample_project_reports_its_data_parameters_and_training_script() -> None:
    assert _inputs(REPO_ROOT / "examples" / "sample-repo") == {
        ("data", "data/", "3 data files"),
        ("params", "params.json", "training parameters"),
        ("script", "src/fraud/train.py", "training script"),
    }


@pytest.mark.parametrize("git_repo", [True, False], ids=["git", "plain"])
def test_fixtures_links_and_other_files_are_no_training_input(
    tmp_path: Path, make_repo, write_tree, run_git, git_repo: bool
) -> None:
    outside = tmp_path / "outside"
    write_tree(outside, {"big.csv": "a\n1\n"})
    root = make_repo(
        {
            "datasets/raw/clicks.parquet": b"PAR1\x00\x01",
            "scores.jsonl": '{"a": 1}\n',
            "tests/data/fixture.csv": "a\n1\n",
            "docs/example.csv": "a\n1\n",
            "config/settings.json": "{}\n",
            "config/params.toml": "epochs = 3\n",
            "src/trainer_utils.txt": "not python\n",
            "tests/test_train.py": "def test_x(): pass\n",
        },
        git_repo=git_repo,
    )
    # A data file that is a link (git lists it as committed) proves nothing.
    (root / "linked").mkdir()
    os.symlink(outside / "big.csv", root / "linked" / "big.csv")
    if git_repo:
        run_git(root, "add", "-A")
        run_git(root, "commit", "-q", "-m", "link")

    assert _inputs(root) == {
        ("data", "datasets/", "data file"),
        ("data", "scores.jsonl", "data file"),
        ("params", "config/params.toml", "training parameters"),
    }
