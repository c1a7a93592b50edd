"""What every platform's pipeline shares: the entry points it calls, which optional parts the
design asks for (approval gate, triggers), the policy values as text, and the dumper (the
release's jobs: ``release``).

The platform modules turn these facts into their own syntax; nothing here knows a platform.
"""

from __future__ import annotations

import re
from typing import Any

from wizard.io.yamlio import dump_data
from wizard.model.design import Design, PipelineStage

#: The branch push and schedule triggers watch. GitLab uses ``$CI_DEFAULT_BRANCH`` instead.
DEFAULT_BRANCH = "main"
#: The event type a monitoring job sends to start a drift-triggered run.
DRIFT_EVENT = "drift-detected"
#: The file the evaluate command writes and the promotion gate reads (see the CI/CD section).
EVALUATION_FILE = "metrics/evaluation.json"
#: The file the comparator's compare command writes, the same fields measured on the
#: candidate's labelled live traffic, and the promotion gate reads.
COMPARISON_FILE = "metrics/comparison.json"
#: Flagger's common canary example requires a request success rate of at least 99 %; the
#: promotion criteria have no error-rate answer, so the health check uses that bound.
MAX_ERROR_RATE_PCT = 1

PROMOTION_STAGE = "promote_production"
EVALUATION_STAGE = "evaluate_model"


#: The stage-targets file (mlops.mk) defines it; a failed rollout step runs it.
ROLLBACK_COMMAND = "make rollback"


NO_STAGES = PipelineStage(
    name="no_stages",
    title="No stages chosen",
    command="echo 'No pipeline stage is chosen (cicd.stages is empty): choose them and re-export.'",
    needs=None,
    description="Stands in for the stages until cicd.stages names some.",
)


def stages_to_run(design: Design) -> tuple[PipelineStage, ...]:
    """The stages the pipeline runs. A model the design does not cover runs only the team's
    evaluation suite (``writes_pipeline`` is false without one: no file is written)."""
    if design.out_of_scope is not None:
        return design.pipeline.stages
    return design.pipeline.stages or (NO_STAGES,)


def writes_pipeline(design: Design) -> bool:
    """A CI file is written: the design proposes a pipeline, or keeps the team's evaluation
    suite as the gate of a model it does not cover."""
    return design.out_of_scope is None or bool(design.pipeline.stages)


def find_stage(design: Design, name: str) -> PipelineStage | None:
    for stage in design.pipeline.stages:
        if stage.name == name:
            return stage
    return None


def has_trigger(design: Design, trigger: str) -> bool:
    return trigger in design.pipeline.triggers


def runs_by_hand(design: Design) -> bool:
    """A person may start a run: the design's Manual trigger is on (asked for, needed to pass
    a reviewed change when nobody approves promotion, or the only way with no trigger)."""
    return design.retraining.enabled("Manual")


def runs_on_demand(design: Design) -> bool:
    """Drift and manual runs both start the pipeline from outside, with a reason."""
    return has_trigger(design, "drift") or runs_by_hand(design)


def schedule_cron(design: Design) -> str | None:
    """The retraining cron when the schedule trigger is on, in the 0-6 day-of-week form
    GitHub and Azure accept (cron's 7 for Sunday becomes 0)."""
    # The pipeline's triggers hold the schedule only when it retrains (never a locked model,
    # never a ``never`` schedule).
    cron = design.retraining.cron
    if not has_trigger(design, "schedule") or cron is None:
        return None
    return as_platform_cron(cron)


def as_platform_cron(cron: str) -> str:
    """``cron`` in the 0-6 day-of-week form GitHub and Azure accept (7 for Sunday is 0)."""
    fields = cron.split()
    if len(fields) == 5:
        fields[4] = _sunday_as_zero(fields[4])
    return " ".join(fields)


_RANGE_TO_SEVEN = re.compile(r"^(?P<start>[0-6])-7$")


def _sunday_as_zero(day_of_week: str) -> str:
    items: list[str] = []
    for item in day_of_week.split(","):
        range_to_seven = _RANGE_TO_SEVEN.match(item)
        if item == "7":
            items.append("0")
        elif range_to_seven is None:
            items.append(item)
        elif range_to_seven["start"] == "0":
            items.append("0-6")
        elif range_to_seven["start"] == "6":
            items.append("6,0")
        else:
            items.append(f"{range_to_seven['start']}-6,0")
    return ",".join(items)


def policy_environment(design: Design) -> dict[str, str]:
    """The policy thresholds every job sees, in a stable order."""
    return dict(design.pipeline.environment)


def dump_pipeline(document: dict[str, Any]) -> str:
    return dump_data(document)
