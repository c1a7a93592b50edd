"""Facts with sources: every catalog entry cites a page on its vendor's own site, the page
that states the fact it is cited for, read within the last 18 months, and the facts
../shared/DOMAIN.md fixes ("Corrections and additions") are what the catalog, the defaults'
citations and the generated CI say."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from tests.engine.conftest import EXAMPLES
from wizard.cli import main
from wizard.model.catalog import CATALOG, Source, ToolInfo, catalog_entry
from wizard.model.defaults import DEFAULT_SOURCES

#: (concern, tool) -> the vendor's own domains (a source may sit on one of their subdomains).
#: NannyML's docs are cited from its own GitHub repository, the pages Read the Docs builds;
#: ClearML's from its repository's README, the one page that states all five modules.
VENDOR_DOMAINS: dict[tuple[str, str], tuple[str, ...]] = {
    ("experiment_tracking", "mlflow"): ("mlflow.org",),
    ("experiment_tracking", "wandb"): ("wandb.ai",),
    ("experiment_tracking", "neptune"): ("neptune.ai",),
    ("experiment_tracking", "comet"): ("comet.com",),
    ("experiment_tracking", "clearml"): ("clear.ml", "github.com"),
    ("experiment_tracking", "vertex-experiments"): ("cloud.google.com",),
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
    ("feature_store", "sagemaker-feature-store"): ("docs.aws.amazon.com",),
    ("feature_store", "vertex-feature-store"): ("cloud.google.com",),
    ("feature_store", "azureml-feature-store"): ("learn.microsoft.com",),
    ("orchestrator", "github-actions"): ("docs.github.com",),
    ("orchestrator", "gitlab-ci"): ("docs.gitlab.com",),
    ("orchestrator", "azure-pipelines"): ("learn.microsoft.com",),
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
    # The platform's own site is gone with it: the discontinuation is cited from the issue
    # where an integrator (ZenML) records it.
    ("monitoring", "whylabs"): ("github.com",),
    ("monitoring", "sagemaker-model-monitor"): ("docs.aws.amazon.com",),
    ("monitoring", "vertex-model-monitoring"): ("cloud.google.com",),
    ("monitoring", "azureml-monitoring"): ("learn.microsoft.com",),
}

#: (concern, tool) -> (the page checked against the vendor's docs, a fact the entry rests on
#: that page for, quoted from the entry). "DOMAIN" marks the facts ../shared/DOMAIN.md states.
CITED_FOR: dict[tuple[str, str], tuple[str, str]] = {
    ("experiment_tracking", "mlflow"): (
        "https://mlflow.org/docs/latest/tracking.html",
        "parameters, metrics, artifacts and models",
    ),
    ("experiment_tracking", "wandb"): ("https://docs.wandb.ai/models/track", "runs, sweeps"),
    ("experiment_tracking", "neptune"): ("https://docs.neptune.ai/about", "run metadata at scale"),
    ("experiment_tracking", "comet"): (
        "https://www.comet.com/docs/v2/guides/quickstart/",
        "model production monitoring",
    ),
    # DOMAIN: "ClearML (Apache-2.0)".
    ("experiment_tracking", "clearml"): (
        "https://github.com/clearml/clearml",
        "pipelines, datasets and remote execution agents",
    ),
    # DOMAIN (December 2026): Vertex AI Experiments among the clouds' own options.
    ("experiment_tracking", "vertex-experiments"): (
        "https://cloud.google.com/vertex-ai/docs/experiments/intro-vertex-ai-experiments",
        "experiment runs don't incur additional charges",
    ),
    # DOMAIN: stages deprecated since 2.9, aliases instead.
    ("model_registry", "mlflow"): (
        "https://mlflow.org/docs/latest/ml/model-registry/",
        "stages are deprecated since MLflow 2.9",
    ),
    ("model_registry", "wandb"): (
        "https://docs.wandb.ai/models/registry/aliases",
        "aliases, automations",
    ),
    # DOMAIN: integer versions in order, ModelApprovalStatus.
    ("model_registry", "sagemaker"): (
        "https://docs.aws.amazon.com/sagemaker/latest/dg/model-registry-models.html",
        "integer versions in order",
    ),
    # DOMAIN: mutable aliases, `default` on one version, no stages.
    ("model_registry", "vertex"): (
        "https://cloud.google.com/vertex-ai/docs/model-registry/model-alias",
        "`default` always on one version",
    ),
    # DOMAIN: the Azure ML page's MLflow limitations.
    ("model_registry", "azureml"): (
        "https://learn.microsoft.com/en-us/azure/machine-learning/how-to-manage-models-mlflow",
        "no organisational registries",
    ),
    # DOMAIN: "DVC (git-based, `dvc.yaml`, `.dvc` files)".
    ("data_versioning", "dvc"): (
        "https://dvc.org/doc/command-reference",
        "`.dvc` files, pipelines in `dvc.yaml`",
    ),
    ("data_versioning", "lakefs"): (
        "https://docs.lakefs.io/concepts/internals/",
        "branches, commits and merges over an object store",
    ),
    # DOMAIN: "Delta Lake time travel".
    ("data_versioning", "delta"): (
        "https://docs.delta.io/latest/delta-batch.html#query-an-older-snapshot-of-a-table-time-travel",
        "time travel to a version or timestamp",
    ),
    # DOMAIN: `feature_store.yaml` configures registry, provider and stores.
    ("feature_store", "feast"): (
        "https://docs.feast.dev/reference/feature-repository/feature-store-yaml",
        "`feature_store.yaml` for the registry, provider and stores",
    ),
    ("feature_store", "tecton"): (
        "https://docs.tecton.ai/docs/1.0/concepts/tecton-concepts",
        "batch, streaming and real-time features",
    ),
    ("feature_store", "hopsworks"): (
        "https://docs.hopsworks.ai/5.2/user_guides/",
        "feature groups, training datasets, online store, a model registry",
    ),
    # DOMAIN (December 2026): the clouds' own feature stores.
    ("feature_store", "sagemaker-feature-store"): (
        "https://docs.aws.amazon.com/sagemaker/latest/dg/feature-store-storage-configurations.html",
        "an online store and an offline store",
    ),
    ("feature_store", "vertex-feature-store"): (
        "https://cloud.google.com/vertex-ai/docs/featurestore/latest/overview",
        "served online from them at low latency",
    ),
    ("feature_store", "azureml-feature-store"): (
        "https://learn.microsoft.com/azure/machine-learning/concept-what-is-managed-feature-store",
        "managed feature store",
    ),
    # The orchestrator follows the CI platform: GitLab CI/CD and Azure Pipelines run it too.
    ("orchestrator", "gitlab-ci"): (
        "https://docs.gitlab.com/administration/cicd/compute_minutes",
        "compute minutes on GitLab.com instance runners",
    ),
    ("orchestrator", "azure-pipelines"): (
        "https://learn.microsoft.com/en-us/azure/devops/pipelines/licensing/concurrent-jobs",
        "one free Microsoft-hosted parallel job",
    ),
    # DOMAIN: required reviewers in private repositories need GitHub Enterprise.
    ("orchestrator", "github-actions"): (
        "https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/"
        "managing-deployments/managing-environments-for-deployment",
        "required reviewers in private repositories need GitHub Enterprise",
    ),
    # DOMAIN: "Airflow (DAGs)".
    ("orchestrator", "airflow"): (
        "https://airflow.apache.org/docs/apache-airflow/stable/core-concepts/index.html",
        "scheduled DAGs of tasks, retries, backfills",
    ),
    # DOMAIN: "Prefect (flows)"; the page is the one on its event triggers.
    ("orchestrator", "prefect"): (
        "https://docs.prefect.io/v3/how-to-guides/automations/creating-deployment-triggers",
        "event triggers",
    ),
    # DOMAIN: "Dagster (assets)".
    ("orchestrator", "dagster"): ("https://docs.dagster.io/overview", "software-defined assets"),
    ("orchestrator", "kubeflow"): (
        "https://www.kubeflow.org/docs/components/pipelines/overview/pipelines-overview",
        "Vertex AI Pipelines runs KFP pipelines managed",
    ),
    ("orchestrator", "argo"): (
        "https://argo-workflows.readthedocs.io/en/latest/",
        "container workflows as DAGs or steps",
    ),
    ("data_validation", "great-expectations"): (
        "https://docs.greatexpectations.io/docs/core/introduction/gx_overview/",
        "expectation suites, checkpoints",
    ),
    ("data_validation", "pandera"): (
        "https://pandera.readthedocs.io/en/stable/",
        "dataframe schemas and checks",
    ),
    ("data_validation", "tfdv"): (
        "https://www.tensorflow.org/tfx/guide/tfdv",
        "training/serving skew and drift detection",
    ),
    # DOMAIN: PSI is not Evidently's default; Evidently 0.7's `method="psi"`, cited from the
    # current docs, not docs-old.
    ("monitoring", "evidently"): (
        "https://docs.evidentlyai.com/metrics/customize_data_drift",
        'PSI with `method="psi"` in Evidently 0.7',
    ),
    # DOMAIN: NannyML has no PSI.
    ("monitoring", "nannyml"): (
        "https://github.com/NannyML/nannyml/blob/main/docs/how_it_works/"
        "univariate_drift_detection.rst",
        "no PSI",
    ),
    # DOMAIN: Hellinger on WhyLabs, KS or chi-squared in whylogs; the page adds PSI monitors.
    ("monitoring", "whylogs"): (
        "https://docs.whylabs.ai/docs/drift-algorithms",
        "Hellinger distance",
    ),
    # DOMAIN: no drift statistic of its own, only through a custom exporter.
    ("monitoring", "prometheus"): (
        "https://prometheus.io/docs/instrumenting/writing_exporters/",
        "drift only through a custom exporter",
    ),
    # DOMAIN (December 2026): WhyLabs is discontinuing operations (zenml-io/zenml#3996).
    ("monitoring", "whylabs"): (
        "https://github.com/zenml-io/zenml/issues/3996",
        "the platform is discontinuing operations",
    ),
    # DOMAIN: L-infinity, `comparison_threshold` 0.1.
    ("monitoring", "sagemaker-model-monitor"): (
        "https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-model-quality-baseline.html",
        "model quality",
    ),
    # DOMAIN: L-infinity (categorical), Jensen-Shannon (numerical), no default threshold.
    ("monitoring", "vertex-model-monitoring"): (
        "https://cloud.google.com/vertex-ai/docs/model-monitoring/using-model-monitoring",
        "feature skew and drift detection for categorical and numerical input features",
    ),
    # DOMAIN (December 2026): Azure ML model monitoring computes PSI among its metrics.
    ("monitoring", "azureml-monitoring"): (
        "https://learn.microsoft.com/en-us/azure/machine-learning/concept-model-monitoring",
        "Population Stability Index",
    ),
}

ENTRIES = [
    (concern, tool) for concern, tools in CATALOG.items() for tool in tools if tool != "none"
]


def _on_domain(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == domain or host.endswith(f".{domain}") for domain in domains)


def test_the_domain_table_names_every_catalog_entry() -> None:
    assert sorted(VENDOR_DOMAINS) == sorted(ENTRIES) == sorted(CITED_FOR)


@pytest.mark.parametrize(("concern", "tool"), ENTRIES)
def test_every_entry_cites_the_checked_page_for_the_fact_it_states(concern: str, tool: str) -> None:
    url, fact = CITED_FOR[(concern, tool)]
    entry = catalog_entry(concern, tool)
    assert entry.source == url
    assert fact in f"{entry.covers} {entry.hosting} {entry.description}"


@pytest.mark.parametrize(("concern", "tool"), ENTRIES)
def test_every_entry_cites_an_https_page_on_its_vendors_own_site(concern: str, tool: str) -> None:
    url = urlsplit(catalog_entry(concern, tool).source)
    assert url.scheme == "https"
    assert _on_domain(url.hostname or "", VENDOR_DOMAINS[(concern, tool)]), url.geturl()
    if url.hostname == "github.com" and tool not in DISCONTINUED_CITED_ELSEWHERE:
        # A repository page is the vendor's only when the repository is theirs.
        assert url.path.lower().startswith(f"/{tool}/")


#: Products whose own site went with them: cited from where their users record the end.
DISCONTINUED_CITED_ELSEWHERE = frozenset({"whylabs"})


#: A fact whose page was last read longer ago than this must be read again before the
#: catalog goes on citing it: vendors move pages, rename products, retire features.
MAX_AGE = timedelta(days=548)  # 18 months


def stale(sources: Iterable[Source], today: date) -> list[str]:
    """The sources last checked more than MAX_AGE before ``today`` (or, impossibly, after)."""
    return [
        f"{source.url} ({source.states!r}, checked {source.checked})"
        for source in sources
        if not timedelta(0) <= today - source.checked <= MAX_AGE
    ]


@pytest.mark.parametrize(("concern", "tool"), ENTRIES)
def test_every_fact_was_checked_on_its_page_within_18_months(concern: str, tool: str) -> None:
    old = stale(catalog_entry(concern, tool).sources, date.today())
    assert not old, "read the page again, then set `checked` to that day: " + "; ".join(old)


def test_a_fact_checked_longer_ago_is_stale() -> None:
    checked = date(2026, 12, 2)
    source = Source("https://example.com", checked, "a fact")
    assert stale([source], checked + MAX_AGE) == []
    assert stale([source], checked + MAX_AGE + timedelta(days=1)) != []
    assert stale([source], checked - timedelta(days=1)) != []


def _says(entry: ToolInfo) -> str:
    """Everything the entry states in words: what it covers, its hosting, its description,
    and what changed for a discontinued or acquired product."""
    status = entry.status
    changed = f"{status.what_changed} {status.still_valid_for}" if status else ""
    return f"{entry.covers} {entry.hosting} {entry.description} {changed}"


@pytest.mark.parametrize(("concern", "tool"), ENTRIES)
def test_every_source_states_a_fact_the_entry_says(concern: str, tool: str) -> None:
    entry = catalog_entry(concern, tool)
    assert entry.sources
    for source in entry.sources:
        assert source.states in _says(entry), source.url


@pytest.mark.parametrize("concern", sorted(CATALOG))
def test_none_cites_nothing(concern: str) -> None:
    assert catalog_entry(concern, "none").source == ""


def _covers(concern: str, tool: str) -> str:
    entry = catalog_entry(concern, tool)
    return f"{entry.covers} {entry.description}"


def test_evidently_psi_is_an_option_not_its_default() -> None:
    covers = _covers("monitoring", "evidently")
    assert 'method="psi"' in covers
    assert "stattest" not in covers
    assert "threshold 0.1" in covers
    assert "default KS/chi-squared up to 1,000 reference rows" in covers
    assert "Wasserstein/Jensen-Shannon above" in covers


def test_the_psi_default_cites_evidently_as_an_option_not_as_its_default() -> None:
    """The issue quoted "Evidently's PSI drift test (0.1 by default)": PSI is not its default."""
    citation = DEFAULT_SOURCES["retraining.drift.psi_threshold"]
    assert 'method="psi"' in citation
    assert "not its default" in citation
    assert "0.1" in citation


@pytest.mark.parametrize(
    ("tool", "says"),
    [
        ("nannyml", "no PSI"),
        ("whylogs", "no PSI"),
        ("sagemaker-model-monitor", "no PSI"),
        ("vertex-model-monitoring", "no PSI"),
        ("prometheus", "no drift statistic of its own"),
    ],
)
def test_monitoring_tools_without_psi_say_so(tool: str, says: str) -> None:
    assert says in _covers("monitoring", tool)


def test_mlflow_uses_aliases_and_names_stages_as_deprecated() -> None:
    covers = _covers("model_registry", "mlflow")
    assert "aliases" in covers
    assert "stages are deprecated since MLflow 2.9" in covers


def test_sagemaker_has_an_approval_status_lifecycle_stages_and_integer_versions() -> None:
    covers = _covers("model_registry", "sagemaker")
    for status in ("PendingManualApproval", "Approved", "Rejected"):
        assert status in covers
    assert "`ModelLifeCycle`: Stage, StageStatus, StageDescription" in covers
    assert "integer versions" in covers
    assert "semantic" not in covers.lower()


def test_sagemaker_never_records_a_retired_model_as_rejected() -> None:
    registry = catalog_entry("model_registry", "sagemaker").registry
    assert registry is not None
    assert "Stage `Archived`" in registry.stages["archived"]
    assert "ModelApprovalStatus: Rejected" not in registry.stages["archived"]


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


def test_whylogs_remains_and_the_whylabs_platform_is_discontinued() -> None:
    """WhyLabs was acquired in 2025 and is discontinuing operations; whylogs remains."""
    covers = _covers("monitoring", "whylogs")
    assert "KS or chi-squared in whylogs' own reports, no PSI" in covers
    whylogs = catalog_entry("monitoring", "whylogs")
    assert whylogs.recommendable
    whylabs = catalog_entry("monitoring", "whylabs")
    assert whylabs.status is not None
    assert whylabs.status.state == "discontinued"
    assert not whylabs.recommendable
    assert not whylabs.picks


def test_neptune_is_acquired_and_no_registry_option() -> None:
    neptune = catalog_entry("experiment_tracking", "neptune")
    assert neptune.status is not None
    assert neptune.status.state == "acquired"
    assert "deactivated on 2025-04-01" in neptune.status.what_changed
    assert "neptune" not in CATALOG["model_registry"]


def test_nannyml_is_acquired_and_still_valid_for_performance_estimation() -> None:
    nannyml = catalog_entry("monitoring", "nannyml")
    assert nannyml.status is not None
    assert "Soda" in nannyml.status.what_changed
    assert "unmaintained" in nannyml.status.what_changed
    assert "performance estimation" in nannyml.status.still_valid_for
    assert not nannyml.picks


def test_mlflow_is_managed_on_aws_and_azure() -> None:
    for concern in ("experiment_tracking", "model_registry"):
        assert set(catalog_entry(concern, "mlflow").managed_on) >= {"aws", "azure"}


def test_kubeflow_runs_serverless_on_google_cloud() -> None:
    kubeflow = catalog_entry("orchestrator", "kubeflow")
    assert "gcp" in kubeflow.managed_on
    assert "serverless" in kubeflow.hosting


def test_azure_ml_monitoring_computes_psi() -> None:
    assert catalog_entry("monitoring", "azureml-monitoring").computes_psi


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
