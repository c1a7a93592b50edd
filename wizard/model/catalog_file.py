"""The tool catalog's data file, ``catalog.toml``, read once.

Apart from ``catalog.py`` (which builds the entries) so that the answers model, which takes
its allowed tool ids from here, needs nothing else of ours to be built.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

CATALOG_FILE = Path(__file__).with_name("catalog.toml")

TABLES: dict[str, Any] = tomllib.loads(CATALOG_FILE.read_text(encoding="utf-8"))
"""Concern key -> its table: ``label``, ``none`` (the consequence of no tool) and
``tools`` (the entries, in the order the Components step lists them)."""


def tool_ids(concern: str) -> tuple[str, ...]:
    """The values the answers file allows for ``concern``: its tools' ids, then ``none``."""
    return (*(tool["id"] for tool in TABLES[concern]["tools"]), "none")


def choices_text(concern: str) -> str:
    """``mlflow, wandb or none``: the allowed values as a field description lists them."""
    *first, last = tool_ids(concern)
    return f"{', '.join(first)} or {last}"
