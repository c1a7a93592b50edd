"""``mlops-wizard scan [PATH] [--json]`` through the CLI's main, and the import budget of
the command in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from wizard.cli import main

TRAIN = "import mlflow\n\nmlflow.log_param('alpha', 1)\n"
WORKFLOW = (
    "on:\n  schedule:\n    - cron: '0 2 * * *'\njobs:\n  t:\n    steps:\n      - run: pytest\n"
)


def test_json_shape(make_repo, run_git, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo({"src/train.py": TRAIN, ".github/workflows/ci.yml": WORKFLOW})
    run_git(root, "remote", "add", "origin", "https://ci-bot:s3cret@github.com/acme/churn.git")

    assert main(["scan", str(root), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)

    assert list(data) == [
        "suggested_level",
        "level_name",
        "maturity",
        "reasons",
        "components",
        "runtime",
        "stage_commands",
        "evidence",
        "git",
        "files_scanned",
        "skipped",
        "set_aside",
    ]
    assert data["suggested_level"] == 1
    assert data["maturity"]["experiment_tracking"] == "yes"
    assert data["maturity"]["monitoring"] == "unknown"
    assert set(data["maturity"]) == {
        "experiment_tracking",
        "data_versioning",
        "model_registry",
        "automated_tests",
        "ci_cd_for_models",
        "monitoring",
        "automated_retraining",
    }
    assert {
        "category": "experiment_tracking",
        "tool": "mlflow",
        "path": "src/train.py",
        "line": 3,
        "detail": "logs parameters (mlflow.log_param)",
    } in data["evidence"]
    assert {
        "category": "ci_cd",
        "tool": "github-actions",
        "path": ".github/workflows/ci.yml",
        "line": None,
        "detail": "GitHub Actions workflow",
    } in data["evidence"]
    git = data["git"]
    assert set(git) == {"head", "branch", "dirty", "remotes"}
    assert len(git["head"]) == 40 and git["branch"] == "main" and git["dirty"] is False
    assert git["remotes"] == ["origin https://github.com/acme/churn.git"]
    assert data["files_scanned"] == 2
    assert data["skipped"] == []


def test_json_of_a_plain_directory_has_no_git(tmp_path: Path, write_tree, capsys) -> None:
    write_tree(tmp_path / "plain", {"train.py": TRAIN})
    assert main(["scan", str(tmp_path / "plain"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["git"] is None
    assert data["evidence"][0]["path"] == "train.py"


def test_text_report(make_repo, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo({"src/train.py": TRAIN, ".github/workflows/ci.yml": WORKFLOW})
    assert main(["scan", str(root)]) == 0
    out = capsys.readouterr().out
    assert "Suggested maturity level: 1 (Tracked)" in out
    assert "src/train.py:3  logs parameters (mlflow.log_param)" in out
    assert ".github/workflows/ci.yml:3  cron 0 2 * * *" in out
    assert "Git: main at " in out
    assert str(root) in out.splitlines()[0]


def test_current_directory_by_default(make_repo, monkeypatch, capsys) -> None:
    root = make_repo({"src/train.py": TRAIN})
    monkeypatch.chdir(root)
    assert main(["scan"]) == 0
    assert capsys.readouterr().out.startswith("Scanned .: 1 files read")


@pytest.mark.parametrize(
    ("name", "message"),
    [("missing", "no such directory"), ("file.txt", "not a directory")],
)
def test_bad_path_exits_2_with_one_line(
    tmp_path: Path, name: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file.txt").write_text("x")
    target = str(tmp_path / name)
    assert main(["scan", target, "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"mlops-wizard: error: scan: {target}: {message} (allowed: a directory to scan)\n"
    )


IMPORTS_PROBE = """
import json, sys
from wizard.cli import main
main(["scan", sys.argv[1], "--json"])
print(json.dumps(["textual" in sys.modules, "git" in sys.modules]), file=sys.stderr)
"""


def _modules_after_scan(path: Path) -> list[bool]:
    result = subprocess.run(
        [sys.executable, "-c", IMPORTS_PROBE, str(path)], capture_output=True, check=True, text=True
    )
    return json.loads(result.stderr.strip().splitlines()[-1])


def test_scan_loads_no_textual_and_gitpython_only_for_git(
    tmp_path: Path, make_repo, write_tree
) -> None:
    write_tree(tmp_path / "plain", {"train.py": TRAIN})
    assert _modules_after_scan(tmp_path / "plain") == [False, False]
    assert _modules_after_scan(make_repo({"train.py": TRAIN})) == [False, True]
