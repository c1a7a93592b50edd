"""Reading one untrusted file without following links, blocking on a pipe or reading a
huge file: open with O_NOFOLLOW | O_NONBLOCK, check it is a regular file of at most 1 MiB,
read it into one reused buffer (no allocation per file), refuse it if its first block has a
NUL byte.
"""

from __future__ import annotations

import errno
import os
import stat

MAX_FILE_BYTES = 1 << 20
BINARY_PROBE_BYTES = 8192


def open_flags(*, follow: bool) -> int:
    """The flags every untrusted open uses: read only, never block on a FIFO or device,
    never leak into a child, never become the controlling terminal; and unless ``follow``,
    refuse a symbolic link (a repository's ``.git`` file is followed on purpose)."""
    flags = (
        os.O_RDONLY
        | getattr(os, "O_NONBLOCK", 0)
        | getattr(os, "O_CLOEXEC", 0)
        | getattr(os, "O_NOCTTY", 0)
    )
    return flags if follow else flags | getattr(os, "O_NOFOLLOW", 0)


_OPEN_FLAGS = open_flags(follow=False)


class Unreadable(Exception):
    """Why a file was passed over, in a few words."""


def _reason(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "symbolic link, not followed"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "unreadable (permission denied)"
    if error.errno == errno.ENOENT:
        return "missing from the working tree"
    return f"unreadable ({error.strerror or error.__class__.__name__})"


class FileReader:
    """Reads files into ``buffer`` after a leading newline; one reader per thread/process."""

    def __init__(self) -> None:
        self.buffer = bytearray(MAX_FILE_BYTES + 2)
        self.buffer[0] = 0x0A
        self._view = memoryview(self.buffer)

    def read(self, path: str | bytes) -> int:
        """Read ``path``; return ``end`` so the content is ``buffer[1:end]``.

        Raises Unreadable when the file is a link, not a regular file, too large, binary or
        cannot be read.
        """
        try:
            fd = os.open(path, _OPEN_FLAGS)
        except OSError as error:
            raise Unreadable(_reason(error)) from None
        try:
            status = os.fstat(fd)
            if not stat.S_ISREG(status.st_mode):
                raise Unreadable("not a regular file")
            if status.st_size > MAX_FILE_BYTES:
                raise Unreadable(f"larger than 1 MiB ({status.st_size} bytes)")
            end = 1
            limit = MAX_FILE_BYTES + 2
            while end < limit:
                count = os.readv(fd, [self._view[end:]])
                if count == 0:
                    break
                end += count
            if end > MAX_FILE_BYTES + 1:
                raise Unreadable("larger than 1 MiB (grew while read)")
        except OSError as error:
            raise Unreadable(_reason(error)) from None
        finally:
            os.close(fd)
        if self.buffer.find(b"\0", 1, min(end, BINARY_PROBE_BYTES + 1)) != -1:
            raise Unreadable("binary (NUL byte in the first 8 KiB)")
        return end
