"""What a history's columns are, before anything is measured: the calibration panel offers
them as the timestamp's choices and guesses the one a history is timed by."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["history_columns", "timestamp_guess"]


def history_columns(path: str) -> list[tuple[str, str]]:
    """(name, DuckDB type) of the columns of the history at ``path`` (a path or a glob);
    a DataError says why they cannot be read."""
    from wizard.data.connection import connect
    from wizard.data.sources import file_columns, resolve

    source = resolve(path, "history")
    merged: dict[str, str] = {}
    with connect() as con:
        for columns in file_columns(con, source):
            for name, kind in columns.items():
                merged.setdefault(name, kind)
    return list(merged.items())


def timestamp_guess(columns: Sequence[tuple[str, str]]) -> str | None:
    """The column a history is most likely timed by: its first date or timestamp column."""
    from wizard.data.sources import type_class

    return next((name for name, kind in columns if type_class(kind) == "time"), None)
