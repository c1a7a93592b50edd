"""Score the candidate (the run RUN_ID names) and the production model on the held-out
transactions, and write the evaluation file the promotion gate reads."""

import json
import math
import os
import statistics
import time
from pathlib import Path

from fraud.features import features, is_holdout, read_rows
from fraud.store import model_store, required

#: A bias check: the model must separate fraud in every merchant category, not on average.
MIN_CATEGORY_AUC = 0.6


def score(model: dict, row: dict[str, str]) -> float:
    values = features(row)
    total = model["bias"] + sum(w * values[name] for name, w in model["weights"].items())
    return 1 / (1 + math.exp(-total))


def auc(scores: list[float], labels: list[int]) -> float:
    """The probability that a fraud scores above a legitimate transaction (ties count half)."""
    positives = [s for s, label in zip(scores, labels, strict=True) if label]
    negatives = [s for s, label in zip(scores, labels, strict=True) if not label]
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def production_model() -> dict:
    deployed = model_store() / "deployments" / "production.json"
    if deployed.exists():
        return load(model_store() / "registry" / f"{load(deployed)['version']}.json")
    return load(Path("models/baseline.json"))  # what serves until the pipeline promotes


def evaluate(data: str = "data/transactions.csv", out: str = "metrics/evaluation.json") -> None:
    candidate = load(model_store() / "runs" / required("RUN_ID") / "model.json")
    write_evaluation(candidate, data, out)


def write_evaluation(candidate: dict, data: str, out: str) -> None:
    """The gate's fields for ``candidate`` against production, on the held-out rows of
    ``data`` (in the comparator: the candidate's labelled live traffic stands in)."""
    rows = [row for row in read_rows(data) if is_holdout(row)]
    labels = [int(row["is_fraud"]) for row in rows]
    started = []
    scores = []
    for row in rows:
        begin = time.perf_counter()
        scores.append(score(candidate, row))
        started.append((time.perf_counter() - begin) * 1000)
    by_category: dict[str, tuple[list[float], list[int]]] = {}
    for row, value, label in zip(rows, scores, labels, strict=True):
        group = by_category.setdefault(row["merchant_category"], ([], []))
        group[0].append(value)
        group[1].append(label)
    fair = all(
        auc(*group) >= MIN_CATEGORY_AUC for group in by_category.values() if 0 < sum(group[1]) < len(group[1])
    )
    used = set(candidate["weights"])
    result = {
        "candidate": round(auc(scores, labels), 4),
        "production": round(auc([score(production_model(), row) for row in rows], labels), 4),
        "latency_p95_ms": round(statistics.quantiles(started, n=20)[18], 4),
        # The label and the id never reach the model; held-out rows never train it.
        "leakage_check_passed": not used & {"is_fraud", "transaction_id"},
        "bias_checks_passed": fair,
    }
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result))


if __name__ == "__main__":
    evaluate()
