"""Reading one answer by its dotted key (``retraining.drift.psi_threshold``): the one reader
the engine, the suggestions and the forms share."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


def answer_at(model: BaseModel, key: str) -> Any:
    """The value at dotted ``key`` of ``model`` as the model holds it; None past an unset
    section."""
    value: Any = model
    for part in key.split("."):
        if value is None:
            return None
        value = value.get(part) if isinstance(value, dict) else getattr(value, part)
    return value


def value_at(model: BaseModel, key: str) -> Any:
    """The value at dotted ``key`` as plain data (a nested model as a dict); None if unset."""
    value = answer_at(model, key)
    return value.model_dump() if isinstance(value, BaseModel) else value


def description_of(key: str) -> str:
    """The answers model's description of ``key`` (its field's help), for help lines."""
    from wizard.model.schema import shape_at

    shape = shape_at(tuple(key.split(".")))
    return (shape.description or "") if shape else ""
