"""What the design costs to run: each recommended tool's way of being paid for (from its
catalog entry, on the team's cloud), the pipeline's runner minutes a month (from the schedule,
the jobs, the monitoring job's cadence and the waits), and the monthly total.

Runner minutes rest on one assumption, stated in the Design: a job takes
``MINUTES_PER_JOB`` (install and run), the design check ``MINUTES_PER_CHECK``. Waits between
rollout steps hold no runner: the platforms wait themselves (GitLab delayed jobs, Azure's
agentless ``Delay@1``, GitHub environment wait timers), and no job sleeps.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from wizard.engine.lifecycle import release_lifecycle
from wizard.engine.monitoring import monitoring_cron
from wizard.engine.resolve import Effective
from wizard.engine.schedule import cron_of, runs_per_day
from wizard.model.catalog import ToolInfo, catalog_entry, ci_tool
from wizard.model.costs import CostEstimate, RunnerMinutes, ToolCost
from wizard.model.design import DeploymentPlan, PipelineDesign, ToolRecommendation

DAYS_PER_MONTH = 30
MINUTES_PER_JOB = 10
"""The assumed length of one pipeline job, install included: the team replaces it with its own."""
MINUTES_PER_CHECK = 2
"""The design check (`mlops-wizard check`) and the monitoring job's drift check."""


def _tool_cost(
    rec: ToolRecommendation, e: Effective, tools: Mapping[str, str], counted: dict[str, str]
) -> ToolCost:
    """``rec``'s cost on the team's cloud; ``tools`` the recommended tool per concern,
    ``counted`` the products already counted as a service (a tracker's registry adds none)."""
    concern = rec.key.split(".")[1]
    info = catalog_entry(concern, rec.tool)
    cost = info.cost
    if cost is None:  # ``none``: nothing to run, nothing to pay
        return ToolCost(rec.concern, rec.tool, rec.tool_name, "library", "free")
    runs, pricing = cost.runs, cost.pricing
    if e.cloud in info.managed_on:
        # Offered managed on this cloud (MLflow on SageMaker): billed by use, nothing to host.
        runs, pricing = "managed", "usage"
    product = _product(info, tools)
    new = runs in ("server", "managed") and product not in counted
    if new:
        counted[product] = rec.tool_name
    return ToolCost(
        concern=rec.concern,
        tool=rec.tool,
        tool_name=rec.tool_name,
        runs=runs,
        pricing=pricing,
        monthly_usd=cost.monthly_usd,
        new_service=new,
        source=info.source,
        shares="" if new else counted.get(product, ""),
    )


def _product(info: ToolInfo, tools: Mapping[str, str]) -> str:
    """One product across concerns: MLflow tracking and its registry are one server, W&B
    tracking and its registry one account."""
    for other, tool in tools.items():
        if tool == info.id and other != info.concern:
            entry = catalog_entry(other, tool)
            if info.concern in entry.also_covers or other in info.also_covers:
                return tool
    return f"{info.concern}:{info.id}"


def runner_minutes(
    e: Effective, pipeline: PipelineDesign, deployment: DeploymentPlan, drift_on: bool
) -> RunnerMinutes:
    """The pipeline's runner minutes a month: the scheduled runs times the jobs of a run,
    and the monitoring job's runs; the waits between rollout steps hold no runner."""
    scheduled = (
        runs_per_day(cron_of(e.schedule)) * DAYS_PER_MONTH if e.retrains_on_schedule else 0.0
    )
    jobs = 1 + len(pipeline.stages)
    # The monitoring job runs on the answered cadence (hourly on a stream, daily by default).
    per_day = runs_per_day(monitoring_cron(e.drift_cadence))
    monitoring = per_day * DAYS_PER_MONTH if drift_on else 0.0
    releases = scheduled if "promote_production" in e.stages else 0.0
    # The release's steps (its lifecycle), each held between the one before and the next.
    steps = release_lifecycle(e).steps
    waits = math.ceil(releases * max(len(steps) - 1, 0))
    minutes = (
        scheduled * (MINUTES_PER_CHECK + len(pipeline.stages) * MINUTES_PER_JOB)
        + monitoring * MINUTES_PER_CHECK
    )
    the_ci = ci_tool(e.ci_platform)
    included = the_ci.cost.included_minutes if the_ci and the_ci.cost else None
    return RunnerMinutes(
        platform=e.ci_platform,
        scheduled_runs=round(scheduled, 1),
        jobs_per_run=jobs,
        minutes_per_job=MINUTES_PER_JOB,
        monitoring_runs=round(monitoring, 1),
        minutes_per_monitoring_run=MINUTES_PER_CHECK,
        waits=waits,
        per_month=math.ceil(minutes),
        included=included,
    )


def cost_estimate(
    e: Effective,
    recommendations: tuple[ToolRecommendation, ...],
    pipeline: PipelineDesign,
    deployment: DeploymentPlan,
    drift_on: bool,
) -> CostEstimate:
    """The design's monthly running cost, tool by tool and in runner minutes."""
    counted: dict[str, str] = {}  # product -> the tool name it was first counted under
    chosen = {rec.key.split(".")[1]: rec.tool for rec in recommendations}
    tools = tuple(
        _tool_cost(rec, e, chosen, counted) for rec in recommendations if rec.tool != "none"
    )
    return CostEstimate(
        tools=tools,
        runner=runner_minutes(e, pipeline, deployment, drift_on),
        monthly_usd=sum(tool.monthly_usd or 0 for tool in tools),
        unpriced=tuple(
            tool.tool_name
            for tool in tools
            if tool.new_service and tool.pricing not in ("free", "published")
        ),
        new_services=sum(tool.new_service for tool in tools),
    )
