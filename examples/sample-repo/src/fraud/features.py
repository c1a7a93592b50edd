"""Feature engineering shared by training, evaluation and the scoring service (standard
library only, so the pipeline's jobs need nothing but Python)."""

import csv
import math
from collections.abc import Iterator

FEATURES = ("log_amount", "electronics", "travel", "gaming", "night")


def read_rows(path: str) -> Iterator[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def features(row: dict[str, str]) -> dict[str, float]:
    category = row["merchant_category"]
    return {
        "log_amount": math.log1p(max(float(row["amount"]), 0.0)),
        "electronics": float(category == "electronics"),
        "travel": float(category == "travel"),
        "gaming": float(category == "gaming"),
        "night": float(int(row["hour"]) < 6),
    }


def is_holdout(row: dict[str, str]) -> bool:
    """One transaction in five is held out for evaluation, by id, so every run agrees."""
    return int(row["transaction_id"]) % 5 == 0
