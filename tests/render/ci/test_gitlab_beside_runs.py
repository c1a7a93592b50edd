"""A repository with a GitLab CI of its own (a CML report job) gets the ML pipeline included
beside it: gitlab-ci-local runs the team's job and the whole ML pipeline in one pipeline."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

from tests.existing_ci import GITLAB_WITH_CML
from tests.render.ci.conftest import Toolchain
from tests.render.ci.sample_project import REVIEWER, export_sample
from tests.render.ci.test_gitlab_runs import CHECK, SHADOW, STAGES, run_pipeline


def test_the_teams_own_job_runs_beside_the_ml_pipeline(
    toolchain: Toolchain, tmp_path: Path
) -> None:
    project = export_sample(
        tmp_path / "sample", "gitlab-ci", own_files={".gitlab-ci.yml": GITLAB_WITH_CML}
    )
    main_file = yaml.safe_load((project / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert main_file["include"] == [{"local": ".gitlab/ml-pipeline.yml"}]
    _pushed_onto_an_empty_main(project)
    code, log, verdicts = run_pipeline(project, toolchain, tmp_path, f"REVIEWED_BY={REVIEWER}")
    assert code == 0, log
    assert verdicts == dict.fromkeys(["cml_report", *CHECK, *STAGES, *SHADOW], "PASS"), log
    assert "check: . follows its design" in log
    assert "gate: passed: auc" in log
    report = project / ".gitlab-ci-local" / "artifacts" / "cml_report" / "report.md"
    assert report.read_text(encoding="utf-8").startswith("## Metrics")


def _pushed_onto_an_empty_main(folder: Path) -> None:
    """The project committed on top of an empty commit that ``origin/main`` names: the
    jobs' own ``rules: changes`` (the push filter, which a file of their own kept in
    ``workflow``) compare against it, as GitLab compares a push with the commit before it."""
    identity = ["-c", "user.email=ci@example.com", "-c", "user.name=ci"]
    for command in (
        ["init", "-q", "-b", "main"],
        [*identity, "commit", "-q", "--allow-empty", "-m", "empty"],
        ["update-ref", "refs/remotes/origin/main", "HEAD"],
        ["add", "-A", "-f"],
        [*identity, "commit", "-q", "-m", "sample"],
    ):
        subprocess.run(["git", *command], cwd=folder, check=True, capture_output=True)
