"""How numbers, booleans, lists and answers read as text: one formatter, so a threshold is
written the same in the document, the spec, the workflow's env, the gate and the forms."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from pydantic import BaseModel


def number(value: float | int) -> str:
    """``0.1`` -> ``0.1``, ``100.0`` -> ``100``, ``1e-05`` -> ``0.00001``: the shortest text
    that reads back as the same number, never in scientific notation."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number to print")
    if isinstance(value, int):
        return str(value)
    # repr() is the shortest text that reads back as the same float.
    text = format(Decimal(repr(float(value))), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def boolean(value: bool) -> str:
    """A boolean as YAML and the CI's env read it: ``true`` or ``false``."""
    return "true" if value else "false"


def yes_no(value: bool) -> str:
    """A boolean in a sentence or a table: ``yes`` or ``no``."""
    return "yes" if value else "no"


def join_words(words: Iterable[str], conjunction: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c`` (or another ``conjunction``: ``a or b``)."""
    items = list(words)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def value_text(value: Any) -> str:
    """An answer's value in a sentence: booleans as yes/no, lists comma-separated (an empty
    one as ``none``), a nested answer as its fields."""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, int | float):
        return number(value)
    if isinstance(value, list | tuple):
        return ", ".join(value_text(item) for item in value) if value else "none"
    if isinstance(value, BaseModel):
        return ", ".join(f"{name} {value_text(item)}" for name, item in value)
    return str(value)


def field_text(value: Any) -> str:
    """An answer's value as a text input shows it: unset as empty, lists comma-separated."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, list | tuple):
        return ", ".join(field_text(item) for item in value)
    if isinstance(value, int | float):
        return number(value)
    return str(value)
