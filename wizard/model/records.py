"""Records: the frozen dataclasses every stage hands to the next, and one built from another.

A record never changes once built; a change builds a new one (``dataclasses.replace``), so a
screen, a renderer or a cache can hold one without copying it. ``record`` states that rule
once instead of at each class.

The engine turns ``Effective`` (every answer resolved) into the Design's records, and most of
their fields are effective values under the same name: ``carried`` reads those by name, so a
builder writes out only what it computes.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")


@dataclass_transform(frozen_default=True)
def record(cls: type[T]) -> type[T]:
    """``cls`` as a frozen dataclass (type checkers read it as one, by PEP 681)."""
    return dataclass(frozen=True)(cls)


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
