"""Reading answers files: safe YAML in, a validated ``Answers`` out, or every problem at once.

The YAML is composed into a node graph first (never constructed blindly), so that before any
value exists we can refuse alias bombs and non-plain tags, notice duplicate keys (PyYAML
would silently keep the last) and remember the line of every key and list item. pydantic then
validates the plain data, and each of its errors is turned into one line that names the file,
the line, the key path, what was given and what is allowed.
"""

from __future__ import annotations

import dataclasses
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from wizard.io.errors import (
    AnswersError,
    KeyPath,
    Problem,
    allowed_at,
    key_text,
    problems_from_validation,
)
from wizard.io.huge_numbers import refuse_huge_integers
from wizard.io.yamlio import TIMESTAMP_TAG, NumberTooLarge, ScalarReader, compose
from wizard.model.answers import SCHEMA_VERSION, Answers

MAX_BYTES = 1024 * 1024
#: How many values aliases may add on top of the values written out: an answers file needs
#: a handful at most, a "billion laughs" file needs billions.
ALIAS_EXPANSION_BUDGET = 10_000
#: An answers file nests four levels deep; anything far deeper is not an answers file.
MAX_DEPTH = 32

_TAG = "tag:yaml.org,2002:"
_PLAIN_SCALAR_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null")}
_COLLECTION_TAGS = {f"{_TAG}seq", f"{_TAG}map"}
_TOO_LARGE = f"the file is over 1 MiB (allowed: at most {MAX_BYTES} bytes for an answers file)"
_EXPECTED_TOP = f"a mapping of keys that starts with schema_version: {SCHEMA_VERSION}"


class _Dropped:
    """A value left out because it was refused (its problem is recorded)."""


_DROPPED = _Dropped()


@dataclass
class _Reading:
    """Plain data read from YAML, the line of every key path, and the problems met."""

    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _fail(source: str, message: str, line: int | None = None, key: str = "") -> AnswersError:
    return AnswersError([Problem(source, line, key, message)])


def _decode(raw: str | bytes, source: str) -> str:
    if isinstance(raw, str):
        raw_size = len(raw.encode("utf-8", errors="surrogatepass"))
    else:
        raw_size = len(raw)
    if raw_size > MAX_BYTES:
        raise _fail(source, _TOO_LARGE)
    if isinstance(raw, bytes):
        if b"\0" in raw:
            line = raw.count(b"\n", 0, raw.index(b"\0")) + 1
            raise _fail(source, "this is a binary file, not YAML text (allowed: UTF-8 text)", line)
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = raw.count(b"\n", 0, error.start) + 1
            byte = raw[error.start]
            raise _fail(
                source, f"byte 0x{byte:02x} is not UTF-8 (allowed: UTF-8 text)", line
            ) from None
    if "\0" in raw:
        line = raw.count("\n", 0, raw.index("\0")) + 1
        raise _fail(source, "this is a binary file, not YAML text (allowed: UTF-8 text)", line)
    return raw


def _compose(text: str, source: str) -> yaml.Node | None:
    try:
        return compose(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        if "nesting depth" in (error.problem or ""):  # libyaml's own limit
            raise _fail(
                source, f"nested too deeply (allowed: at most {MAX_DEPTH} levels)", line
            ) from None
        what = "; ".join(part for part in (error.context, error.problem) if part)
        raise _fail(source, f"not valid YAML: {what}", line) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        raise _fail(
            source, f"character {error.character!r} is not allowed in YAML text", line
        ) from None
    except yaml.YAMLError as error:
        raise _fail(source, f"not valid YAML: {error}") from None
    except RecursionError:
        raise _fail(source, f"nested too deeply (allowed: at most {MAX_DEPTH} levels)") from None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    return []


def _check_alias_expansion(root: yaml.Node, source: str) -> None:
    """Refuse a node graph whose aliases expand it far beyond what is written (or loop).

    Sizes are memoised per node, so the check costs one visit per written node however
    large the expansion would be."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    extra = 0

    def expanded(node: yaml.Node) -> int:
        nonlocal extra
        if id(node) in sizes:  # an alias: its whole subtree is repeated
            extra += sizes[id(node)]
            if extra > ALIAS_EXPANSION_BUDGET:
                raise _fail(
                    source,
                    "aliases expand the document by more than "
                    f"{ALIAS_EXPANSION_BUDGET} values (allowed: a few small anchors)",
                    node.start_mark.line + 1,
                )
            return sizes[id(node)]
        if id(node) in open_nodes:
            raise _fail(
                source,
                "an alias refers to its own anchor (allowed: aliases of finished values)",
                node.start_mark.line + 1,
            )
        open_nodes.add(id(node))
        total = 1 + sum(expanded(child) for child in _children(node))
        open_nodes.discard(id(node))
        sizes[id(node)] = total
        return total

    expanded(root)


class _Builder:
    """Turns a composed node graph into plain data, recording lines and problems."""

    def __init__(self, source: str, prefix: KeyPath = ()) -> None:
        self.source = source
        self.reading = _Reading(data=None)
        self.prefix = prefix
        self._scalars = ScalarReader()

    def problem(self, node: yaml.Node, path: KeyPath, message: str) -> None:
        line = node.start_mark.line + 1
        self.reading.problems.append(Problem(self.source, line, key_text(path), message))

    def build(self, node: yaml.Node, path: KeyPath, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            named = tuple(part for part in path if isinstance(part, str))
            raise _fail(
                self.source,
                f"nested too deeply (allowed: at most {MAX_DEPTH} levels)",
                node.start_mark.line + 1,
                key_text(named[:1]),
            )
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        if node.tag not in _COLLECTION_TAGS:
            self._refuse_tag(node, path)
            return _DROPPED
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, child in enumerate(node.value):
                self.reading.lines.setdefault((*path, index), child.start_mark.line + 1)
                value = self.build(child, (*path, index), depth + 1)
                if value is not _DROPPED:
                    items.append(value)
            return items
        return self._mapping(node, path, depth)

    def _refuse_tag(self, node: yaml.Node, path: KeyPath) -> None:
        tag = node.tag.replace(_TAG, "!!")
        self.problem(
            node, path, f"YAML tag {tag} is not allowed (allowed: plain values, lists, mappings)"
        )

    def _scalar(self, node: yaml.ScalarNode, path: KeyPath) -> Any:
        if node.tag not in _PLAIN_SCALAR_TAGS and node.tag != TIMESTAMP_TAG:
            self._refuse_tag(node, path)
            return _DROPPED
        try:
            return self._scalars.value(node)
        except NumberTooLarge as error:
            self.problem(node, path, f"{error} (allowed: {allowed_at(path)})")
            return _DROPPED

    def _mapping(self, node: yaml.MappingNode, path: KeyPath, depth: int) -> Any:
        result: dict[str, Any] = {}
        first_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == f"{_TAG}merge":
                self.problem(key_node, path, "merge keys (<<) are not supported (allowed: keys)")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, path, "a key must be a plain name, not a list or mapping")
                continue
            key = key_node.value
            key_path = (*path, key)
            if key in first_lines:
                self.problem(
                    key_node,
                    key_path,
                    f"duplicate key, first set on line {first_lines[key]} (allowed: each key once)",
                )
            first_lines.setdefault(key, line)
            self.reading.lines[key_path] = line
            value = self.build(value_node, key_path, depth + 1)
            if value is _DROPPED:
                result.pop(key, None)
            else:
                result[key] = value
        return result


def _read(raw: str | bytes, source: str, prefix: KeyPath = ()) -> _Reading:
    """YAML text -> plain data with lines; fatal problems raise, the rest are collected."""
    text = _decode(raw, source)
    refuse_huge_integers(text, source)
    root = _compose(text, source)
    if root is None:
        return _Reading(data=None)
    _check_alias_expansion(root, source)
    builder = _Builder(source, prefix)
    try:
        data = builder.build(root, prefix)
    except RecursionError:
        raise _fail(source, f"nested too deeply (allowed: at most {MAX_DEPTH} levels)") from None
    builder.reading.data = None if data is _DROPPED else data
    builder.reading.lines.setdefault(prefix, root.start_mark.line + 1)
    return builder.reading


def read_mapping(raw: str | bytes, source: str) -> _Reading:
    reading = _read(raw, source)
    if reading.data is None and not reading.problems:
        raise _fail(source, f"the file is empty (allowed: {_EXPECTED_TOP})", 1)
    if not isinstance(reading.data, dict):
        if reading.problems:
            raise AnswersError(reading.problems)
        kind = "a list" if isinstance(reading.data, list) else "a single value"
        raise _fail(source, f"the top level is {kind} (allowed: {_EXPECTED_TOP})", 1)
    return reading


def sorted_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda problem: (problem.line or 0, problem.key, problem.message))


def validate_data(data: Any, source: str, lines: dict[KeyPath, int] | None = None) -> Answers:
    """Plain data -> Answers, or AnswersError naming every problem (``lines`` gives lines)."""
    try:
        return Answers.model_validate(data)
    except ValidationError as error:
        raise AnswersError(
            sorted_problems(problems_from_validation(error, source, lines or {}))
        ) from None


def parse_answers(text: str | bytes, source: str) -> Answers:
    """Answers file text -> Answers; AnswersError lists every problem of the file."""
    reading = read_mapping(text, source)
    try:
        answers = validate_data(reading.data, source, reading.lines)
    except AnswersError as error:
        raise AnswersError(sorted_problems([*reading.problems, *error.problems])) from None
    if reading.problems:
        raise AnswersError(sorted_problems(reading.problems))
    return answers


def read_source(path: Path) -> bytes:
    """The bytes of an answers file, refusing to read more than the size limit, and anything
    but a regular file: a FIFO or a device would block the command (and the session) forever.

    Opened without blocking and checked with fstat, so the file checked is the file read."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise _fail(str(path), f"cannot read the file: {error.strerror or error}") from None
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
            raise _fail(str(path), f"this is {kind} (allowed: an answers file, or - for stdin)")
        os.set_blocking(descriptor, True)
        with os.fdopen(descriptor, "rb") as handle:
            descriptor = -1
            return handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise _fail(str(path), f"cannot read the file: {error.strerror or error}") from None
    finally:
        if descriptor >= 0:
            os.close(descriptor)


def load_answers(path: Path) -> Answers:
    """Read and validate the answers file at ``path``."""
    raw = read_source(path)
    if len(raw) > MAX_BYTES:
        raise _fail(str(path), _TOO_LARGE)
    return parse_answers(raw, str(path))


def parse_value(text: str, source: str, path: KeyPath) -> Any:
    """One YAML value given for the key at ``path`` (a ``--set`` value), same checks as a file.

    Problems name the key; lines inside a one-line value would only confuse."""
    try:
        reading = _read(text, source, prefix=path)
        problems = reading.problems
    except AnswersError as error:
        problems = list(error.problems)
    if problems:
        if text.lstrip().startswith(("*", "&")) and any(
            "alias" in problem.message or "anchor" in problem.message for problem in problems
        ):
            # A cron such as */15 * * * * reads as a YAML alias: say how to write it instead.
            key = key_text(path)
            problems = [
                Problem(
                    source,
                    None,
                    key,
                    f"a value starting with {text.lstrip()[0]} reads as a YAML alias; quote it "
                    f"(allowed: {key}='\"{text.strip()}\"')",
                )
            ]
        raise AnswersError(
            dataclasses.replace(problem, line=None, key=problem.key or key_text(path))
            for problem in sorted_problems(problems)
        )
    return reading.data
