"""The registry's lifecycle in its own vocabulary: aliases for MLflow, W&B and Vertex AI, the
approval status for SageMaker, tags for Azure ML through MLflow (each registry's catalog
entry, its ``registry`` facts). The answers' stages (development, staging, production, archived)
are mapped onto what the registry records, so no registry is described with stages it does
not have (../shared/DOMAIN.md, "Corrections and additions")."""

from __future__ import annotations

from wizard.engine.resolve import Effective
from wizard.model.catalog import catalog_entry
from wizard.model.design import RegistryLifecycle

#: stage -> what it is for.
_PURPOSES: dict[str, str] = {
    "development": "candidates being trained and evaluated",
    "staging": "the candidate that passed the gate, under integration tests",
    "production": "the version serving predictions",
    "archived": "retired versions, kept for rollback and audit",
}


def _entry_criteria(e: Effective, stage: str) -> str:
    """What a version must pass to enter ``stage``."""
    if stage == "development":
        return "a training run logged with its data version"
    if stage == "staging":
        return "the promotion criteria below, checked by evaluate_model"
    if stage == "production":
        # Promoted last: the mark comes after every check of the release.
        return "the release's last step, after all its checks (Automated Retraining)"
    return "a newer version reaches production"


def registry_lifecycle(e: Effective) -> RegistryLifecycle:
    registry = catalog_entry("model_registry", e.tools["model_registry"])
    lifecycle = registry.registry
    if lifecycle is None:
        return RegistryLifecycle("none", (), "none", "no registry records a promotion", "")
    versions = lifecycle.versions
    if e.registry_versioning == "semantic":
        versions += "; the semantic version (`MAJOR.MINOR.PATCH`) is kept as a tag"
    states = tuple((stage, lifecycle.stages[stage]) for stage in e.registry_stages)
    transitions = tuple(
        (stage, _PURPOSES[stage], _entry_criteria(e, stage)) for stage in e.registry_stages
    )
    return RegistryLifecycle(
        lifecycle.vocabulary, states, versions, lifecycle.promote, registry.source, transitions
    )
