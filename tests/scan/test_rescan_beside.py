"""scan -> export beside the team's own CI -> scan again: the export adds an ``include:`` line
and its stage names (train, deploy ...) to the team's ``.gitlab-ci.yml``, a stages template
to their ``azure-pipelines.yml``, a workflow of its own beside theirs on GitHub. None of that
is evidence: the re-scan finds what it found before (the team's jobs, their tests, their
Python), no "CI trains" or "CI deploys", and the same maturity."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliRun
from tests.existing_ci import AZURE_WITH_STAGES, GITHUB_TESTS
from tests.scan.fixtures import existing_gitlab_ci_with_cml
from wizard.engine.suggest import suggest
from wizard.model.evidence import Evidence
from wizard.scan import scan_repository

MakeRepo = Callable[..., Path]
_TESTS = {"tests/test_model.py": "def test_model() -> None:\n    assert True\n"}

#: platform -> the team's own repository, with a CI of theirs that runs the tests.
TEAMS: dict[str, dict[str, str]] = {
    "gitlab-ci": existing_gitlab_ci_with_cml(),
    "github-actions": {
        ".github/workflows/tests.yml": GITHUB_TESTS.replace("echo test", "python -m pytest tests"),
        **_TESTS,
    },
    "azure-pipelines": {
        "azure-pipelines.yml": AZURE_WITH_STAGES.replace("echo build", "python -m pytest tests"),
        **_TESTS,
    },
}
#: platform -> the team's CI file, which the export edits or leaves beside its own.
TEAM_FILE = {
    "gitlab-ci": ".gitlab-ci.yml",
    "github-actions": ".github/workflows/tests.yml",
    "azure-pipelines": "azure-pipelines.yml",
}


def _findings(evidence: Evidence) -> set[tuple[str, str, str, str]]:
    """Every finding without its line: the export's include moves the team's lines down."""
    return {(item.category, item.tool, item.path, item.detail) for item in evidence.items}


@pytest.mark.parametrize("platform", sorted(TEAMS))
def test_what_an_export_adds_to_the_team_s_ci_is_no_evidence(
    make_repo: MakeRepo, run_cli: Callable[..., CliRun], tmp_path: Path, platform: str
) -> None:
    root = make_repo(TEAMS[platform], git_repo=False)
    before = scan_repository(root)
    answers = tmp_path / "answers.yaml"
    assert run_cli("new", "--out", str(answers)).code == 0
    text = answers.read_text(encoding="utf-8")
    answers.write_text(text.replace("ci_platform: github-actions", f"ci_platform: {platform}"))
    exported = run_cli("export", "--answers", str(answers), "--out", str(root), "--repo", str(root))
    assert exported.code == 0, exported.err
    team_file = (root / TEAM_FILE[platform]).read_text(encoding="utf-8")
    if platform != "github-actions":  # the export wrote into the team's own file
        assert "ml-pipeline.yml" in team_file
    after = scan_repository(root)
    assert _findings(after) == _findings(before)
    assert any(item.path == TEAM_FILE[platform] for item in after.of("ci_tests"))
    assert not after.of("ci_training") and not after.of("ci_deploy")
    suggested_before, suggested_after = suggest(before), suggest(after)
    assert suggested_after.level == suggested_before.level
    assert {key: s.value for key, s in suggested_after.maturity.items()} == {
        key: s.value for key, s in suggested_before.maturity.items()
    }
