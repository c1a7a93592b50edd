"""A repository's YAML as PyYAML's node graph: values with the line each is written on, never
constructed (no tag of the repository's runs, an alias is the node it names, so a billion
laughs costs nothing until walked, and the walks here go a few fixed levels deep).

Line numbers are 1-based in the file as read.
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Merge keys (``<<: *defaults``) followed at most this deep, so a loop of them ends.
_MERGE_DEPTH = 4


def compose(text: str) -> Node | None:
    """The document's root node; None when it is no YAML (or several documents)."""
    try:
        return yaml.compose(text, Loader=_LOADER)
    except (yaml.YAMLError, RecursionError, ValueError):
        return None


def line(node: Node) -> int:
    return node.start_mark.line + 1


def text(node: Node | None) -> str | None:
    """A scalar's text; None for anything else."""
    return node.value if isinstance(node, ScalarNode) else None


def pairs(node: Node | None, depth: int = 0) -> Iterator[tuple[str, Node, Node]]:
    """(key text, key node, value node) of a mapping, merge keys followed; nothing for
    anything else. Keys that are no scalar are passed over."""
    if not isinstance(node, MappingNode):
        return
    for key, value in node.value:
        name = text(key)
        if name == "<<" and depth < _MERGE_DEPTH:
            merged = value.value if isinstance(value, SequenceNode) else [value]
            for item in merged:
                yield from pairs(item, depth + 1)
        elif name is not None:
            yield name, key, value


def get(node: Node | None, name: str) -> Node | None:
    """The value of key ``name`` in a mapping (the last one written wins, as in YAML)."""
    found = None
    for key, _, value in pairs(node):
        if key == name:
            found = value
    return found


def items(node: Node | None) -> list[Node]:
    """A sequence's items; a single node as a list of one; nothing for None."""
    if node is None:
        return []
    if isinstance(node, SequenceNode):
        return list(node.value)
    return [node]


def scalar_lines(node: Node | None) -> list[tuple[int, str]]:
    """The lines of a scalar with the file line of each: a block scalar (``run: |``) starts on
    the line after its key; a plain or quoted one on its own line (a folded one is taken as
    written, line by line)."""
    value = text(node)
    if value is None or node is None:
        return []
    first = line(node)
    if getattr(node, "style", None) in ("|", ">"):
        first += 1
    return [(first + index, part) for index, part in enumerate(value.split("\n"))]


def strings(node: Node | None) -> list[tuple[int, str]]:
    """Every scalar of a scalar or a sequence of scalars (a script: lines or one block), each
    line with its file line."""
    found: list[tuple[int, str]] = []
    for item in items(node):
        found += scalar_lines(item)
    return found
