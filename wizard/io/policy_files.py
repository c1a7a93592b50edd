"""Reading the run-time policy: the committed spec (``mlops-architecture.yaml``), a
candidate's evaluation file, and the drift history ``drift --history`` appends to. Every
problem is one line naming the file and the key."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from wizard.io.loader import MAX_BYTES, read_source
from wizard.io.yamlio import atomic_write
from wizard.model.policy import DriftPolicy, Evaluation, PromotionPolicy

Model = TypeVar("Model", bound=BaseModel)
_SPEC_HINT = "re-export it with mlops-wizard export"


class PolicyFileError(ValueError):
    """A spec, evaluation or history file that cannot be used: one line."""


def _raw(path: Path) -> str:
    from wizard.io.errors import AnswersError

    try:
        raw = read_source(path)
    except AnswersError as error:
        raise PolicyFileError(str(error)) from None
    if len(raw) > MAX_BYTES:
        raise PolicyFileError(f"{path}: the file is over 1 MiB (allowed: at most {MAX_BYTES})")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PolicyFileError(f"{path}: not UTF-8 text") from None


def _validated(model: type[Model], data: Any, path: Path, where: str) -> Model:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        key = ".".join(str(part) for part in (where, *first["loc"]) if part != "")
        given = first.get("input")
        shown = "missing" if first["type"] == "missing" else f"{given!r}: {first['msg'].lower()}"
        raise PolicyFileError(f"{path}: {key}: {shown}") from None


def _spec(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(_raw(path), Loader=yaml.CSafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise PolicyFileError(f"{path}{line}: not valid YAML") from None
    if not isinstance(data, dict) or "schema_version" not in data:
        raise PolicyFileError(f"{path}: not an mlops-architecture.yaml spec ({_SPEC_HINT})")
    return data


def _section(data: dict[str, Any], path: Path, *keys: str) -> Any:
    value: Any = data
    for depth, key in enumerate(keys):
        if not isinstance(value, dict) or key not in value:
            where = ".".join(keys[: depth + 1])
            raise PolicyFileError(f"{path}: {where}: missing ({_SPEC_HINT})")
        value = value[key]
    return value


def load_promotion_policy(path: Path) -> PromotionPolicy:
    """The promotion criteria the spec at ``path`` states."""
    where = ("model_registry", "promotion_criteria")
    criteria = _section(_spec(path), path, *where)
    return _validated(PromotionPolicy, criteria, path, ".".join(where))


def load_drift_policy(path: Path) -> DriftPolicy:
    """The drift trigger the spec at ``path`` states: threshold, key features, window rule."""
    pipeline = _section(_spec(path), path, "retraining_pipeline")
    drift = _section(pipeline, path, "drift")
    data = (
        {**drift, "window_rule": pipeline.get("window_rule")} if isinstance(drift, dict) else drift
    )
    return _validated(DriftPolicy, data, path, "retraining_pipeline.drift")


def load_evaluation(path: Path) -> tuple[Evaluation, dict[str, Any]]:
    """The evaluation file: the criteria's fields, and every field as written (for the log)."""
    text = _raw(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise PolicyFileError(f"{path}:{error.lineno}: not valid JSON: {error.msg}") from None
    if not isinstance(data, dict):
        raise PolicyFileError(f"{path}: the top level must be an object of the metric's values")
    return _validated(Evaluation, data, path, ""), data


def read_history(path: Path) -> list[dict[str, Any]]:
    """Past windows ``drift --history`` recorded, oldest first; none when the file is new."""
    if not path.exists():
        return []
    entries = []
    for number, line in enumerate(_raw(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            raise PolicyFileError(f"{path}:{number}: not a JSON line of a past window") from None
        if not isinstance(entry, dict) or not isinstance(entry.get("breach"), bool):
            raise PolicyFileError(f'{path}:{number}: a past window needs "breach": true|false')
        entries.append(entry)
    return entries


def append_history(path: Path, entries: list[dict[str, Any]], entry: dict[str, Any]) -> None:
    """Add this run's window to the history, atomically."""
    lines = [json.dumps(item, sort_keys=True) for item in [*entries, entry]]
    atomic_write(path, "\n".join(lines) + "\n")
