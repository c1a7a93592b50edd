"""Frozen records → plain data (dicts, lists, scalars) for the YAML and JSON dumpers.

``plain`` turns one value into what a dumper writes. ``pick`` and ``rows`` copy a record's
fields by name; only ``render/spec.py`` still reads them, until the spec is a model of its
own, and then they go.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Any

Field = str | tuple[str, str]
"""A key read from the attribute of the same name, or ``(key, attribute)`` where they differ."""


def plain(value: Any) -> Any:
    """A tuple as a list, a mapping as a dict and an enum as its value: what the dumpers
    write as a sequence, a map and a scalar, copied so that the data never shares a record's
    own containers."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Mapping):
        return dict(value)
    return value


def pick(record: object, fields: Iterable[Field]) -> dict[str, Any]:
    """``{key: plain(record.attribute)}`` for each field, in the order given. Read by
    ``render/spec.py`` alone, until the spec is a model of its own; nothing else copies
    fields by name."""
    data: dict[str, Any] = {}
    for item in fields:
        key, attribute = (item, item) if isinstance(item, str) else item
        data[key] = plain(getattr(record, attribute))
    return data


def rows(records: Iterable[object], fields: Iterable[Field]) -> list[dict[str, Any]]:
    """One ``pick`` per record: a table of like records."""
    names = tuple(fields)
    return [pick(record, names) for record in records]
