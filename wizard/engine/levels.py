"""The maturity level rule: which capabilities each level adds, and when its bar is met.

Its own module so the scan's suggested level and the design's level come from one rule
without the suggestions importing the rest of the engine.
"""

from __future__ import annotations

from collections.abc import Mapping

LEVEL_CAPABILITIES: dict[int, tuple[str, ...]] = {
    1: ("experiment_tracking",),
    2: ("model_registry", "data_versioning", "automated_tests", "ci_cd_for_models"),
    3: ("monitoring", "automated_retraining"),
}

#: A level that adds at least this many capabilities tolerates one ``partial``.
PARTIAL_TOLERANCE_FROM = 3


def in_place(value: str) -> bool:
    return value == "yes"


def level_reached(level: int, capabilities: Mapping[str, str]) -> bool:
    """Whether the capabilities ``level`` adds meet its bar (lower levels not checked)."""
    values = [capabilities[name] for name in LEVEL_CAPABILITIES[level]]
    if any(value not in ("yes", "partial") for value in values):
        return False
    partial = values.count("partial")
    allowed = 1 if len(values) >= PARTIAL_TOLERANCE_FROM else 0
    return partial <= allowed


def compute_level(capabilities: Mapping[str, str]) -> int:
    """The highest level whose bar, and every lower level's bar, is met."""
    level = 0
    for candidate in (1, 2, 3):
        if not level_reached(candidate, capabilities):
            break
        level = candidate
    return level
