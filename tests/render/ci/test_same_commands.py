"""The three platforms run the same commands for the sample project: each stage's command,
then the gate after evaluation, the canary's shifts and their checks after the bake; Azure's
approval is a ManualValidation@1 task in an agentless (pool: server) job, and its file is
schema-valid."""

from __future__ import annotations

from pathlib import Path

from tests.render.ci.sample_project import export_sample
from tests.render.ci.schemas import schema_errors
from tests.render.ci.views import PipelineView
from wizard.model.platforms import identity, platform_ids

STAGES = [
    "validate_data", "train_model", "evaluate_model", "register_model", "deploy_staging",
    "promote_production",
]  # fmt: skip


def exported_view(folder: Path, platform: str, *settings: str) -> PipelineView:
    project = export_sample(folder / platform, platform, *settings)
    text = (project / identity(platform).ci_path).read_text(encoding="utf-8")
    assert schema_errors(platform, text) == []
    return PipelineView.parse(platform, text)


def test_every_platform_runs_the_same_commands(tmp_path: Path) -> None:
    # Canary: the strategy with the most steps to compare (the sample's own design derives
    # shadow, whose labelled comparison the gitlab-ci-local runs cover).
    views = {
        platform: exported_view(tmp_path, platform, "deployment.strategy=canary")
        for platform in platform_ids()
    }
    commands = {
        platform: {stage: view.scripts(stage) for stage in STAGES if stage != "promote_production"}
        for platform, view in views.items()
    }
    assert commands["github-actions"] == commands["gitlab-ci"] == commands["azure-pipelines"]
    assert commands["gitlab-ci"]["evaluate_model"][0] == "make evaluate_model"
    for view in views.values():
        assert view.has_gate_step()
        assert view.canary_percents() == view.health_checks() == [10, 50, 100]
        assert view.has_rollback()


def test_azure_approval_is_a_manual_validation_in_a_server_job(tmp_path: Path) -> None:
    view = exported_view(tmp_path, "azure-pipelines")
    assert view.has_approval_gate()
    stage = next(s for s in view.document["stages"] if s["stage"] == "promote_production")
    approval, promotion = stage["jobs"]
    assert approval["pool"] == "server"
    assert approval["steps"][0]["task"] == "ManualValidation@1"
    assert promotion["dependsOn"] == "approval"
