"""The one error the data stage raises, and the helpers that keep its message one clear line.

Every bad input (a missing file, a glob that matches nothing, a corrupt Parquet file, an
unknown column, a timestamp that does not parse, ...) becomes a :class:`DataError` whose
message names the file, the column, what is wrong and what is allowed. DuckDB's own
exceptions never escape the package: :func:`translate` turns them into a DataError.

File and column names come from the user's disk, so they may hold control characters. They
stay raw in the message: whoever prints it (the CLI's ``error``, the calibration panel) makes
it safe with :func:`wizard.model.text.visible`, once. Escaping here as well would show an
escape sequence in a file name as ``\\\\x1b`` instead of ``\\x1b``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence

__all__ = ["DataError", "closest", "no_column", "quoted", "translate"]


class DataError(ValueError):
    """Bad data input. ``str(error)`` is one line: where, what is wrong, what is allowed.

    Every message is written as one line, and DuckDB's own (multi-line) text is folded by
    :func:`translate`; the names in it are the user's, raw (see the module).
    """

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def quoted(name: str) -> str:
    """A file or column name for a message: in single quotes, as it is."""
    return f"'{name}'"


def join_lines(text: str) -> str:
    """Collapse a possibly multi-line text (DuckDB's messages span lines) into one line."""
    return "; ".join(part.strip() for part in text.splitlines() if part.strip())


def closest(name: str, options: Iterable[str], count: int = 3) -> list[str]:
    """The options most like ``name``: a case-insensitive match first, then difflib's."""
    pool = list(options)
    exact = [option for option in pool if option.casefold() == name.casefold()]
    similar = difflib.get_close_matches(name, pool, n=count, cutoff=0.6)
    return list(dict.fromkeys([*exact, *similar]))[:count]


def no_column(where: str, column: str, role: str, columns: Sequence[str]) -> DataError:
    """``where: no column 'amout' (the feature; closest: 'amount'; ...)``."""
    near = closest(column, columns)
    if near:
        hint = "closest: " + ", ".join(quoted(name) for name in near)
    else:
        shown = ", ".join(quoted(name) for name in columns[:10])
        more = f" and {len(columns) - 10} more" if len(columns) > 10 else ""
        hint = f"columns: {shown}{more}" if columns else "the data has no columns"
    return DataError(f"{where}: no column {quoted(column)} for the {role} ({hint})")


# DuckDB appends the offending SQL with a caret under it ("LINE 1: SELECT ..."); the user
# never wrote that SQL, so it is noise in their error line.
_SQL_CONTEXT = re.compile(r"\n\s*LINE \d+:.*", re.DOTALL)
# "Invalid Input Error: ..." -> "...": the class of the error says nothing to the user.
_KIND_PREFIX = re.compile(r"^[A-Z][A-Za-z ]*Error: ")


# A CSV value that does not convert to the type DuckDB guessed from its sample of rows.
_CSV_CAST = re.compile(
    r"CSV Error on Line: (?P<line>\d+).*?converting column \"(?P<column>.*?)\"\. "
    r"Could not convert string \"(?P<value>.*?)\" to '(?P<type>[^']+)'",
    re.DOTALL,
)
# DuckDB's advice is for its own API ("types={...}", "sample_size=-1"): not the user's.
_ADVICE = re.compile(r"\s*(Possible solutions|Candidate bindings).*", re.DOTALL)


def translate(error: Exception, where: str, doing: str) -> DataError:
    """A DuckDB exception raised while ``doing`` something with ``where``, as a DataError.

    The message keeps DuckDB's explanation (which often names the file, line and column)
    but drops its SQL context, its error class and its advice on its own options.
    """
    text = _SQL_CONTEXT.sub("", str(error)).strip()
    text = _KIND_PREFIX.sub("", text)
    cast = _CSV_CAST.search(text)
    if cast is not None:
        return DataError(
            f"{where}: line {cast['line']}: column {quoted(cast['column'])}: "
            f"{quoted(cast['value'])} is not a {cast['type']} value, the type the earlier rows "
            "gave the column (allowed: the same kind of value in every row)"
        )
    text = _ADVICE.sub("", text)
    lowered = text.lower()
    if "out of memory" in lowered or "could not allocate" in lowered:
        return DataError(
            f"{where}: ran out of memory while {doing} ({join_lines(text)}); "
            "allowed: a larger memory_limit, or fewer threads"
        )
    return DataError(f"{where}: {doing} failed: {join_lines(text)}")
