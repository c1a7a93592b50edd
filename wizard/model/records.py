"""Records: the frozen dataclasses every stage hands to the next.

A record never changes once built; a change builds a new one (``dataclasses.replace``), so a
screen, a renderer or a cache can hold one without copying it. ``record`` states that rule
once instead of at each class. A record is built with each field named
(``RetrainingPolicy(psi_threshold=e.psi_threshold, ...)``), so grep, an IDE and a reader can
follow every value from the answers to the document.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar, dataclass_transform

T = TypeVar("T")


@dataclass_transform(frozen_default=True)
def record(cls: type[T]) -> type[T]:
    """``cls`` as a frozen dataclass (type checkers read it as one, by PEP 681)."""
    return dataclass(frozen=True)(cls)
