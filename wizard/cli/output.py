"""What the command line says and how it ends: the exit codes, the error lines, and the one
printer every command uses, which makes every control character visible."""

from __future__ import annotations

import sys
from typing import TextIO

from wizard.model.text import visible

PROG = "mlops-wizard"
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_REFUSED = 3
EXIT_POLICY_SAYS_NO = 4
DEBUG_ENV = "MLOPS_WIZARD_DEBUG"
STDIN_NAME = "<stdin>"


class BadInput(Exception):
    """A usage problem found after parsing (e.g. an unknown --only kind): exit 2."""


def say(text: str, stream: TextIO | None = None) -> None:
    """Print one line (or several) for a person: every character a terminal would act on,
    from a file name, a key or a value the user or a repository wrote, is made visible."""
    out = sys.stdout if stream is None else stream
    for line in text.split("\n"):
        print(visible(line), file=out)


def error(message: str) -> None:
    """The error line on standard error: always one line, so a line break inside a name the
    message quotes is shown as ``\\n`` rather than starting a line of its own."""
    print(visible(f"{PROG}: error: {message}"), file=sys.stderr)


def os_reason(error: OSError) -> str:
    """``Not a directory`` rather than ``[Errno 20] Not a directory: 'a/b'``."""
    return (error.strerror or str(error)).lower()
