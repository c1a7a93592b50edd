"""Risk rules about the chosen tools: the capabilities a tool is missing for (data versioning,
validation, a registry with stages and immutable versions, a tracker recording versions), and
maturity answers the tool choices contradict."""

from __future__ import annotations

from wizard.engine.resolve import Effective
from wizard.model.design import Risk
from wizard.model.formatting import join_words

_REGISTRY = "components.model_registry.tool"
_STAGES = "cicd.stages"

#: The id of the risk the confidence also counts as a contradiction.
MATURITY_CONTRADICTS_TOOLS = "R34-maturity-contradicts-tools"

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


def tool_lacks(
    e: Effective, concern: str, wanted: tuple[str, ...], present: tuple[str, ...]
) -> list[str]:
    """What of ``wanted`` is not in ``present`` for the tool chosen for ``concern``, in
    ``wanted``'s order; nothing when no tool is chosen (another rule speaks of that)."""
    if e.tools[concern] == "none":
        return []
    return [item for item in wanted if item not in present]


def retraining_without_data_versioning(e: Effective, level: int) -> Risk | None:
    if e.tools["data_versioning"] != "none" or "train_model" not in e.stages:
        return None
    advice = (
        "Version the training data (DVC, lakeFS or Delta Lake) and log its version with each run."
    )
    if e.capabilities["data_versioning"] == "unknown":
        # No tool is assumed where nobody said one is used: the gap is the finding.
        return Risk(
            "R10-retraining-without-data-versioning",
            "medium",
            "Nobody has said whether the training data is versioned",
            "The pipeline trains models, and neither the answers nor a scan of the "
            "repository say the training data is versioned: if it is not, a model cannot be "
            f"rebuilt or audited. Answer `maturity.data_versioning`, or {advice[0].lower()}"
            f"{advice[1:]}",
            ("components.data_versioning", "maturity.data_versioning", _STAGES),
        )
    return Risk(
        "R10-retraining-without-data-versioning",
        "high",
        "Retraining is irreproducible without data versioning",
        "The pipeline trains models but the data is not versioned: a model cannot be "
        f"rebuilt or audited, and a regression cannot be traced to a data change. {advice}",
        ("components.data_versioning", _STAGES),
    )


def promotion_without_registry(e: Effective, level: int) -> Risk | None:
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


def no_data_validation(e: Effective, level: int) -> Risk | None:
    if "train_model" not in e.stages:
        return None
    # A model that reads images, audio or text has its inputs checked in the validate_data
    # stage's own code: no table validator is missing.
    if e.tools["data_validation"] == "none" and e.kind.columns:
        problem = "no data validation tool is chosen"
    elif "validate_data" not in e.stages:
        problem = "the pipeline has no validate_data stage before training"
    else:
        return None
    return Risk(
        "R17-no-data-validation",
        "medium",
        "Training data is not validated",
        f"The pipeline trains models but {problem}: broken, missing or shifted data trains a "
        "bad model that the metric gates may not catch. Validate data before train_model.",
        ("components.data_validation", _STAGES),
    )


def tracker_missing_versions(e: Effective, level: int) -> Risk | None:
    missing = tool_lacks(e, "experiment_tracking", ("code_version", "data_version"), e.tracked)
    if not missing:
        return None
    return Risk(
        "R18-tracker-missing-versions",
        "medium",
        "Runs do not record the code or data version",
        f"The tracker does not record {join_words(missing)}: a logged result cannot be "
        "reproduced because nobody knows which code and data produced it. Track both.",
        ("components.experiment_tracking.track",),
    )


def registry_without_stages(e: Effective, level: int) -> Risk | None:
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


def mutable_registry(e: Effective, level: int) -> Risk | None:
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


def maturity_contradicts_tools(e: Effective, level: int) -> Risk | None:
    found = tool_contradictions(e)
    if not found:
        return None
    said = "; ".join(
        f"`maturity.{capability}` is yes, but no {noun} is chosen" for capability, noun, _ in found
    )
    return Risk(
        MATURITY_CONTRADICTS_TOOLS,
        "medium",
        "Maturity answers contradict the tool choices",
        f"{said}. The level is computed from these answers, so it may be too high. Name the "
        "tool in use, or lower the answer.",
        tuple(f"maturity.{capability}" for capability, _, _ in found)
        + tuple(key for _, _, key in found),
    )
