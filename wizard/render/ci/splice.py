"""Adding items to a top-level list of a CI file someone else wrote, in their text: the
``include:`` that brings the ML pipeline in, the stages it needs. Their comments, order,
quoting and flow style stay as they are; only lines (or, in a flow list, items) are added.

An edit is made only where it can be checked: the new text is read back and must hold
exactly the old data plus the added items. Anything this cannot follow (several documents,
a key written as a mapping where a list was expected, text that is not YAML) gives None, and
the caller says what to add by hand instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from wizard.io.yamlio import AnswersLoader, compose, dump_data


class _AnyTagLoader(AnswersLoader):
    """Reads a CI file with its platform's own tags (GitLab's ``!reference``) as plain data."""


def _plain(loader: yaml.BaseLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)


_AnyTagLoader.add_constructor(None, _plain)


def read_data(text: str) -> Any:
    """The one document in ``text`` as plain data; raises ``yaml.YAMLError``."""
    return yaml.load(text, Loader=_AnyTagLoader)


def root_mapping(text: str) -> dict[str, Any] | None:
    """The top-level mapping of ``text``, or None when it is not one readable document."""
    try:
        data = read_data(text)
    except (yaml.YAMLError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _flow(value: Any) -> str:
    """``value`` as one line of flow YAML (dumped as a list's item: a lone scalar would end
    with a document marker)."""
    listed = yaml.safe_dump([value], default_flow_style=True, width=10_000, sort_keys=False)
    return listed.strip()[1:-1]


def _content_end(node: yaml.Node) -> int:
    """Where the text of ``node`` ends: a block collection's own end mark lies past the
    comments and blank lines after it, so its last leaf is asked."""
    while isinstance(node, yaml.CollectionNode) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return node.end_mark.index


def _block_item(value: Any, indent: int) -> str:
    """``value`` as a block list item at column ``indent``, lines ending in a newline."""
    lines = dump_data([value]).splitlines()
    return "".join(" " * indent + line + "\n" for line in lines)


def _line_end(text: str, index: int) -> int:
    """The index just past the newline of the line holding ``index``."""
    newline = text.find("\n", index)
    return len(text) if newline == -1 else newline + 1


def _root_nodes(text: str) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
    try:
        node = compose(text)
    except (yaml.YAMLError, ValueError):
        return None
    if not isinstance(node, yaml.MappingNode):
        return None
    return {
        key.value: (key, value)
        for key, value in node.value
        if isinstance(key, yaml.ScalarNode) and isinstance(key.value, str)
    }


def _append(text: str, key: str, items: Sequence[Any]) -> str | None:
    """``text`` with ``items`` added at the end of its top-level list ``key`` (a list made
    from a lone value where needed)."""
    nodes = _root_nodes(text)
    if nodes is None or key not in nodes:
        return None
    key_node, value = nodes[key]
    if isinstance(value, yaml.SequenceNode) and value.flow_style:
        closing = value.end_mark.index - 1
        if text[closing] != "]":
            return None
        added = ", ".join(_flow(item) for item in items)
        separator = ", " if value.value else ""
        return text[:closing] + separator + added + text[closing:]
    if isinstance(value, yaml.SequenceNode) and value.value:
        at = _line_end(text, max(_content_end(value.value[-1]) - 1, 0))
        addition = "".join(_block_item(item, value.start_mark.column) for item in items)
        prefix = "" if text.endswith("\n") or at < len(text) else "\n"
        return text[:at] + prefix + addition + text[at:]
    if isinstance(value, yaml.ScalarNode):
        if value.tag == "tag:yaml.org,2002:null" and value.value in ("", "~", "null"):
            existing: list[str] = []
        else:
            existing = [text[value.start_mark.index : value.end_mark.index]]
        if "\n" in "".join(existing):
            return None
        flow = "[" + ", ".join([*existing, *(_flow(item) for item in items)]) + "]"
        if value.start_mark.index == value.end_mark.index:  # `key:` with nothing after it
            at = key_node.end_mark.index + 1  # past the colon
            return text[:at] + " " + flow + text[at:]
        return text[: value.start_mark.index] + flow + text[value.end_mark.index :]
    return None


def add_to_lists(text: str, additions: Mapping[str, Sequence[Any]]) -> str | None:
    """``text`` with each key's items added to its top-level list, checked by reading the
    result back; None when any addition cannot be made exactly."""
    before = root_mapping(text)
    if before is None:
        return None
    missing = {key: items for key, items in additions.items() if items and key not in before}
    edited = _new_keys(text, missing) if missing else text
    for key, items in additions.items():
        if not items or key in missing:
            continue
        result = _append(edited, key, items)
        if result is None:
            return None
        edited = result
    after = root_mapping(edited)
    expected = dict(before)
    for key, items in additions.items():
        old = before.get(key)
        if old is None:
            listed: list[Any] = []
        elif isinstance(old, list):
            listed = list(old)
        else:
            listed = [old]
        if items or key in before:
            expected[key] = [*listed, *items] if items else old
    if after is None or after != expected or list(after) != [*missing, *before]:
        return None
    return edited


def _new_keys(text: str, additions: Mapping[str, Sequence[Any]]) -> str:
    """``text`` with the keys of ``additions`` as block lists, before its first key (after
    any comment that opens the file)."""
    nodes = _root_nodes(text) or {}
    first = min((key.start_mark.index for key, _ in nodes.values()), default=len(text))
    start = text.rfind("\n", 0, first) + 1
    block = "".join(
        f"{key}:\n" + "".join(_block_item(item, 2) for item in items)
        for key, items in additions.items()
    )
    if start == len(text) and text and not text.endswith("\n"):
        block = "\n" + block
    return text[:start] + block + text[start:]
