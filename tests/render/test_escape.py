"""The escape filters: whatever the user types, it reads back as typed and breaks nothing."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wizard.render.escape import (
    cell_code,
    cell_prose,
    code,
    control_free_line,
    md,
    md_block,
    mermaid,
)

# Characters with a meaning in Markdown or Mermaid, mixed with letters, digits and spaces.
_HOSTILE_ALPHABET = list("#*_[]()`|<>&\\-+=!~$:;.\"'{}%/1a é\n\t\r")
hostile_text = st.one_of(
    st.text(alphabet=st.sampled_from(_HOSTILE_ALPHABET), max_size=40),
    st.text(max_size=40),
)

HOSTILE_EXAMPLES = (
    "# Heading | cell",
    "`code` and ``double``",
    "<script>alert(1)</script> & &amp; &#35;",
    "line one\nline two\n\n## not a heading",
    "- list item",
    "1. ordered",
    "> quote",
    "---",
    "*bold* _emphasis_ snake_case_name __init__",
    "[link](https://example.com) ![image](x.png)",
    "name #",
    "~~strike~~ $maths$",
    "trailing backslash \\",
    '"quoted" --> [brackets] (parens) {braces}',
)


def test_control_free_line_collapses_whitespace_and_drops_control_characters() -> None:
    assert control_free_line("  a\n\tb\r\n c\x00d\x1b  ") == "a b cd"


@pytest.mark.parametrize("text", HOSTILE_EXAMPLES)
def test_md_in_a_heading_stays_one_plain_heading(text: str, structure) -> None:
    tokens = structure.parse(f"# {md(text)}\n")
    assert [token.type for token in tokens] == ["heading_open", "inline", "heading_close"]
    assert structure.plain_text(tokens[1]) == control_free_line(text)


@given(hostile_text)
def test_md_reads_back_as_typed_in_a_heading(structure, text: str) -> None:
    tokens = structure.parse(f"# {md(text)}\n")
    assert [token.type for token in tokens] == ["heading_open", "inline", "heading_close"]
    assert structure.plain_text(tokens[1]) == control_free_line(text)


@given(hostile_text)
def test_md_keeps_a_table_row_to_its_columns(structure, text: str) -> None:
    escaped = md(text)
    table = f"| a | b |\n|---|---|\n| {escaped} | x |\n| y | {escaped} |\n"
    rows = structure.table_rows(structure.parse(table))
    assert [len(row) for row in rows] == [2, 2, 2]
    assert structure.plain_text(rows[1][0]) == control_free_line(text)
    assert structure.plain_text(rows[2][1]) == control_free_line(text)


@given(hostile_text)
def test_md_in_a_list_item_stays_one_item(structure, text: str) -> None:
    tokens = structure.parse(f"- {md(text)}\n- next\n")
    items = [token for token in tokens if token.type == "list_item_open"]
    assert len(items) == 2
    assert [token.type for token in tokens].count("bullet_list_open") == 1


def test_md_leaves_underscores_inside_words_readable() -> None:
    assert md("code_version") == "code_version"
    assert md("_private") == "\\_private"


def test_md_escapes_only_angle_brackets_that_would_open_html() -> None:
    assert md("latency < 100 ms, <b>bold</b>, <!-- x -->") == (
        "latency < 100 ms, &lt;b>bold&lt;/b>, &lt;!-- x -->"
    )


def test_md_escapes_only_ampersands_that_would_be_read_as_references() -> None:
    assert md("R&D") == "R&D"
    assert md("&amp; &#35; &#x41;") == "&amp;amp; &amp;#35; &amp;#x41;"


@given(hostile_text)
def test_md_block_keeps_paragraphs_and_adds_no_structure(structure, text: str) -> None:
    tokens = structure.parse(md_block(text))
    kinds = {token.type for token in tokens}
    assert kinds <= {"paragraph_open", "inline", "paragraph_close"}
    assert not structure.raw_html(tokens)


def test_md_block_separates_paragraphs_on_blank_lines_only() -> None:
    text = "Next-item recommendations.\nRetrained nightly.\n\n# Second"
    assert md_block(text) == "Next-item recommendations. Retrained nightly.\n\n\\# Second"


@given(hostile_text)
def test_code_shows_the_text_verbatim(structure, text: str) -> None:
    tokens = structure.parse(f"x {code(text)} y\n")
    if not control_free_line(text):
        assert code(text) == ""
        return
    children = tokens[1].children or []
    spans = [child for child in children if child.type == "code_inline"]
    assert len(spans) == 1
    assert spans[0].content == control_free_line(text)


@given(hostile_text)
def test_cell_code_keeps_a_table_row_to_its_columns(structure, text: str) -> None:
    table = f"| a | b |\n|---|---|\n| {cell_code(text)} | x |\n"
    rows = structure.table_rows(structure.parse(table))
    assert [len(row) for row in rows] == [2, 2]


@given(hostile_text)
def test_cell_prose_keeps_a_table_row_to_its_columns(structure, text: str) -> None:
    table = f"| a | b |\n|---|---|\n| {cell_prose(text)} | x |\n"
    tokens = structure.parse(table)
    assert [len(row) for row in structure.table_rows(tokens)] == [2, 2]
    assert not structure.raw_html(tokens)


def test_prose_keeps_the_engines_code_spans() -> None:
    assert cell_prose("Add `dvc.yaml` stages for `a|b` *now*") == (
        "Add `dvc.yaml` stages for `a\\|b` \\*now\\*"
    )


_ENTITY = re.compile(r"#(\d+);")


@given(hostile_text)
def test_mermaid_label_text_cannot_close_a_label(text: str) -> None:
    label = mermaid(text)
    assert not set(label) & set('"`<>|\n\r')
    # Every '#' opens an entity code, and decoding them gives the text back.
    assert _ENTITY.sub("", label).count("#") == 0
    assert _ENTITY.sub(lambda match: chr(int(match[1])), label) == control_free_line(text)
