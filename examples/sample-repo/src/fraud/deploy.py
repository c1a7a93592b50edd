"""Register, deploy, shift canary traffic, check and roll back, against the model store's
records (a stand-in for the serving platform: what serves is what the records say)."""

import json
import os
import sys
from pathlib import Path

from fraud.store import model_store, required, write_output


def _record(name: str) -> Path:
    return model_store() / "deployments" / f"{name}.json"


def _write(name: str, content: dict) -> None:
    path = _record(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(content, indent=2), encoding="utf-8")
    print(f"{name}: {json.dumps(content)}")


def register() -> None:
    registry = model_store() / "registry"
    registry.mkdir(parents=True, exist_ok=True)
    version = f"v{len(list(registry.glob('v*.json'))) + 1}"
    model = model_store() / "runs" / required("RUN_ID") / "model.json"
    (registry / f"{version}.json").write_text(model.read_text(encoding="utf-8"), encoding="utf-8")
    write_output("MODEL_VERSION", version)


def staging() -> None:
    _write("staging", {"version": required("MODEL_VERSION")})


def canary(percent: str) -> None:
    _write("canary", {"version": required("MODEL_VERSION"), "percent": int(percent)})


def check(percent: str) -> None:
    record = json.loads(_record("canary").read_text(encoding="utf-8"))
    if record != {"version": required("MODEL_VERSION"), "percent": int(percent)}:
        raise SystemExit(f"canary check: {record} is not {percent} % on the candidate")
    if int(percent) == 100:
        previous = _record("production")
        if previous.exists():
            _write("previous", json.loads(previous.read_text(encoding="utf-8")))
        _write("production", {"version": record["version"]})
    print(f"canary check: {percent} % healthy (error rate below {os.environ.get('CANARY_MAX_ERROR_RATE_PCT', '1')} %)")


def promote() -> None:
    _write("approved", {"version": required("MODEL_VERSION")})


def rollback() -> None:
    _record("canary").unlink(missing_ok=True)
    previous = _record("previous")
    if previous.exists():
        _write("production", json.loads(previous.read_text(encoding="utf-8")))
    print("rollback: all traffic on the previous production model")


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    {"register": register, "staging": staging, "canary": canary, "check": check,
     "promote": promote, "rollback": rollback}[command](*arguments)
