"""Reading the run-time policy: the committed spec (``mlops-architecture.yaml``) into the one
``Spec`` model, strictly, and a candidate's evaluation file. Every problem is one line naming
the file, the line where known, the key and what is allowed."""

from __future__ import annotations

import hashlib
import json
import math
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from wizard.io.errors import AnswersError, KeyPath, key_text, shown
from wizard.io.loader import MAX_BYTES, read_mapping, read_source
from wizard.model.records import record
from wizard.model.schema import allowed_text, shape_at
from wizard.model.spec import SPEC_STRICT, Spec

SPEC_HINT = "re-export it with mlops-wizard export"


class PolicyFileError(ValueError):
    """A spec, evaluation or history file that cannot be used: one line."""


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file of at most 1 MiB (never a FIFO or a device)."""
    try:
        raw = read_source(path)
    except AnswersError as error:
        raise PolicyFileError(str(error.problems[0])) from None
    if len(raw) > MAX_BYTES:
        raise PolicyFileError(f"{path}: the file is over 1 MiB (allowed: at most {MAX_BYTES})")
    return raw


def read_text(path: Path) -> str:
    """The UTF-8 text of a regular file of at most 1 MiB (never a FIFO or a device)."""
    return decoded(read_bytes(path), path)


def decoded(raw: bytes, path: Path) -> str:
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


@record
class SpecFile:
    """A committed spec as read: the model, and the SHA-256 of the bytes it was read from."""

    spec: Spec
    sha256: str


def load_spec(path: Path) -> Spec:
    """The spec at ``path``, validated strictly against the one ``Spec`` model: unknown keys,
    missing keys and values of the wrong type are refused, never coerced."""
    return read_spec(path).spec


def read_spec(path: Path) -> SpecFile:
    """``load_spec`` with the digest of what was read (for the history and the decision log)."""
    raw = read_bytes(path)
    text = decoded(raw, path)
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
        spec = Spec.model_validate(data, strict=SPEC_STRICT)
    except ValidationError as error:
        _, line, problem = min(
            _spec_problem(item, reading.lines) for item in error.errors(include_url=False)
        )
        where = f"{path}:{line}" if line else str(path)
        raise PolicyFileError(f"{where}: {problem}") from None
    return SpecFile(spec, hashlib.sha256(raw).hexdigest())


#: Python refuses to read an integer of more digits than this (CVE-2020-10735).
MAX_DIGITS = 4300


class _Unreadable:
    """A JSON value that is not a finite number: kept in place, so its key can be named."""

    def __init__(self, problem: str) -> None:
        self.problem = problem


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _constant(name: str) -> _Unreadable:
    return _Unreadable(f"{name} is not a number JSON allows")


def _float(text: str) -> float | _Unreadable:
    value = float(text)
    return value if math.isfinite(value) else _Unreadable(f"{text} is too large for a number")


def _int(text: str) -> int | _Unreadable:
    digits = len(text.lstrip("-"))
    if digits > MAX_DIGITS:
        return _Unreadable(f"a number of {digits} digits is too large")
    return int(text)


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise _DuplicateKey(key)
        data[key] = value
    return data


def _unreadable(value: Any, path: str = "") -> tuple[str, str] | None:
    """(key path, problem) of the first value in ``value`` that is not a finite number."""
    if isinstance(value, _Unreadable):
        return path, value.problem
    if isinstance(value, dict):
        children = [(f"{path}.{key}" if path else key, item) for key, item in value.items()]
    elif isinstance(value, list):
        children = [(f"{path}[{index}]", item) for index, item in enumerate(value)]
    else:
        return None
    for where, item in children:
        found = _unreadable(item, where)
        if found is not None:
            return found
    return None


def _second_line(text: str, key: str) -> int | None:
    """The line of ``key``'s second occurrence as a JSON key, for the duplicate's message."""
    pattern = re.compile(re.escape(json.dumps(key)) + r"\s*:")
    starts = [match.start() for match in pattern.finditer(text)]
    return text.count("\n", 0, starts[1]) + 1 if len(starts) > 1 else None


@record
class EvaluationFile:
    """A candidate's evaluation as read: every field as written, and the file's SHA-256."""

    fields: dict[str, Any]
    sha256: str


def load_evaluation(path: Path) -> EvaluationFile:
    """The evaluation file as written, every number finite and every key once: NaN,
    Infinity, ``1e999``, a number too long to read and a duplicate key (JSON readers keep the
    last one, so a file could show one value and mean another) are one line each."""
    raw = read_bytes(path)
    text = decoded(raw, path)
    try:
        data = json.loads(
            text,
            object_pairs_hook=_object,
            parse_constant=_constant,
            parse_float=_float,
            parse_int=_int,
        )
    except json.JSONDecodeError as error:
        raise PolicyFileError(f"{path}:{error.lineno}: not valid JSON: {error.msg}") from None
    except _DuplicateKey as error:
        line = _second_line(text, error.key)
        where = f"{path}:{line}" if line else str(path)
        raise PolicyFileError(
            f"{where}: {error.key}: duplicate key (allowed: each key once)"
        ) from None
    except RecursionError:
        raise PolicyFileError(f"{path}: nested too deeply (allowed: an object of values)") from None
    if not isinstance(data, dict):
        raise PolicyFileError(
            f"{path}: the top level must be an object of the metric's values "
            '(allowed: {"candidate": 0.83, "production": 0.82, ...})'
        )
    found = _unreadable(data)
    if found is not None:
        key, problem = found
        raise PolicyFileError(f"{path}: {key}: {problem} (allowed: a finite number)")
    return EvaluationFile(data, hashlib.sha256(raw).hexdigest())
