"""The six steps of the session: their keys, and which answers belong to each.

Plain data, so the step list, the command palette, the document and the tests share one
definition.
"""

from __future__ import annotations

from collections.abc import Iterable

from wizard.model.answers import STEPS, Step

#: The key that jumps straight to each step (shown in the footer and the step list).
STEP_KEYS: dict[Step, str] = {step: f"f{number}" for number, step in enumerate(STEPS, start=1)}

#: The answer sections edited on each step: a gap under one of these counts against it.
STEP_SECTIONS: dict[Step, tuple[str, ...]] = {
    "project": ("project",),
    "maturity": ("maturity",),
    "components": ("components",),
    "thresholds": ("promotion", "retraining"),
    "cicd": ("cicd",),
    "review": (),
}


def step_of_key(key: str) -> Step | None:
    """The step on which the answer ``key`` (a dotted path) is edited."""
    section = key.split(".", 1)[0]
    for step, sections in STEP_SECTIONS.items():
        if section in sections:
            return step
    return None


def unknown_counts(gap_keys: Iterable[str]) -> dict[Step, int]:
    """How many information gaps fall on each step, from the design's gap keys."""
    counts: dict[Step, int] = dict.fromkeys(STEPS, 0)
    for key in gap_keys:
        step = step_of_key(key)
        if step is not None:
            counts[step] += 1
    return counts


def next_step(step: Step, offset: int) -> Step:
    """The step ``offset`` places after ``step``, clamped to the first and last."""
    index = min(max(STEPS.index(step) + offset, 0), len(STEPS) - 1)
    return STEPS[index]
