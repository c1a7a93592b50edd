"""Untrusted text made safe to print: no control or escape sequence in a file name, a column,
a remote URL, a branch, a value or a line of a file ever reaches the terminal as itself.

One rule for every stage. The stages keep raw text in what they return and raise; the
printers (the CLI's ``say`` and ``error``, the reports, the session's widgets) apply it once,
as the text leaves for a terminal, so nothing is escaped twice.

A character is shown as itself only when Python calls it printable (``str.isprintable``): a
letter, digit, mark, punctuation, symbol or the plain space. Everything else is written as
an escape, the way ``repr`` writes it: the C0 and C1 controls and DEL (``\\x1b``, ``\\x9b``,
``\\n``), format characters such as bidi overrides and zero-width characters (``\\u202e``),
line and paragraph separators, spaces other than U+0020, unassigned and private-use code
points and lone surrogates. A backslash is doubled, so an escape in the report always means an
escaped character, never a name that happens to contain ``\\x1b``.
"""

from __future__ import annotations

_NAMED = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(char: str) -> str:
    named = _NAMED.get(char)
    if named is not None:
        return named
    if char.isprintable():
        return char
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def visible(text: str) -> str:
    """``text`` as one line of characters that print as themselves (see the module)."""
    if text.isprintable() and "\\" not in text:  # the common case, checked in C
        return text
    return "".join(map(_escaped, text))


def _json_escaped(char: str) -> str:
    if char.isprintable():
        return char
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def visible_json(document: str) -> str:
    """A JSON text (``json.dumps`` output, any indent) with every character that is not
    printable written as a ``\\u`` escape, its line breaks apart.

    ``json.dumps(..., ensure_ascii=False)`` escapes only the C0 controls; DEL, the C1
    controls, bidi overrides and the rest would pass raw. Outside strings a JSON text holds
    only ASCII punctuation, digits, letters, spaces and (indented) line breaks, so every
    character replaced here lies inside a string, and the escape decodes to the same value.
    """
    lines = document.split("\n")
    return "\n".join(
        line if line.isprintable() else "".join(map(_json_escaped, line)) for line in lines
    )


def collapse_whitespace(text: object) -> str:
    """``text`` on one line: every run of whitespace (line breaks included) one space, the
    ends trimmed. Control characters other than whitespace are kept: the printer that shows
    the line makes them visible."""
    return " ".join(str(text).split())


def error_line(error: BaseException) -> str:
    """An expected error as one line: its message, or its type's name when it has none."""
    return collapse_whitespace(error) or type(error).__name__


def typed_error_line(error: BaseException) -> str:
    """An unexpected error as one line, led by its type's name (``KeyError: 'x'``), which is
    all a bug report has to go on when the message is empty or bare."""
    message = collapse_whitespace(error)
    return f"{type(error).__name__}: {message}" if message else type(error).__name__
