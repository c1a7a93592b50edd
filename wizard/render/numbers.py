"""Numbers as the documents print them: the shortest exact form, never scientific notation."""

from __future__ import annotations

from decimal import Decimal


def number(value: float | int) -> str:
    """``0.1`` -> ``0.1``, ``100.0`` -> ``100``, ``1e-05`` -> ``0.00001``."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number to print")
    if isinstance(value, int):
        return str(value)
    # repr() is the shortest text that reads back as the same float.
    text = format(Decimal(repr(float(value))), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
