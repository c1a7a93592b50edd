"""The sample project's exported GitHub workflow: zizmor finds nothing, the schema accepts
it, and its jobs' run steps, executed in order in a fresh copy per job with the workflow's
env, pass for a good candidate under canary (its checks after the bake are jobs a wait timer
holds on GitHub; here they run at once) and stop at the gate for a worse one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.render.ci.conftest import Toolchain
from tests.render.ci.github_runner import run_workflow
from tests.render.ci.sample_project import REVIEWER, WORSE_PARAMS, export_sample, job_environment
from tests.render.ci.schemas import schema_errors
from tests.render.ci.test_zizmor import findings

WORKFLOW = ".github/workflows/ml-pipeline.yml"
STAGES = ["validate_data", "train_model", "evaluate_model", "register_model", "deploy_staging"]
#: The canary's release: each share, its check after the bake, production last.
RELEASE = [
    "canary_10", "canary_10_check", "canary_50", "canary_50_check", "canary_100",
    "canary_100_check", "promote_production",
]  # fmt: skip


@pytest.fixture
def project(tmp_path: Path) -> Path:
    # Canary: the release this runner can run in one workflow run (the sample's own shadow
    # design completes in the comparator's scheduled run, which gitlab-ci-local runs).
    return export_sample(tmp_path / "sample", "github-actions", "deployment.strategy=canary")


def test_the_sample_workflow_is_valid_and_zizmor_finds_nothing(project: Path) -> None:
    workflow = project / WORKFLOW
    assert schema_errors("github-actions", workflow.read_text(encoding="utf-8")) == []
    assert findings(workflow) == []


#: The repository variables the cloud login reads (the login itself is the runner's).
CLOUD_VARIABLES = {"AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/ml", "AWS_REGION": "eu-west-1"}


def _run(
    project: Path,
    toolchain: Toolchain,
    tmp_path: Path,
    inputs: dict[str, str],
    cloud: dict[str, str] = CLOUD_VARIABLES,
):
    environment = job_environment(toolchain.python, tmp_path / "model-store")
    scratch = tmp_path / "runs"
    scratch.mkdir()
    text = (project / WORKFLOW).read_text(encoding="utf-8")
    # Repository variables override the pinned requirement.
    variables = {"MLOPS_WIZARD_REQUIREMENT": str(toolchain.wheel), **cloud}
    return run_workflow(text, project, scratch, environment, inputs, variables)


def test_a_first_push_without_the_cloud_variables_fails_first_naming_them(
    project: Path, toolchain: Toolchain, tmp_path: Path
) -> None:
    run = _run(project, toolchain, tmp_path, {"reason": "manual"}, cloud={})
    assert {name: job.passed for name, job in run.jobs.items()} == {
        "check": True,
        "validate_data": False,
    }, run.log()
    failed = run.log().split("validate_data: ", 1)[1]
    # The first step of the first job that logs in, before checkout and the login itself.
    assert failed.startswith("Cloud variables are set\n"), failed
    assert "::error::AWS_REGION is not set: set it as a repository variable" in failed
    assert "::error::AWS_ROLE_ARN is not set" in failed


def test_a_good_candidate_passes_every_job(
    project: Path, toolchain: Toolchain, tmp_path: Path
) -> None:
    run = _run(project, toolchain, tmp_path, {"reason": "manual", "reviewed_by": REVIEWER})
    assert {name: job.passed for name, job in run.jobs.items()} == dict.fromkeys(
        ["check", *STAGES, *RELEASE], True
    ), run.log()
    assert "gate: passed: auc" in run.log()
    assert run.jobs["register_model"].outputs["MODEL_VERSION"] == "v1"
    assert (
        run.jobs["train_model"].outputs["RUN_ID"]
        == run.jobs["promote_production"].outputs["RUN_ID"]
    )
    assert "canary check: 100 % healthy" in run.log()


def test_a_worse_candidate_stops_at_the_gate(
    project: Path, toolchain: Toolchain, tmp_path: Path
) -> None:
    (project / "params.json").write_text(WORSE_PARAMS, encoding="utf-8")
    run = _run(project, toolchain, tmp_path, {"reason": "manual"})
    assert {name: job.passed for name, job in run.jobs.items()} == {
        "check": True,
        "validate_data": True,
        "train_model": True,
        "evaluate_model": False,
    }, run.log()
    assert "gate: missed: auc gain" in run.log()
