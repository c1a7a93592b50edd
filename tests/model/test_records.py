"""``pick``/``rows`` (records → plain data) and ``carried`` (a record from another of the
same field names): what the spec and the engine's builders rest on."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import yaml

from wizard.model.plain import pick, rows
from wizard.model.records import carried


@dataclass(frozen=True)
class _Source:
    name: str
    tags: tuple[str, ...]
    env: dict[str, str]
    extra: int = 7


@dataclass(frozen=True)
class _Target:
    name: str
    extra: int
    note: str


def test_pick_keeps_the_given_order_renames_and_copies_containers() -> None:
    source = _Source("a", ("x", "y"), {"K": "v"})
    data = pick(source, ("tags", ("title", "name"), "env"))
    assert list(data) == ["tags", "title", "env"]
    assert data == {"tags": ["x", "y"], "title": "a", "env": {"K": "v"}}
    assert data["env"] is not source.env
    # Lists and dicts, never tuples: safe_dump writes them as plain YAML.
    assert yaml.safe_load(yaml.safe_dump(data)) == data


def test_rows_is_one_pick_per_record() -> None:
    records = [_Source("a", (), {}), _Source("b", ("t",), {})]
    assert rows(records, ("name", "tags")) == [
        {"name": "a", "tags": []},
        {"name": "b", "tags": ["t"]},
    ]


def test_carried_reads_same_named_fields_and_takes_the_computed_ones() -> None:
    target = carried(_Target, _Source("a", (), {}, extra=3), note="computed")
    assert target == _Target(name="a", extra=3, note="computed")
    assert carried(_Target, _Source("a", (), {}), extra=1, note="n").extra == 1


def test_carried_names_what_the_source_lacks() -> None:
    with pytest.raises(AttributeError, match="note"):
        carried(_Target, _Source("a", (), {}))
    with pytest.raises(TypeError, match="bogus"):
        carried(_Target, _Source("a", (), {}), note="n", bogus=1)
