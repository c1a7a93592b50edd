"""A guard run before an answers or spec file is parsed: an integer of more digits than Python
converts (4,300, the interpreter's limit against quadratic-time conversion) is a range error
with its file, line and key, instead of a ValueError from deep inside the YAML reader."""

from __future__ import annotations

import re
import sys

from wizard.io.errors import AnswersError, Problem

#: The interpreter's limit on the digits of an integer read from text.
MAX_DIGITS = sys.get_int_max_str_digits() or 4300
# A plain (unquoted) decimal integer of more digits, as a YAML value: after "key:", "- " or
# a flow collection's "[", "{" or ",", up to the end of the value.
_TOO_MANY = "{" + str(MAX_DIGITS + 1) + ",}"
_HUGE = re.compile(
    r"(?:^|[:\[{,]|^\s*-)[ \t]*(?P<number>[-+]?[0-9]" + _TOO_MANY + r")[ \t]*(?=$|[,\]}#])",
    re.MULTILINE,
)
_RUN = re.compile("[0-9]" + _TOO_MANY)
_KEY = re.compile(
    r"^(?P<indent>[ \t]*)(?:-[ \t]+)?(?P<key>[^\s:#'\"\[{-][^:#]*?)[ \t]*:(?:[ \t]|$)"
)


def _key_path(lines: list[str], last: int) -> str:
    """The dotted key of line ``last`` (0-based), from the keys above it by indentation."""
    stack: list[tuple[int, str]] = []
    for line in lines[: last + 1]:
        match = _KEY.match(line)
        if match is None:
            continue
        indent = len(match["indent"])
        while stack and stack[-1][0] >= indent:
            stack.pop()
        stack.append((indent, match["key"]))
    return ".".join(key for _, key in stack)


def refuse_huge_integers(text: str, source: str) -> None:
    """AnswersError naming every integer in ``text`` too long to read."""
    if _RUN.search(text) is None:
        return  # the common case: one scan, no match
    problems = []
    lines = text.split("\n")
    for match in _HUGE.finditer(text):
        line = text.count("\n", 0, match.start("number")) + 1
        digits = len(match["number"].lstrip("+-"))
        problems.append(
            Problem(
                source,
                line,
                _key_path(lines, line - 1),
                f"a number of {digits} digits is out of range "
                f"(allowed: numbers of at most {MAX_DIGITS} digits)",
            )
        )
    if problems:
        raise AnswersError(problems)
