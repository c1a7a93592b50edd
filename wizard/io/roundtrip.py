"""Saving into the user's own answers file: their comments, key order, flow style, quoting and
number spelling survive, and only what changed is rewritten.

The parser that loads answers files (``wizard.io.yamlio.compose``: PyYAML's C parser, YAML 1.2
scalars) composes the user's text, and every node knows where it starts and ends in it. A change
is then a splice at those places: a value replaced where it is written, a key removed with its
lines, a new key inserted after the key that precedes it in the answers' order. Everything else
is the user's text, character for character.

Every text produced is read back through the strict loader before it is used: when the splice
would not give exactly the answers asked for, or cannot be made faithfully (an anchor shared by
two keys, a key that does not start its line), the caller gets None and writes a plain dump.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from wizard.io.errors import AnswersError
from wizard.io.yamlio import NumberTooLarge, ScalarReader, compose, entry_lines

#: Wide enough that a long value the user types is never folded onto a second line.
_NEVER_FOLD = 4096
_COMMENT_AFTER = re.compile(r"( +)#")


class _CannotSplice(Exception):
    """The change cannot be written into the user's text faithfully: write a plain dump."""


class _Unreadable:
    """A value the strict loader would refuse (an unknown tag): never equal to an answer."""


_UNREADABLE = _Unreadable()


@dataclass(frozen=True)
class _Splice:
    start: int
    end: int
    text: str
    order: int  # insertions at one place land in the order they were made


def _same(old: Any, new: Any) -> bool:
    """Equal as answers, so the user's spelling (``100`` for 100.0, quotes) can stay."""
    if isinstance(old, bool) != isinstance(new, bool):
        return False  # True == 1 in Python; not in an answers file
    if isinstance(new, dict) or isinstance(old, dict):
        return (
            isinstance(old, dict)
            and isinstance(new, dict)
            and old.keys() == new.keys()
            and all(_same(old[key], new[key]) for key in new)
        )
    if isinstance(new, list) or isinstance(old, list):
        return (
            isinstance(old, list)
            and isinstance(new, list)
            and len(old) == len(new)
            and all(_same(a, b) for a, b in zip(old, new, strict=True))
        )
    return bool(old == new) and (old is None) == (new is None)


def _fresh(value: Any) -> Any:
    """``value`` as it is written: the model holds 1.0 for a typed 1, the file keeps the
    spelling ``new`` writes."""
    if isinstance(value, list):
        return [_fresh(item) for item in value]
    if isinstance(value, dict):
        return {key: _fresh(item) for key, item in value.items()}
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _plain(node: yaml.Node, scalars: ScalarReader) -> Any:
    """The value the loader reads from ``node``."""
    if isinstance(node, yaml.ScalarNode):
        try:
            return scalars.value(node)
        except (yaml.YAMLError, NumberTooLarge):
            return _UNREADABLE
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, scalars) for item in node.value]
    if any(not isinstance(key, yaml.ScalarNode) for key, _ in node.value):
        return _UNREADABLE
    return {key.value: _plain(value, scalars) for key, value in node.value}


def _block(name: str, value: Any, inline: bool = False) -> list[str]:
    """``name: value`` as ``mlops-wizard new`` writes it, one string per line."""
    return entry_lines(name, _fresh(value), width=_NEVER_FOLD, inline=inline)


def _flow(value: Any) -> str:
    """``value`` written as inside a flow collection (``{breaches: 2, windows: 5}``), where
    text is quoted by the rules of flow context: as the one item of a flow list."""
    line, *more = entry_lines("k", [_fresh(value)], width=_NEVER_FOLD, inline=True)
    if more or not line.startswith("k: [") or not line.endswith("]"):
        raise _CannotSplice
    return line[len("k: [") : -1]


class _Document:
    """The user's text and the splices to make in it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.scalars = ScalarReader()
        self._splices: list[_Splice] = []
        self._order = itertools.count()

    def splice(self, start: int, end: int, text: str) -> None:
        self._splices.append(_Splice(start, end, text, next(self._order)))

    def result(self) -> str:
        text = self.text
        limit = len(text)
        # From the end, so earlier places keep their offsets; at one place the wider splice
        # first, then the insertions there, last made first, so they read in order made.
        for cut in sorted(self._splices, key=lambda s: (s.start, s.end, s.order), reverse=True):
            if cut.end > limit:
                raise _CannotSplice  # two changes overlap
            text = text[: cut.start] + cut.text + text[cut.end :]
            limit = cut.start
        return text

    def line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def line_end(self, index: int) -> int:
        """Just past the line break that ends the line holding ``index``."""
        newline = self.text.find("\n", index)
        return len(self.text) if newline < 0 else newline + 1

    def starts_line(self, node: yaml.Node) -> bool:
        index = node.start_mark.index
        return not self.text[self.line_start(index) : index].strip()

    def lead(self, key: yaml.Node) -> int:
        """Where the entry of ``key`` begins: its line, or the comment lines just above it at
        its indentation (no blank line between), which say what the key is and go with it."""
        start = self.line_start(key.start_mark.index)
        while start > 0:
            above = self.line_start(start - 1)
            line = self.text[above:start]
            if not line.lstrip(" ").startswith("#") or line.index("#") != key.start_mark.column:
                break
            start = above
        return start

    def content_end(self, node: yaml.Node) -> int:
        """Just past the last character of ``node``'s own text (a block collection's end is
        where the next key begins, after the comments and blank lines between)."""
        if isinstance(node, yaml.CollectionNode) and not node.flow_style and node.value:
            last = node.value[-1]
            return self.content_end(last[1] if isinstance(last, tuple) else last)
        end = node.end_mark.index
        if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
            while end > node.start_mark.index and self.text[end - 1] in " \n":
                end -= 1
        return end

    def entry_end(self, value: yaml.Node) -> int:
        """Just past the line that ends an entry whose value is ``value``."""
        return self.line_end(max(self.content_end(value) - 1, 0))

    def colon_end(self, key: yaml.Node) -> int:
        index = key.end_mark.index
        while self.text[index : index + 1] == " ":
            index += 1
        if self.text[index : index + 1] != ":":
            raise _CannotSplice  # an explicit "? key" or an odd layout
        return index + 1

    # -- block mappings ----------------------------------------------------------------

    def replace_block_value(self, key: yaml.Node, old: yaml.Node, value: Any) -> None:
        # The user's flow style is kept; an empty [] or {} is how YAML writes empty, no style.
        flow = isinstance(old, yaml.CollectionNode) and bool(old.flow_style) and bool(old.value)
        first, *rest = _block("k", value, inline=flow)
        written = first[2:]  # after "k:": " value", " |-" or "" (a block collection)
        start, end = old.start_mark.index, old.end_mark.index
        one_line = old.start_mark.line == old.end_mark.line == key.start_mark.line
        if not rest and one_line and getattr(old, "style", None) not in ("|", ">"):
            self._replace_in_line(start, end, written if start == end else written[1:])
            return
        colon = self.colon_end(key)
        if old.start_mark.line > key.start_mark.line:  # the value begins below its key
            kept = self.text[colon : self.line_end(colon)].rstrip("\n")
        elif "\n" not in self.text[start : self.content_end(old)]:  # a comment after it
            after = self.text[end : self.line_end(end)].rstrip("\n")
            kept = after if _COMMENT_AFTER.match(after) else ""
        else:
            kept = ""
        if kept.strip() and not kept.strip().startswith("#"):
            raise _CannotSplice
        indent = " " * key.start_mark.column
        below = "".join(f"{indent}{line}\n" for line in rest)
        self.splice(colon, self.entry_end(old), f"{written}{kept}\n{below}")

    def _replace_in_line(self, start: int, end: int, written: str) -> None:
        """Replace one line's value, keeping a comment after it in its column."""
        after = self.text[end : self.line_end(end)]
        comment = _COMMENT_AFTER.match(after)
        if comment is None:
            self.splice(start, end, written)
            return
        gap = len(comment.group(1)) + (end - start) - len(written)
        self.splice(start, end + len(comment.group(1)), written + " " * max(gap, 1))

    def remove_block_entry(self, key: yaml.Node, value: yaml.Node) -> None:
        if not self.starts_line(key):
            raise _CannotSplice
        self.splice(self.lead(key), self.entry_end(value), "")

    def insert_entry(
        self,
        mapping: yaml.MappingNode,
        after: yaml.Node | None,
        first: yaml.Node,
        name: str,
        value: Any,
    ) -> None:
        """A new entry in ``mapping``, after the entry whose value is ``after``, or (None)
        before the entry whose key is ``first``."""
        if mapping.flow_style:
            entry = f"{name}: {_flow(value)}"
            if after is not None:
                self.splice(after.end_mark.index, after.end_mark.index, f", {entry}")
            else:
                self.splice(first.start_mark.index, first.start_mark.index, f"{entry}, ")
            return
        if after is not None:
            at = self.entry_end(after)
        elif self.starts_line(first):
            at = self.lead(first)
        else:
            raise _CannotSplice  # the first key shares its line ("- key: ...")
        indent = " " * first.start_mark.column
        lines = "".join(f"{indent}{line}\n" for line in _block(name, value))
        if at == len(self.text) and self.text and not self.text.endswith("\n"):
            lines = "\n" + lines
        self.splice(at, at, lines)

    def remove_flow_entries(
        self, entries: list[tuple[yaml.Node, yaml.Node]], wanted: dict[str, Any]
    ) -> None:
        """Remove the entries not ``wanted`` from a flow mapping (some are kept): each run of
        them with the comma that joined it to the kept entry after it, or before it."""
        index = 0
        while index < len(entries):
            if entries[index][0].value in wanted:
                index += 1
                continue
            last = index
            while last + 1 < len(entries) and entries[last + 1][0].value not in wanted:
                last += 1
            if last + 1 < len(entries):
                start, end = entries[index][0].start_mark, entries[last + 1][0].start_mark
            else:
                start, end = entries[index - 1][1].end_mark, entries[last][1].end_mark
            self.splice(start.index, end.index, "")
            index = last + 1


def _update(document: _Document, node: yaml.MappingNode, wanted: dict[str, Any]) -> None:
    """Splice ``node`` (a mapping of the user's text) into holding exactly ``wanted``: what
    is gone removed, what changed replaced where it is written (a mapping changed key by
    key), what is new inserted after the key before it in ``wanted``'s order."""
    entries: list[tuple[yaml.Node, yaml.Node]] = list(node.value)
    names = [key.value for key, _ in entries]
    if len(set(names)) != len(names) or any(
        not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge"
        for key, _ in entries
    ):
        raise _CannotSplice  # duplicate or merge keys: which one would change?
    present = {key.value: (key, value) for key, value in entries if key.value in wanted}
    if node.flow_style and not present:  # nothing of the user's text is left to keep
        document.splice(node.start_mark.index, node.end_mark.index, _flow(wanted))
        return
    if node.flow_style:
        document.remove_flow_entries(entries, wanted)
    else:
        for key, value in entries:
            if key.value not in wanted:
                document.remove_block_entry(key, value)
    first = next(iter(present.values()))[0] if present else entries[0][0]
    previous: yaml.Node | None = None  # the value of the entry a new key goes after
    for name, value in wanted.items():
        if name not in present:
            document.insert_entry(node, previous, first, name, value)
            continue
        key, old = present[name]
        previous = old
        if _same(_plain(old, document.scalars), value):
            continue
        if isinstance(value, dict) and value and isinstance(old, yaml.MappingNode) and old.value:
            _update(document, old, value)
        elif node.flow_style:
            document.splice(old.start_mark.index, old.end_mark.index, _flow(value))
        else:
            document.replace_block_value(key, old, value)


def _shares_nodes(root: yaml.Node) -> bool:
    """Whether an anchor's node is used again by an alias: a splice at one place would
    change, or miss, the other."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return False


def round_trip_text(
    original: str, wanted: dict[str, Any], check: Callable[[str], dict[str, Any]]
) -> str | None:
    """``original`` (the user's answers file) changed to hold exactly ``wanted`` (the explicit
    answers as plain data), or None when that cannot be done faithfully. ``check(text)``
    must return the explicit data the strict loader reads from ``text``."""
    bom = "\ufeff" if original.startswith("\ufeff") else ""
    body = original[len(bom) :]  # the parser's offsets do not count a byte-order mark
    try:
        root = compose(body)
    except (yaml.YAMLError, RecursionError):
        return None
    if not isinstance(root, yaml.MappingNode) or not root.value or _shares_nodes(root):
        return None
    document = _Document(body)
    try:
        _update(document, root, wanted)
        text = bom + document.result()
    except (_CannotSplice, RecursionError):
        return None
    try:
        if check(text) != wanted:
            return None
    except AnswersError:
        return None
    return text
