"""The registry's lifecycle in its own vocabulary: aliases for MLflow, W&B and Vertex AI, the
approval status for SageMaker, tags for Azure ML through MLflow. The answers' stages
(development, staging, production, archived) are mapped onto what the registry records, so
no registry is described with stages it does not have (../shared/DOMAIN.md, "Corrections
and additions")."""

from __future__ import annotations

from wizard.engine.resolve import Effective
from wizard.model.catalog import catalog_entry
from wizard.model.design import RegistryLifecycle

#: tool -> (vocabulary, stage -> what it records, how versions are numbered, promotion); the
#: source is the catalog's, the one home of every vendor page.
_LIFECYCLES: dict[str, tuple[str, dict[str, str], str, str]] = {
    "mlflow": (
        "aliases",
        {
            "development": "a new version with no alias",
            "staging": "alias `challenger`",
            "production": "alias `champion`",
            "archived": "alias removed, tag `archived`",
        },
        "integers assigned in order",
        '`MlflowClient().set_registered_model_alias(name, "champion", version)`; registry '
        "stages are deprecated since MLflow 2.9 and are not used",
    ),
    "wandb": (
        "aliases",
        {
            "development": "a linked version with no alias",
            "staging": "alias `staging`",
            "production": "alias `production`",
            "archived": "alias removed",
        },
        "v0, v1, v2, … per registered model",
        "link the version to the registry collection with the alias `production`",
    ),
    "sagemaker": (
        "approval-status",
        {
            "development": "`ModelApprovalStatus: PendingManualApproval`",
            "staging": "`PendingManualApproval`, deployed to the staging endpoint",
            "production": "`ModelApprovalStatus: Approved`",
            "archived": "`ModelApprovalStatus: Rejected`",
        },
        "integers from 1 within the model package group, assigned in order",
        "`aws sagemaker update-model-package --model-package-arn ARN "
        "--model-approval-status Approved`",
    ),
    "vertex": (
        "aliases",
        {
            "development": "a new version with no alias",
            "staging": "alias `challenger`",
            "production": "alias `default` (always on exactly one version)",
            "archived": "alias removed",
        },
        "version ids 1, 2, 3, … within the model",
        "move the `default` alias to the version (`ModelRegistry.add_version_aliases`)",
    ),
    "azureml": (
        "tags",
        {
            "development": "tag `stage=development`",
            "staging": "tag `stage=staging`",
            "production": "tag `stage=production`",
            "archived": "tag `stage=archived`",
        },
        "integers per model name, assigned in order, in one workspace's registry",
        '`MlflowClient().set_model_version_tag(name, version, "stage", "production")`, then '
        "deploy that version by number: deploying from a model stage, organisational "
        "registries and cross-workspace operations are not supported through MLflow",
    ),
}


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
        return "integration tests on staging pass, and the sign-off below"
    return "a newer version reaches production"


def registry_lifecycle(e: Effective) -> RegistryLifecycle:
    tool = e.tools["model_registry"]
    if tool not in _LIFECYCLES:
        return RegistryLifecycle("none", (), "none", "no registry records a promotion", "")
    vocabulary, mapping, versions, promote = _LIFECYCLES[tool]
    source = catalog_entry("model_registry", tool).source
    if e.registry_versioning == "semantic":
        versions += "; the semantic version (`MAJOR.MINOR.PATCH`) is kept as a tag"
    states = tuple((stage, mapping[stage]) for stage in e.registry_stages)
    transitions = tuple(
        (stage, _PURPOSES[stage], _entry_criteria(e, stage)) for stage in e.registry_stages
    )
    return RegistryLifecycle(vocabulary, states, versions, promote, source, transitions)
