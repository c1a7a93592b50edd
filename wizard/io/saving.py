"""Writing answers files: the saved session, the exported copy and the commented starter.

What is saved is exactly what was *said*: every key the user set (pydantic's
``model_fields_set``), and nothing else. That is how an unknown stays unknown and an explicit
``approver: null`` ("no manual gate") stays distinct from an approver never given, although
pydantic's ``==`` compares values only and cannot tell the two apart.
"""

from __future__ import annotations

import hashlib
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from wizard.io.regular import SpecialFileError, read_regular
from wizard.io.yamlio import AnswersDumper, atomic_write, dump_data, entry_lines
from wizard.model.answers import NULL_MEANINGS, Answers
from wizard.model.dotted_keys import value_at
from wizard.model.formatting import value_text
from wizard.model.schema import KeyPath, allowed_text, shape_at


def explicit_data(answers: BaseModel) -> dict[str, Any]:
    """The answers as plain data, holding only the keys that were set (nulls included)."""
    return answers.model_dump(mode="python", exclude_unset=True)


def dump_answers(answers: Answers, original: str | None = None) -> str:
    """YAML that loads back to the same answers (same keys set): ``original`` (the user's
    file) with only what changed rewritten, its comments and style kept, when given and
    possible; otherwise a deterministic, comment-free dump."""
    wanted = explicit_data(answers)
    if original is not None:
        from wizard.io.errors import AnswersError
        from wizard.io.loader import parse_answers

        def read_back(text: str) -> dict[str, Any]:
            return explicit_data(parse_answers(text, "round trip"))

        try:
            if read_back(original) == wanted:
                return original  # nothing changed: the user's text exactly
        except AnswersError:
            pass
        from wizard.io.roundtrip import round_trip_text

        text = round_trip_text(original, wanted, read_back)
        if text is not None:
            return text
    return dump_data(wanted, AnswersDumper)


def read_original(path: Path) -> str | None:
    """The user's answers file as text, to save into; None when there is none to keep."""
    from wizard.io.loader import MAX_BYTES

    try:
        raw = read_regular(path, MAX_BYTES)
        return None if raw is None else raw.decode("utf-8")
    except (OSError, UnicodeDecodeError):  # SpecialFileError is an OSError
        return None


class ChangedOnDisk(Exception):
    """The answers file is no longer what the session last read or wrote: someone else (an
    editor, another session) changed it. Nothing was written."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path} changed on disk since it was last read or saved")


#: ``expect`` for save_answers: write whatever is there now.
ANY_CONTENT = "any"


#: What ``content_digest`` says of a file it does not read: never the digest of a text.
NOT_READ = "not-read"


def content_digest(path: Path) -> str | None:
    """sha256 of the file at ``path`` as it is now; None when there is none. A FIFO, a
    device or a file over the answers' size bound is never read (it could block, or never
    end): it gets a mark that matches no text, so a save over it asks first."""
    from wizard.io.loader import MAX_BYTES

    try:
        raw = read_regular(path, MAX_BYTES)
    except SpecialFileError:
        return NOT_READ
    return None if raw is None else hashlib.sha256(raw).hexdigest()


def save_answers(path: Path, answers: Answers, expect: str | None = ANY_CONTENT) -> str:
    """Write the answers file atomically (a crash leaves the old file or the new one), into
    the user's own text: comments, key order, flow style and number spelling survive.

    ``expect`` is the digest of the file as last read or written (None: it must not exist);
    when the file on disk is no longer that, ChangedOnDisk is raised and nothing is written.
    Returns the digest of what was written, to expect next time."""
    if expect != ANY_CONTENT and content_digest(path) != expect:
        raise ChangedOnDisk(path)
    text = dump_answers(answers, read_original(path))
    atomic_write(path, text)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_HEADER = """\
# mlops-wizard answers file. Every key is optional except schema_version; delete a key to
# leave the answer unknown (null does the same, except where a key's comment says what null
# means): the design then assumes the default shown here and lists the gap. Check it with
# `mlops-wizard validate FILE`, export with `mlops-wizard export --answers FILE --out DIR`.
"""


def _comment(text: str, indent: int) -> list[str]:
    prefix = " " * indent + "# "
    return textwrap.wrap(
        text,
        width=100,
        initial_indent=prefix,
        subsequent_indent=prefix,
        break_on_hyphens=False,
    )


def _leaf_lines(name: str, value: Any, indent: int) -> list[str]:
    """``name: value`` through the dumper, lists and mappings of plain values inline."""
    lines = entry_lines(name, value, width=100 - indent, inline=True)
    return [" " * indent + line for line in lines]


def _section_lines(
    model: BaseModel, path: KeyPath, indent: int, defaults: Mapping[str, Any]
) -> list[str]:
    """``defaults``: answers written as null (unknown), with the value assumed for them."""
    lines: list[str] = []
    for name in type(model).model_fields:
        if name not in model.model_fields_set:
            continue
        value = getattr(model, name)
        shape = shape_at((*path, name))
        description = (shape.description or "") if shape else ""
        if isinstance(value, BaseModel) and value.model_fields_set:
            lines.extend(_comment(description, indent))
            lines.append(" " * indent + f"{name}:")
            lines.extend(_section_lines(value, (*path, name), indent + 2, defaults))
            continue
        allowed = allowed_text(shape) if shape else ""
        key = ".".join(str(part) for part in (*path, name))
        if key in NULL_MEANINGS:
            allowed += f"; null = {NULL_MEANINGS[key]}; delete the key to leave it unknown"
        elif shape and shape.optional:
            allowed += "; null = unknown"
        text = f"{description} (allowed: {allowed})"
        if key in PLACEHOLDERS:
            text += f". Left unanswered here: {PLACEHOLDERS[key]}"
        elif key in defaults:
            fallback = defaults[key]
            assumed = "nothing" if fallback is None else f"the default {value_text(fallback)}"
            text += (
                f". Left unanswered here: a scan of the repository (--repo) fills it with what "
                f"the repository uses, else {assumed} applies"
            )
        lines.extend(_comment(text, indent))
        plain = explicit_data(value) if isinstance(value, BaseModel) else value
        lines.extend(_leaf_lines(name, plain, indent))
    return lines


def _unanswered(model: BaseModel, parts: tuple[str, ...]) -> BaseModel:
    """``model`` with the answer at ``parts`` written as null (unknown)."""
    head, *rest = parts
    value = None if not rest else _unanswered(getattr(model, head), tuple(rest))
    return model.model_copy(update={head: value})


#: Answers ``new`` leaves unanswered because their default is a placeholder, not a choice: a
#: document would print it as the team's own words ("What the model predicts, and for
#: whom."), and say "your answer" of it. Key -> what applies until it is answered.
PLACEHOLDERS: dict[str, str] = {
    "project.name": "the document is titled my-ml-project, and Information Gaps asks for it",
    "project.description": "the document has no description until you write one",
}


def starter_answers() -> tuple[Answers, dict[str, Any]]:
    """What ``new`` writes: the design card's defaults, except the answers a repository scan
    proposes (the tools, the cloud, the jobs' install and Python), left unknown so that
    ``--repo`` can fill them, with the default each of those falls back to; and the
    placeholders (``PLACEHOLDERS``), left unknown so no document prints them as the team's."""
    from wizard.model.defaults import DEFAULTS, SCAN_FILLS

    answers: BaseModel = DEFAULTS
    assumed: dict[str, Any] = {}
    for key in SCAN_FILLS:
        assumed[key] = value_at(DEFAULTS, key)
        answers = _unanswered(answers, tuple(key.split(".")))
    for key in PLACEHOLDERS:
        answers = _unanswered(answers, tuple(key.split(".")))
    assert isinstance(answers, Answers)
    return answers, assumed


def new_answers_text() -> str:
    """The complete answers file of the design card's defaults, with a comment per key; the
    answers a scan fills are null, their comment saying the default they fall back to."""
    answers, assumed = starter_answers()
    return _HEADER + "\n".join(_section_lines(answers, (), 0, assumed)) + "\n"
