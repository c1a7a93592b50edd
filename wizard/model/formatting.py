"""Deterministic text for numbers and lists in the design's sentences and CI variables."""

from __future__ import annotations

from collections.abc import Iterable


def format_number(value: float) -> str:
    """``0.1`` -> ``"0.1"``, ``100.0`` -> ``"100"``: the shortest text that reads back equal."""
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def format_bool(value: bool) -> str:
    return "true" if value else "false"


def join_words(words: Iterable[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = list(words)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
