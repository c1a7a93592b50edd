"""One answer by its dotted key (``retraining.drift.psi_threshold``): the one reader the
engine, the suggestions and the forms share, and the engine's copy of the answers with some
values replaced (every unknown filled)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


def answer_at(model: BaseModel, key: str) -> Any:
    """The value at dotted ``key`` of ``model`` as the model holds it; None past an unset
    section."""
    value: Any = model
    for part in key.split("."):
        if value is None:
            return None
        value = value.get(part) if isinstance(value, dict) else getattr(value, part)
    return value


def with_values(model: M, values: Mapping[str, Any]) -> M:
    """``model`` with the value at each dotted key of ``values`` replaced, section by
    section (``model_copy``, unvalidated: the values are the model's own kinds, defaults or
    what the evidence suggests)."""
    here: dict[str, Any] = {}
    below: dict[str, dict[str, Any]] = {}
    for key, value in values.items():
        head, _, rest = key.partition(".")
        if rest:
            below.setdefault(head, {})[rest] = value
        else:
            here[head] = value
    for head, inner in below.items():
        here[head] = with_values(getattr(model, head), inner)
    return model.model_copy(update=here) if here else model


def value_at(model: BaseModel, key: str) -> Any:
    """The value at dotted ``key`` as plain data (a nested model as a dict); None if unset."""
    value = answer_at(model, key)
    return value.model_dump() if isinstance(value, BaseModel) else value


def description_of(key: str) -> str:
    """The answers model's description of ``key`` (its field's help), for help lines."""
    from wizard.model.schema import shape_at

    shape = shape_at(tuple(key.split(".")))
    return (shape.description or "") if shape else ""
