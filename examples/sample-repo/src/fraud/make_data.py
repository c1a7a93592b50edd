"""Write the sample's data: transactions to train on, and a reference and a current window
of the key features for the drift check (fixed seeds, so the files never change)."""

import csv
import math
import random

CATEGORIES = ["grocery", "electronics", "travel", "fuel", "gaming"]


def transactions(seed: int, count: int, amount_scale: float = 1.0) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for index in range(1, count + 1):
        category = rng.choice(CATEGORIES)
        amount = round(rng.lognormvariate(3.5, 0.9) * amount_scale, 2)
        hour = rng.randrange(24)
        risk = -7.0 + 1.3 * math.log1p(amount) + 1.6 * (category == "electronics")
        risk += 1.1 * (category == "gaming") + 2.0 * (hour < 6)
        fraud = int(rng.random() < 1 / (1 + math.exp(-risk)))
        rows.append({"transaction_id": index, "amount": amount, "merchant_category": category,
                     "hour": hour, "is_fraud": fraud})
    return rows


def write(path: str, rows: list[dict], columns: list[str]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    all_columns = ["transaction_id", "amount", "merchant_category", "hour", "is_fraud"]
    write("data/transactions.csv", transactions(1, 1000), all_columns)
    key_features = ["amount", "merchant_category"]
    write("data/reference.csv", transactions(2, 2000), key_features)
    write("data/current.csv", transactions(3, 2000), key_features)
