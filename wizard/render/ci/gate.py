"""The promotion gate: a shell step that fails the pipeline when the candidate model misses
the promotion criteria.

The evaluate command writes ``metrics/evaluation.json``; the gate reads it and compares it
with thresholds it receives as environment variables (see ``common.gate_environment``), so
no user text is ever pasted into the script. The file contract is documented in the CI/CD
section of the architecture document:

    {"candidate": 0.83, "production": 0.82, "latency_p95_ms": 41.0,
     "leakage_check_passed": true, "bias_checks_passed": true}

It applies the same rule as ``wizard.engine.promotion.missed_criteria``, from the spec's
values (a test runs both on the same evaluations).
"""

from __future__ import annotations

_GATE_PYTHON = """\
import json
import os
import sys

path = os.environ["EVALUATION_FILE"]
try:
    with open(path, encoding="utf-8") as handle:
        result = json.load(handle)
except (OSError, ValueError) as error:
    sys.exit(f"promotion gate: cannot read {path}: {error}")
if not isinstance(result, dict):
    sys.exit(f"promotion gate: {path} must hold a JSON object")


def number(key):
    value = result.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        sys.exit(f"promotion gate: {path}: {key} must be a number, got {value!r}")
    return float(value)


def passed(key):
    value = result.get(key)
    if not isinstance(value, bool):
        sys.exit(f"promotion gate: {path}: {key} must be true or false, got {value!r}")
    return value


def optional_number(name):
    text = os.environ.get(name, "")
    return float(text) if text else None


metric = os.environ["PROMOTION_PRIMARY_METRIC"]
higher = os.environ["PROMOTION_HIGHER_IS_BETTER"] == "true"
failures = []
candidate = number("candidate")
gain = None
if os.environ["PROMOTION_FIRST_MODEL"] == "true":
    floor = optional_number("PROMOTION_MIN_METRIC_VALUE")
    if floor is None:
        failures.append(f"a first model needs promotion.min_metric_value for {metric}")
    elif (candidate < floor) if higher else (candidate > floor):
        bound = "below the floor" if higher else "above the ceiling"
        failures.append(f"{metric} {candidate} is {bound} {floor}")
else:
    production = number("production")
    # candidate - production in the metric's direction, in points; at least the minimum passes
    gain = round((1 if higher else -1) * (candidate - production) * 100, 9)
    min_gain = float(os.environ["PROMOTION_MIN_ACCURACY_GAIN_PCT"])
    if gain < min_gain:
        failures.append(f"{metric} gain {gain} points is below the minimum {min_gain}")
max_latency = optional_number("PROMOTION_MAX_LATENCY_MS")
if max_latency is not None:
    latency = number("latency_p95_ms")
    if not latency < max_latency:
        failures.append(f"p95 latency {latency} ms is not below {max_latency} ms")
if os.environ["PROMOTION_REQUIRE_LEAKAGE_CHECK"] == "true" and not passed("leakage_check_passed"):
    failures.append("the data leakage check did not pass")
if os.environ["PROMOTION_REQUIRE_BIAS_CHECKS"] == "true" and not passed("bias_checks_passed"):
    failures.append("the bias checks did not pass")
for failure in failures:
    print(f"promotion gate: {failure}")
if failures:
    sys.exit(1)
review_bound = float(os.environ["HUMAN_REVIEW_ABOVE_PCT"])
if gain is not None and abs(gain) > review_bound:
    where = "at the approval" if os.environ["APPROVAL_GATE"] == "true" else "before promotion"
    print(f"promotion gate: {metric} changed by {gain} points (> {review_bound}): review {where}")
print("promotion gate: the candidate meets the promotion criteria")
"""

#: The heredoc delimiter; quoted so the shell expands nothing inside the script.
_DELIMITER = "PROMOTION_GATE"


def gate_script() -> str:
    """The gate as a shell script: inline Python fed through a quoted heredoc."""
    return f"python3 - <<'{_DELIMITER}'\n{_GATE_PYTHON}{_DELIMITER}\n"


GATE_STEP_NAME = "Promotion gate: compare the evaluation with the promotion criteria"
