"""The precompiled bytes regexes, one combined pattern per file type.

Speed rule: Python's ``re`` scans an alternation of many words at 40-80 MB/s but a pattern
that starts with one literal byte (``\\n``) at several hundred MB/s, because it jumps from one
occurrence of that byte to the next. So the pattern every Python file pays for is anchored at
line starts and only knows import statements (a possessive ``[ \t]*+`` so the indentation is
never backtracked). The call patterns (``log_params(``, ``register_model(`` ...) run only on
files that import their tool, which is also where those calls mean something, and each is a
separate pattern starting with a literal, which ``re`` finds at GB/s (an alternation of them,
or one starting with ``\b``, crawls at 2-100 MB/s).
"""

from __future__ import annotations

import re

from wizard.model.evidence import Category
from wizard.model.records import record
from wizard.scan.tools import TOOL_BY_MODULE, TOOL_BY_PACKAGE


def _alternation(words: list[str]) -> bytes:
    """Longest first, so ``deltalake`` wins over ``delta``."""
    ordered = sorted(set(words), key=lambda word: (-len(word), word))
    return b"|".join(re.escape(word).encode() for word in ordered)


_MODULES = _alternation(list(TOOL_BY_MODULE))
_IMPORT_BODY = (
    rb"[ \t]*+(?:from[ \t]+(?P<from>" + _MODULES + rb")(?=[.\s])[\w.]*[ \t]+import\b"
    rb"|from[ \t]+google\.cloud[ \t]+import[ \t]+[^\n]*?\b(?P<gcp>aiplatform)\b"
    rb"|import[ \t]+(?:[\w.]+(?:[ \t]+as[ \t]+\w+)?[ \t]*,[ \t]*)*(?P<imp>"
    + _MODULES
    + rb")(?!\w))"
)
PYTHON_IMPORT = re.compile(rb"\n" + _IMPORT_BODY)
"""An import of a known tool at the start of a line (the buffer starts with a newline)."""
NOTEBOOK_IMPORT = re.compile(rb'"' + _IMPORT_BODY)
"""The same in a notebook, where every source line is a JSON string."""


@record
class CallRule:
    needles: tuple[bytes, ...]
    """Patterns that each start with a literal (so ``re`` jumps between its occurrences at
    GB/s); one that starts with a letter must also start a word, checked on the match."""
    category: Category
    tool: str
    detail: str
    gates: tuple[str, ...]
    """The tools (see ``tools.py``) one of which the file must import for the call to count."""

    @property
    def regexes(self) -> tuple[re.Pattern[bytes], ...]:
        return _compiled(self.needles)


_CACHE: dict[tuple[bytes, ...], tuple[re.Pattern[bytes], ...]] = {}


def _compiled(needles: tuple[bytes, ...]) -> tuple[re.Pattern[bytes], ...]:
    found = _CACHE.get(needles)
    if found is None:
        found = _CACHE[needles] = tuple(re.compile(needle) for needle in needles)
    return found


CALL_RULES: tuple[CallRule, ...] = (
    CallRule((rb"mlflow\.log_params?\(", rb"mlflow\.\w+\.log_params?\("), "experiment_tracking",
             "mlflow", "logs parameters (mlflow.log_param)", ("mlflow",)),
    CallRule((rb"mlflow\.log_metrics?\(", rb"mlflow\.\w+\.log_metrics?\("), "experiment_tracking",
             "mlflow", "logs metrics (mlflow.log_metric)", ("mlflow",)),
    CallRule((rb"mlflow\.autolog\(", rb"mlflow\.\w+\.autolog\("), "experiment_tracking", "mlflow",
             "enables MLflow autologging", ("mlflow",)),
    CallRule((rb"mlflow\.\w+\.log_model\(",), "experiment_tracking", "mlflow",
             "logs a model artifact (log_model)", ("mlflow",)),
    CallRule((rb"wandb\.init\(",), "experiment_tracking", "wandb", "starts a W&B run (wandb.init)",
             ("wandb",)),
    CallRule((rb"wandb\.log\(",), "experiment_tracking", "wandb", "logs metrics (wandb.log)",
             ("wandb",)),
    CallRule((rb"neptune\.init_run\(", rb"neptune\.init\("), "experiment_tracking", "neptune",
             "starts a Neptune run", ("neptune",)),
    CallRule((rb"Experiment\(",), "experiment_tracking", "comet", "creates a Comet experiment",
             ("comet",)),
    CallRule((rb"Task\.init\(",), "experiment_tracking", "clearml", "starts a ClearML task",
             ("clearml",)),
    CallRule((rb"\.transition_model_version_stage\(",), "model_registry", "mlflow",
             "moves model versions between stages (transition_model_version_stage)", ("mlflow",)),
    CallRule((rb"\.set_registered_model_alias\(",), "model_registry", "mlflow",
             "points a model alias at a version (set_registered_model_alias)", ("mlflow",)),
    CallRule((rb"register_model\(", rb"\.create_registered_model\(", rb"\.create_model_version\("),
             "model_registry", "mlflow", "registers model versions (register_model)", ("mlflow",)),
    CallRule((rb"registered_model_name\s*=",), "model_registry", "mlflow",
             "registers the model while logging it (registered_model_name)", ("mlflow",)),
    CallRule((rb"\.link_model\(", rb"\.link_artifact\("), "model_registry", "wandb",
             "links models into the W&B registry (link_model)", ("wandb",)),
    CallRule((rb"create_model_package\(", rb"create_model_package_group\(", rb"RegisterModel\(",
              rb"ModelPackage\("), "model_registry", "sagemaker",
             "registers SageMaker model packages", ("sagemaker",)),
    CallRule((rb"Model\.upload\(", rb"\.upload_model\("), "model_registry", "vertex",
             "uploads models to the Vertex AI Model Registry", ("vertex",)),
    CallRule((rb"\.models\.create_or_update\(", rb"Model\.register\("), "model_registry", "azureml",
             "registers models in Azure ML", ("azureml",)),
    CallRule((rb"\"CANARY\"", rb"'CANARY'", rb"CanarySize\b", rb"canary_size\b"), "rollout",
             "sagemaker", "shifts endpoint traffic by canary (SageMaker)", ("sagemaker",)),
    CallRule((rb"DAG\(", rb"@dag\b"), "orchestration", "airflow", "defines an Airflow DAG",
             ("airflow",)),
    CallRule((rb"@flow\b",), "orchestration", "prefect", "defines a Prefect flow", ("prefect",)),
    CallRule((rb"@asset\b", rb"@job\b", rb"Definitions\("), "orchestration", "dagster",
             "defines Dagster assets or jobs", ("dagster",)),
    CallRule((rb"@dsl\.pipeline\b", rb"@pipeline\b", rb"dsl\.pipeline\("), "orchestration",
             "kubeflow", "defines a Kubeflow pipeline", ("kubeflow",)),
    CallRule((rb"\.expect_\w+\(", rb"ExpectationSuite\("), "data_validation",
             "great-expectations", "defines expectations", ("great-expectations",)),
    CallRule((rb"DataFrameSchema\(", rb"DataFrameModel\)", rb"SchemaModel\)"), "data_validation",
             "pandera", "defines a pandera schema", ("pandera",)),
    CallRule((rb"tfdv\.validate_statistics\(", rb"tfdv\.infer_schema\(",
              rb"tfdv\.generate_statistics\w*\("), "data_validation", "tfdv",
             "validates data statistics with TFDV", ("tfdv",)),
    CallRule((rb"DataDriftPreset\(", rb"Report\(", rb"TestSuite\("), "monitoring", "evidently",
             "builds an Evidently drift report", ("evidently",)),
    CallRule((rb"CBPE\(", rb"DLE\(", rb"DriftCalculator\("), "monitoring", "nannyml",
             "estimates performance or drift with NannyML", ("nannyml",)),
    CallRule((rb"why\.log\(", rb"whylogs\.log\("), "monitoring", "whylogs",
             "profiles data with whylogs", ("whylogs",)),
    CallRule((rb"start_http_server\(", rb"Counter\(", rb"Gauge\(", rb"Histogram\(", rb"Summary\("),
             "monitoring", "prometheus", "exports Prometheus metrics", ("prometheus",)),
    CallRule((rb"FeatureStore\(", rb"\.get_online_features\(", rb"\.get_historical_features\("),
             "feature_store", "feast", "reads features from a Feast store", ("feast",)),
    CallRule((rb"@batch_feature_view\b", rb"@stream_feature_view\b"), "feature_store", "tecton",
             "defines Tecton feature views", ("tecton",)),
    CallRule((rb"\.get_feature_store\(",), "feature_store", "hopsworks",
             "reads the Hopsworks feature store", ("hopsworks",)),
    CallRule((rb"dvc\.api\.\w+\(",), "data_versioning", "dvc", "reads versioned data (dvc.api)",
             ("dvc",)),
    CallRule((rb"DeltaTable\.", rb'\.format\("delta"\)', rb"\.format\('delta'\)",
              rb"write_deltalake\("), "data_versioning", "delta", "reads or writes Delta tables",
             ("delta", "spark")),
)  # fmt: skip
CALLS_BY_TOOL: dict[str, tuple[CallRule, ...]] = {
    tool: tuple(rule for rule in CALL_RULES if tool in rule.gates)
    for tool in sorted({tool for rule in CALL_RULES for tool in rule.gates})
}
"""The call rules worth trying in a file that imports ``tool``."""

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
