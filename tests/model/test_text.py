"""``visible`` and ``visible_json``: every character a terminal would act on (C0 and C1
controls, bidi overrides, zero-width and tag characters, lone surrogates) is shown as its
escape, and a backslash is doubled so that no name can pass as one."""

from __future__ import annotations

import json

import pytest

from wizard.model.text import (
    collapse_whitespace,
    error_line,
    typed_error_line,
    visible,
    visible_json,
)


def _assert_printable(out: str) -> None:
    """Nothing but printable characters and line breaks."""
    bad = sorted({char for char in out if not char.isprintable() and char != "\n"})
    assert bad == []


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain café ✓ 😀", "plain café ✓ 😀"),
        ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
        ("a\nb\rc\td", "a\\nb\\rc\\td"),
        ("\x00\x07\x7f", "\\x00\\x07\\x7f"),
        ("\x9b\x9d\x85", "\\x9b\\x9d\\x85"),  # C1: CSI, OSC, NEL
        ("\u202e\u2066\u200b\ufeff", "\\u202e\\u2066\\u200b\\ufeff"),  # bidi, zero width, BOM
        ("\u2028\u2029\u00a0", "\\u2028\\u2029\\xa0"),
        ("\U000e0041", "\\U000e0041"),  # a tag character
        ("\udce9", "\\udce9"),  # a lone surrogate
        ("back\\x1b", "back\\\\x1b"),  # a backslash is doubled: no name passes as an escape
    ],
)
def test_visible(text: str, shown: str) -> None:
    assert visible(text) == shown


def test_visible_json_escapes_what_dumps_lets_through() -> None:
    value = {"k\u202e": ["\x7f\x9b\u2028\U000e0041\udce9 é", 1]}
    document = json.dumps(value, indent=2, ensure_ascii=False)
    shown = visible_json(document)
    _assert_printable(shown)
    assert "é" in shown
    assert "\\u007f\\u009b\\u2028\\udb40\\udc41\\udce9" in shown
    assert json.loads(shown) == value


def test_collapse_whitespace_keeps_controls_for_the_printer() -> None:
    assert collapse_whitespace("  a\n\tb\r\n c\x1b  ") == "a b c\x1b"
    assert collapse_whitespace(12) == "12"


def test_an_expected_error_is_its_message_or_its_type() -> None:
    assert error_line(ValueError("no such\n column 'x'")) == "no such column 'x'"
    assert error_line(ValueError("  ")) == "ValueError"


def test_an_unexpected_error_is_led_by_its_type() -> None:
    assert typed_error_line(KeyError("x")) == "KeyError: 'x'"
    assert typed_error_line(RuntimeError()) == "RuntimeError"
