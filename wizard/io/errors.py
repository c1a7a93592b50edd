"""The one error the headless core raises for bad input, the problems it carries, and the
translation of pydantic's errors into those problems.

Every problem is one line a person can act on: ``FILE:LINE: key.path: what is wrong
(allowed: ...)``. The CLI prints them on standard error; the interactive session shows them
on its error screen.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from wizard.model.answers import SCHEMA_VERSION
from wizard.model.formatting import number
from wizard.model.schema import KeyPath, allowed_text, range_text, section_keys, shape_at

__all__ = ["AnswersError", "KeyPath", "Problem", "key_text", "problems_from_validation"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an answers file (or a ``--set`` value)."""

    file: str
    """Where the input came from: a path as the user gave it, ``<stdin>`` or ``--set``."""
    line: int | None
    """1-based line of the offending key, or None when no line applies (file-level)."""
    key: str
    """Dotted key path, list items as ``[index]``; empty for a problem with the whole file."""
    message: str
    """What is wrong and, where there is a rule, what is allowed."""

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


#: A garbage file can hold tens of thousands of problems; past these, a count says the rest.
MAX_SHOWN_PROBLEMS = 50


class AnswersError(ValueError):
    """Bad answers: one or more problems, all reported at once."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("AnswersError needs at least one problem")
        super().__init__(str(self))

    def __str__(self) -> str:
        shown = [str(problem) for problem in self.problems[:MAX_SHOWN_PROBLEMS]]
        hidden = len(self.problems) - len(shown)
        if hidden:
            source = self.problems[0].file
            shown.append(
                f"{source}: and {hidden} more problem{'s' if hidden != 1 else ''} "
                f"({len(self.problems)} in all; the first {MAX_SHOWN_PROBLEMS} are shown)"
            )
        return "\n".join(shown)


def key_text(path: KeyPath) -> str:
    """``('cicd', 'triggers', 2)`` -> ``cicd.triggers[2]`` (dict-key markers left out)."""
    text = ""
    for part in path:
        if part == "[key]":
            continue
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def shown(value: Any) -> str:
    """A given value as the user would recognise it from their YAML, kept short."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        # Quoted as written; whoever prints it makes control characters visible, once.
        return "'" + (value if len(value) <= 60 else value[:57] + "...") + "'"
    if isinstance(value, int | float):
        return number(value)
    return str(value)


def _type_of(value: Any) -> str:
    """What the user wrote, as a kind of value: YAML's words, not Python's."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "a value"


#: pydantic's type errors -> the kind of value the key expects.
_EXPECTED_TYPES = {
    "float_type": "a number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
}


def _line_of(loc: KeyPath, lines: Mapping[KeyPath, int]) -> int | None:
    path = tuple(part for part in loc if part != "[key]")
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def _shape_path(loc: KeyPath) -> KeyPath:
    """pydantic puts a dict key's own value before ``[key]``; the schema wants the marker only."""
    if "[key]" in loc:
        marker = loc.index("[key]")
        return (*loc[: marker - 1], "[key]")
    return loc


def allowed_at(loc: KeyPath) -> str:
    """What the key at ``loc`` allows, in words."""
    shape = shape_at(_shape_path(loc))
    return allowed_text(shape) if shape else "see `mlops-wizard schema`"


def _unknown_key_message(loc: KeyPath) -> str:
    allowed = section_keys(loc[:-1])
    given = str(loc[-1])
    close = difflib.get_close_matches(given, allowed, n=1, cutoff=0.6)
    close = close or [key for key in allowed if key.startswith(given) or given.startswith(key)]
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"unknown key{hint} (allowed: {', '.join(allowed)})"


def _schema_version_message(kind: str, given: Any) -> str:
    if kind == "missing":
        return (
            f"missing: every answers file starts with `schema_version: {SCHEMA_VERSION}` "
            f"(allowed: {SCHEMA_VERSION})"
        )
    if isinstance(given, int) and not isinstance(given, bool) and given > SCHEMA_VERSION:
        return (
            f"this file is schema_version {given}; this mlops-wizard reads {SCHEMA_VERSION} "
            "— upgrade mlops-wizard"
        )
    return f"{shown(given)} is not a schema version this mlops-wizard reads (allowed: 1)"


_RANGE_ERRORS = {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}


def _message(error: Mapping[str, Any]) -> str:
    loc: KeyPath = tuple(error["loc"])
    kind: str = error["type"]
    given = error.get("input")
    if loc == ("schema_version",) and kind in ("missing", "literal_error"):
        return _schema_version_message(kind, given)
    if kind == "extra_forbidden":
        return _unknown_key_message(loc)
    if kind == "missing":
        return f"missing (allowed: {allowed_at(loc)})"
    if kind == "literal_error":
        return f"{shown(given)} is not one of the choices (allowed: {allowed_at(loc)})"
    if kind in _RANGE_ERRORS:
        shape = shape_at(_shape_path(loc))
        bounds = range_text(shape.constraints) if shape else None
        return f"{shown(given)} is out of range (allowed: {bounds or allowed_at(loc)})"
    if kind in _EXPECTED_TYPES:
        return (
            f"{shown(given)} is {_type_of(given)}, not {_EXPECTED_TYPES[kind]} "
            f"(allowed: {allowed_at(loc)})"
        )
    if kind == "string_too_short":
        return f"must not be empty (allowed: {allowed_at(loc)})"
    if kind == "string_too_long":
        return f"is {len(given)} characters long (allowed: {allowed_at(loc)})"
    if kind == "value_error":
        message = str(error["msg"]).removeprefix("Value error, ")
        return message if "(allowed:" in message else f"{message} (allowed: {allowed_at(loc)})"
    return f"{shown(given)} is not valid here (allowed: {allowed_at(loc)})"


def problems_from_validation(
    error: ValidationError, source: str, lines: Mapping[KeyPath, int]
) -> list[Problem]:
    """One friendly problem per pydantic error, each with its line where ``lines`` knows it."""
    return [
        Problem(source, _line_of(tuple(item["loc"]), lines), key_text(item["loc"]), _message(item))
        for item in error.errors(include_url=False)
    ]
