"""The shape of the answers file: its JSON Schema (``mlops-wizard schema``) and the
per-key facts error messages and commented files need — allowed choices, ranges, section keys
and descriptions — read from the pydantic model, so they can never disagree with it."""

from __future__ import annotations

import functools
import types
from collections.abc import Iterator
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from wizard.model.answers import Answers
from wizard.model.formatting import number
from wizard.model.records import record

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_TITLE = "mlops-wizard answers file (schema_version 1)"

KeyPath = tuple[str | int, ...]


def answers_json_schema() -> dict[str, Any]:
    """The JSON Schema of the answers file, with every field's description."""
    schema = Answers.model_json_schema(mode="validation")
    return {"$schema": JSON_SCHEMA_DIALECT, **schema, "title": SCHEMA_TITLE}


@record
class FieldShape:
    """What a key of the answers file holds, with ``None`` and ``Annotated`` unwrapped."""

    annotation: Any
    """The bare type: a model class, ``list[...]``, ``dict[...]``, a Literal or a scalar."""
    constraints: tuple[Any, ...]
    """annotated-types / StringConstraints metadata found on the way (bounds, lengths)."""
    description: str | None
    optional: bool
    """Whether null is accepted (null means unknown)."""

    @property
    def model(self) -> type[BaseModel] | None:
        base = self.annotation
        return base if isinstance(base, type) and issubclass(base, BaseModel) else None


def _unwrap(annotation: Any) -> tuple[Any, list[Any], bool]:
    """Strip ``X | None`` and ``Annotated``; collect the constraints met on the way."""
    constraints: list[Any] = []
    optional = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *extras = get_args(annotation)
            for extra in extras:
                constraints.extend(extra.metadata if isinstance(extra, FieldInfo) else [extra])
        elif origin in (Union, types.UnionType):
            members = [arg for arg in get_args(annotation) if arg is not type(None)]
            optional = optional or len(members) < len(get_args(annotation))
            if len(members) != 1:
                return Union[tuple(members)], constraints, optional  # noqa: UP007
            annotation = members[0]
        else:
            return annotation, constraints, optional


def _fields_by_key(model: type[BaseModel]) -> dict[str, FieldInfo]:
    """A model's fields under the keys a file writes (the alias, where a field has one)."""
    return {info.alias or name: info for name, info in model.model_fields.items()}


def shape_at(path: KeyPath, root: type[BaseModel] = Answers) -> FieldShape | None:
    """The shape of the key at ``path`` (dict keys as ``"[key]"``) in the file ``root``
    models (the answers file unless said), None if there is none."""
    annotation: Any = root
    constraints: list[Any] = []
    description: str | None = root.__doc__
    for part in path:
        base, found, _ = _unwrap(annotation)
        if isinstance(base, type) and issubclass(base, BaseModel):
            fields = _fields_by_key(base)
            if not isinstance(part, str) or part not in fields:
                return None
            info = fields[part]
            annotation, constraints, description = (
                info.annotation,
                list(info.metadata),
                (info.description),
            )
        elif get_origin(base) is list and isinstance(part, int):
            annotation, constraints = get_args(base)[0], []
        elif get_origin(base) is dict and isinstance(part, str):
            key_type, value_type = get_args(base)
            annotation, constraints = (key_type if part == "[key]" else value_type), []
        else:
            return None
    base, found, optional = _unwrap(annotation)
    return FieldShape(base, (*constraints, *found), description, optional)


@functools.lru_cache(maxsize=256)
def section_keys(path: KeyPath) -> tuple[str, ...]:
    """The keys allowed in the section at ``path`` (empty when it is not a section)."""
    shape = shape_at(path)
    model = shape.model if shape else None
    return tuple(model.model_fields) if model else ()


def range_text(constraints: tuple[Any, ...]) -> str | None:
    """``0 < x ≤ 1`` from the bounds among ``constraints``, None when there are none."""
    lower = upper = ""
    for constraint in constraints:
        if isinstance(constraint, annotated_types.Gt):
            lower = f"{number(constraint.gt)} < "
        elif isinstance(constraint, annotated_types.Ge):
            lower = f"{number(constraint.ge)} ≤ "
        elif isinstance(constraint, annotated_types.Lt):
            upper = f" < {number(constraint.lt)}"
        elif isinstance(constraint, annotated_types.Le):
            upper = f" ≤ {number(constraint.le)}"
    return f"{lower}x{upper}" if lower or upper else None


def _length_text(constraints: tuple[Any, ...]) -> str:
    shortest = longest = None
    for constraint in constraints:
        shortest = getattr(constraint, "min_length", None) or shortest
        longest = getattr(constraint, "max_length", None) or longest
    parts = ["non-empty text" if shortest else "text"]
    if longest:
        parts.append(f"at most {longest} characters")
    return ", ".join(parts)


def allowed_text(shape: FieldShape) -> str:
    """What the key accepts, in a few words: choices, a range, or the kind of value."""
    base = shape.annotation
    if get_origin(base) in (Union, types.UnionType):
        # A number or a word (``label_delay_days: 30`` or ``never``): each member in turn.
        members = [FieldShape(*_unwrap(member)[:2], None, False) for member in get_args(base)]
        return " or ".join(allowed_text(member) for member in members)
    if get_origin(base) is Literal:
        return ", ".join(str(choice) for choice in get_args(base))
    if shape.model is not None:
        return "a section with keys " + ", ".join(_fields_by_key(shape.model))
    if get_origin(base) is list:
        item = FieldShape(*_unwrap(get_args(base)[0])[:2], None, False)
        return f"a list; each item {allowed_text(item)}"
    if get_origin(base) is dict:
        key_shape = FieldShape(*_unwrap(get_args(base)[0])[:2], None, False)
        value_shape = FieldShape(*_unwrap(get_args(base)[1])[:2], None, False)
        return f"a mapping of {allowed_text(key_shape)} to {allowed_text(value_shape)}"
    if base is bool:
        return "true or false"
    if base in (int, float):
        kind = "a whole number" if base is int else "a number"
        bounds = range_text(shape.constraints)
        return f"{kind}, {bounds}" if bounds else kind
    if base is str:
        return _length_text(shape.constraints)
    return str(base)


def leaf_keys(model_type: type[BaseModel], prefix: str = "") -> Iterator[tuple[str, str]]:
    """Every leaf answer key (dotted) under ``model_type``, with its field's description; an
    optional section (``X | None``) is one leaf."""
    for name, info in model_type.model_fields.items():
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield from leaf_keys(annotation, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}", info.description or ""
