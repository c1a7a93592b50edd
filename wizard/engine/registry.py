"""The registry's lifecycle in its own vocabulary: aliases for MLflow, W&B and Vertex AI, the
approval status for SageMaker, tags for Azure ML through MLflow (each registry's catalog
entry, its ``registry`` facts). The answers' stages (development, staging, production, archived)
are mapped onto what the registry records, so no registry is described with stages it does
not have (../shared/DOMAIN.md, "Corrections and additions")."""

from __future__ import annotations

from wizard.engine.resolve import Effective
from wizard.model.catalog import catalog_entry
from wizard.model.design import RegistryLifecycle


def _entry_criteria(stage: str) -> str:
    """What moves a version into ``stage`` (a new version starts in the first: nothing)."""
    if stage == "staging":
        return "passed the promotion criteria below"
    if stage == "production":
        # Promoted last: the mark comes after every check of the release.
        return "the release's last step"
    if stage == "archived":
        return "a newer version reached production"
    return ""


def registry_lifecycle(e: Effective) -> RegistryLifecycle:
    registry = catalog_entry("model_registry", e.tools["model_registry"])
    lifecycle = registry.registry
    if lifecycle is None:
        return RegistryLifecycle("none", (), "none", "no registry records a promotion", "")
    versions = lifecycle.versions
    if e.registry_versioning == "semantic":
        versions += "; the semantic version (`MAJOR.MINOR.PATCH`) is kept as a tag"
    states = tuple((stage, lifecycle.stages[stage]) for stage in e.registry_stages)
    transitions = tuple((stage, _entry_criteria(stage), recorded) for stage, recorded in states)
    return RegistryLifecycle(
        lifecycle.vocabulary, states, versions, lifecycle.promote, registry.source, transitions
    )
