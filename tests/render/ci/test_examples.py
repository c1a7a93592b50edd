"""The real path: answers -> engine -> pipeline. Every example and hypothesis-generated
answers give a pipeline valid for its platform, and the CI/CD section describes it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from tests.paths import REPO_ROOT
from tests.render.ci.schemas import SCHEMA_NAMES, schema_errors
from tests.render.ci.views import PipelineView
from wizard.engine import build_design
from wizard.io.loader import load_answers
from wizard.model.answers import STAGE_ORDER, Answers
from wizard.model.lifecycle import Role
from wizard.render.ci import render_ci
from wizard.render.markdown import render_markdown_sections

EXAMPLES = sorted((REPO_ROOT / "examples").glob("*.yaml"))
CHECK_JSONSCHEMA = shutil.which("check-jsonschema") or str(
    REPO_ROOT / ".venv" / "bin" / "check-jsonschema"
)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_every_example_pipeline_is_valid_and_stable(example: Path) -> None:
    design = build_design(load_answers(example))
    rendered = render_ci(design)
    assert schema_errors(design.pipeline.platform, rendered.text) == []
    assert render_ci(build_design(load_answers(example))).text == rendered.text


@pytest.mark.skipif(not Path(CHECK_JSONSCHEMA).exists(), reason="check-jsonschema CLI missing")
def test_the_check_jsonschema_cli_accepts_each_platforms_example(tmp_path: Path) -> None:
    """One CLI run per platform, to prove the in-process validation matches the tool."""
    seen: set[str] = set()
    for example in EXAMPLES:
        design = build_design(load_answers(example))
        platform = design.pipeline.platform
        if platform in seen:
            continue
        seen.add(platform)
        target = tmp_path / platform / Path(render_ci(design).path).name
        target.parent.mkdir(parents=True)
        target.write_text(render_ci(design).text, encoding="utf-8")
        command = [CHECK_JSONSCHEMA, "--builtin-schema", SCHEMA_NAMES[platform]]
        if platform == "azure-pipelines":
            command += ["--regex-variant", "nonunicode"]
        result = subprocess.run([*command, str(target)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
    assert seen == set(SCHEMA_NAMES)


def test_examples_carry_their_answers_into_the_pipeline() -> None:
    by_name = {path.stem: build_design(load_answers(path)) for path in EXAMPLES}
    recommender = by_name["recommender"]
    view = PipelineView.parse("gitlab-ci", render_ci(recommender).text)
    assert (
        view.scripts("train_model")[0] == "python -m recommender.train --config configs/train.yaml"
    )
    assert not view.has_approval_gate()  # approver null, manual_approval false
    assert view.canary_percents() == [5, 25, 100]
    assert view.schedule_cron() == "0 2 * * *"

    churn = by_name["churn-azure"]
    view = PipelineView.parse("azure-pipelines", render_ci(churn).text)
    assert view.has_approval_gate()
    assert view.schedule_cron() == "0 3 1 * *"
    assert view.variables()["DRIFT_PSI_THRESHOLD"] == "0.15"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_the_cicd_section_describes_the_generated_pipeline(example: Path) -> None:
    design = build_design(load_answers(example))
    section = next(s for s in render_markdown_sections(design) if s.id == "ci-cd-pipeline")
    if design.out_of_scope is not None:
        # An LLM application gets no tabular pipeline, and the section says so.
        assert "Not covered" in section.text
        assert design.pipeline.stages == ()
        return
    path = design.pipeline.path
    assert f"]({path})" in section.text
    assert "metrics/evaluation.json" in section.text
    for stage in design.pipeline.stages:
        assert stage.title in section.text
    gated = "**Manual approval.**" in section.text
    assert (
        gated
        is PipelineView.parse(design.pipeline.platform, render_ci(design).text).has_approval_gate()
    )
    assert ("drift-detected" in section.text) is ("drift" in design.pipeline.triggers)


TEXT = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc"), include_characters="\n\t"),
    min_size=1,
    max_size=30,
).filter(lambda text: text.strip() != "")
CRON = st.sampled_from(["daily", "weekly", "monthly", "0 2 * * *", "*/30 1-5 * * 1-5", "0 3 * * 7"])


@st.composite
def answers(draw: st.DrawFn) -> Answers:
    stages = [stage for stage in STAGE_ORDER if draw(st.booleans())]
    canary = [*sorted(draw(st.sets(st.integers(1, 99), max_size=4))), 100]
    data = {
        "schema_version": 1,
        "project": {
            "name": draw(TEXT),
            "ci_platform": draw(st.sampled_from(list(SCHEMA_NAMES))),
            "cloud": draw(st.sampled_from(["aws", "gcp", "azure", "on-prem", "other"])),
        },
        "promotion": {
            "approver": draw(st.none() | TEXT),
            "max_latency_ms": draw(st.floats(0.001, 600_000, exclude_min=True)),
            "min_accuracy_gain_pct": draw(st.floats(0, 100)),
        },
        "retraining": {
            "schedule": draw(CRON),
            "canary_stages": canary,
            "drift": {"key_features": draw(st.lists(TEXT, max_size=3, unique=True))},
        },
        "cicd": {
            "triggers": draw(
                st.lists(st.sampled_from(["push", "schedule", "drift", "manual"]), unique=True)
            ),
            "stages": stages,
            "manual_approval": draw(st.none() | st.booleans()),
            "commands": {stage: draw(TEXT) for stage in stages if draw(st.booleans())},
            "install": draw(st.none() | TEXT),
            "runner": draw(st.none() | TEXT),
        },
    }
    try:
        return Answers.model_validate(data)
    except ValidationError:
        assume(False)
        raise


# 30: an example validates the pipeline against its platform's JSON Schema.
@settings(max_examples=30)
@given(answers())
def test_generated_answers_give_a_valid_pipeline(generated: Answers) -> None:
    design = build_design(generated)
    rendered = render_ci(design)
    assert schema_errors(design.pipeline.platform, rendered.text) == []
    view = PipelineView.parse(design.pipeline.platform, rendered.text)
    names = [stage.name for stage in design.pipeline.stages] or ["no_stages"]
    promotes = "promote_production" in names
    before = [name for name in names if name != "promote_production"]
    assert [name for name, _ in view.stage_jobs()] == before
    # The release stands for the promotion stage, its last job the production mark.
    assert ("promote_production" in view.graph.jobs) is promotes
    expected = [
        step.move.traffic_percent
        for step in design.lifecycle.steps
        if step.move.mark is Role.CANARY
    ]
    assert view.canary_percents() == (expected if promotes else [])
