"""Changing one answer: ``--set key.path=value`` on the command line, a field in the session.

A change rebuilds the whole (frozen) model from plain data and validates it exactly as a
file is validated, so a value the loader would refuse can never get in another way.
"""

from __future__ import annotations

from typing import Any, get_origin

from wizard.io.errors import AnswersError, Problem
from wizard.io.loader import parse_value, validate_data
from wizard.io.saving import explicit_data
from wizard.model.answers import Answers
from wizard.model.schema import allowed_text, shape_at

SET_SOURCE = "--set"
_ASSIGNMENT_FORM = "expected KEY=VALUE (allowed: e.g. retraining.drift.psi_threshold=0.2)"


def _key_parts(path: str, source: str) -> tuple[str, ...]:
    parts = tuple(part.strip() for part in path.split("."))
    if not path.strip() or not all(parts):
        raise AnswersError([Problem(source, None, path, f"not a key path; {_ASSIGNMENT_FORM}")])
    return parts


def parse_assignment(text: str, source: str = SET_SOURCE) -> tuple[str, Any]:
    """``"a.b=value"`` -> ``("a.b", value)``; the value is read as YAML, so lists, numbers
    and ``null`` work (``key=`` alone is null)."""
    key, separator, value = text.partition("=")
    if not separator:
        raise AnswersError([Problem(source, None, key.strip(), _ASSIGNMENT_FORM)])
    parts = _key_parts(key, source)
    return ".".join(parts), parse_value(value, source, parts)


def set_value(answers: Answers, path: str, value: Any, source: str = SET_SOURCE) -> Answers:
    """A copy of ``answers`` with the key at dotted ``path`` set to ``value``, validated like
    the answers file; AnswersError names the key path when the value is refused."""
    parts = _key_parts(path, source)
    data = explicit_data(answers)
    section: dict[str, Any] = data
    for depth, part in enumerate(parts[:-1]):
        shape = shape_at(parts[: depth + 1])
        if shape is not None and shape.model is None and get_origin(shape.annotation) is not dict:
            prefix = ".".join(parts[: depth + 1])
            raise AnswersError(
                [
                    Problem(
                        source,
                        None,
                        prefix,
                        f"is a value, not a section, so {path} does not exist "
                        f"(allowed: {allowed_text(shape)})",
                    )
                ]
            )
        child = section.get(part)
        if not isinstance(child, dict):
            child = {}
            section[part] = child
        section = child
    section[parts[-1]] = value
    return validate_data(data, source)
