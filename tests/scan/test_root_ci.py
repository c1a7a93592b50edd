"""``scan sub/project`` (or ``--repo`` a sub-folder) of a git repository reads the CI at the
repository's top as evidence, with its path from the top: its steps are taken as run from
the project (``pytest services/churn/tests/data`` becomes ``pytest tests/data``), and a step
about another project of the monorepo counts for nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliRun
from wizard.engine.suggest import suggest
from wizard.scan import scan_repository

MakeRepo = Callable[..., Path]

PROJECT = "services/churn"
_WORKFLOW = """\
on: [push]
jobs:
  churn:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: "3.10"
      - run: pytest services/churn/tests/data -m "not slow"
      - run: python services/churn/train.py --epochs 3
  fraud:
    runs-on: ubuntu-latest
    steps:
      - run: pytest services/fraud/tests
      - run: python services/fraud/deploy.py
"""
_GITLAB = """\
churn-report:
  script:
    - python services/churn/evaluate.py --out report.md
"""
FILES = {
    ".github/workflows/ci.yml": _WORKFLOW,
    ".gitlab-ci.yml": _GITLAB,
    f"{PROJECT}/train.py": "print('train')\n",
    f"{PROJECT}/evaluate.py": "print('evaluate')\n",
    f"{PROJECT}/tests/data/test_schema.py": "def test_schema() -> None:\n    assert True\n",
    "services/fraud/deploy.py": "print('deploy')\n",
    "services/fraud/tests/test_fraud.py": "def test_fraud() -> None:\n    assert True\n",
}


def test_the_root_ci_is_evidence_of_the_sub_project(make_repo: MakeRepo) -> None:
    top = make_repo(FILES)
    evidence = scan_repository(top / PROJECT)
    found = {(item.category, item.path, item.line) for item in evidence.items}
    assert ("ci_cd", ".github/workflows/ci.yml", None) in found
    assert ("ci_cd", ".gitlab-ci.yml", None) in found
    assert ("runtime", ".github/workflows/ci.yml", 8) in found  # setup-python 3.10
    tests = [item for item in evidence.of("ci_tests")]
    assert [(item.path, item.line, item.value) for item in tests] == [
        (".github/workflows/ci.yml", 9, "tests/data")
    ]
    training = evidence.of("ci_training")
    assert [(item.path, item.line) for item in training] == [(".github/workflows/ci.yml", 10)]
    # The fraud service's deploy step is another project's: no "CI deploys" here.
    assert not evidence.of("ci_deploy")
    suggested = suggest(evidence)
    commands = {found.stage: (found.lines, found.source) for found in suggested.commands}
    assert commands["validate_data"] == (
        ("python -m pytest tests/data -m 'not slow'",),
        ".github/workflows/ci.yml:9",
    )
    assert commands["train_model"] == (
        ("python train.py --epochs 3",),
        ".github/workflows/ci.yml:10",
    )
    assert commands["evaluate_model"] == (
        ("python evaluate.py --out report.md",),
        ".gitlab-ci.yml:3",
    )
    assert suggested.maturity["automated_tests"].value == "yes"


def test_the_scan_command_on_a_sub_folder_shows_the_root_ci(
    make_repo: MakeRepo, run_cli: Callable[..., CliRun]
) -> None:
    top = make_repo(FILES)
    report = run_cli("scan", str(top / PROJECT), "--json")
    assert report.code == 0, report.err
    data = json.loads(report.out)
    paths = {item["path"] for item in data["evidence"]}
    assert {".github/workflows/ci.yml", ".gitlab-ci.yml", "train.py"} <= paths
    assert not any(path.startswith("services/") for path in paths)


def test_at_the_top_or_outside_git_nothing_is_read_twice(make_repo: MakeRepo) -> None:
    top = make_repo(FILES)
    at_top = scan_repository(top)
    assert len(at_top.of("ci_cd")) == len(set(at_top.of("ci_cd")))
    plain = make_repo(FILES, git_repo=False, name="plain")
    assert not {item.path for item in scan_repository(plain / PROJECT).items} & {
        ".github/workflows/ci.yml",
        ".gitlab-ci.yml",
    }
