"""Escaping of user text for the documents, registered as Jinja filters.

The Markdown environment has autoescape off (HTML escaping is wrong for Markdown), so every
piece of user text goes through one of these instead:

- ``md``: one line of inline text, safe in a heading, a paragraph, a list item or a table
  cell. Whitespace (newlines included) collapses to single spaces; characters that would
  format are backslash-escaped; ``<`` where it would open a tag (and ``&`` where it would
  start a character reference) becomes an entity, so no raw HTML passes.
- ``md_block``: a paragraph or several; blank lines separate paragraphs, each escaped as ``md``.
- ``prose`` / ``cell_prose``: a sentence the design engine wrote, which may quote user text
  and mark names as `code`: code spans are kept, the rest is escaped as ``md``.
- ``code`` / ``cell_code``: an inline code span that no backtick in the text can close;
  ``cell_code`` also escapes ``|``, which GitHub splits table cells on even inside code.
- ``mermaid``: the text of a quoted Mermaid label; quotes, ``#``, backticks, HTML characters
  and ``|`` become Mermaid entity codes (``#34;``), so any name is a valid label.
"""

from __future__ import annotations

import re
import unicodedata

from wizard.model.text import collapse_whitespace

# Characters that may format: emphasis, code, links, tables, strikethrough, maths, escapes,
# HTML, character references and headings. Only the last four depend on their neighbours.
_SPECIAL = re.compile(r"[\\`*\[\]|~$<&_#]")
# At the start of the text these open a block: a list item, a quote, a thematic break.
_LEADING = frozenset("-+=>")
_ORDERED_MARKER = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
# Only an ampersand that starts a character reference would be read as one.
_CHARACTER_REFERENCE = re.compile(
    r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});"
)
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
# A code span: a backtick run, then text, then a run of the same length (CommonMark).
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")

_MERMAID_ENTITIES = {
    '"': "#34;",
    "#": "#35;",
    "&": "#38;",
    "<": "#60;",
    ">": "#62;",
    "`": "#96;",
    "|": "#124;",
}


def control_free_line(text: object) -> str:
    """``text`` as one line with no control character: whitespace collapsed, and the control
    characters dropped (a document has no way to show them)."""
    line = collapse_whitespace(text)
    if line.isprintable():  # the common case: nothing left to drop
        return line
    return collapse_whitespace("".join(char for char in line if unicodedata.category(char) != "Cc"))


def _opens_html(after: str) -> bool:
    """Whether ``<`` followed by ``after`` could start a tag, comment or autolink."""
    return after != "" and ((after.isascii() and after.isalpha()) or after in "/!?")


def _escape_inline(line: str, at_start: bool) -> str:
    """Escape one line of text; ``at_start`` when it begins a block (where ``-``, ``+``,
    ``#`` or ``1.`` would open a list or a heading)."""

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        index = match.start()
        before = line[index - 1] if index > 0 else ""
        after = line[index + 1 : index + 2]
        if char == "<":
            # Would open an HTML tag, comment or autolink; "< 100 ms" stays as typed.
            return "&lt;" if _opens_html(after) else char
        if char == "&":
            return "&amp;" if _CHARACTER_REFERENCE.match(line, index) else char
        if char == "_":
            # Underscores inside a word never format (snake_case stays readable).
            return char if before.isalnum() and after.isalnum() else "\\_"
        if char == "#":
            # A heading marker at the start, or a closing sequence after a space.
            starts = at_start and index == 0
            return "\\#" if starts or before == " " else char
        return "\\" + char

    text = _SPECIAL.sub(escape, line)
    if not at_start or not text:
        return text
    if text[0] in _LEADING:
        return "\\" + text
    return _ORDERED_MARKER.sub(r"\1\\\2", text)


def md(text: object) -> str:
    """Inline Markdown text that renders exactly as ``text`` reads, on one line."""
    return _escape_inline(control_free_line(text), at_start=True)


def _prose(text: object, in_cell: bool) -> str:
    line = control_free_line(text)
    parts: list[str] = []
    position = 0
    for match in _CODE_SPAN.finditer(line):
        parts.append(_escape_inline(line[position : match.start()], at_start=position == 0))
        span = match.group(0)
        parts.append(span.replace("|", "\\|") if in_cell else span)
        position = match.end()
    parts.append(_escape_inline(line[position:], at_start=position == 0))
    return "".join(parts)


def prose(text: object) -> str:
    """Like ``md`` for sentences the design writes: their `code spans` stay code, everything
    else (user text quoted inside them included) is escaped."""
    return _prose(text, in_cell=False)


def cell_prose(text: object) -> str:
    """``prose`` for a table cell: a ``|`` inside a code span is escaped too."""
    return _prose(text, in_cell=True)


def md_block(text: object) -> str:
    """Paragraphs of Markdown text: blank lines in ``text`` separate paragraphs; every other
    line break joins the words of a paragraph, as Markdown itself would."""
    paragraphs = (md(paragraph) for paragraph in _BLANK_LINE.split(str(text)))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def code(text: object) -> str:
    """An inline code span showing ``text`` verbatim (on one line)."""
    line = control_free_line(text)
    if not line:
        return ""
    longest_run = max((len(run) for run in re.findall(r"`+", line)), default=0)
    fence = "`" * (longest_run + 1)
    padded = f" {line} " if line.startswith("`") or line.endswith("`") else line
    return f"{fence}{padded}{fence}"


def cell_code(text: object) -> str:
    """An inline code span for a table cell: ``|`` escaped so it cannot split the cell."""
    return code(text).replace("|", "\\|")


def mermaid(text: object) -> str:
    """Text for inside a double-quoted Mermaid label or edge label."""
    return "".join(_MERMAID_ENTITIES.get(char, char) for char in control_free_line(text))


FILTERS = {
    "md": md,
    "md_block": md_block,
    "prose": prose,
    "cell_prose": cell_prose,
    "code": code,
    "cell_code": cell_code,
    "mermaid": mermaid,
}
"""The escape filters by the name templates use."""
