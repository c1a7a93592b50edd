"""Risk rules about the model registry: promotion with nowhere to record it, registry
stages, mutable versions, and maturity answers the tool choices contradict.
"""

from __future__ import annotations

from wizard.engine.practice_risks import RiskRule
from wizard.engine.resolve import Effective
from wizard.model.design import Risk
from wizard.model.formatting import join_words

_REGISTRY = "components.model_registry.tool"
_STAGES = "cicd.stages"


def _promotion_without_registry(e: Effective, level: int) -> Risk | None:
    if e.tools["model_registry"] != "none" or "promote_production" not in e.stages:
        return None
    return Risk(
        "R11-promotion-without-registry",
        "high",
        "Promotion criteria with no model registry",
        "Models are promoted to production but there is no registry to record which version "
        "passed the criteria, which one serves, and which to roll back to. Choose a registry.",
        (_REGISTRY, _STAGES),
    )


def tool_lacks(
    e: Effective, concern: str, wanted: tuple[str, ...], present: tuple[str, ...]
) -> list[str]:
    """What of ``wanted`` is not in ``present`` for the tool chosen for ``concern``, in
    ``wanted``'s order; nothing when no tool is chosen (another rule speaks of that)."""
    if e.tools[concern] == "none":
        return []
    return [item for item in wanted if item not in present]


def _registry_without_stages(e: Effective, level: int) -> Risk | None:
    missing = tool_lacks(e, "model_registry", ("staging", "production"), e.registry_stages)
    if not missing:
        return None
    return Risk(
        "R20-registry-without-stages",
        "medium",
        "Registry lacks the staging/production stages",
        f"The registry has no {join_words(missing)} stage, so promotion has nowhere to move "
        "a model and the serving version is not marked. Add staging and production.",
        ("components.model_registry.stages",),
    )


def _mutable_registry(e: Effective, level: int) -> Risk | None:
    if e.tools["model_registry"] == "none" or e.registry_immutable:
        return None
    return Risk(
        "R22-mutable-registry",
        "medium",
        "Registered model versions can be overwritten",
        "A registered version can be replaced in place: the version that passed promotion "
        "may not be the one serving, and a rollback may restore something else. Make "
        "versions immutable.",
        ("components.model_registry.immutable",),
    )


REGISTRY_RULES: tuple[RiskRule, ...] = (
    _promotion_without_registry,
    _registry_without_stages,
    _mutable_registry,
)
