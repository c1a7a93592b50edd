"""Check the training data before anything trains on it: columns, types and ranges."""

import sys

from fraud.features import read_rows

CATEGORIES = {"grocery", "electronics", "travel", "fuel", "gaming"}
COLUMNS = ["transaction_id", "amount", "merchant_category", "hour", "is_fraud"]


def problems(path: str) -> list[str]:
    found: list[str] = []
    for line, row in enumerate(read_rows(path), start=2):
        if list(row) != COLUMNS:
            return [f"{path}: columns {list(row)}, expected {COLUMNS}"]
        if float(row["amount"]) < 0:
            found.append(f"{path}:{line}: negative amount")
        if row["merchant_category"] not in CATEGORIES:
            found.append(f"{path}:{line}: unknown merchant_category {row['merchant_category']!r}")
        if not 0 <= int(row["hour"]) <= 23 or row["is_fraud"] not in ("0", "1"):
            found.append(f"{path}:{line}: hour or is_fraud out of range")
    return found


if __name__ == "__main__":
    path = sys.argv[1] if len(sys.argv) > 1 else "data/transactions.csv"
    failures = problems(path)
    print("\n".join(failures) or f"{path}: valid")
    sys.exit(1 if failures else 0)
