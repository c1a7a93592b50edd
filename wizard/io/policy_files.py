"""Reading the run-time policy: the committed spec (``mlops-architecture.yaml``) into the one
``Spec`` model, strictly, and a candidate's evaluation file. Every problem is one line naming
the file, the line where known, the key and what is allowed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from wizard.io.errors import AnswersError, KeyPath, key_text, shown
from wizard.io.loader import MAX_BYTES, read_mapping, read_source
from wizard.io.yamlio import atomic_write
from wizard.model.policy import Evaluation
from wizard.model.schema import allowed_text, shape_at
from wizard.model.spec import SPEC_STRICT, Spec

SPEC_HINT = "re-export it with mlops-wizard export"


class PolicyFileError(ValueError):
    """A spec, evaluation or history file that cannot be used: one line."""


def read_text(path: Path) -> str:
    """The UTF-8 text of a regular file of at most 1 MiB (never a FIFO or a device)."""
    try:
        raw = read_source(path)
    except AnswersError as error:
        raise PolicyFileError(str(error.problems[0])) from None
    if len(raw) > MAX_BYTES:
        raise PolicyFileError(f"{path}: the file is over 1 MiB (allowed: at most {MAX_BYTES})")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise PolicyFileError(f"{path}:{line}: not UTF-8 text (allowed: UTF-8 text)") from None


def _line_of(loc: KeyPath, lines: dict[KeyPath, int]) -> int | None:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


_TYPE_ERRORS = {
    "float_type",
    "int_type",
    "int_from_float",
    "bool_type",
    "string_type",
    "list_type",
    "dict_type",
    "model_type",
    "model_attributes_type",
    "literal_error",
    "finite_number",
    "greater_than",
    "greater_than_equal",
    "less_than",
    "less_than_equal",
}


def _allowed(loc: KeyPath) -> str:
    shape = shape_at(loc, Spec)
    return allowed_text(shape) if shape is not None else SPEC_HINT


def _spec_problem(error: dict[str, Any], lines: dict[KeyPath, int]) -> tuple[bool, int, str]:
    """(not an unknown key, line, ``key: what is wrong (allowed: ...)``) for one pydantic
    error: sorted, a misspelt key comes before the key it leaves missing."""
    loc: KeyPath = tuple(error["loc"])
    key = key_text(loc)
    kind = error["type"]
    if kind == "extra_forbidden":
        parent = shape_at(loc[:-1], Spec)
        known = allowed_text(parent) if parent is not None else SPEC_HINT
        text = f"{key}: unknown key (allowed: {known})"
    elif kind == "missing":
        text = f"{key}: missing (allowed: {_allowed(loc)}; {SPEC_HINT})"
    elif kind in _TYPE_ERRORS:
        text = f"{key}: {shown(error.get('input'))} is not allowed here (allowed: {_allowed(loc)})"
    else:
        text = f"{key}: {str(error['msg']).lower()} (allowed: {_allowed(loc)})"
    return kind != "extra_forbidden", _line_of(loc, lines) or 0, text


def load_spec(path: Path) -> Spec:
    """The spec at ``path``, validated strictly against the one ``Spec`` model: unknown keys,
    missing keys and values of the wrong type are refused, never coerced."""
    text = read_text(path)
    try:
        reading = read_mapping(text, str(path))
    except AnswersError as error:
        raise PolicyFileError(f"{error.problems[0]} ({SPEC_HINT})") from None
    if reading.problems:
        raise PolicyFileError(str(min(reading.problems, key=lambda item: item.line or 0)))
    data = reading.data
    if "schema_version" not in data:
        raise PolicyFileError(f"{path}: not an mlops-architecture.yaml spec ({SPEC_HINT})")
    try:
        return Spec.model_validate(data, strict=SPEC_STRICT)
    except ValidationError as error:
        _, line, problem = min(
            _spec_problem(item, reading.lines) for item in error.errors(include_url=False)
        )
        where = f"{path}:{line}" if line else str(path)
        raise PolicyFileError(f"{where}: {problem}") from None


def load_evaluation(path: Path) -> tuple[Evaluation, dict[str, Any]]:
    """The evaluation file: the criteria's fields, and every field as written (for the log)."""
    text = read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise PolicyFileError(f"{path}:{error.lineno}: not valid JSON: {error.msg}") from None
    if not isinstance(data, dict):
        raise PolicyFileError(f"{path}: the top level must be an object of the metric's values")
    try:
        return Evaluation.model_validate(data), data
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        key = ".".join(str(part) for part in first["loc"])
        given = first.get("input")
        raise PolicyFileError(f"{path}: {key}: {given!r}: {first['msg'].lower()}") from None


def read_history(path: Path) -> list[dict[str, Any]]:
    """Past windows ``drift --history`` recorded, oldest first; none when the file is new."""
    if not path.exists():
        return []
    entries = []
    for number, line in enumerate(read_text(path).splitlines(), start=1):
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
