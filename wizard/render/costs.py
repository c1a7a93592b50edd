"""The running cost in words: the Design holds each tool's pricing and the pipeline's runner
minutes as facts (``wizard.model.costs``); this module says them, for the decision
records and IMPLEMENTING.md (the monthly total is said once, on the signing page:
``wizard.render.signing``)."""

from __future__ import annotations

from wizard.model.costs import CostEstimate, RunnerMinutes, ToolCost
from wizard.model.formatting import join_words, number
from wizard.model.vocabulary import CLOUD_NAMES
from wizard.model.wording import count

#: The clouds that publish a price list a managed service is billed on (not on-premises, not
#: "your platform": a cloud's managed tool there reads as billed on the cloud's list).
_PROVIDERS: frozenset[str] = frozenset({"aws", "gcp", "azure"})

#: How each way of running a tool reads in the cost table.
_RUNS: dict[str, str] = {
    "library": "a library in the pipeline's jobs",
    "server": "a server you host",
    "managed": "a managed service",
    "ci": "the CI platform itself",
}


def runs_text(tool: ToolCost, cloud: str) -> str:
    """How the team runs ``tool``: ``a managed service on AWS`` for a cloud's offer."""
    if tool.shares:
        return f"part of the {tool.shares} service"
    if tool.runs == "managed" and tool.pricing == "usage" and cloud in _PROVIDERS:
        return f"a managed service on {CLOUD_NAMES[cloud]}"
    return _RUNS[tool.runs]


def price_text(tool: ToolCost, cloud: str) -> str:
    """What ``tool`` costs a month, in words, from its pricing fact."""
    if tool.shares:
        return "nothing more"
    if tool.pricing == "published" and tool.monthly_usd is not None:
        return f"about ${number(tool.monthly_usd)} a month (the vendor's published price)"
    if tool.pricing == "usage":
        where = CLOUD_NAMES[cloud] if cloud in _PROVIDERS else "the cloud"
        return f"billed by use on {where}'s price list; no fixed monthly price"
    return {
        "free": "no licence fee and nothing to run",
        "infrastructure": "no licence fee; the machine it runs on is the cost",
        "unpublished": "no public price: the vendor quotes it",
        "unchecked": "a subscription; its price page was not read for this design",
        "ci": "its runner minutes (IMPLEMENTING.md)",
    }[tool.pricing]


def minutes_text(runner: RunnerMinutes, platform_name: str) -> str:
    """The pipeline's runner minutes a month, how they add up, and the free plan's share."""
    stages = runner.jobs_per_run - 1
    parts = []
    if runner.scheduled_runs:
        parts.append(
            f"{count(runner.scheduled_runs, 'scheduled run')} × "
            f"({count(runner.jobs_per_run, 'job')}: the design check and "
            f"{count(stages, 'stage')} at {count(runner.minutes_per_job, 'minute')} each, "
            "assumed)"
        )
    if runner.monitoring_runs:
        parts.append(
            f"{count(runner.monitoring_runs, 'monitoring run')} × "
            f"{count(runner.minutes_per_monitoring_run, 'minute')}"
        )
    how = f" ({'; plus '.join(parts)})" if parts else " (no scheduled or monitoring runs)"
    text = (
        f"The pipeline itself: about {count(runner.per_month, 'runner minute')} a month on "
        f"{platform_name}{how}; pushes and runs started by hand add to it"
    )
    if runner.waits:
        waits = count(runner.waits, "wait")
        hold = "holds" if runner.waits == 1 else "hold"
        text += (
            f", and the {waits} between rollout steps {hold} no runner: the platform waits, "
            "no job sleeps"
        )
    if runner.included is not None:
        share = "within" if runner.per_month <= runner.included else "over"
        text += (
            f". That is {share} the {number(runner.included)} minutes a month {platform_name} "
            "includes free for private projects; your own runners use none of them"
        )
    return text + "."


def total_text(cost: CostEstimate) -> str:
    """The month's total: published prices, and what is billed otherwise."""
    services = count(cost.new_services, "service")
    text = f"The stack adds {services} to run or pay for"
    if cost.monthly_usd:
        text += f"; published prices total about ${number(cost.monthly_usd)} a month"
    else:
        text += "; no recommended tool has a published monthly price to add up"
    if cost.unpriced:
        text += f"; billed by use, by the machine or on quote: {join_words(cost.unpriced)}"
    return text + "."


def cost_line(tool: ToolCost, cloud: str) -> str:
    """A decision record's last consequence: how the tool runs and what it costs a month."""
    return f"Running cost: {runs_text(tool, cloud)}; {price_text(tool, cloud)}."
