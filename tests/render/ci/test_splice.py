"""Adding items to a top-level list of a CI file someone else wrote: for any file our dumper
or a person in flow style could write, the edit keeps every line of theirs and adds exactly
the items; what it cannot follow it refuses (None), never a different file."""

from __future__ import annotations

import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from wizard.io.yamlio import dump_data
from wizard.render.ci.splice import add_to_lists, root_mapping

NAMES = st.text(alphabet="abcdefghij_-", min_size=1, max_size=8).filter(
    lambda name: name[0].isalpha()
)
SCALARS = st.one_of(NAMES, st.integers(0, 99), st.booleans())
VALUES = st.one_of(
    SCALARS,
    st.lists(SCALARS, max_size=4),
    st.dictionaries(NAMES, st.one_of(SCALARS, st.lists(SCALARS, max_size=3)), max_size=3),
)
FILES = st.dictionaries(NAMES, VALUES, min_size=1, max_size=6)
ADDED = st.lists(st.one_of(NAMES, st.fixed_dictionaries({"local": NAMES})), min_size=1, max_size=3)


def _kept(original: str, edited: str) -> bool:
    remaining = iter(edited.splitlines())
    return all(any(line == other for other in remaining) for line in original.splitlines())


@given(data=FILES, key=NAMES, items=ADDED, flow=st.booleans(), comment=st.booleans())
@example(data={"a": {}}, key="a", items=["x"], flow=False, comment=False)  # a mapping: refused
@example(data={"a": 0}, key="a", items=["x"], flow=False, comment=False)  # a lone value: listed
def test_items_are_added_and_nothing_else_changes(
    data: dict, key: str, items: list, flow: bool, comment: bool
) -> None:
    text = (
        yaml.safe_dump(data, default_flow_style=None, sort_keys=False) if flow else dump_data(data)
    )
    if comment:
        text = "# the team's own CI\n" + text.replace("\n", "  # theirs\n", 1)
    edited = add_to_lists(text, {key: items})
    old = data.get(key)
    if edited is None:
        # Only a mapping (a value that is neither a list nor a lone value), or a file that is one
        # flow mapping, is refused.
        flow_root = text.removeprefix("# the team's own CI\n").startswith("{")
        assert isinstance(old, dict) or flow_root
        return
    # Every line is kept, but the key's own line where the items go into it (a flow list, a
    # lone value made a list).
    theirs = "".join(line for line in text.splitlines(True) if not line.startswith(f"{key}:"))
    assert _kept(theirs, edited)
    after = root_mapping(edited)
    assert after is not None
    listed = [] if old is None else old if isinstance(old, list) else [old]
    assert after == {**({key: None} if key not in data else {}), **data, key: [*listed, *items]}


def test_an_empty_key_gains_a_list_and_a_comment_after_an_item_stays_with_it() -> None:
    text = "stages:\n  - test  # ours\n\n# jobs\njob:\n  script: [x]\n"
    edited = add_to_lists(text, {"stages": ["check"]})
    assert edited == "stages:\n  - test  # ours\n  - check\n\n# jobs\njob:\n  script: [x]\n"
    assert add_to_lists("include:\njob: {}\n", {"include": ["a.yml"]}) == (
        "include: [a.yml]\njob: {}\n"
    )
    assert add_to_lists("a: 1\n---\nb: 2\n", {"a": [2]}) is None  # two documents
