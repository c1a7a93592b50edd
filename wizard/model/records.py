"""One record built from another that shares its field names.

The engine turns ``Effective`` (every answer resolved) into the Design's records, and most of
their fields are effective values under the same name: ``carried`` reads those by name, so a
builder writes out only what it computes.
"""

from __future__ import annotations

from dataclasses import fields
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


@cache
def _init_names(cls: type) -> tuple[str, ...]:
    # Read once per class: the design is rebuilt on every keystroke of the session.
    return tuple(item.name for item in fields(cls) if item.init)


def carried(cls: type[T], source: object, **computed: Any) -> T:
    """``cls`` with each field from ``computed`` if given there, else from ``source``'s
    attribute of the same name: an AttributeError names a field ``source`` lacks, and a
    computed name that is no field is ``cls``'s own TypeError."""
    names = _init_names(cls)
    carried_over = {name: getattr(source, name) for name in names if name not in computed}
    return cls(**carried_over, **computed)
