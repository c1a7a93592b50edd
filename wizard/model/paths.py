"""Reading one answer by its dotted key, as the forms need it."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


def value_at(answers: BaseModel, key: str) -> Any:
    """The value at dotted ``key`` as plain data (a nested model as a dict); None if unset."""
    value: Any = answers
    for part in key.split("."):
        if value is None:
            return None
        value = value.get(part) if isinstance(value, dict) else getattr(value, part)
    if isinstance(value, BaseModel):
        return value.model_dump()
    return value


def description_of(key: str) -> str:
    """The answers model's description of ``key`` (its field docstring), for help lines."""
    from wizard.model.answers import Answers

    model: Any = Answers
    description = ""
    for part in key.split("."):
        field = model.model_fields.get(part) if isinstance(model, type) else None
        if field is None:
            return description
        description = field.description or ""
        model = field.annotation
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            model = _model_in(model)
    return description


def _model_in(annotation: Any) -> Any:
    """The model class inside ``Model | None``, if any."""
    for argument in getattr(annotation, "__args__", ()):
        if isinstance(argument, type) and issubclass(argument, BaseModel):
            return argument
    return None
