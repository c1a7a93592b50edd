"""One fixture git repository per maturity level: the suggested level, the suggested answers,
and the evidence that proves them, with path and line."""

from __future__ import annotations

import json
from pathlib import Path

from wizard.engine.suggest import suggest, suggest_components, suggested_answers
from wizard.model.evidence import Evidence
from wizard.scan import scan_repository

NOTEBOOK = json.dumps(
    {
        "cells": [
            {
                "cell_type": "code",
                "metadata": {},
                "source": ["import pandas as pd\n", "df = pd.read_csv('data/train.csv')\n"],
                "outputs": [],
                "execution_count": None,
            }
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    },
    indent=1,
)

TRAIN_LOGGING = """\
\"\"\"Train the churn model.\"\"\"
import pandas as pd
import mlflow

def main() -> None:
    with mlflow.start_run():
        mlflow.log_param("alpha", 0.5)
        mlflow.log_metric("auc", 0.91)
"""

TRAIN_REGISTERING = """\
\"\"\"Train the churn model.\"\"\"
import pandas as pd
import mlflow
from mlflow.tracking import MlflowClient

def main(model: object) -> None:
    with mlflow.start_run():
        mlflow.log_param("alpha", 0.5)
        mlflow.log_metric("auc", 0.91)
        mlflow.sklearn.log_model(model, "model", registered_model_name="churn")
    client = MlflowClient()
    client.transition_model_version_stage("churn", 3, "Staging")
"""

WORKFLOW_ON_PUSH = """\
name: ml
on:
  push:
    branches: [main]
jobs:
  pipeline:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pytest -q
      - run: python src/train.py
      - run: ./scripts/deploy.sh staging
"""

WORKFLOW_SCHEDULED = """\
name: ml
on:
  push:
    branches: [main]
  schedule:
    - cron: "0 4 * * 1"
jobs:
  pipeline:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pytest -q
      - run: python src/train.py
      - run: ./scripts/deploy.sh staging
"""

MONITOR = """\
from evidently.report import Report
from evidently.metric_preset import DataDriftPreset


report = Report(metrics=[DataDriftPreset()])
"""

LEVEL_2_FILES: dict[str, str] = {
    "src/train.py": TRAIN_REGISTERING,
    "requirements.txt": "mlflow==2.9.0\npandas\n",
    "dvc.yaml": "stages:\n  train:\n    cmd: python src/train.py\n",
    "data/train.csv.dvc": "outs:\n- md5: 0f0e\n  path: train.csv\n",
    "tests/test_train.py": "def test_train() -> None:\n    assert True\n",
    ".github/workflows/ml.yml": WORKFLOW_ON_PUSH,
}


def found(evidence: Evidence) -> set[tuple[str, str, str, int | None, str]]:
    return {(i.category, i.tool, i.path, i.line, i.detail) for i in evidence.items}


def test_level_0_notebooks_only(make_repo) -> None:
    root = make_repo(
        {
            "notebooks/explore.ipynb": NOTEBOOK,
            "requirements.txt": "pandas\nscikit-learn\n",
            "data/train.csv": "a,b\n1,2\n",
        }
    )
    evidence = scan_repository(root)

    assert suggest(evidence).level == 0
    answers = suggested_answers(evidence)
    assert answers["experiment_tracking"] == "no"
    assert answers["ci_cd_for_models"] == "no"
    assert answers["monitoring"] == "unknown"
    items = found(evidence)
    assert ("notebooks", "jupyter", "notebooks/explore.ipynb", None, "Jupyter notebook") in items
    assert (
        "notebooks",
        "jupyter",
        ".",
        None,
        "notebooks only: 1 notebook, no Python modules",
    ) in items
    assert ("dependencies", "pip", "requirements.txt", None, "pip requirements") in items
    assert evidence.git is not None and evidence.git.branch == "main"
    assert evidence.git.dirty is False


def test_level_1_tracked(make_repo) -> None:
    root = make_repo({"src/train.py": TRAIN_LOGGING, "requirements.txt": "mlflow==2.9.0\n"})
    evidence = scan_repository(root)

    assert suggest(evidence).level == 1
    answers = suggested_answers(evidence)
    assert answers["experiment_tracking"] == "yes"
    assert answers["model_registry"] == "no"
    assert answers["ci_cd_for_models"] == "no"
    items = found(evidence)
    assert ("experiment_tracking", "mlflow", "src/train.py", 3, "imports mlflow") in items
    assert (
        "experiment_tracking",
        "mlflow",
        "src/train.py",
        7,
        "logs parameters (mlflow.log_param)",
    ) in items
    assert (
        "experiment_tracking",
        "mlflow",
        "src/train.py",
        8,
        "logs metrics (mlflow.log_metric)",
    ) in items
    assert ("experiment_tracking", "mlflow", "requirements.txt", 1, "depends on mlflow") in items
    assert suggest_components(evidence) == {"experiment_tracking": "mlflow"}


def test_level_2_automated(make_repo) -> None:
    evidence = scan_repository(make_repo(LEVEL_2_FILES))

    assert suggest(evidence).level == 2
    answers = suggested_answers(evidence)
    assert answers == {
        "experiment_tracking": "yes",
        "data_versioning": "yes",
        "model_registry": "yes",
        "automated_tests": "yes",
        "ci_cd_for_models": "yes",
        "monitoring": "unknown",
        "automated_retraining": "partial",
    }
    items = found(evidence)
    workflow = ".github/workflows/ml.yml"
    assert (
        "model_registry",
        "mlflow",
        "src/train.py",
        12,
        "moves model versions between stages (transition_model_version_stage)",
    ) in items
    assert (
        "model_registry",
        "mlflow",
        "src/train.py",
        10,
        "registers the model while logging it (registered_model_name)",
    ) in items
    assert ("data_versioning", "dvc", "dvc.yaml", 1, "DVC pipeline (dvc.yaml)") in items
    assert ("data_versioning", "dvc", "data/train.csv.dvc", None, "data tracked by DVC") in items
    assert ("tests", "pytest", "tests", None, "1 test file") in items
    assert ("ci_cd", "github-actions", workflow, None, "GitHub Actions workflow") in items
    assert ("ci_tests", "github-actions", workflow, 10, "runs tests (pytest -q)") in items
    assert ("ci_training", "github-actions", workflow, 11, "trains (python src/train.py)") in items
    assert (
        "ci_deploy",
        "github-actions",
        workflow,
        12,
        "deploys (./scripts/deploy.sh staging)",
    ) in items
    assert suggest_components(evidence) == {
        "data_versioning": "dvc",
        "experiment_tracking": "mlflow",
        "model_registry": "mlflow",
        "orchestrator": "github-actions",
    }


def test_level_3_full_mlops(make_repo) -> None:
    files = dict(LEVEL_2_FILES)
    files[".github/workflows/ml.yml"] = WORKFLOW_SCHEDULED
    files["src/monitor.py"] = MONITOR
    evidence = scan_repository(make_repo(files))

    assert suggest(evidence).level == 3
    answers = suggested_answers(evidence)
    assert answers["monitoring"] == "yes"
    assert answers["automated_retraining"] == "yes"
    items = found(evidence)
    workflow = ".github/workflows/ml.yml"
    assert ("ci_schedule", "github-actions", workflow, 6, "cron 0 4 * * 1") in items
    assert ("monitoring", "evidently", "src/monitor.py", 1, "imports evidently") in items
    assert (
        "monitoring",
        "evidently",
        "src/monitor.py",
        5,
        "builds an Evidently drift report",
    ) in items
    assert suggest_components(evidence)["monitoring"] == "evidently"


def test_same_repository_same_evidence(make_repo) -> None:
    root = make_repo(LEVEL_2_FILES)
    assert scan_repository(root) == scan_repository(Path(root))
