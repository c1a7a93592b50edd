"""Saving into the user's own answers file: their comments, key order, flow style and number
spelling survive, and only what changed is rewritten (ruamel.yaml's round-trip mode).

Loading stays strict (``wizard.io.loader``); this module only writes, and every text it
produces is read back through the strict loader before it is used: when the round trip would
not give exactly the answers asked for, the caller gets None and writes a plain dump.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from wizard.io.errors import AnswersError


def _represent_null(representer: Any, _: None) -> Any:
    # `key: null`, as the user and `mlops-wizard new` write it, not an empty `key:`.
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def _round_trip_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold the user's long lines
    yaml.representer.add_representer(type(None), _represent_null)
    # The layout our own dumper and `mlops-wizard new` write: list items under their key.
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


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


def _fresh(value: Any, like: Any = None) -> Any:
    """``value`` as a node to put in the document, in the flow style of ``like`` if any."""
    if isinstance(value, list):
        sequence = CommentedSeq(_fresh(item) for item in value)
        if isinstance(like, CommentedSeq) and like.fa.flow_style():
            sequence.fa.set_flow_style()
        return sequence
    if isinstance(value, dict):
        mapping = CommentedMap((key, _fresh(item)) for key, item in value.items())
        if isinstance(like, CommentedMap) and like.fa.flow_style():
            mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        # The model holds 1.0 for a typed 1; the file keeps the spelling `new` writes.
        return int(value)
    return value


def _update(node: CommentedMap, wanted: dict[str, Any]) -> None:
    """Make ``node`` hold exactly ``wanted``, touching only what differs."""
    for key in [key for key in node if key not in wanted]:
        del node[key]
    for position, (key, value) in enumerate(wanted.items()):
        if key in node:
            old = node[key]
            if isinstance(value, dict) and isinstance(old, CommentedMap) and not _same(old, value):
                _update(old, value)
            elif not _same(old, value):
                node[key] = _fresh(value, like=old)
            continue
        # A new key goes after the keys that precede it in the answers model's order.
        before = [name for name in list(wanted)[:position] if name in node]
        index = list(node).index(before[-1]) + 1 if before else 0
        node.insert(index, key, _fresh(value))


def round_trip_text(original: str, wanted: dict[str, Any], check: Any) -> str | None:
    """``original`` (the user's answers file) changed to hold exactly ``wanted`` (the explicit
    answers as plain data), or None when that cannot be done faithfully. ``check(text)``
    must return the explicit data the strict loader reads from ``text``."""
    yaml = _round_trip_yaml()
    try:
        document = yaml.load(original)
    except YAMLError:
        return None
    if not isinstance(document, CommentedMap):
        return None
    _update(document, wanted)
    buffer = io.StringIO()
    try:
        yaml.dump(document, buffer)
    except YAMLError:
        return None
    text = buffer.getvalue()
    try:
        if check(text) != wanted:
            return None
    except AnswersError:
        return None
    return text
