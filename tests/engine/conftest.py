"""Answers builders for the engine tests: a safe base that no risk rule objects to, and
dotted-key overrides on top of it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from wizard.io.loader import load_answers
from wizard.model.answers import Answers
from wizard.model.defaults import DEFAULTS

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"

#: DEFAULTS with key features named and the data versioned: the defaults a risk rule objects
#: to (R03: no key features; R10: no data versioning is assumed unless a scan finds one).
SAFE_OVERRIDES: dict[str, Any] = {
    "retraining.drift.key_features": ["amount", "country"],
    "components.data_versioning": "dvc",
}

AnswersFactory = Callable[..., Answers]


def with_values(base: Answers, values: Mapping[str, Any]) -> Answers:
    """``base`` with each dotted key set to its value (None = explicit null), validated."""
    data = base.model_dump(exclude_unset=True)
    for key, value in values.items():
        *parents, name = key.split(".")
        node = data
        for part in parents:
            node = node.setdefault(part, {})
        node[name] = value
    return Answers.model_validate(data)


def without(base: Answers, *keys: str) -> Answers:
    """``base`` with each dotted key removed (made unknown)."""
    data = base.model_dump(exclude_unset=True)
    for key in keys:
        *parents, name = key.split(".")
        node = data
        for part in parents:
            node = node[part]
        node.pop(name, None)
    return Answers.model_validate(data)


@pytest.fixture
def safe_answers() -> Answers:
    return with_values(DEFAULTS, SAFE_OVERRIDES)


@pytest.fixture
def make_answers(safe_answers: Answers) -> AnswersFactory:
    """``make_answers({"a.b": 1})``: the safe answers with those keys set."""

    def make(values: Mapping[str, Any] | None = None) -> Answers:
        return with_values(safe_answers, values or {})

    return make


@pytest.fixture
def example() -> Callable[[str], Answers]:
    """``example("fraud-detection")``: a bundled example, loaded as the CLI loads it."""

    def load(name: str) -> Answers:
        return load_answers(EXAMPLES / f"{name}.yaml")

    return load
