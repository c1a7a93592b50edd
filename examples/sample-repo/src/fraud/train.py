"""Train the fraud model (logistic regression on params.json's features); MLflow logs it."""
try:
    import mlflow
except ImportError:  # the pipeline's jobs train without a tracking server
    mlflow = None

import hashlib
import json
import math
import os
from pathlib import Path

from fraud.features import features, is_holdout, read_rows
from fraud.store import model_store, write_output


def fit(rows: list[dict[str, str]], names: list[str], epochs: int, rate: float) -> dict:
    weights = {name: 0.0 for name in names}
    bias = 0.0
    data = [(features(row), float(row["is_fraud"])) for row in rows]
    for _ in range(epochs):
        gradient = {name: 0.0 for name in names}
        gradient_bias = 0.0
        for values, label in data:
            score = bias + sum(weights[name] * values[name] for name in names)
            error = 1 / (1 + math.exp(-score)) - label
            for name in names:
                gradient[name] += error * values[name]
            gradient_bias += error
        for name in names:
            weights[name] -= rate * gradient[name] / len(data)
        bias -= rate * gradient_bias / len(data)
    return {"weights": weights, "bias": bias}


def train(data: str = "data/transactions.csv", params_path: str = "params.json") -> str:
    params = json.loads(Path(params_path).read_text(encoding="utf-8"))
    rows = [row for row in read_rows(data) if not is_holdout(row)]
    model = fit(rows, params["features"], params["epochs"], params["learning_rate"])
    digest = hashlib.sha256(Path(data).read_bytes() + json.dumps(params).encode()).hexdigest()
    run_id = digest[:12]
    folder = model_store() / "runs" / run_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "model.json").write_text(json.dumps(model, indent=2), encoding="utf-8")
    if mlflow is not None and os.environ.get("MLFLOW_TRACKING_URI"):
        with mlflow.start_run():
            mlflow.log_params(params)
            mlflow.log_dict(model, "model.json")
    write_output("RUN_ID", run_id)
    print(f"trained run {run_id} on {len(rows)} transactions")
    return run_id


if __name__ == "__main__":
    train()
