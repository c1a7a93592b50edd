"""YAML in and out, in one place.

In: one parser for answers files, PyYAML's C parser with a safe loader that resolves plain
scalars by the YAML 1.2 core schema: only ``true``/``false`` are booleans (the maturity answers
``yes`` and ``no`` stay text), ``010`` is ten (not octal eight), ``1:30`` is text (not
sexagesimal ninety), ``0o17`` and ``0x1f`` are numbers. ``compose`` gives the node graph with
where each node starts and ends in the text: the loader checks and validates it (with line
numbers), and saving splices changes into the user's text at those places (comments kept).
Out: dumpers of plain data, never string templates: block style, keys in insertion order,
multi-line strings as literal blocks.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml

from wizard.model.cron import cron_problem

try:  # the C loader is several times faster; the pure one behaves the same
    _BaseSafeLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseSafeLoader = yaml.SafeLoader

_YAML12_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


def _yaml12_resolvers(cls: type) -> None:
    """Replace YAML 1.1's yes/no/on/off booleans with YAML 1.2's true/false only."""
    cls.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
        for first, resolvers in cls.yaml_implicit_resolvers.copy().items()
    }
    cls.add_implicit_resolver("tag:yaml.org,2002:bool", _YAML12_BOOL, list("tTfF"))


_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_YAML12_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_YAML12_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


class NumberTooLarge(ValueError):
    """A number that no float can hold (``1e400``): refused, never read as infinity."""


def _yaml12_numbers(cls: type) -> None:
    """Replace YAML 1.1's numbers (octal ``010``, sexagesimal ``1:30``, ``1_000``) with the
    YAML 1.2 core schema's."""
    cls.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in (_INT_TAG, _FLOAT_TAG)]
        for first, resolvers in cls.yaml_implicit_resolvers.copy().items()
    }
    cls.add_implicit_resolver(_INT_TAG, _YAML12_INT, list("-+0123456789"))
    cls.add_implicit_resolver(_FLOAT_TAG, _YAML12_FLOAT, list("-+.0123456789"))


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = loader.construct_scalar(node)
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


def _construct_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
    text = loader.construct_scalar(node)
    lowered = text.lower()
    if lowered.endswith(".nan"):
        return float("nan")
    if lowered.endswith(".inf"):
        return float("-inf") if text.startswith("-") else float("inf")
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise NumberTooLarge(f"{text} is too large for a number")
    return value


class AnswersLoader(_BaseSafeLoader):
    """Safe loader for answers files; the C parser's nodes carry lines for error messages
    too, and a garbage file of 1 MiB composes in a fraction of the pure parser's time."""


_yaml12_resolvers(AnswersLoader)
_yaml12_numbers(AnswersLoader)
AnswersLoader.add_constructor(_INT_TAG, _construct_int)
AnswersLoader.add_constructor(_FLOAT_TAG, _construct_float)

#: YAML 1.2 has no timestamps: a date-like value stays the text the user wrote.
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


def compose(text: str) -> yaml.Node | None:
    """The node graph of the one YAML document in ``text`` (None when it is empty), nothing
    constructed yet: each node with its YAML 1.2 tag and its ``start_mark``/``end_mark`` (line,
    column, and index into ``text``, which does not count a leading byte-order mark). An alias
    is the very node of its anchor. Raises ``yaml.YAMLError`` on text that is not YAML."""
    loader = AnswersLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


class ScalarReader:
    """The values of composed scalar nodes, as answers files read them (one per graph: the
    constructor remembers every node it built)."""

    def __init__(self) -> None:
        self._constructor = AnswersLoader("")

    def value(self, node: yaml.ScalarNode) -> Any:
        """Raises ``yaml.YAMLError`` for a tag with no safe value, ``NumberTooLarge``."""
        if node.tag == TIMESTAMP_TAG:
            return node.value
        return self._constructor.construct_object(node)


# A YAML reader turns these into a plain newline (or folds them) outside double quotes, so
# text holding them is written double-quoted with escapes to load back character for character.
_NORMALISED_BREAKS = ("\r", "\x85", "\u2028", "\u2029")

# Plain scalars a YAML 1.2 reader (GitHub, GitLab, editors, ruamel) takes for a number, a
# boolean or null. PyYAML quotes by YAML 1.1 rules and would leave ``0E0`` or ``0o17`` plain.
_YAML12_NOT_TEXT = re.compile(
    r"""^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE
    |[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+
    |[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$""",
    re.VERBOSE,
)


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    """Text that loads back as the same text in YAML 1.1 and 1.2 readers alike; multi-line
    text as a literal block; cron expressions quoted, as every CI platform documents them."""
    if any(line_break in text for line_break in _NORMALISED_BREAKS):
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')
    if "\n" in text:
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|")
    if text == "" or _YAML12_NOT_TEXT.match(text) or _looks_like_cron(text):
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="'")
    return dumper.represent_str(text)


def _looks_like_cron(text: str) -> bool:
    return text.count(" ") >= 4 and cron_problem(text) is None


class DataDumper(yaml.SafeDumper):
    """Dumper for documents other tools read (spec, CI files): YAML 1.1-safe quoting, so
    ``on``, ``yes`` or ``no`` as strings come out quoted and no reader mistakes them."""

    def ignore_aliases(self, data: Any) -> bool:  # a document reads better with no anchors
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as CI documentation and most editors do.
        super().increase_indent(flow, False)


DataDumper.add_representer(str, _represent_str)


class AnswersDumper(DataDumper):
    """Dumper for answers files: YAML 1.2 booleans, so ``no`` is written plain, as a person
    would write it, and reads back through ``AnswersLoader`` as the string ``no``."""


_yaml12_resolvers(AnswersDumper)


def entry_lines(name: str, value: Any, *, width: int, inline: bool = False) -> list[str]:
    """``name: value`` as answers files are written, one string per line: a list or mapping
    value below its key in block style, or with ``inline`` on the key's line in flow style
    (``[a, b]``, ``{k: 1}``). Keys in the order given, as in every answers file."""
    representer = AnswersDumper(None, sort_keys=False)
    value_node = representer.represent_data(value)
    if inline and isinstance(value_node, yaml.CollectionNode):
        value_node.flow_style = True
    entry = yaml.MappingNode(
        "tag:yaml.org,2002:map", [(representer.represent_data(name), value_node)], False
    )
    text = yaml.serialize(entry, Dumper=AnswersDumper, allow_unicode=True, width=width)
    return text.splitlines()


def dump_data(data: Any, dumper: type[yaml.SafeDumper] = DataDumper) -> str:
    """Plain data as deterministic block-style YAML text."""
    return yaml.dump(
        data,
        Dumper=dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so a crash leaves either the old file or the new one:
    a temporary file in the same folder, fsync, rename, then fsync the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
    )
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    try:
        directory = os.open(path.parent, os.O_RDONLY)
    except OSError:  # some platforms cannot open a folder; the rename is still atomic
        return
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
