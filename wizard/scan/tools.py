"""The tools the scanner recognises: how each shows up in code (import names) and in
dependency files (distribution names), and which Evidence category it proves.

Tool ids are the catalog ids of the answers file (``mlflow``, ``great-expectations`` ...), so
``wizard.engine.suggest`` can hand them to the design unchanged.
"""

from __future__ import annotations

from wizard.model.evidence import Category
from wizard.model.records import record


@record
class ToolRule:
    tool: str
    """Catalog id, e.g. ``mlflow``."""
    category: Category | None
    """What importing or declaring it proves; None for SDKs that prove nothing by themselves
    (boto3, the SageMaker SDK): their import only lets the registry and canary calls count."""
    modules: tuple[str, ...]
    """Top-level import names (dotted where the package is a namespace)."""
    packages: tuple[str, ...] = ()
    """Distribution names as written in requirements files, pyproject.toml, environment.yml."""
    label: str = ""
    """Display name."""


TOOL_RULES: tuple[ToolRule, ...] = (
    ToolRule("mlflow", "experiment_tracking", ("mlflow",), ("mlflow", "mlflow-skinny"), "MLflow"),
    ToolRule("wandb", "experiment_tracking", ("wandb",), ("wandb",), "Weights & Biases"),
    ToolRule(
        "neptune", "experiment_tracking", ("neptune",), ("neptune", "neptune-client"), "Neptune"
    ),
    ToolRule("comet", "experiment_tracking", ("comet_ml",), ("comet-ml",), "Comet"),
    ToolRule("clearml", "experiment_tracking", ("clearml",), ("clearml",), "ClearML"),
    ToolRule("dvc", "data_versioning", ("dvc",), ("dvc",), "DVC"),
    ToolRule(
        "lakefs",
        "data_versioning",
        ("lakefs", "lakefs_client", "lakefs_sdk"),
        ("lakefs", "lakefs-client", "lakefs-sdk"),
        "lakeFS",
    ),
    ToolRule(
        "delta",
        "data_versioning",
        ("deltalake", "delta"),
        ("deltalake", "delta-spark"),
        "Delta Lake",
    ),
    ToolRule("feast", "feature_store", ("feast",), ("feast",), "Feast"),
    ToolRule("tecton", "feature_store", ("tecton",), ("tecton",), "Tecton"),
    ToolRule(
        "hopsworks", "feature_store", ("hopsworks", "hsfs"), ("hopsworks", "hsfs"), "Hopsworks"
    ),
    ToolRule(
        "great-expectations",
        "data_validation",
        ("great_expectations",),
        ("great-expectations",),
        "Great Expectations",
    ),
    ToolRule("pandera", "data_validation", ("pandera",), ("pandera",), "Pandera"),
    ToolRule(
        "tfdv",
        "data_validation",
        ("tensorflow_data_validation",),
        ("tensorflow-data-validation",),
        "TensorFlow Data Validation",
    ),
    ToolRule("evidently", "monitoring", ("evidently",), ("evidently",), "Evidently"),
    ToolRule("nannyml", "monitoring", ("nannyml",), ("nannyml",), "NannyML"),
    ToolRule("whylogs", "monitoring", ("whylogs",), ("whylogs",), "whylogs"),
    ToolRule(
        "prometheus", "monitoring", ("prometheus_client",), ("prometheus-client",), "Prometheus"
    ),
    ToolRule("airflow", "orchestration", ("airflow",), ("apache-airflow",), "Airflow"),
    ToolRule("prefect", "orchestration", ("prefect",), ("prefect",), "Prefect"),
    ToolRule("dagster", "orchestration", ("dagster",), ("dagster",), "Dagster"),
    ToolRule("kubeflow", "orchestration", ("kfp",), ("kfp",), "Kubeflow Pipelines"),
    ToolRule("sagemaker", None, ("sagemaker", "boto3"), (), "SageMaker"),
    ToolRule("vertex", None, ("google.cloud.aiplatform", "vertexai"), (), "Vertex AI"),
    ToolRule("azureml", None, ("azure.ai.ml", "azureml"), (), "Azure ML"),
    ToolRule("spark", None, ("pyspark",), (), "Spark"),
)

TOOL_BY_MODULE: dict[str, ToolRule] = {
    module: rule for rule in TOOL_RULES for module in rule.modules
}
TOOL_BY_PACKAGE: dict[str, ToolRule] = {
    package: rule for rule in TOOL_RULES for package in rule.packages
}


def normalise_package(name: str) -> str:
    """PEP 503 normal form: lower case, runs of ``-_.`` as one ``-``."""
    out: list[str] = []
    for char in name.lower():
        if char in "-_.":
            if out and out[-1] != "-":
                out.append("-")
        else:
            out.append(char)
    return "".join(out)
