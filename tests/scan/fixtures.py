"""Small repositories, one per pattern the scan must read (or must not be fooled by), as
``{relative path: text}``: the tests write them (``tests/scan/conftest.py``'s ``make_repo``)
and scan them; the pipeline tests reuse the DVC and existing-CI ones to run an exported
pipeline beside the repository's own.

Each builder is a function so a test can vary what it needs (the DVC remote's URL, the
Python a sub-folder pins). The DVC pipeline runs for real with nothing but the standard
library and DVC: its data file's ``.dvc`` pointer carries the data's true MD5, its stages
write what they declare, and its evaluate stage writes the evaluation file ``gate`` reads.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

Files = dict[str, str]

#: What the DVC fixture's data holds: the training stage learns the mean of ``y``.
DVC_DATA = "x,y\n1,0\n2,1\n3,1\n4,0\n5,1\n6,1\n"
DVC_REMOTE = "s3://ml-artifacts/churn-dvc"


def _md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()


_PREPARE = '''\
"""Split the raw data into a training and a test set."""
import csv
import json
import pathlib
import sys

import yaml  # noqa: F401 - DVC installs PyYAML


def main(source: str, out: str) -> None:
    rows = list(csv.DictReader(open(source)))
    folder = pathlib.Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "train.json").write_text(json.dumps(rows[:4]))
    (folder / "test.json").write_text(json.dumps(rows[4:]))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
'''

_TRAIN = '''\
"""Train the model: the share of positive labels in the training set."""
import json
import pathlib
import sys


def train(prepared: str, model: str) -> None:
    rows = json.loads((pathlib.Path(prepared) / "train.json").read_text())
    rate = sum(int(row["y"]) for row in rows) / len(rows)
    pathlib.Path(model).write_text(json.dumps({"rate": rate}))


if __name__ == "__main__":
    train(sys.argv[1], sys.argv[2])
'''

_EVALUATE = '''\
"""Score the candidate on the test set; write the evaluation file the promotion gate reads."""
import json
import pathlib
import sys


def evaluate(model: str, prepared: str, out: str) -> None:
    rate = json.loads(pathlib.Path(model).read_text())["rate"]
    rows = json.loads((pathlib.Path(prepared) / "test.json").read_text())
    hits = sum((rate >= 0.5) == (row["y"] == "1") for row in rows)
    # No model in production yet: the baseline that always answers 0 stands in for it.
    baseline = sum(row["y"] == "0" for row in rows)
    path = pathlib.Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    evaluation = {
        "candidate": hits / len(rows),
        "production": baseline / len(rows),
        "latency_p95_ms": 1.0,
        "leakage_check_passed": True,
        "bias_checks_passed": True,
    }
    path.write_text(json.dumps(evaluation))


if __name__ == "__main__":
    evaluate(sys.argv[1], sys.argv[2], sys.argv[3])
'''


def dvc_pipeline(remote: str = DVC_REMOTE) -> Files:
    """A DVC pipeline (prepare, train, evaluate) with parameters, metrics, outputs, a model
    in ``artifacts:``, tracked data and a default remote at ``remote``."""
    return {
        "dvc.yaml": (
            "artifacts:\n"
            "  churn-model:\n"
            "    path: models/model.json\n"
            "    type: model\n"
            "stages:\n"
            "  prepare:\n"
            "    cmd: python src/prepare.py data/data.csv data/prepared\n"
            "    deps:\n    - data/data.csv\n    - src/prepare.py\n"
            "    outs:\n    - data/prepared\n"
            "  train:\n"
            "    cmd: python src/train.py data/prepared models/model.json\n"
            "    deps:\n    - data/prepared\n    - src/train.py\n"
            "    params:\n    - train.seed\n"
            "    outs:\n    - models/model.json\n"
            "  evaluate:\n"
            "    cmd: python src/evaluate.py models/model.json data/prepared "
            "metrics/evaluation.json\n"
            "    deps:\n    - models/model.json\n    - src/evaluate.py\n"
            "    metrics:\n    - metrics/evaluation.json:\n        cache: false\n"
        ),
        "params.yaml": "train:\n  seed: 7\n",
        ".dvc/config": (
            f"[core]\n    remote = storage\n['remote \"storage\"']\n    url = {remote}\n"
        ),
        ".dvc/.gitignore": "/config.local\n/tmp\n/cache\n",
        ".dvcignore": "",
        "data/data.csv.dvc": (
            f"outs:\n- md5: {_md5(DVC_DATA)}\n  size: {len(DVC_DATA)}\n  hash: md5\n"
            "  path: data.csv\n"
        ),
        "data/.gitignore": "/data.csv\n/prepared\n",
        "models/.gitignore": "/model.json\n",
        "src/prepare.py": _PREPARE,
        "src/train.py": _TRAIN,
        "src/evaluate.py": _EVALUATE,
        "src/requirements.txt": "dvc[s3]>=3.0\npyyaml\n",
    }


#: The data the DVC fixture's ``.dvc`` pointer points at, for a test that pushes it first.
DVC_DATA_FILES: Files = {"data/data.csv": DVC_DATA}


def mlflow_through_a_callback() -> Files:
    """MLflow used only through framework callbacks (Lightning's logger, Ray's callback)."""
    return {
        "trainer/train.py": (
            "import lightning as L\n"
            "from lightning.pytorch.loggers import MLFlowLogger\n\n\n"
            "def main() -> None:\n"
            '    logger = MLFlowLogger(experiment_name="churn")\n'
            "    L.Trainer(logger=logger, max_epochs=3)\n"
        ),
        "trainer/tune.py": (
            "from ray import tune\n"
            "from ray.air.integrations.mlflow import MLflowLoggerCallback\n\n"
            'callbacks = [MLflowLoggerCallback(experiment_name="churn")]\n'
        ),
        "requirements.txt": "lightning==2.2\nray[tune]==2.9\nmlflow==2.9\n",
    }


def mlflow_project() -> Files:
    """An MLflow project: entry points for training and evaluation, and its conda file."""
    return {
        "MLproject": (
            "name: wine\n\n"
            "conda_env: conda.yaml\n\n"
            "entry_points:\n"
            "  main:\n"
            "    parameters:\n"
            "      alpha: {type: float, default: 0.5}\n"
            '    command: "python train.py {alpha}"\n'
            "  evaluate:\n"
            '    command: "python evaluate.py"\n'
        ),
        "conda.yaml": "name: wine\ndependencies:\n  - python=3.10\n  - pip:\n    - mlflow\n",
        "train.py": (
            "import sys\n\nimport mlflow\n\n"
            "with mlflow.start_run():\n"
            '    mlflow.log_param("alpha", float(sys.argv[1]))\n'
        ),
        "evaluate.py": "import mlflow\n\nmlflow.log_metric('rmse', 0.7)\n",
    }


def makefile_project() -> Files:
    """A project driven by its Makefile, whose CI runs ``make test``."""
    return {
        "Makefile": (
            ".PHONY: data train evaluate test\n\n"
            "data:\n\tpython -m churn.make_data\n\n"
            "train: data\n\tpython -m churn.train --config configs/train.yaml\n\n"
            "evaluate:\n\tpython -m churn.evaluate\n\n"
            "test:\n\tpython -m pytest -q tests\n"
        ),
        "churn/__init__.py": "",
        "churn/train.py": "import wandb\n\nrun = wandb.init(project='churn')\n",
        "churn/evaluate.py": "def main() -> None:\n    pass\n",
        "tests/test_train.py": "def test_train() -> None:\n    assert True\n",
        ".github/workflows/ci.yml": (
            "on: [push]\n"
            "jobs:\n"
            "  test:\n"
            "    runs-on: ubuntu-latest\n"
            "    steps:\n"
            "      - uses: actions/checkout@v4\n"
            "      - run: make test\n"
        ),
        "requirements.txt": "wandb\npytest\n",
    }


#: The existing CI fixture's own job: what must keep running beside the ML pipeline.
EXISTING_JOB = "unit-tests"


def existing_gitlab_ci_with_cml() -> Files:
    """A repository with its own ``.gitlab-ci.yml``: a job that runs the unit tests on every
    push, and a CML job that comments the metrics on merge requests."""
    return {
        ".gitlab-ci.yml": (
            "stages: [test, report]\n\n"
            f"{EXISTING_JOB}:\n"
            "  stage: test\n"
            "  image: python:3.10\n"
            "  script:\n"
            "    - python -m pip install -r requirements.txt\n"
            "    - python -m pytest -q tests\n\n"
            "cml-report:\n"
            "  stage: report\n"
            "  image: dvcorg/cml:0-dvc3-base1\n"
            "  rules:\n"
            "    - if: $CI_PIPELINE_SOURCE == 'merge_request_event'\n"
            "  script:\n"
            "    - cat results/training_results.json > report.md\n"
            "    - cml comment create report.md\n"
        ),
        "tests/test_model.py": "def test_model() -> None:\n    assert 1 + 1 == 2\n",
        "model/train.py": (
            "import json\n\n"
            "def train() -> dict:\n"
            "    return {'weights': [0.1, 0.2]}\n\n"
            "if __name__ == '__main__':\n"
            "    print(json.dumps(train()))\n"
        ),
        "requirements.txt": "pytest\n",
    }


def pinned_python_in_a_subfolder(version: str = "3.9") -> Files:
    """The training code in ``service/``, with its own requirements and a Dockerfile that
    pins the Python; nothing at the root to install from."""
    return {
        "service/Dockerfile": f"FROM python:{version}-slim\nCOPY . /app\n",
        "service/requirements.txt": "google-cloud-bigquery==2.26.0\npandas==1.3.5\n",
        "service/train.py": ("from google.cloud import bigquery\n\nclient = bigquery.Client()\n"),
        "README.md": "# Churn\n",
    }


def vertex_project() -> Files:
    """A Vertex AI project: Experiments, a pipeline run on Vertex AI Pipelines, an endpoint
    deployed and monitored, a TFX pipeline that trains, Cloud Build and Terraform."""
    return {
        "pipeline/run.py": (
            "from google.cloud import aiplatform\n\n"
            "aiplatform.init(project='p', location='europe-west4', experiment='churn')\n"
            "aiplatform.start_run('run-1')\n"
            "aiplatform.log_metrics({'auc': 0.91})\n"
            "job = aiplatform.PipelineJob(display_name='churn', template_path='p.json')\n"
            "job.submit()\n"
        ),
        "pipeline/serve.py": (
            "from google.cloud import aiplatform\n\n"
            "model = aiplatform.Model('projects/p/models/1')\n"
            "endpoint = model.deploy(machine_type='n1-standard-4')\n"
            "monitor = aiplatform.ModelDeploymentMonitoringJob.create(endpoint=endpoint)\n"
        ),
        "pipeline/tfx_pipeline.py": (
            "from tfx import v1 as tfx\n"
            "from tfx.orchestration import pipeline\n\n\n"
            "def create() -> pipeline.Pipeline:\n"
            "    trainer = tfx.components.Trainer(module_file='trainer.py')\n"
            "    return pipeline.Pipeline(components=[trainer])\n"
        ),
        "cloudbuild.yaml": (
            "steps:\n"
            "  - name: python:3.9\n"
            "    entrypoint: bash\n"
            "    args: ['-c', 'python -m pip install -r requirements.txt && python -m pytest "
            "tests']\n"
            "  - name: gcr.io/cloud-builders/gcloud\n"
            "    args: ['builds', 'submit', '--config', 'pipeline/build.yaml']\n"
        ),
        "infra/main.tf": 'provider "google" {\n  project = "p"\n}\n',
        "tests/test_run.py": "def test_run() -> None:\n    assert True\n",
        "requirements.txt": "google-cloud-aiplatform==1.38.0\ntfx==1.14.0\n",
    }


def docstring_and_vendored_traps() -> Files:
    """A six-line project whose only mentions of trackers are in a docstring, a comment and
    vendored code: nothing here tracks experiments."""
    return {
        "app.py": (
            '"""Scoring app.\n\n'
            "Example, once tracking is set up:\n\n"
            "import mlflow\n"
            "mlflow.log_param('alpha', 0.5)\n"
            '"""\n'
            "# import wandb\n"
            "def score(x: float) -> float:\n"
            "    return 2 * x\n"
        ),
        "third_party/tracking/client.py": (
            "import wandb\n\nwandb.init(project='vendored')\nwandb.log({'a': 1})\n"
        ),
        "vendor/mlflow_helpers.py": "import mlflow\n\nmlflow.log_metric('x', 1)\n",
    }


def homework_folders() -> Files:
    """A course monorepo: the homework uses MLflow, Prefect and Evidently; the project
    itself (``src/``) uses none of them."""
    return {
        "cohorts/2024/02-tracking/train.py": (
            "import mlflow\n\nmlflow.autolog()\nmlflow.log_param('a', 1)\n"
        ),
        "cohorts/2024/03-orchestration/flow.py": (
            "from prefect import flow\n\n@flow\ndef train_flow() -> None:\n    train()\n"
        ),
        "homework/week5/monitor.py": (
            "from evidently.report import Report\n\nReport(metrics=[])\n"
        ),
        "course-materials/requirements.txt": "mlflow\nprefect\nevidently\n",
        "src/model.py": "def predict(x: float) -> float:\n    return x\n",
        "requirements.txt": "numpy\n",
    }


def docs_and_reports() -> Files:
    """CI that publishes documentation and comments a training report: neither deploys a
    model nor trains one (the training ran elsewhere; its JSON file is only read)."""
    return {
        ".github/workflows/docs.yml": (
            "on: {push: {branches: [main]}}\n"
            "jobs:\n"
            "  docs:\n"
            "    runs-on: ubuntu-latest\n"
            "    steps:\n"
            "      - run: python -m pip install mkdocs\n"
            "      - name: Deploy documentation\n"
            "        run: mkdocs gh-deploy --force\n"
        ),
        ".github/workflows/report.yml": (
            "on: [pull_request]\n"
            "jobs:\n"
            "  report:\n"
            "    runs-on: ubuntu-latest\n"
            "    steps:\n"
            "      - run: python .github/scripts/json_to_md.py results/training_results.json\n"
            "      - run: cat deploy/jobs/summary.txt\n"
        ),
        ".github/scripts/json_to_md.py": "import json\nprint(json.dumps({}))\n",
        "deploy/jobs/summary.txt": "nothing\n",
    }


def orchestrated() -> Files:
    """Two Airflow DAGs: one materialises features, the other calls the training code."""
    return {
        "dags/features.py": (
            "from airflow import DAG\n"
            "from airflow.operators.bash import BashOperator\n\n"
            "with DAG('features', schedule='@daily') as dag:\n"
            "    BashOperator(task_id='materialize',\n"
            "                 bash_command='feast materialize-incremental')\n"
        ),
        "dags/retrain.py": (
            "from airflow import DAG\n"
            "from airflow.operators.python import PythonOperator\n\n"
            "from churn.train import train_model\n\n"
            "with DAG('retrain', schedule='@weekly') as dag:\n"
            "    PythonOperator(task_id='train', python_callable=train_model)\n"
        ),
    }


def serving() -> Files:
    """Model servers: a FastAPI app that loads a model, a Lambda handler that predicts, a
    KServe InferenceService; and a FastAPI app that serves no model."""
    return {
        "api/main.py": (
            "import joblib\nfrom fastapi import FastAPI\n\n"
            "app = FastAPI()\nmodel = joblib.load('model.pkl')\n\n"
            "@app.post('/predict')\ndef predict(row: dict) -> dict:\n"
            "    return {'score': float(model.predict([list(row.values())])[0])}\n"
        ),
        "api/health.py": (
            "from fastapi import FastAPI\n\napp = FastAPI()\n\n"
            "@app.get('/health')\ndef health() -> dict:\n    return {'ok': True}\n"
        ),
        "lambda/handler.py": (
            "import pickle\n\nMODEL = pickle.load(open('model.pkl', 'rb'))\n\n\n"
            "def lambda_handler(event, context):\n"
            "    return {'score': MODEL.predict([event['features']])[0]}\n"
        ),
        "k8s/isvc.yaml": (
            "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\n"
            "metadata:\n  name: churn\n"
        ),
    }


#: Every builder a table of expected findings covers, by name.
BUILDERS: dict[str, Callable[[], Files]] = {
    "dvc pipeline with a remote": dvc_pipeline,
    "mlflow through a callback": mlflow_through_a_callback,
    "mlproject": mlflow_project,
    "makefile-driven": makefile_project,
    "existing gitlab ci with cml": existing_gitlab_ci_with_cml,
    "pinned python in a sub-folder": pinned_python_in_a_subfolder,
    "vertex sdk project": vertex_project,
    "docstring and vendored traps": docstring_and_vendored_traps,
    "homework folders": homework_folders,
    "docs and reports": docs_and_reports,
    "orchestrated": orchestrated,
    "serving": serving,
}


def notebook(*lines: str, markdown: tuple[str, ...] = ()) -> str:
    """A notebook with one code cell of ``lines`` and, first, a markdown cell."""
    cells = []
    if markdown:
        cells.append({"cell_type": "markdown", "metadata": {}, "source": list(markdown)})
    cells.append(
        {"cell_type": "code", "metadata": {}, "source": list(lines), "outputs": [],
         "execution_count": None}
    )  # fmt: skip
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
