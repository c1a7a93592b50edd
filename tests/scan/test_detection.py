"""What each kind of file proves, with its line: CI pipelines of every platform, rollout
and workflow manifests, dependency files, notebooks, SDK calls; and what must not count."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wizard.scan import scan_repository

Expected = tuple[str, str, str, int | None, str]


def _notebook(*lines: str) -> str:
    cell = {"cell_type": "code", "metadata": {}, "source": list(lines), "outputs": []}
    return json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4}, indent=1)


CASES: list[tuple[str, dict[str, str], list[Expected]]] = [
    (
        "azure pipelines",
        {
            "azure-pipelines.yml": 'schedules:\n- cron: "0 3 1 * *"\n  branches:\n'
            "    include: [main]\nsteps:\n- script: python -m pytest\n- script: python train.py\n"
        },
        [
            ("ci_schedule", "azure-pipelines", "azure-pipelines.yml", 2, "cron 0 3 1 * *"),
            (
                "ci_tests",
                "azure-pipelines",
                "azure-pipelines.yml",
                6,
                "runs tests (python -m pytest)",
            ),
            (
                "ci_training",
                "azure-pipelines",
                "azure-pipelines.yml",
                7,
                "trains (python train.py)",
            ),
        ],
    ),
    (
        "gitlab",
        {
            ".gitlab-ci.yml": "train:\n  script: dvc repro\n  rules:\n"
            '    - if: $CI_PIPELINE_SOURCE == "schedule"\ndeploy:\n  when: manual\n'
            "  script: helm upgrade model ./chart\n"
        },
        [
            ("ci_training", "gitlab-ci", ".gitlab-ci.yml", 2, "trains (dvc repro)"),
            ("ci_schedule", "gitlab-ci", ".gitlab-ci.yml", 4, "runs on a pipeline schedule"),
            ("ci_deploy", "gitlab-ci", ".gitlab-ci.yml", 7, "deploys (helm upgrade)"),
            ("ci_cd", "gitlab-ci", ".gitlab-ci.yml", 6, "can be run by hand (when: manual)"),
        ],
    ),
    (
        "jenkins",
        {"Jenkinsfile": "pipeline {\n  triggers { cron('H 2 * * 1') }\n}\n"},
        [("ci_schedule", "jenkins", "Jenkinsfile", 2, "cron H 2 * * 1")],
    ),
    (
        "github dispatch",
        {".github/workflows/retrain.yaml": "on:\n  workflow_dispatch:\njobs: {}\n"},
        [
            (
                "ci_cd",
                "github-actions",
                ".github/workflows/retrain.yaml",
                2,
                "can be run by hand (workflow_dispatch)",
            )
        ],
    ),
    (
        "argo rollouts",
        {
            "k8s/rollout.yaml": "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nspec:\n"
            "  strategy:\n    canary:\n      steps:\n      - setWeight: 10\n      - pause: {}\n"
            "      - setWeight: 50\n"
        },
        [
            (
                "rollout",
                "argo-rollouts",
                "k8s/rollout.yaml",
                2,
                "Argo Rollouts rollout (setWeight 10, setWeight 50)",
            )
        ],
    ),
    (
        "flagger",
        {
            "deploy/canary.yaml": "apiVersion: flagger.app/v1beta1\nkind: Canary\nspec:\n"
            "  analysis:\n    stepWeight: 10\n    maxWeight: 50\n"
        },
        [
            (
                "rollout",
                "flagger",
                "deploy/canary.yaml",
                2,
                "Flagger canary (stepWeight 10, maxWeight 50)",
            )
        ],
    ),
    (
        "kserve",
        {
            "serve/isvc.yaml": "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\n"
            "spec:\n  predictor:\n    canaryTrafficPercent: 10\n"
        },
        [("rollout", "kserve", "serve/isvc.yaml", 5, "KServe canary at 10 % of traffic")],
    ),
    (
        "argo workflows",
        {"wf/train.yaml": "apiVersion: argoproj.io/v1alpha1\nkind: CronWorkflow\n"},
        [("orchestration", "argo", "wf/train.yaml", 2, "Argo Workflows CronWorkflow")],
    ),
    (
        "prometheus",
        {"ops/prometheus.yml": "global: {}\nscrape_configs:\n  - job_name: model\n"},
        [("monitoring", "prometheus", "ops/prometheus.yml", 2, "Prometheus scrape configuration")],
    ),
    (
        "files named by their tool",
        {
            "feature_repo/feature_store.yaml": "project: churn\n",
            "gx/great_expectations.yml": "config_version: 3\n",
            "MLproject": "name: churn\n",
            ".dvc/config": "[core]\n",
        },
        [
            (
                "feature_store",
                "feast",
                "feature_repo/feature_store.yaml",
                None,
                "Feast feature repository (feature_store.yaml)",
            ),
            (
                "data_validation",
                "great-expectations",
                "gx/great_expectations.yml",
                None,
                "Great Expectations project",
            ),
            ("experiment_tracking", "mlflow", "MLproject", None, "MLflow project (MLproject)"),
            ("data_versioning", "dvc", ".dvc/config", None, "DVC repository (.dvc/)"),
        ],
    ),
    (
        "dockerfile",
        {"Dockerfile": "# syntax=docker/dockerfile:1\nFROM python:3.11-slim AS base\n"},
        [("container", "docker", "Dockerfile", 2, "Dockerfile (FROM python:3.11-slim)")],
    ),
    (
        "pyproject dependencies",
        {
            "pyproject.toml": '[project]\nname = "x"\ndependencies = [\n  "pandas",\n'
            '  "great_expectations>=0.18",\n  "apache-airflow==2.8",\n]\n'
        },
        [
            (
                "data_validation",
                "great-expectations",
                "pyproject.toml",
                5,
                "depends on great-expectations",
            ),
            ("orchestration", "airflow", "pyproject.toml", 6, "depends on apache-airflow"),
            ("dependencies", "pyproject", "pyproject.toml", None, "pyproject.toml"),
        ],
    ),
    (
        "conda environment",
        {"environment.yml": "dependencies:\n  - python=3.11\n  - pip:\n    - whylogs==1.3\n"},
        [("monitoring", "whylogs", "environment.yml", 4, "depends on whylogs")],
    ),
    (
        "notebook",
        {"nb/analysis.ipynb": _notebook("import wandb\n", "wandb.init(project='churn')\n")},
        [
            ("experiment_tracking", "wandb", "nb/analysis.ipynb", 7, "imports wandb"),
            (
                "experiment_tracking",
                "wandb",
                "nb/analysis.ipynb",
                8,
                "starts a W&B run (wandb.init)",
            ),
        ],
    ),
    (
        "sagemaker canary",
        {
            "deploy/endpoint.py": "import boto3\n\nconfig = {\n    'Type': 'CANARY',\n"
            "    'CanarySize': {'Value': 10},\n}\n"
        },
        [
            (
                "rollout",
                "sagemaker",
                "deploy/endpoint.py",
                4,
                "shifts endpoint traffic by canary (SageMaker)",
            )
        ],
    ),
    (
        "vertex registry",
        {
            "register.py": "from google.cloud import aiplatform\n"
            "aiplatform.Model.upload(display_name='churn')\n"
        },
        [
            (
                "model_registry",
                "vertex",
                "register.py",
                2,
                "uploads models to the Vertex AI Model Registry",
            )
        ],
    ),
    (
        "pandera",
        {"validate.py": "import pandera as pa\n\nschema = pa.DataFrameSchema({})\n"},
        [
            ("data_validation", "pandera", "validate.py", 1, "imports pandera"),
            ("data_validation", "pandera", "validate.py", 3, "defines a pandera schema"),
        ],
    ),
    (
        "prefect",
        {"flows.py": "from prefect import flow\n\n@flow\ndef train() -> None:\n    pass\n"},
        [
            ("orchestration", "prefect", "flows.py", 1, "imports prefect"),
            ("orchestration", "prefect", "flows.py", 3, "defines a Prefect flow"),
        ],
    ),
    (
        "import lists and indented imports",
        {"jobs.py": "import os, mlflow as mf\n\ndef run() -> None:\n    import wandb\n"},
        [
            ("experiment_tracking", "mlflow", "jobs.py", 1, "imports mlflow"),
            ("experiment_tracking", "wandb", "jobs.py", 4, "imports wandb"),
        ],
    ),
]


@pytest.mark.parametrize(
    ("files", "expected"), [case[1:] for case in CASES], ids=[c[0] for c in CASES]
)
def test_detects(
    tmp_path: Path, write_tree, files: dict[str, str], expected: list[Expected]
) -> None:
    write_tree(tmp_path / "repo", files)
    evidence = scan_repository(tmp_path / "repo")
    found = {(i.category, i.tool, i.path, i.line, i.detail) for i in evidence.items}
    assert set(expected) <= found, sorted(found, key=str)


@pytest.mark.parametrize(
    "files",
    [
        {
            "x.py": "import mlflow\nmymlflow.log_param(1)\n"
            "# mlflow.log_metric('a', 1) in a comment\n"
        },
        {"x.py": "def f():\n    mlflow.log_param('a', 1)  # mlflow never imported\n"},
        {"x.py": "# import mlflow\n'''\nimport of mlflow in prose\n'''\n"},
        {"boto.py": "import boto3\nboto3.client('s3')\n"},
        {"examples/.gitlab-ci.yml": "train:\n  script: python train.py\n"},
        {"docs/guide.md": "import mlflow\nmlflow.log_param('a', 1)\n"},
        {"requirements.txt": "mlflow-plugin-x\nmy-dvc-helper\n"},
    ],
    ids=[
        "word-boundary",
        "call-without-import",
        "commented-import",
        "gate-only-sdk",
        "ci-file-not-at-root",
        "markdown-not-read",
        "similar-package-names",
    ],
)
def test_does_not_count(tmp_path: Path, write_tree, files: dict[str, str]) -> None:
    write_tree(tmp_path / "repo", files)
    evidence = scan_repository(tmp_path / "repo")
    # A cloud SDK's import shows the cloud, and proves no tool.
    counted = [item for item in evidence.items if item.category not in ("dependencies", "cloud")]
    if files.get("x.py", "").startswith("import mlflow"):
        assert [item.detail for item in counted] == ["imports mlflow"]
    else:
        assert counted == []
