"""Maturity answers the tool choices contradict: a capability said to be in place ("model
registry: yes") with no tool chosen for it. The answer cannot be both, so the design flags
it and the confidence counts it as a contradiction.
"""

from __future__ import annotations

from wizard.engine.practice_risks import RiskRule
from wizard.engine.resolve import Effective
from wizard.model.design import Risk

#: Maturity capability -> the concern whose tool it needs, and the tool's answer key.
CAPABILITY_TOOLS: dict[str, tuple[str, str, str]] = {
    "experiment_tracking": (
        "experiment_tracking",
        "experiment tracker",
        "components.experiment_tracking.tool",
    ),
    "data_versioning": ("data_versioning", "data versioning tool", "components.data_versioning"),
    "model_registry": ("model_registry", "model registry", "components.model_registry.tool"),
    "monitoring": ("monitoring", "monitoring tool", "components.monitoring"),
}


def tool_contradictions(e: Effective) -> tuple[tuple[str, str, str], ...]:
    """(capability, what is missing, tool key) for every capability at yes with no tool."""
    return tuple(
        (capability, noun, key)
        for capability, (concern, noun, key) in CAPABILITY_TOOLS.items()
        if e.capabilities[capability] == "yes" and e.tools[concern] == "none"
    )


def _maturity_contradicts_tools(e: Effective, level: int) -> Risk | None:
    found = tool_contradictions(e)
    if not found:
        return None
    said = "; ".join(
        f"`maturity.{capability}` is yes, but no {noun} is chosen" for capability, noun, _ in found
    )
    return Risk(
        "R34-maturity-contradicts-tools",
        "medium",
        "Maturity answers contradict the tool choices",
        f"{said}. The level is computed from these answers, so it may be too high. Name the "
        "tool in use, or lower the answer.",
        tuple(f"maturity.{capability}" for capability, _, _ in found)
        + tuple(key for _, _, key in found),
    )


ANSWER_RULES: tuple[RiskRule, ...] = (_maturity_contradicts_tools,)
