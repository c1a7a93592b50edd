"""What the design costs to run, as facts: each tool's way of being paid for, the pipeline's
runner minutes a month, and the monthly total. Numbers here; the document words them.

Part of ``wizard.model.design.Design`` (its ``cost`` field), filled by ``wizard.engine.costs``.
"""

from __future__ import annotations

from wizard.model.catalog import Pricing, Runs
from wizard.model.records import record


@record
class ToolCost:
    """One recommended tool and what running it costs."""

    concern: str
    """The concern's label, e.g. ``Experiment tracking``."""
    tool: str
    """Catalog id."""
    tool_name: str
    runs: Runs
    """library | server | managed | ci: what the team runs for it (on the team's cloud)."""
    pricing: Pricing
    monthly_usd: int | None = None
    """The vendor's published monthly price (``published`` only)."""
    new_service: bool = False
    """Adopting it adds a service to run or pay for, beyond tools counted before it (the
    tracker's own registry is the tracker's service)."""
    source: str = ""
    """The page its price (or, failing one, its facts) rests on."""
    shares: str = ""
    """The tool whose service it is part of (MLflow's registry: ``MLflow``), '' for none."""


@record
class RunnerMinutes:
    """The pipeline's own cost in CI runner minutes a month, from the Design: its schedule, its
    jobs, the monitoring job's cadence and its waits."""

    platform: str
    """The CI platform's id."""
    scheduled_runs: float
    """Pipeline runs a month the schedule trigger starts (0 when it is off)."""
    jobs_per_run: int
    """The design check plus one job per pipeline stage."""
    minutes_per_job: int
    """The assumed length of one job (install and run): replace it with the team's timings."""
    monitoring_runs: float
    """Runs a month of the monitoring job (0 when the drift trigger is off)."""
    minutes_per_monitoring_run: int
    waits: int
    """Waits a month between rollout steps: the platform waits (delayed jobs, agentless
    delays, wait timers), so they hold no runner."""
    per_month: int
    """Runner minutes a month, rounded up."""
    included: int | None
    """The minutes the platform's free plan includes each month (None: not in the catalog)."""


@record
class CostEstimate:
    """The design's monthly running cost: the one field a summary reads."""

    tools: tuple[ToolCost, ...]
    runner: RunnerMinutes
    monthly_usd: int
    """The sum of the published monthly prices of the recommended tools (0 when none has
    one); what is billed by usage or has no public price is listed in ``unpriced``."""
    unpriced: tuple[str, ...]
    """The names of tools whose cost is usage, infrastructure or no public price."""
    new_services: int
    """How many services the recommended stack adds to run or to pay for."""
