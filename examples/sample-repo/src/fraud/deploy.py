"""Register, release and roll back against the model store (MODEL_STORE), a stand-in for the
registry and the serving platform:

- ``registry/vN.json``: the registered versions; ``registry/aliases.json``: the aliases, one
  version each with the time it was set, as MLflow's registry keeps them (``champion`` for
  production; ``canary``, ``shadow``, ``challenger``, ``standby`` while a release is pending);
- ``deployments/``: what serves (``production.json``, the champion; ``traffic.json``, the
  share of traffic the candidate serves) and what scores beside it (``shadow.json``,
  ``challenger.json``).

Every command may run again on the same version and changes nothing the second time, which
is what lets the comparator run twice."""

import json
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fraud.evaluate import load, write_evaluation
from fraud.store import model_store, required, write_output

PRODUCTION = "champion"
#: The marks a candidate carries while its release is pending.
PENDING = ("canary", "standby", "shadow", "challenger")


def _record(name: str) -> Path:
    return model_store() / "deployments" / f"{name}.json"


def _write(name: str, content: dict) -> None:
    path = _record(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(content, indent=2), encoding="utf-8")
    print(f"{name}: {json.dumps(content)}")


def _read(name: str) -> dict | None:
    path = _record(name)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _aliases_file() -> Path:
    return model_store() / "registry" / "aliases.json"


def aliases() -> dict[str, dict]:
    path = _aliases_file()
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _save_aliases(found: dict[str, dict]) -> None:
    _aliases_file().parent.mkdir(parents=True, exist_ok=True)
    _aliases_file().write_text(json.dumps(found, indent=2, sort_keys=True), encoding="utf-8")


def set_alias(alias: str, version: str) -> None:
    """Point ``alias`` at ``version``; kept as it was when it already points there."""
    found = aliases()
    if found.get(alias, {}).get("version") != version:
        found[alias] = {"version": version, "since": datetime.now(UTC).isoformat()}
        _save_aliases(found)
    print(f"alias {alias} -> {version}")


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
    set_alias("canary", required("MODEL_VERSION"))
    _write("traffic", {"version": required("MODEL_VERSION"), "percent": int(percent)})


def canary_check(percent: str) -> None:
    record = _read("traffic")
    if record != {"version": required("MODEL_VERSION"), "percent": int(percent)}:
        raise SystemExit(f"canary check: {record} is not {percent} % on the candidate")
    limit = os.environ.get("CANARY_MAX_ERROR_RATE_PCT", "1")
    print(f"canary check: {percent} % healthy (error rate below {limit} %)")


def standby() -> None:
    set_alias("standby", required("MODEL_VERSION"))
    _write("standby", {"version": required("MODEL_VERSION")})


def standby_check() -> None:
    if _read("standby") != {"version": required("MODEL_VERSION")}:
        raise SystemExit("green check: the standby is not the candidate")
    print("green check: the standby answers")


def shadow() -> None:
    set_alias("shadow", required("MODEL_VERSION"))
    _write("shadow", {"version": required("MODEL_VERSION")})


def shadow_check() -> None:
    if _read("shadow") != {"version": required("MODEL_VERSION")}:
        raise SystemExit("shadow check: the shadow is not the candidate")
    print("shadow check: the shadow scores live traffic, healthy")


def challenger() -> None:
    set_alias("challenger", required("MODEL_VERSION"))
    _write("challenger", {"version": required("MODEL_VERSION")})


def challenger_check() -> None:
    if _read("challenger") != {"version": required("MODEL_VERSION")}:
        raise SystemExit("challenger check: the challenger did not score the batch")
    print("challenger check: the challenger scored the batch before its deadline")


def compare(out: str = "metrics/comparison.json") -> None:
    """The pending candidate whose labels are back (LABEL_DELAY_DAYS after its mark was set):
    its comparison with production, and its version for the next jobs; nothing when none is
    due."""
    delay = timedelta(days=float(os.environ.get("LABEL_DELAY_DAYS", "0")))
    now = datetime.now(UTC)
    for alias in PENDING:
        entry = aliases().get(alias)
        if entry is None or datetime.fromisoformat(entry["since"]) + delay > now:
            continue
        version = entry["version"]
        candidate = load(model_store() / "registry" / f"{version}.json")
        write_evaluation(candidate, "data/transactions.csv", out)
        write_output("MODEL_VERSION", version)
        print(f"compare: {version} ({alias}) compared with production on its labelled traffic")
        return
    print("compare: no pending candidate has its labels back yet")


def switch() -> None:
    _write("traffic", {"version": required("MODEL_VERSION"), "percent": 100})


def switch_check() -> None:
    if _read("traffic") != {"version": required("MODEL_VERSION"), "percent": 100}:
        raise SystemExit("switch check: the candidate does not serve all traffic")
    print("switch check: all traffic served, healthy")


def promote() -> None:
    """The candidate becomes production: the champion alias, the serving record; its pending
    mark goes, and the version it replaces is kept to roll back to."""
    version = required("MODEL_VERSION")
    found = aliases()
    previous = found.get(PRODUCTION, {}).get("version")
    if previous != version:
        if previous is not None:
            _write("previous", {"version": previous})
        set_alias(PRODUCTION, version)
        _write("production", {"version": version})
    _drop_pending(version)


def _drop_pending(version: str) -> None:
    found = aliases()
    kept = {
        alias: entry
        for alias, entry in found.items()
        if not (alias in PENDING and entry["version"] == version)
    }
    if kept != found:
        _save_aliases(kept)
    for name in ("shadow", "challenger", "standby"):
        if (_read(name) or {}).get("version") == version:
            _record(name).unlink()


def rollback() -> None:
    """Undo the step the candidate reached: its pending mark and its shadow, challenger or
    standby go, traffic returns to production, and production returns to the version it
    replaced if the candidate had become it; nothing to undo, nothing changes."""
    version = os.environ.get("MODEL_VERSION", "")
    if not version:
        print("rollback: no candidate version handed on; nothing to undo")
        return
    production = aliases().get(PRODUCTION, {}).get("version")
    if production == version and _read("previous") is not None:
        previous = _read("previous")["version"]
        set_alias(PRODUCTION, previous)
        _write("production", {"version": previous})
        production = previous
    _drop_pending(version)
    traffic = _read("traffic")
    if traffic is not None and traffic["version"] == version:
        _record("traffic").unlink()
    print(f"rollback: {version} rolled back; production is {production or 'the baseline'}")


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    commands = {
        "register": register, "staging": staging, "canary": canary,
        "canary-check": canary_check, "standby": standby, "standby-check": standby_check,
        "shadow": shadow, "shadow-check": shadow_check, "challenger": challenger,
        "challenger-check": challenger_check, "compare": compare, "switch": switch,
        "switch-check": switch_check, "promote": promote, "rollback": rollback,
    }  # fmt: skip
    commands[command](*arguments)
