"""A directory that is not a git repository: walked with .gitignore rules and the always
skipped tool folders; and the ignore matcher itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from wizard.scan import scan_repository
from wizard.scan.ignore import is_ignored, parse_ignore_file


def test_plain_directory_honours_ignores_and_skips_tool_folders(tmp_path: Path, write_tree) -> None:
    root = tmp_path / "project"
    write_tree(
        root,
        {
            ".gitignore": "# generated\nscratch/\n*.tmp.py\n/top_only.py\n!keep.tmp.py\n",
            "src/train.py": "import mlflow\nmlflow.log_metric('auc', 0.9)\n",
            "src/nested/.gitignore": "local.py\n",
            "src/nested/local.py": "import wandb\n",
            "src/nested/top_only.py": "import prefect\n",
            "top_only.py": "import dagster\n",
            "scratch/play.py": "import neptune\n",
            "old.tmp.py": "import comet_ml\n",
            "keep.tmp.py": "import clearml\n",
            ".venv/lib/site.py": "import evidently\n",
            "node_modules/x/setup.py": "import whylogs\n",
            "build/lib/mod.py": "import nannyml\n",
            "pkg/__pycache__/mod.py": "import feast\n",
        },
    )
    evidence = scan_repository(root)

    assert evidence.git is None
    assert {(item.tool, item.path) for item in evidence.items if item.line == 1} == {
        ("mlflow", "src/train.py"),
        ("prefect", "src/nested/top_only.py"),
        ("clearml", "keep.tmp.py"),
    }
    assert evidence.files_scanned == 3


def test_nothing_to_read_is_an_empty_scan(tmp_path: Path, write_tree) -> None:
    write_tree(tmp_path / "docs", {"README.md": "import mlflow\n"})
    evidence = scan_repository(tmp_path / "docs")
    assert evidence.items == ()
    assert evidence.files_scanned == 0


def test_not_a_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(NotADirectoryError):
        scan_repository(tmp_path / "file.txt")


@pytest.mark.parametrize(
    ("patterns", "path", "is_dir", "ignored"),
    [
        ("*.log\n", "deep/down/app.log", False, True),
        ("/build.log\n", "deep/build.log", False, False),
        ("/build.log\n", "build.log", False, True),
        ("cache/\n", "a/cache", True, True),
        ("cache/\n", "a/cache", False, False),
        ("docs/*.md\n", "docs/a.md", False, True),
        ("docs/*.md\n", "docs/sub/a.md", False, False),
        ("docs/**/*.md\n", "docs/sub/deeper/a.md", False, True),
        ("**/fixtures\n", "x/y/fixtures", True, True),
        ("out/**\n", "out/a/b.py", False, True),
        ("*.py\n!keep.py\n", "keep.py", False, False),
        ("!keep.py\n*.py\n", "keep.py", False, True),
        ("data?.csv\n", "data1.csv", False, True),
        ("data[0-9].csv\n", "datax.csv", False, False),
        ("\\#notes\n", "#notes", False, True),
        ("# comment\n\n", "# comment", False, False),
    ],
)
def test_ignore_patterns(patterns: str, path: str, is_dir: bool, ignored: bool) -> None:
    assert is_ignored(parse_ignore_file(patterns, ""), path, is_dir) is ignored


def test_nested_ignore_file_applies_below_its_folder_only() -> None:
    rules = parse_ignore_file("*.csv\n", "") + parse_ignore_file("!keep.csv\n/local.py\n", "sub")
    assert is_ignored(rules, "sub/keep.csv", False) is False
    assert is_ignored(rules, "keep.csv", False) is True
    assert is_ignored(rules, "sub/local.py", False) is True
    assert is_ignored(rules, "sub/deeper/local.py", False) is False
