"""Facts with sources: every catalog entry cites a page on its vendor's own site, and the facts
../shared/DOMAIN.md fixes ("Corrections and additions") are what the catalog, the defaults'
citations and the generated CI say."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from tests.engine.conftest import EXAMPLES, AnswersFactory
from wizard.cli import main
from wizard.engine import build_design
from wizard.engine.catalog import CATALOG, catalog_entry
from wizard.engine.monitoring import DRIFT_METHODS
from wizard.model.defaults import DEFAULT_SOURCES

#: (concern, tool) -> the vendor's own domains (a source may sit on one of their subdomains).
#: NannyML's docs are cited from its own GitHub repository, the pages Read the Docs builds.
VENDOR_DOMAINS: dict[tuple[str, str], tuple[str, ...]] = {
    ("experiment_tracking", "mlflow"): ("mlflow.org",),
    ("experiment_tracking", "wandb"): ("wandb.ai",),
    ("experiment_tracking", "neptune"): ("neptune.ai",),
    ("experiment_tracking", "comet"): ("comet.com",),
    ("experiment_tracking", "clearml"): ("clear.ml",),
    ("model_registry", "mlflow"): ("mlflow.org",),
    ("model_registry", "wandb"): ("wandb.ai",),
    ("model_registry", "sagemaker"): ("docs.aws.amazon.com",),
    ("model_registry", "vertex"): ("cloud.google.com",),
    ("model_registry", "azureml"): ("learn.microsoft.com",),
    ("data_versioning", "dvc"): ("dvc.org",),
    ("data_versioning", "lakefs"): ("lakefs.io",),
    ("data_versioning", "delta"): ("delta.io",),
    ("feature_store", "feast"): ("feast.dev",),
    ("feature_store", "tecton"): ("tecton.ai",),
    ("feature_store", "hopsworks"): ("hopsworks.ai",),
    ("orchestrator", "github-actions"): ("docs.github.com",),
    ("orchestrator", "airflow"): ("airflow.apache.org",),
    ("orchestrator", "prefect"): ("prefect.io",),
    ("orchestrator", "dagster"): ("dagster.io",),
    ("orchestrator", "kubeflow"): ("kubeflow.org",),
    ("orchestrator", "argo"): ("argo-workflows.readthedocs.io", "argoproj.github.io"),
    ("data_validation", "great-expectations"): ("greatexpectations.io",),
    ("data_validation", "pandera"): ("pandera.readthedocs.io", "union.ai"),
    ("data_validation", "tfdv"): ("tensorflow.org",),
    ("monitoring", "evidently"): ("evidentlyai.com",),
    ("monitoring", "nannyml"): ("nannyml.com", "nannyml.readthedocs.io", "github.com"),
    ("monitoring", "whylogs"): ("whylabs.ai",),
    ("monitoring", "prometheus"): ("prometheus.io",),
}

ENTRIES = [
    (concern, tool) for concern, tools in CATALOG.items() for tool in tools if tool != "none"
]


def _on_domain(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == domain or host.endswith(f".{domain}") for domain in domains)


def test_the_domain_table_names_every_catalog_entry() -> None:
    assert sorted(VENDOR_DOMAINS) == sorted(ENTRIES)


@pytest.mark.parametrize(("concern", "tool"), ENTRIES)
def test_every_entry_cites_an_https_page_on_its_vendors_own_site(concern: str, tool: str) -> None:
    url = urlsplit(catalog_entry(concern, tool).source)
    assert url.scheme == "https"
    assert _on_domain(url.hostname or "", VENDOR_DOMAINS[(concern, tool)]), url.geturl()
    if url.hostname == "github.com":
        # A repository page is the vendor's only when the repository is theirs.
        assert url.path.lower().startswith(f"/{tool}/")


@pytest.mark.parametrize("concern", sorted(CATALOG))
def test_none_cites_nothing(concern: str) -> None:
    assert catalog_entry(concern, "none").source == ""


def _covers(concern: str, tool: str) -> str:
    entry = catalog_entry(concern, tool)
    return f"{entry.covers} {entry.description}"


def test_evidently_psi_is_an_option_not_its_default() -> None:
    covers = _covers("monitoring", "evidently")
    assert 'stattest="psi"' in covers
    assert "threshold 0.1" in covers
    assert "default KS/chi-squared up to 1,000 reference rows" in covers
    assert "Wasserstein/Jensen-Shannon above" in covers


def test_the_psi_default_cites_evidently_as_an_option_not_as_its_default() -> None:
    """The issue quoted "Evidently's PSI drift test (0.1 by default)": PSI is not its default."""
    citation = DEFAULT_SOURCES["retraining.drift.psi_threshold"]
    assert 'stattest="psi"' in citation
    assert "not its default" in citation
    assert "0.1" in citation


@pytest.mark.parametrize(
    ("tool", "says"),
    [
        ("nannyml", "no PSI"),
        ("whylogs", "Hellinger"),
        ("whylogs", "not PSI"),
        ("prometheus", "no drift statistic of its own"),
    ],
)
def test_monitoring_tools_without_psi_say_so(tool: str, says: str) -> None:
    assert says in _covers("monitoring", tool)


def test_mlflow_uses_aliases_and_names_stages_as_deprecated() -> None:
    covers = _covers("model_registry", "mlflow")
    assert "aliases" in covers
    assert "stages are deprecated since MLflow 2.9" in covers


def test_sagemaker_has_an_approval_status_and_integer_versions() -> None:
    covers = _covers("model_registry", "sagemaker")
    for status in ("PendingManualApproval", "Approved", "Rejected"):
        assert status in covers
    assert "integer versions" in covers
    assert "stage" not in covers.lower()
    assert "semantic" not in covers.lower()


def test_vertex_has_aliases_with_default_and_no_stages() -> None:
    covers = _covers("model_registry", "vertex")
    assert "aliases" in covers
    assert "`default`" in covers
    assert "stage" not in covers.lower()


def test_azure_ml_states_the_mlflow_limits() -> None:
    covers = _covers("model_registry", "azureml")
    assert "no organisational registries" in covers
    assert "cross-workspace" in covers
    assert "shared registries" not in covers


def test_feast_features_are_defined_in_python() -> None:
    covers = _covers("feature_store", "feast")
    assert "features defined in Python" in covers
    assert "`feature_store.yaml` for the registry, provider and stores" in covers


def test_github_environments_state_the_enterprise_requirement() -> None:
    covers = _covers("orchestrator", "github-actions")
    assert "required reviewers in private repositories need GitHub Enterprise" in covers


@pytest.mark.parametrize("tool", ["mlflow", "wandb", "sagemaker", "vertex", "azureml"])
def test_the_registry_lifecycle_cites_the_catalogs_page(
    make_answers: AnswersFactory, tool: str
) -> None:
    design = build_design(make_answers({"components.model_registry.tool": tool}))
    assert design.registry.source == catalog_entry("model_registry", tool).source


@pytest.mark.parametrize("tool", ["evidently", "nannyml", "whylogs", "prometheus", "none"])
def test_the_drift_method_cites_the_catalogs_page(tool: str) -> None:
    assert DRIFT_METHODS[tool][2] == catalog_entry("monitoring", tool).source


def test_azure_approval_is_manual_validation_1_in_an_agentless_job(tmp_path: Path) -> None:
    assert (
        main(["export", "--answers", str(EXAMPLES / "churn-azure.yaml"), "--out", str(tmp_path)])
        == 0
    )
    pipeline = yaml.safe_load((tmp_path / "azure-pipelines.yml").read_text(encoding="utf-8"))
    jobs = [job for stage in pipeline["stages"] for job in stage["jobs"]]
    approvals = [
        (job, step)
        for job in jobs
        for step in job.get("steps", [])
        if str(step.get("task", "")).startswith("ManualValidation")
    ]
    assert approvals, "no ManualValidation task in the Azure pipeline"
    for job, step in approvals:
        assert step["task"] == "ManualValidation@1"
        assert job["pool"] == "server"
        assert "approvers" in step["inputs"]
        assert "notifyUsers" in step["inputs"]
        assert step["inputs"]["allowApproversToApproveTheirOwnRuns"] is False
