"""What every answers section shares: the frozen, strict base model, the ``unknown()`` field of
an optional answer, the ``nested()`` field of a section inside another, and the constrained
types several sections use."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

NonEmptyText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
]
Percent = Annotated[float, Field(ge=0, le=100)]


def _printable(allowed: str, what: str) -> AfterValidator:
    # A command lands in a CI file's script: a tab, a record separator or an escape there is
    # a paste slip the runner would run as written, and a line break would split a command.
    def check(text: str) -> str:
        for char in text:
            if not char.isprintable() and char not in allowed:
                raise ValueError(f"has the control character U+{ord(char):04X} (allowed: {what})")
        return text

    return AfterValidator(check)


#: A shell command or a runner label: one line, printable characters only.
Command = Annotated[NonEmptyText, _printable("", "one line of printable text")]
#: A script of shell lines (the install step): printable lines.
Script = Annotated[str, _printable("\n", "lines of printable text")]


def each_once(plural: str, singular: str) -> AfterValidator:
    """A list validator that refuses repeated entries: in every list here a repeat is a slip."""

    def check(items: list[Any]) -> list[Any]:
        if len(set(items)) != len(items):
            raise ValueError(f"has duplicate {plural} (allowed: each {singular} once)")
        return items

    return AfterValidator(check)


def unknown(description: str, **constraints: Any) -> Any:
    """An answer that is unknown until given: ``None`` by default, with its help text."""
    return Field(default=None, description=description, **constraints)


def nested(section: type[Section], description: str) -> Any:
    """A section inside another: there, with every answer in it unknown, until given."""
    return Field(default=section(), description=description)


class Section(BaseModel):
    """Base of every answers section: frozen, unknown keys refused."""

    # strict: a boolean or a quoted string is never taken for a number, nor a number for text.
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        validate_default=True,
        strict=True,
    )
