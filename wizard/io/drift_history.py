"""The drift history ``drift --history`` keeps: one JSON line per monitoring window, each naming
its window (start, end, the SHA-256 of the data judged) and the spec's SHA-256.

- A window judged again (a CI retry, a re-run on the same data) replaces its own line instead
  of adding one, so one window never counts twice in the k-of-n rule.
- The file keeps what the rule needs plus a bounded tail: past ``needed + HISTORY_TAIL``
  lines it is rotated (the old file becomes ``FILE.1``; the new one starts with the last
  ``needed`` windows), so it never grows until it is refused, and a file over 1 MiB (written
  by an older version, or by hand) is read from its end instead of refused.
- A line that is not a window (corrupt, truncated, hand-edited) is reported, skipped for the
  verdict and kept in the file as it is: the history is evidence, never rewritten away.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from wizard.io.yamlio import atomic_write
from wizard.model.records import record

#: Windows kept beyond the ones the window rule needs, before the file is rotated.
HISTORY_TAIL = 100
#: The most of a history file read: its end, where the recent windows are.
MAX_READ = 1024 * 1024
ROTATED_SUFFIX = ".1"


class HistoryFileError(ValueError):
    """The history cannot be read or written at all (a folder, a FIFO, no permission)."""


@record
class HistoryLine:
    number: int
    """1-based line number in the file, for messages."""
    text: str
    """The line as written, kept byte for byte when the file is rewritten."""
    entry: Mapping[str, Any] | None
    """The window, or None for a line that is not one."""


@record
class History:
    path: Path
    lines: tuple[HistoryLine, ...]
    truncated: bool = False
    """The file was over ``MAX_READ``: only its end was read."""

    @property
    def problems(self) -> tuple[str, ...]:
        """One ``FILE:LINE: ...`` line per line that is not a window."""
        return tuple(
            f"{self.path}:{line.number}: not a window of the drift history "
            '(allowed: a JSON object with "breach": true|false); skipped and kept'
            for line in self.lines
            if line.entry is None
        )

    def entries(self, without: str | None = None) -> list[Mapping[str, Any]]:
        """The past windows, oldest first, leaving out the window ``without`` names."""
        return [
            line.entry
            for line in self.lines
            if line.entry is not None and (without is None or window_key(line.entry) != without)
        ]


def window_key(entry: Mapping[str, Any]) -> str | None:
    """What makes two history lines the same window: its start and end where both are known,
    else the digest of the data judged; None for a line from before windows were named."""
    window = entry.get("window")
    if not isinstance(window, Mapping):
        return None
    start, end = window.get("start"), window.get("end")
    if isinstance(start, str) and isinstance(end, str):
        return f"{start}/{end}"
    digest = window.get("data_sha256")
    return f"sha256:{digest}" if isinstance(digest, str) else None


def _parsed(text: str) -> Mapping[str, Any] | None:
    try:
        entry = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(entry, dict) or not isinstance(entry.get("breach"), bool):
        return None
    return entry


def _read_end(path: Path) -> tuple[bytes, int, bool] | None:
    """(the file's bytes, or its last ``MAX_READ``; the number of lines skipped before them;
    whether it was cut), None when there is no file yet."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise HistoryFileError(f"{path}: cannot read the history: {error.strerror}") from None
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode):
        os.close(descriptor)
        raise HistoryFileError(f"{path}: not a regular file (allowed: a JSON-lines history file)")
    with os.fdopen(descriptor, "rb") as handle:
        os.set_blocking(handle.fileno(), True)
        if info.st_size <= MAX_READ:
            return handle.read(MAX_READ + 1), 0, False
        # Count the lines before the end without holding them.
        skipped = 0
        remaining = info.st_size - MAX_READ
        while remaining > 0:
            chunk = handle.read(min(remaining, 1 << 20))
            if not chunk:
                break
            skipped += chunk.count(b"\n")
            remaining -= len(chunk)
        tail = handle.read(MAX_READ)
    # The first line of the tail may be a part of a line: it belongs to the part skipped.
    cut = tail.find(b"\n") + 1
    return tail[cut:], skipped + 1, True


def read_history(path: Path) -> History:
    """The history at ``path`` (empty when there is none yet)."""
    found = _read_end(path)
    if found is None:
        return History(path, ())
    raw, skipped, truncated = found
    # Split at line feeds only, so a line holding another line break is kept as one line;
    # bytes that are not UTF-8 are kept as U+FFFD (the line stays, readable).
    text = raw.decode("utf-8", errors="replace")
    lines = tuple(
        HistoryLine(number, line.removesuffix("\r"), _parsed(line))
        for number, line in enumerate(text.split("\n"), start=skipped + 1)
        if line.strip()
    )
    return History(path, lines, truncated)


def _rotate(path: Path) -> None:
    """The current file becomes ``FILE.1`` (replacing an older one), while ``FILE`` stays in
    place until the new one replaces it: a hard link where the file system has them."""
    rotated = path.with_name(path.name + ROTATED_SUFFIX)
    temporary = path.with_name(f".{path.name}{ROTATED_SUFFIX}.tmp")
    try:
        temporary.unlink(missing_ok=True)
        os.link(path, temporary)
        os.replace(temporary, rotated)
    except OSError:
        os.replace(path, rotated)


def record_window(history: History, entry: Mapping[str, Any], needed: int) -> None:
    """Write ``entry`` into the history: in place of the same window's line if there is one,
    else at the end; rotated past ``needed + HISTORY_TAIL`` lines. Atomic."""
    key = window_key(entry)
    new = HistoryLine(0, json.dumps(entry, sort_keys=True, ensure_ascii=True), entry)
    lines = list(history.lines)
    same = [
        index
        for index, line in enumerate(lines)
        if key is not None and line.entry is not None and window_key(line.entry) == key
    ]
    if same:
        lines[same[-1]] = new
        # An older copy of the same window (a file from before, edited by hand) would still
        # count twice: only the last one stays.
        lines = [line for index, line in enumerate(lines) if index not in same[:-1]]
    else:
        lines.append(new)
    rotate = history.truncated or len(lines) > max(needed, 1) + HISTORY_TAIL
    if rotate:
        kept: list[HistoryLine] = []
        windows = 0
        for line in reversed(lines):
            if windows >= max(needed, 1):
                break
            kept.insert(0, line)
            windows += line.entry is not None
        lines = kept
        if history.path.exists():
            _rotate(history.path)
    try:
        atomic_write(history.path, "".join(line.text + "\n" for line in lines))
    except OSError as error:
        raise HistoryFileError(
            f"{history.path}: cannot write the history: {error.strerror or error}"
        ) from None
