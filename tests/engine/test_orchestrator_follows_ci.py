"""The orchestrator follows the CI platform (issue 22 item 5): whatever the answers, a team
whose CI is not GitHub Actions is never recommended GitHub Actions to orchestrate its
pipeline, and a CI platform the catalog knows as an orchestrator is the one offered."""

from __future__ import annotations

from typing import Any

from hypothesis import given

from tests.strategies import ANSWERS_DATA
from wizard.engine import build_design
from wizard.model.answers import Answers
from wizard.model.catalog import ci_tool


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
