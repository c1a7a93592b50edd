"""Fits the team (issue 22 item 4): a small team (three people or fewer, or a minimal
budget) gets the smallest stack that closes its gaps, phased in one tool at a time, and every
design says what it costs to run: each tool's pricing and the pipeline's runner minutes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tests.engine.conftest import EXAMPLES, AnswersFactory
from tests.strategies import ANSWERS_DATA
from wizard.cli import main
from wizard.engine import build_design
from wizard.engine.costs import DAYS_PER_MONTH
from wizard.model.answers import Answers
from wizard.model.catalog import ci_tool
from wizard.model.costs import CostEstimate, RunnerMinutes, ToolCost
from wizard.model.design import Design
from wizard.render.costs import total_text

#: A small team's first phase adds at most this many services to run or pay for.
MAX_NEW_SERVICES_IN_PHASE_ONE = 1


def _phase_one_new_services(design: Design) -> list[str]:
    """The services (tools to run or pay for) the design recommends in its first phase that
    are not in place yet (a tool the team chose itself is its own choice, not the design's)."""
    assert design.cost is not None
    new = {tool.concern for tool in design.cost.tools if tool.new_service}
    recommended = {
        rec.key.split(".")[1]: rec.concern
        for rec in design.recommendations
        if rec.chosen_by == "recommended"
    }
    return [
        recommended[key]
        for key in design.roadmap[0].new_concerns
        if key in recommended and recommended[key] in new
    ]


def test_the_two_person_charity_gets_a_week_one_of_one_tool(
    example: Callable[[str], Answers],
) -> None:
    design = build_design(example("two-person-charity"))
    first = design.roadmap[0]
    assert (first.title, first.weeks) == ("First week", "Week 1")
    assert len(first.concerns) <= 3
    assert first.concerns == ("experiment_tracking", "model_registry")
    assert _phase_one_new_services(design) == ["Experiment tracking"]
    assert design.cost is not None and design.cost.new_services == 1
    tools = {rec.key.split(".")[1]: rec for rec in design.recommendations}
    assert tools["feature_store"].tool_name == "None needed"
    assert tools["orchestrator"].tool == "gitlab-ci"
    assert tools["model_registry"].tool == tools["experiment_tracking"].tool


def test_the_two_person_charity_documents_state_its_costs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert (
        main(["export", "--answers", str(EXAMPLES / "two-person-charity.yaml"), "--out", str(out)])
        == 0
    )
    architecture = (out / "architecture.md").read_text(encoding="utf-8")
    assert (
        "**Monthly cost:** 1 new service (MLflow); no published price: what MLflow costs "
        "depends on use, machines or quotes; about 52 runner minutes a month, 400 of them "
        "free." in architecture
    )
    assert "### Week 1: First week" in architecture
    records = {
        path.name: path.read_text(encoding="utf-8") for path in (out / "decisions").iterdir()
    }
    assert (
        "- Running cost: a server you host; no licence fee; the machine it runs on is the cost."
        in (records["0001-experiment-tracking.md"])
    )
    assert (
        "- Running cost: a library in the pipeline's jobs; no licence fee and nothing to run."
        in (records["0003-data-versioning.md"])
    )
    implementing = (out / "IMPLEMENTING.md").read_text(encoding="utf-8")
    assert "about 52 runner minutes a month on GitLab CI" in implementing
    assert "within the 400 minutes a month GitLab CI includes free" in implementing


def test_a_team_of_ordinary_size_keeps_the_two_week_foundation(
    make_answers: AnswersFactory,
) -> None:
    design = build_design(make_answers({"project.team_size": 8}))
    assert (design.roadmap[0].title, design.roadmap[0].weeks) == ("Foundation", "Weeks 1-2")


def test_a_minimal_budget_is_a_small_team_whatever_its_size(make_answers: AnswersFactory) -> None:
    design = build_design(make_answers({"project.team_size": 40, "project.budget": "minimal"}))
    assert design.roadmap[0].weeks == "Week 1"
    assert "What a team of 40 can set up in a week" in design.roadmap[0].goal


@given(data=ANSWERS_DATA, size=st.integers(1, 3), budget=st.sampled_from(["minimal", None]))
def test_a_small_teams_first_phase_adds_at_most_one_service(
    data: dict[str, Any], size: int, budget: str | None
) -> None:
    """Any answers, made a small team's: by its size, or by a minimal budget."""
    project = dict(data.get("project") or {})
    project.update({"team_size": None, "budget": budget} if budget else {"team_size": size})
    design = build_design(Answers.model_validate({**data, "project": project}))
    # A level-3 team's phases are Optimise and Scale; an LLM application has none of these.
    assume(design.out_of_scope is None and design.maturity.level < 3)
    assert len(_phase_one_new_services(design)) <= MAX_NEW_SERVICES_IN_PHASE_ONE
    assert design.roadmap[0].weeks == "Week 1"


def test_runner_minutes_follow_the_schedule_and_the_monitoring_job(
    make_answers: AnswersFactory,
) -> None:
    def minutes(values: dict[str, Any]) -> RunnerMinutes:
        cost = build_design(make_answers(values)).cost
        assert cost is not None
        return cost.runner

    daily, weekly = minutes({"retraining.schedule": "daily"}), minutes({})
    assert daily.per_month > weekly.per_month
    assert weekly.monitoring_runs == 30
    unwatched = minutes({"cicd.triggers": ["push", "schedule"]})
    assert unwatched.monitoring_runs == 0
    assert unwatched.per_month < weekly.per_month
    assert minutes({"cicd.triggers": ["push"]}).scheduled_runs == 0


def test_each_ci_platform_states_its_free_minutes(make_answers: AnswersFactory) -> None:
    for platform, included in (
        ("github-actions", 2000),
        ("gitlab-ci", 400),
        ("azure-pipelines", 1800),
    ):
        cost = build_design(make_answers({"project.ci_platform": platform})).cost
        assert cost is not None
        assert cost.runner.included == included
        the_ci = ci_tool(platform)
        assert the_ci is not None and the_ci.sources


@pytest.mark.parametrize(("cadence", "runs"), [("hourly", 24), ("daily", 1), ("weekly", 1 / 7)])
def test_the_monitoring_runs_follow_the_cadence(cadence: str, runs: float) -> None:
    answers = Answers.model_validate(
        {
            "schema_version": 1,
            "components": {"monitoring": "evidently"},
            "retraining": {"drift": {"key_features": ["amount"], "cadence": cadence}},
            "cicd": {"triggers": ["push", "drift"]},
        }
    )
    design = build_design(answers)
    assert design.cost is not None
    assert design.cost.runner.monitoring_runs == pytest.approx(runs * DAYS_PER_MONTH, abs=0.1)


def test_the_total_adds_the_published_prices() -> None:
    tools = (
        ToolCost("Monitoring", "paid", "Paid", "managed", "published", 40, True),
        ToolCost("Feature store", "quoted", "Quoted", "managed", "unpublished", None, True),
    )
    runner = RunnerMinutes("github-actions", 0, 1, 10, 0, 2, 0, 0, 2000)
    cost = CostEstimate(tools, runner, 40, ("Quoted",), 2)
    assert total_text(cost) == (
        "The stack adds 2 services to run or pay for; published prices total about $40 a "
        "month; billed by use, by the machine or on quote: Quoted."
    )


def test_every_covered_design_has_one_monthly_total(make_answers: AnswersFactory) -> None:
    design = build_design(make_answers({}))
    assert design.cost is not None
    assert design.cost.monthly_usd == sum(tool.monthly_usd or 0 for tool in design.cost.tools)
    assert build_design(make_answers({"workload.model_kind": "llm-application"})).cost is None
