"""The precompiled bytes regexes, one combined pattern per file type.

Speed rule: Python's ``re`` scans an alternation of many words at 40-80 MB/s but a pattern
that starts with one literal byte (``\\n``) at several hundred MB/s, because it jumps from one
occurrence of that byte to the next. So the pattern every Python file pays for is anchored at
line starts and only knows import statements; the unanchored call patterns (``log_params(``,
``register_model(`` ...) run only on the few files that import one of the tools, which is
also where those calls mean something.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wizard.evidence import Category
from wizard.scanner.tools import TOOL_BY_MODULE, TOOL_BY_PACKAGE


def _alternation(words: list[str]) -> bytes:
    """Longest first, so ``deltalake`` wins over ``delta``."""
    ordered = sorted(set(words), key=lambda word: (-len(word), word))
    return b"|".join(re.escape(word).encode() for word in ordered)


_MODULES = _alternation(list(TOOL_BY_MODULE))
_IMPORT_BODY = (
    rb"[ \t]*(?:from[ \t]+(?P<from>" + _MODULES + rb")(?=[.\s])[\w.]*[ \t]+import\b"
    rb"|from[ \t]+google\.cloud[ \t]+import[ \t]+[^\n]*?\b(?P<gcp>aiplatform)\b"
    rb"|import[ \t]+(?:[\w.]+(?:[ \t]+as[ \t]+\w+)?[ \t]*,[ \t]*)*(?P<imp>"
    + _MODULES
    + rb")(?!\w))"
)
PYTHON_IMPORT = re.compile(rb"\n" + _IMPORT_BODY)
"""An import of a known tool at the start of a line (the buffer starts with a newline)."""
NOTEBOOK_IMPORT = re.compile(rb'"' + _IMPORT_BODY)
"""The same in a notebook, where every source line is a JSON string."""


@dataclass(frozen=True)
class CallRule:
    pattern: bytes
    category: Category
    tool: str
    detail: str
    gates: tuple[str, ...]
    """The tools (see ``tools.py``) one of which the file must import for the call to count."""


CALL_RULES: tuple[CallRule, ...] = (
    CallRule(rb"mlflow\.(?:\w+\.)?log_params?\(", "experiment_tracking", "mlflow",
             "logs parameters (mlflow.log_param)", ("mlflow",)),
    CallRule(rb"mlflow\.(?:\w+\.)?log_metrics?\(", "experiment_tracking", "mlflow",
             "logs metrics (mlflow.log_metric)", ("mlflow",)),
    CallRule(rb"mlflow\.(?:\w+\.)?autolog\(", "experiment_tracking", "mlflow",
             "enables MLflow autologging", ("mlflow",)),
    CallRule(rb"mlflow\.\w+\.log_model\(", "experiment_tracking", "mlflow",
             "logs a model artifact (log_model)", ("mlflow",)),
    CallRule(rb"\bwandb\.init\(", "experiment_tracking", "wandb", "starts a W&B run (wandb.init)",
             ("wandb",)),
    CallRule(rb"\bwandb\.log\(", "experiment_tracking", "wandb", "logs metrics (wandb.log)",
             ("wandb",)),
    CallRule(rb"\bneptune\.init(?:_run)?\(", "experiment_tracking", "neptune",
             "starts a Neptune run", ("neptune",)),
    CallRule(rb"\bExperiment\(", "experiment_tracking", "comet", "creates a Comet experiment",
             ("comet",)),
    CallRule(rb"\bTask\.init\(", "experiment_tracking", "clearml", "starts a ClearML task",
             ("clearml",)),
    CallRule(rb"\.transition_model_version_stage\(", "model_registry", "mlflow",
             "moves model versions between stages (transition_model_version_stage)", ("mlflow",)),
    CallRule(rb"\.set_registered_model_alias\(", "model_registry", "mlflow",
             "points a model alias at a version (set_registered_model_alias)", ("mlflow",)),
    CallRule(rb"\bregister_model\(|\.create_registered_model\(|\.create_model_version\(",
             "model_registry", "mlflow", "registers model versions (register_model)", ("mlflow",)),
    CallRule(rb"\bregistered_model_name\s*=", "model_registry", "mlflow",
             "registers the model while logging it (registered_model_name)", ("mlflow",)),
    CallRule(rb"\.link_model\(|\.link_artifact\(", "model_registry", "wandb",
             "links models into the W&B registry (link_model)", ("wandb",)),
    CallRule(rb"\bcreate_model_package(?:_group)?\(|\bRegisterModel\(|\bModelPackage\(",
             "model_registry", "sagemaker", "registers SageMaker model packages",
             ("sagemaker",)),
    CallRule(rb"\bModel\.upload\(|\.upload_model\(", "model_registry", "vertex",
             "uploads models to the Vertex AI Model Registry", ("vertex",)),
    CallRule(rb"\.models\.create_or_update\(|\bModel\.register\(", "model_registry", "azureml",
             "registers models in Azure ML", ("azureml",)),
    CallRule(rb"[\"']CANARY[\"']|\bCanarySize\b|\bcanary_size\b", "rollout", "sagemaker",
             "shifts endpoint traffic by canary (SageMaker)", ("sagemaker",)),
    CallRule(rb"\bDAG\(|@dag\b", "orchestration", "airflow", "defines an Airflow DAG",
             ("airflow",)),
    CallRule(rb"@flow\b", "orchestration", "prefect", "defines a Prefect flow", ("prefect",)),
    CallRule(rb"@asset\b|@job\b|\bDefinitions\(", "orchestration", "dagster",
             "defines Dagster assets or jobs", ("dagster",)),
    CallRule(rb"@dsl\.pipeline\b|@pipeline\b|\bdsl\.pipeline\(", "orchestration", "kubeflow",
             "defines a Kubeflow pipeline", ("kubeflow",)),
    CallRule(rb"\.expect_\w+\(|\bExpectationSuite\b", "data_validation", "great-expectations",
             "defines expectations", ("great-expectations",)),
    CallRule(rb"\bDataFrameSchema\(|\bDataFrameModel\b|\bSchemaModel\b", "data_validation",
             "pandera", "defines a pandera schema", ("pandera",)),
    CallRule(rb"\btfdv\.(?:validate_statistics|infer_schema|generate_statistics\w*)\(",
             "data_validation", "tfdv", "validates data statistics with TFDV", ("tfdv",)),
    CallRule(rb"\bDataDriftPreset\b|\bReport\(|\bTestSuite\(", "monitoring", "evidently",
             "builds an Evidently drift report", ("evidently",)),
    CallRule(rb"\bCBPE\(|\bDLE\(|DriftCalculator\(", "monitoring", "nannyml",
             "estimates performance or drift with NannyML", ("nannyml",)),
    CallRule(rb"\bwhy\.log\(|\bwhylogs\.log\(", "monitoring", "whylogs",
             "profiles data with whylogs", ("whylogs",)),
    CallRule(rb"\bstart_http_server\(|\b(?:Counter|Gauge|Histogram|Summary)\(", "monitoring",
             "prometheus", "exports Prometheus metrics", ("prometheus",)),
    CallRule(rb"\bFeatureStore\(|\.get_online_features\(|\.get_historical_features\(",
             "feature_store", "feast", "reads features from a Feast store", ("feast",)),
    CallRule(rb"@batch_feature_view\b|@stream_feature_view\b", "feature_store", "tecton",
             "defines Tecton feature views", ("tecton",)),
    CallRule(rb"\.get_feature_store\(", "feature_store", "hopsworks",
             "reads the Hopsworks feature store", ("hopsworks",)),
    CallRule(rb"\bdvc\.api\.\w+\(", "data_versioning", "dvc", "reads versioned data (dvc.api)",
             ("dvc",)),
    CallRule(rb"\bDeltaTable\b|\.format\([\"']delta[\"']\)|\bwrite_deltalake\(",
             "data_versioning", "delta", "reads or writes Delta tables", ("delta", "spark")),
)  # fmt: skip
CALLS = re.compile(
    b"|".join(b"(?P<c%d>%s)" % (index, rule.pattern) for index, rule in enumerate(CALL_RULES))
)
"""Every call rule in one pattern; ``match.lastgroup`` ``c<N>`` names the rule."""

_PACKAGES = b"|".join(
    re.sub(rb"\\?-", rb"[-_.]", re.escape(name).encode())
    for name in sorted(TOOL_BY_PACKAGE, key=lambda name: (-len(name), name))
)
DEPENDENCY = re.compile(rb"(?<![\w.\-/])(?P<package>" + _PACKAGES + rb")(?![\w\-])", re.I)
"""A known distribution name in a requirements file, pyproject.toml, environment.yml ..."""

_NOT_COMMENT = rb"^(?![ \t]*#)[^\n]*?"
CI_CRON = re.compile(
    rb"\bcron[ \t]*[:(][ \t]*[\"'](?P<quoted>[^\"'\n]+)[\"']"
    rb"|\bcron:[ \t]*(?P<bare>[^\"'\s#][^\n#]*?)[ \t]*(?:#|$)",
    re.M,
)
CI_SCHEDULE_SOURCE = re.compile(rb"\$CI_PIPELINE_SOURCE[ \t]*==[ \t]*[\"']schedule[\"']")
CI_DISPATCH = re.compile(rb"\b(?:workflow_dispatch|repository_dispatch)\b|\bwhen:[ \t]*manual\b")
CI_TESTS = re.compile(
    _NOT_COMMENT + rb"\b(?P<what>pytest|py\.test|unittest|tox|nox|make[ \t]+test\w*)\b", re.M
)
CI_TRAINING = re.compile(
    _NOT_COMMENT + rb"\b(?P<what>dvc[ \t]+repro|mlflow[ \t]+run|train\w*(?:\.py)?)\b", re.M
)
CI_DEPLOY = re.compile(
    _NOT_COMMENT + rb"\b(?P<what>deploy\w*|kubectl[ \t]+(?:apply|rollout|set[ \t]+image)"
    rb"|helm[ \t]+(?:upgrade|install)|az[ \t]+ml[ \t]+online-\w+|gcloud[ \t]+ai[ \t]+endpoints)\b",
    re.M,
)

YAML_MANIFEST = re.compile(
    rb"^kind:[ \t]*(?P<kind>Rollout|Canary|Workflow|WorkflowTemplate|ClusterWorkflowTemplate"
    rb"|CronWorkflow|InferenceService|ServiceMonitor|PodMonitor|PrometheusRule)[ \t]*$"
    rb"|^[ \t]*(?P<kserve>canaryTrafficPercent):[ \t]*(?P<percent>\d+)"
    rb"|^[ \t]*(?:-[ \t]*)?(?P<weight>setWeight|stepWeight|maxWeight):[ \t]*(?P<value>\d+)"
    rb"|(?P<kubeflow>pipelines\.kubeflow\.org|^pipelineSpec:)"
    rb"|^(?P<scrape>scrape_configs):"
    rb"|(?P<sagemaker>\bCanarySize\b|\bType:[ \t]*[\"']?CANARY\b)",
    re.M,
)
DOCKER_FROM = re.compile(rb"^[ \t]*FROM[ \t]+(?P<image>\S+)", re.M | re.I)
DVC_STAGES = re.compile(rb"^stages:", re.M)
