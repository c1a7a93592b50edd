"""The tool catalog: what the wizard knows about every tool it can choose, per concern.

Facts come from ../shared/DOMAIN.md and the tools' own documentation (licence, hosting,
what it covers, what it integrates with). The interactive session shows ``description`` on
the Components step; the engine quotes the rest in Tool Recommendations. Every value of the
answers model's tool ``Literal`` types has an entry, ``none`` included (a test checks it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from wizard.model.evidence import Category
from wizard.model.vocabulary import CONCERN_LABELS

ALL_CLOUDS: tuple[str, ...] = ("aws", "gcp", "azure", "on-prem", "other")


@dataclass(frozen=True)
class Concern:
    key: str
    """Short key, e.g. ``experiment_tracking``."""
    label: str
    """Human label, e.g. ``Experiment tracking``."""
    answer_key: str
    """Dotted answers key of the chosen tool."""
    evidence_category: Category
    """The Evidence category whose findings name this concern's tools."""


@dataclass(frozen=True)
class ToolInfo:
    id: str
    """Catalog id, the value used in the answers file."""
    name: str
    licence: str
    hosting: str
    """Self-hosted, SaaS or managed cloud (or several)."""
    covers: str
    integrates: tuple[str, ...]
    description: str
    """One line, shown beside the choice on the Components step."""
    cloud_fit: tuple[str, ...] = ALL_CLOUDS
    """The clouds where it runs natively or is offered managed."""
    source: str = ""
    """The vendor page the facts rest on ('' only for ``none``)."""


CONCERNS: tuple[Concern, ...] = (
    Concern(
        "experiment_tracking",
        CONCERN_LABELS["experiment_tracking"],
        "components.experiment_tracking.tool",
        "experiment_tracking",
    ),
    Concern(
        "model_registry",
        CONCERN_LABELS["model_registry"],
        "components.model_registry.tool",
        "model_registry",
    ),
    Concern(
        "data_versioning",
        CONCERN_LABELS["data_versioning"],
        "components.data_versioning",
        "data_versioning",
    ),
    Concern(
        "feature_store",
        CONCERN_LABELS["feature_store"],
        "components.feature_store",
        "feature_store",
    ),
    Concern(
        "orchestrator", CONCERN_LABELS["orchestrator"], "components.orchestrator", "orchestration"
    ),
    Concern(
        "data_validation",
        CONCERN_LABELS["data_validation"],
        "components.data_validation",
        "data_validation",
    ),
    Concern("monitoring", CONCERN_LABELS["monitoring"], "components.monitoring", "monitoring"),
)


def _none(concern_label: str, consequence: str) -> ToolInfo:
    return ToolInfo(
        id="none",
        name="None",
        licence="-",
        hosting="-",
        covers="nothing",
        integrates=(),
        description=f"No {concern_label.lower()} tool: {consequence}",
    )


_EXPERIMENT_TRACKING = (
    ToolInfo(
        "mlflow",
        "MLflow",
        "Apache-2.0",
        "self-hosted; managed on Databricks, Amazon SageMaker and Azure ML",
        "parameters, metrics, artifacts and models, with a model registry beside it",
        ("scikit-learn", "PyTorch", "TensorFlow", "XGBoost", "Spark", "SageMaker", "Azure ML"),
        "Open-source tracking server and UI; the most widely hosted tracker.",
    ),
    ToolInfo(
        "wandb",
        "Weights & Biases",
        "proprietary service (client library MIT)",
        "SaaS; self-hosted for enterprise",
        "runs, sweeps, artifacts with lineage, a model registry, reports",
        ("PyTorch", "Lightning", "Keras", "Hugging Face", "XGBoost"),
        "Hosted experiment tracking with rich dashboards, sweeps and artifact lineage.",
    ),
    ToolInfo(
        "neptune",
        "Neptune",
        "proprietary service (client library Apache-2.0)",
        "SaaS; self-hosted on request",
        "run metadata at scale, comparison dashboards",
        ("PyTorch", "Lightning", "Keras", "Optuna", "scikit-learn"),
        "Metadata store for runs, built for comparing many long trainings.",
    ),
    ToolInfo(
        "comet",
        "Comet",
        "proprietary service",
        "SaaS; self-hosted for enterprise",
        "experiments, model production monitoring",
        ("PyTorch", "Keras", "scikit-learn", "Hugging Face"),
        "Hosted experiment tracking with model monitoring in the same product.",
    ),
    ToolInfo(
        "clearml",
        "ClearML",
        "Apache-2.0",
        "self-hosted; SaaS",
        "experiments, pipelines, datasets and remote execution agents",
        ("PyTorch", "TensorFlow", "scikit-learn", "Kubernetes"),
        "Open-source suite: tracking plus orchestration and data management in one server.",
    ),
    _none(
        CONCERN_LABELS["experiment_tracking"],
        "parameters and metrics live in notebooks and memory.",
    ),
)

_MODEL_REGISTRY = (
    ToolInfo(
        "mlflow",
        "MLflow Model Registry",
        "Apache-2.0",
        "self-hosted; managed on Databricks, Amazon SageMaker and Azure ML",
        (
            "model versions with aliases (e.g. champion, challenger) and tags, lineage to the "
            "training run; stages are deprecated since MLflow 2.9"
        ),
        ("MLflow tracking", "Databricks", "SageMaker", "Azure ML", "Kubernetes serving"),
        "Versions and aliases next to the MLflow runs that produced them.",
    ),
    ToolInfo(
        "wandb",
        "W&B Registry",
        "proprietary service",
        "SaaS; self-hosted for enterprise",
        "versioned model artifacts linked to runs, aliases, automations",
        ("W&B tracking", "GitHub Actions webhooks"),
        "Registry inside Weights & Biases, linked to the runs and artifacts.",
    ),
    ToolInfo(
        "sagemaker",
        "SageMaker Model Registry",
        "proprietary (AWS)",
        "managed cloud (AWS)",
        (
            "model package groups, integer versions in order, an approval status "
            "(PendingManualApproval, Approved, Rejected)"
        ),
        ("SageMaker Pipelines", "SageMaker endpoints", "EventBridge"),
        "AWS-managed registry with an approval status that can gate deployment.",
        ("aws",),
    ),
    ToolInfo(
        "vertex",
        "Vertex AI Model Registry",
        "proprietary (Google Cloud)",
        "managed cloud (GCP)",
        "model versions with mutable aliases (`default` always on one version), evaluation results",
        ("Vertex AI Pipelines", "Vertex AI endpoints", "BigQuery ML"),
        "Google Cloud-managed registry tied to Vertex AI pipelines and endpoints.",
        ("gcp",),
    ),
    ToolInfo(
        "azureml",
        "Azure Machine Learning registry",
        "proprietary (Microsoft Azure)",
        "managed cloud (Azure)",
        (
            "model versions and tags in one workspace, through the MLflow API; no organisational "
            "registries, stage deployments or cross-workspace operations through MLflow"
        ),
        ("MLflow", "Azure ML pipelines", "managed online endpoints", "Azure DevOps"),
        "Azure-managed registry per workspace; speaks the MLflow API, with its limits.",
        ("azure",),
    ),
    _none(
        CONCERN_LABELS["model_registry"],
        "models are files copied by hand, with no versions or stages.",
    ),
)

_DATA_VERSIONING = (
    ToolInfo(
        "dvc",
        "DVC",
        "Apache-2.0",
        "self-hosted (a git extension; data in S3, GCS, Azure Blob or SSH remotes)",
        "data and model versions in git via `.dvc` files, pipelines in `dvc.yaml`",
        ("git", "S3", "GCS", "Azure Blob", "MLflow", "CML"),
        "Git-based data versioning: small pointer files in git, data in a remote.",
    ),
    ToolInfo(
        "lakefs",
        "lakeFS",
        "Apache-2.0",
        "self-hosted; lakeFS Cloud",
        "git-like branches, commits and merges over an object store",
        ("S3", "GCS", "Azure Blob", "Spark", "Delta Lake", "Airflow"),
        "Branches and commits over the data lake without copying data.",
    ),
    ToolInfo(
        "delta",
        "Delta Lake time travel",
        "Apache-2.0",
        "self-hosted with Spark; managed on Databricks",
        "versioned tables, time travel to a version or timestamp",
        ("Spark", "Databricks", "Azure Synapse", "MLflow"),
        "Table format whose transaction log lets training read an exact past version.",
    ),
    _none(
        CONCERN_LABELS["data_versioning"],
        "a model cannot be traced back to the data it was trained on.",
    ),
)

_FEATURE_STORE = (
    ToolInfo(
        "feast",
        "Feast",
        "Apache-2.0",
        "self-hosted (a library plus your own offline and online stores)",
        (
            "features defined in Python (`Entity`, `FeatureView`, `FeatureService`), "
            "`feature_store.yaml` for the registry, provider and stores, point-in-time joins, "
            "online serving"
        ),
        ("BigQuery", "Snowflake", "Redshift", "Redis", "DynamoDB", "Spark"),
        "Open-source feature store that runs on storage you already have.",
    ),
    ToolInfo(
        "tecton",
        "Tecton",
        "proprietary",
        "SaaS (managed)",
        "batch, streaming and real-time features, online serving, monitoring",
        ("Spark", "Databricks", "Snowflake", "Kafka", "Kinesis"),
        "Managed feature platform for real-time features at scale.",
        ("aws", "gcp"),
    ),
    ToolInfo(
        "hopsworks",
        "Hopsworks",
        "AGPL-3.0 (open-source core); commercial licence",
        "self-hosted; managed on AWS, Azure and GCP",
        "feature groups, training datasets, online store, a model registry",
        ("Spark", "Flink", "Python", "Kubernetes"),
        "Feature store platform with its own registry and serving.",
        ("aws", "gcp", "azure", "on-prem"),
    ),
    _none(
        CONCERN_LABELS["feature_store"],
        "each model computes its own features in training and serving.",
    ),
)

_ORCHESTRATOR = (
    ToolInfo(
        "github-actions",
        "GitHub Actions",
        "proprietary service",
        "SaaS; self-hosted runners",
        (
            "YAML workflows, cron schedules, environments (required reviewers in private "
            "repositories need GitHub Enterprise)"
        ),
        ("GitHub", "every cloud's CLI", "Docker"),
        "CI runner that doubles as a simple pipeline orchestrator.",
    ),
    ToolInfo(
        "airflow",
        "Apache Airflow",
        "Apache-2.0",
        "self-hosted; managed as Amazon MWAA and Google Cloud Composer",
        "scheduled DAGs of tasks, retries, backfills",
        ("Spark", "Kubernetes", "SageMaker", "Vertex AI", "Azure ML", "dbt"),
        "The standard scheduler for batch DAGs.",
    ),
    ToolInfo(
        "prefect",
        "Prefect",
        "Apache-2.0",
        "self-hosted server; Prefect Cloud",
        "Python flows and tasks, retries, schedules, event triggers",
        ("Docker", "Kubernetes", "Dask", "Ray"),
        "Pythonic workflow engine: decorate functions, get flows.",
    ),
    ToolInfo(
        "dagster",
        "Dagster",
        "Apache-2.0",
        "self-hosted; Dagster+",
        "software-defined assets, lineage, schedules and sensors",
        ("dbt", "Spark", "Snowflake", "MLflow", "Kubernetes"),
        "Asset-centric orchestrator with lineage between data and models.",
    ),
    ToolInfo(
        "kubeflow",
        "Kubeflow Pipelines",
        "Apache-2.0",
        "self-hosted on Kubernetes; Vertex AI Pipelines runs KFP pipelines managed",
        "containerised ML pipelines, caching, run metadata",
        ("Kubernetes", "Vertex AI", "KServe", "Katib"),
        "Kubernetes-native ML pipelines; Google Cloud runs them managed.",
        ("gcp", "aws", "azure", "on-prem"),
    ),
    ToolInfo(
        "argo",
        "Argo Workflows",
        "Apache-2.0",
        "self-hosted on Kubernetes",
        "container workflows as DAGs or steps, artifacts, cron workflows",
        ("Kubernetes", "Argo Events", "Argo Rollouts", "S3"),
        "Kubernetes-native workflow engine (CNCF).",
        ("aws", "gcp", "azure", "on-prem"),
    ),
    _none(CONCERN_LABELS["orchestrator"], "pipeline steps are run by hand in order."),
)

_DATA_VALIDATION = (
    ToolInfo(
        "great-expectations",
        "Great Expectations",
        "Apache-2.0",
        "self-hosted library; GX Cloud",
        "expectation suites, checkpoints, data docs",
        ("pandas", "Spark", "SQL databases", "Airflow", "Dagster"),
        "Declarative data tests with human-readable data docs.",
    ),
    ToolInfo(
        "pandera",
        "Pandera",
        "MIT",
        "self-hosted library",
        "dataframe schemas and checks, typed in Python",
        ("pandas", "polars", "PySpark", "Hypothesis"),
        "Lightweight dataframe schemas written next to the training code.",
    ),
    ToolInfo(
        "tfdv",
        "TensorFlow Data Validation",
        "Apache-2.0",
        "self-hosted library",
        "statistics, schema inference, training/serving skew and drift detection",
        ("TFX", "Apache Beam", "Vertex AI Pipelines"),
        "Statistics-driven validation from the TFX family.",
    ),
    _none(CONCERN_LABELS["data_validation"], "bad or shifted data reaches training unchecked."),
)

_MONITORING = (
    ToolInfo(
        "evidently",
        "Evidently",
        "Apache-2.0",
        "self-hosted library and UI; Evidently Cloud",
        (
            "data drift (default KS/chi-squared up to 1,000 reference rows, "
            'Wasserstein/Jensen-Shannon above; PSI with `stattest="psi"`, threshold 0.1), '
            "data quality, model quality reports"
        ),
        ("pandas", "MLflow", "Airflow", "Grafana"),
        "Open-source drift and quality reports with ready-made tests.",
    ),
    ToolInfo(
        "nannyml",
        "NannyML",
        "Apache-2.0",
        "self-hosted library; NannyML Cloud",
        "performance estimation before labels arrive, univariate and multivariate drift",
        ("pandas", "Grafana", "databases"),
        "Estimates model performance without labels (CBPE, DLE); Jensen-Shannon drift, no PSI.",
    ),
    ToolInfo(
        "whylogs",
        "whylogs",
        "Apache-2.0",
        "self-hosted library; WhyLabs platform",
        (
            "mergeable statistical profiles; drift by Hellinger distance on WhyLabs, KS or "
            "chi-squared in whylogs reports (not PSI)"
        ),
        ("pandas", "Spark", "Kafka", "MLflow"),
        "Lightweight data profiles that merge across batches and services.",
    ),
    ToolInfo(
        "prometheus",
        "Prometheus + Grafana",
        "Apache-2.0 (Prometheus), AGPL-3.0 (Grafana)",
        "self-hosted; managed on AWS, GCP and Azure",
        (
            "service metrics, latency, alert rules; no drift statistic of its own, drift only "
            "through a custom exporter"
        ),
        ("Kubernetes", "Alertmanager", "Grafana"),
        "Operational metrics and alerting; pair it with a drift library for data.",
    ),
    _none(CONCERN_LABELS["monitoring"], "drift and decay in production go unnoticed."),
)

#: (concern, tool) -> the vendor page its facts rest on.
SOURCES: dict[tuple[str, str], str] = {
    ("experiment_tracking", "mlflow"): "https://mlflow.org/docs/latest/tracking.html",
    ("experiment_tracking", "wandb"): "https://docs.wandb.ai/guides/track/",
    ("experiment_tracking", "neptune"): "https://docs.neptune.ai/",
    ("experiment_tracking", "comet"): "https://www.comet.com/docs/v2/",
    ("experiment_tracking", "clearml"): "https://clear.ml/docs/latest/docs/",
    ("model_registry", "mlflow"): "https://mlflow.org/docs/latest/ml/model-registry/",
    ("model_registry", "wandb"): "https://docs.wandb.ai/guides/registry/",
    ("model_registry", "sagemaker"): (
        "https://docs.aws.amazon.com/sagemaker/latest/dg/model-registry-models.html"
    ),
    ("model_registry", "vertex"): (
        "https://cloud.google.com/vertex-ai/docs/model-registry/model-alias"
    ),
    ("model_registry", "azureml"): (
        "https://learn.microsoft.com/en-us/azure/machine-learning/how-to-manage-models-mlflow"
    ),
    ("data_versioning", "dvc"): "https://dvc.org/doc",
    ("data_versioning", "lakefs"): "https://docs.lakefs.io/",
    ("data_versioning", "delta"): "https://docs.delta.io/latest/delta-batch.html",
    ("feature_store", "feast"): "https://docs.feast.dev/",
    ("feature_store", "tecton"): "https://docs.tecton.ai/",
    ("feature_store", "hopsworks"): "https://docs.hopsworks.ai/",
    # The old "deployment/targeting-different-environments" path only survives on retired
    # Enterprise Server versions; the environments page now lives here.
    ("orchestrator", "github-actions"): (
        "https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/"
        "managing-deployments/managing-environments-for-deployment"
    ),
    ("orchestrator", "airflow"): "https://airflow.apache.org/docs/",
    ("orchestrator", "prefect"): "https://docs.prefect.io/",
    ("orchestrator", "dagster"): "https://docs.dagster.io/",
    ("orchestrator", "kubeflow"): "https://www.kubeflow.org/docs/components/pipelines/",
    ("orchestrator", "argo"): "https://argo-workflows.readthedocs.io/en/latest/",
    ("data_validation", "great-expectations"): "https://docs.greatexpectations.io/",
    ("data_validation", "pandera"): "https://pandera.readthedocs.io/",
    ("data_validation", "tfdv"): "https://www.tensorflow.org/tfx/guide/tfdv",
    # docs.evidentlyai.com now hosts the rewritten docs; this page moved with the old ones.
    ("monitoring", "evidently"): (
        "https://docs-old.evidentlyai.com/reference/data-drift-algorithm"
    ),
    ("monitoring", "nannyml"): (
        "https://github.com/NannyML/nannyml/blob/main/docs/how_it_works/"
        "univariate_drift_detection.rst"
    ),
    ("monitoring", "whylogs"): "https://docs.whylabs.ai/docs/drift-algorithms",
    ("monitoring", "prometheus"): "https://prometheus.io/docs/instrumenting/writing_exporters/",
}

CATALOG: Mapping[str, Mapping[str, ToolInfo]] = MappingProxyType(
    {
        concern: MappingProxyType(
            {tool.id: replace(tool, source=SOURCES.get((concern, tool.id), "")) for tool in tools}
        )
        for concern, tools in (
            ("experiment_tracking", _EXPERIMENT_TRACKING),
            ("model_registry", _MODEL_REGISTRY),
            ("data_versioning", _DATA_VERSIONING),
            ("feature_store", _FEATURE_STORE),
            ("orchestrator", _ORCHESTRATOR),
            ("data_validation", _DATA_VALIDATION),
            ("monitoring", _MONITORING),
        )
    }
)
"""Concern key -> tool id -> facts (with their source), in the order the Components step
lists them."""


def catalog_entry(concern: str, tool: str) -> ToolInfo:
    """The facts about ``tool`` for ``concern`` (short key, e.g. ``monitoring``).

    Raises KeyError naming the concern or tool when the catalog does not know it.
    """
    try:
        tools = CATALOG[concern]
    except KeyError:
        raise KeyError(f"unknown concern {concern!r}") from None
    try:
        return tools[tool]
    except KeyError:
        raise KeyError(f"unknown {concern} tool {tool!r}") from None


def concern(key: str) -> Concern:
    """The concern with short key ``key``."""
    for item in CONCERNS:
        if item.key == key:
            return item
    raise KeyError(f"unknown concern {key!r}")
