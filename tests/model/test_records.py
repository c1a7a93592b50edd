"""``pick``/``rows`` (records → plain data): what the spec rests on until it is a model of
its own."""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from wizard.model.plain import pick, plain, rows
from wizard.model.plans import RolloutStrategy


@dataclass(frozen=True)
class _Source:
    name: str
    tags: tuple[str, ...]
    env: dict[str, str]
    extra: int = 7


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


def test_an_enum_is_written_as_its_value() -> None:
    value = plain(RolloutStrategy.CHAMPION_CHALLENGER)
    assert type(value) is str
    assert yaml.safe_dump({"strategy": value}) == "strategy: champion-challenger\n"


def test_only_canary_and_device_cohorts_are_staged_by_share() -> None:
    assert {strategy for strategy in RolloutStrategy if strategy.staged} == {
        RolloutStrategy.CANARY,
        RolloutStrategy.STAGED_COHORTS,
    }
