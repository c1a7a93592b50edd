"""The generated pipeline of each platform has the designed stages, triggers, gate and canary,
each present exactly when the design asks for it."""

from __future__ import annotations

import pytest

from tests.render.ci.designs import POLICY, make_design
from tests.render.ci.schemas import schema_errors
from tests.render.ci.views import PipelineView
from wizard.engine.watched_paths import watched_paths
from wizard.model.answers import STAGE_ORDER
from wizard.model.design import Design
from wizard.model.evidence import Evidence, EvidenceItem
from wizard.model.platforms import identity, platform_ids
from wizard.render.ci import ci_path, pipeline_document, render_ci
from wizard.render.ci.registry import platform_of
from wizard.render.ci.runtime import GATE_COMMAND, gate_command

PLATFORMS = platform_ids()


def view_of(design: Design) -> PipelineView:
    rendered = render_ci(design)
    assert schema_errors(design.pipeline.platform, rendered.text) == []
    return PipelineView.parse(design.pipeline.platform, rendered.text)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_rendered_file_is_the_platforms_ci_file(platform: str) -> None:
    rendered = render_ci(make_design(platform))
    assert rendered.kind == "ci"
    assert rendered.path == identity(platform).ci_path == ci_path(platform)


def test_unknown_platform_is_one_clear_line() -> None:
    with pytest.raises(
        ValueError, match=r"unknown CI platform 'jenkins' \(allowed: github-actions"
    ):
        ci_path("jenkins")


@pytest.mark.parametrize("platform", PLATFORMS)
def test_stages_run_in_order_each_after_the_previous(platform: str) -> None:
    """The stages before the release chain one after another; the release waits for the last
    of them, and its last job (the production mark) for everything before it."""
    view = view_of(make_design(platform))
    before = STAGE_ORDER[:-1]
    expected = [(name, [before[i - 1]] if i else []) for i, name in enumerate(before)]
    assert view.stage_jobs() == expected
    graph = view.graph
    assert set(before) <= graph.ancestors("promote_production")
    assert view.release_jobs()[0] == "canary_10"
    assert graph.jobs["canary_10"].needs == ("deploy_staging",)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_a_subset_of_stages_chains_without_gaps(platform: str) -> None:
    view = view_of(
        make_design(platform, stages=("train_model", "evaluate_model", "deploy_staging"))
    )
    assert view.stage_jobs() == [
        ("train_model", []),
        ("evaluate_model", ["train_model"]),
        ("deploy_staging", ["evaluate_model"]),
    ]
    assert not view.has_approval_gate()
    assert view.canary_percents() == []


@pytest.mark.parametrize("platform", PLATFORMS)
def test_each_stage_runs_its_command(platform: str) -> None:
    commands = {
        "train_model": "python -m recommender.train --config configs/train.yaml",
        "evaluate_model": "python -m recommender.evaluate --baseline production",
    }
    view = view_of(make_design(platform, commands=commands))
    for stage in STAGE_ORDER:
        assert view.scripts(stage)[0] == commands.get(stage, f"make {stage}")


@pytest.mark.parametrize("platform", PLATFORMS)
def test_policy_variables_reach_every_job(platform: str) -> None:
    variables = view_of(make_design(platform)).variables()
    for name, value in POLICY.items():
        assert variables[name] == value


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("with_evaluation", [True, False])
def test_gate_step_follows_evaluation_exactly_when_there_is_one(
    platform: str, with_evaluation: bool
) -> None:
    stages = STAGE_ORDER if with_evaluation else ("validate_data", "train_model")
    design = make_design(platform, stages=stages)
    view = view_of(design)
    assert view.has_gate_step() is with_evaluation
    if with_evaluation:
        scripts = view.scripts("evaluate_model")
        assert scripts[0] == "make evaluate_model"
        # The policy is read from the committed spec, not pasted into the pipeline; the
        # reviewer only where the file declares REVIEWED_BY.
        declares = platform_of(platform).variables.declares_reviewer(design)
        assert scripts[1] == gate_command(declares)
        assert GATE_COMMAND.startswith('mlops-wizard gate "$EVALUATION_FILE" --spec "$MLOPS_SPEC"')


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize(
    ("manual_approval", "approver", "gated"),
    [(True, "ML lead", True), (True, None, True), (False, "ML lead", True), (False, None, False)],
)
def test_approval_gate_exactly_when_asked(
    platform: str, manual_approval: bool, approver: str | None, gated: bool
) -> None:
    view = view_of(make_design(platform, manual_approval=manual_approval, approver=approver))
    assert view.has_approval_gate() is gated


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("canary", [(10, 50, 100), (5, 25, 100), (100,), (1, 2, 3, 50, 100)])
def test_one_canary_step_per_stage_each_checked_with_rollback(
    platform: str, canary: tuple[int, ...]
) -> None:
    view = view_of(make_design(platform, canary=canary))
    assert view.canary_percents() == list(canary)
    assert view.health_checks() == list(canary)
    assert view.has_rollback()


@pytest.mark.parametrize("platform", PLATFORMS)
def test_no_canary_without_a_promotion_stage(platform: str) -> None:
    view = view_of(make_design(platform, stages=STAGE_ORDER[:-1]))
    assert view.canary_percents() == []
    assert not view.has_rollback()


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize(
    "triggers",
    [
        (),
        ("push",),
        ("schedule",),
        ("drift",),
        ("manual",),
        ("push", "schedule", "drift"),
        ("push", "schedule", "drift", "manual"),
    ],
)
def test_triggers_exactly_as_asked(platform: str, triggers: tuple[str, ...]) -> None:
    view = view_of(make_design(platform, triggers=triggers, cron="0 3 * * 1"))
    assert view.has_push_trigger() is ("push" in triggers)
    assert view.schedule_cron() == ("0 3 * * 1" if "schedule" in triggers else None)
    if platform == "azure-pipelines":
        # Azure runs on demand through the reason parameter, for drift and manual runs alike.
        on_demand = "drift" in triggers or "manual" in triggers or not triggers
        assert view.has_drift_trigger() is on_demand
    else:
        assert view.has_drift_trigger() is ("drift" in triggers)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_cron_is_quoted_in_the_file(platform: str) -> None:
    text = render_ci(make_design(platform, cron="*/15 2 * * 1-5")).text
    assert "'*/15 2 * * 1-5'" in text


@pytest.mark.parametrize(
    ("cron", "expected"), [("0 3 * * 7", "0 3 * * 0"), ("0 3 * * 5-7", "0 3 * * 5-6,0")]
)
def test_sunday_as_seven_becomes_zero_for_github_and_azure(cron: str, expected: str) -> None:
    for platform in ("github-actions", "azure-pipelines"):
        assert view_of(make_design(platform, cron=cron)).schedule_cron() == expected


def test_github_on_key_stays_the_string_on() -> None:
    text = render_ci(make_design("github-actions")).text
    assert "\n'on':\n" in text
    assert "on" in PipelineView.parse("github-actions", text).document


def test_github_drift_dispatch_and_manual_input() -> None:
    on = pipeline_document(make_design("github-actions", triggers=("drift",)))["on"]
    assert on["repository_dispatch"] == {"types": ["drift-detected"]}
    assert on["workflow_dispatch"]["inputs"]["reason"]["type"] == "string"


def test_gitlab_rules_follow_the_pipeline_source() -> None:
    document = pipeline_document(
        make_design("gitlab-ci", triggers=("push", "schedule", "drift", "manual"))
    )
    conditions = [rule["if"] for rule in document["workflow"]["rules"]]
    assert conditions == [
        '$CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH',
        '$CI_PIPELINE_SOURCE == "schedule"',
        '$CI_PIPELINE_SOURCE == "trigger" || $CI_PIPELINE_SOURCE == "api" '
        '|| $CI_PIPELINE_SOURCE == "pipeline"',
        '$CI_PIPELINE_SOURCE == "web"',
    ]
    # The signed step, the first share of traffic, waits on the production environment.
    assert document["canary_10"]["environment"]["name"] == "production"


def test_azure_schedule_runs_always_on_the_default_branch() -> None:
    schedule = pipeline_document(make_design("azure-pipelines"))["schedules"][0]
    assert schedule["always"] == "true"
    assert schedule["branches"] == {"include": ["main"]}
    assert "UTC" in schedule["displayName"]


SCANNED = Evidence(
    items=(
        EvidenceItem("experiment_tracking", "mlflow", "recs/train.py", 3, "imports mlflow"),
        EvidenceItem("data_versioning", "dvc", "dvc.yaml", None, "DVC pipeline"),
        EvidenceItem("data_versioning", "dvc", "datasets/clicks.dvc", None, "tracked by DVC"),
        EvidenceItem("dependencies", "pip", "requirements.txt", None, "pip requirements"),
        EvidenceItem("notebooks", "jupyter", "notebooks/explore.ipynb", None, "notebook"),
    ),
    root="/repo",
    files_scanned=5,
)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_push_watches_where_the_scan_found_code_and_data(platform: str) -> None:
    """A team whose code is in recs/ gets recs/ watched, not a guessed src/."""
    view = view_of(make_design(platform, watched_paths=watched_paths(SCANNED, platform)))
    watched = view.push_paths()
    for path in (
        "recs",
        "datasets",
        "dvc.yaml",
        "requirements.txt",
        "mlops.mk",
        identity(platform).ci_path,
    ):
        assert any(item.startswith(path) for item in watched), (path, watched)
    assert not any(item.startswith(("src", "notebooks", "data/")) for item in watched)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_push_without_a_scan_watches_the_whole_branch(platform: str) -> None:
    view = view_of(make_design(platform))
    assert view.has_push_trigger()
    assert view.push_paths() == []


@pytest.mark.parametrize("platform", PLATFORMS)
def test_same_design_same_bytes(platform: str) -> None:
    assert render_ci(make_design(platform)).text == render_ci(make_design(platform)).text


@pytest.mark.parametrize("platform", PLATFORMS)
def test_no_stages_still_gives_a_valid_pipeline_that_says_so(platform: str) -> None:
    view = view_of(make_design(platform, stages=()))
    assert view.stage_jobs() == [("no_stages", [])]
    assert "cicd.stages is empty" in view.scripts("no_stages")[0]
    assert not view.has_gate_step() and not view.has_approval_gate()
