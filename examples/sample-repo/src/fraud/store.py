"""Where runs, registered versions and deployments are kept (MODEL_STORE: a folder, in CI a
mount of the team's bucket), and how a job hands an id to the next (MLOPS_OUTPUTS)."""

import os
from pathlib import Path


def model_store() -> Path:
    return Path(os.environ.get("MODEL_STORE", ".model-store"))


def write_output(name: str, value: str) -> None:
    """``name=value`` for the next job; outside CI the line is only printed."""
    outputs = os.environ.get("MLOPS_OUTPUTS")
    if outputs:
        with open(outputs, "a", encoding="utf-8") as handle:
            handle.write(f"{name}={value}\n")
    print(f"{name}={value}")


def required(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise SystemExit(f"{name} is not set: the job before this one hands it on")
    return value
