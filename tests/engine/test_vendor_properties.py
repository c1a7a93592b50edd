"""Over any answers (issue 22 item 5): the orchestrator follows the CI platform (a CI platform
is only offered as the team's own, never GitHub Actions to a GitLab team), and a discontinued
or acquired product is never the design's pick or its runner-up."""

from __future__ import annotations

from typing import Any

from hypothesis import given

from tests.strategies import ANSWERS_DATA
from wizard.engine import build_design
from wizard.model.answers import Answers
from wizard.model.catalog import CONCERNS, catalog_entry, ci_tool, options


@given(data=ANSWERS_DATA)
def test_no_other_ci_platforms_team_is_orchestrated_by_github_actions(data: dict[str, Any]) -> None:
    answers = Answers.model_validate(data)
    design = build_design(answers)
    if design.out_of_scope is not None:
        return
    platform = answers.project.ci_platform or "github-actions"
    orchestrator = design.component("orchestrator")
    recommendation = next(
        rec for rec in design.recommendations if rec.key == "components.orchestrator"
    )
    # A CI platform is offered only as the team's own; another service may be offered.
    if recommendation.chosen_by != "you" and ci_tool(orchestrator.tool) is not None:
        assert orchestrator.tool == platform, (platform, orchestrator.tool)


@given(data=ANSWERS_DATA)
def test_a_discontinued_or_acquired_product_is_never_recommended(data: dict[str, Any]) -> None:
    """WhyLabs, Neptune, NannyML: kept where the team runs them (with what changed), never
    the design's pick and never its runner-up."""
    design = build_design(Answers.model_validate(data))
    ended = {
        info.name
        for concern in CONCERNS
        for info in options(concern.key)
        if info.status is not None
    }
    for rec in design.recommendations:
        concern = rec.key.split(".")[1]
        if rec.chosen_by == "recommended":
            assert catalog_entry(concern, rec.tool).status is None, rec.tool
        runner_up = rec.why.partition("Runner-up: ")[2]
        assert not any(runner_up.startswith(name) for name in ended), rec.why
