"""Reading only regular files, with the size checked before a byte is read.

A cloned repository can hold anything where a document or an answers file is expected: a
FIFO (reading it blocks forever, and ctrl+c may not reach a thread stuck in it), a device or
a link to one (``/dev/zero`` never ends; ``/dev/random`` neither), a folder. Every file the
session, ``export``, ``validate`` and ``scan`` read goes through ``open_regular``: opened
without blocking, checked with ``fstat`` on the descriptor actually opened (so the file
checked is the file read, whatever a link pointed at), its size compared with the bound, and
only then read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from wizard.model.text import visible


class SpecialFileError(OSError):
    """A path that is not a regular file, or a regular file over its bound: one line."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(errno.EINVAL, message, str(path))
        self.line = f"{visible(str(path))}: {message}"

    def __str__(self) -> str:
        return self.line


def kind_of(mode: int) -> str:
    """What a non-regular file is, in a few words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_regular(path: Path, limit: int, what: str = "a regular file") -> bytes | None:
    """The bytes of the regular file at ``path`` (following links), None when there is
    nothing there; SpecialFileError for anything else, or for a file over ``limit`` bytes."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        return None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise SpecialFileError(
                path, f"this is {kind_of(info.st_mode)}, not a regular file (allowed: {what})"
            )
        if info.st_size > limit:
            raise SpecialFileError(
                path, f"the file is {info.st_size} bytes (allowed: {what} of at most {limit})"
            )
        os.set_blocking(descriptor, True)
        with os.fdopen(descriptor, "rb") as handle:
            descriptor = -1
            data = handle.read(limit + 1)
    finally:
        if descriptor >= 0:
            os.close(descriptor)
    if len(data) > limit:  # it grew while being read
        raise SpecialFileError(path, f"the file is over {limit} bytes (allowed: {what})")
    return data


def refuse_special(path: Path, what: str) -> None:
    """SpecialFileError when something other than a regular file (or nothing) is at
    ``path``; it is never opened, so a FIFO cannot block this."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise SpecialFileError(
            path, f"cannot be read: {error.strerror} (allowed: {what})"
        ) from None
    if not stat.S_ISREG(mode):
        raise SpecialFileError(
            path, f"this is {kind_of(mode)}, not a regular file (allowed: {what})"
        )
