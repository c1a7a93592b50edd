"""The decision log: one JSON line per decision ``gate`` and ``drift`` take, appended to a file
the CI keeps as an artifact, for whoever audits which model was let through, on what, and
who reviewed it.

Each line is written with one ``write`` on a descriptor opened with ``O_APPEND``, so two jobs
appending at once never interleave their lines and a crash never leaves half of one. Only a
regular file is written or read: a FIFO or a device in its place is one line of error, never
a hang.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from wizard.model.records import record

DEFAULT_LOG = "mlops-decisions.jsonl"
#: The environment variable that names the log when ``--log`` does not.
LOG_ENV = "MLOPS_DECISION_LOG"
#: A line longer than this is not a decision this tool wrote.
MAX_LINE = 1024 * 1024


class DecisionLogError(ValueError):
    """The log cannot be written or read: one line."""


def log_path(given: str | None) -> Path:
    """``--log FILE``, else ``$MLOPS_DECISION_LOG``, else ``mlops-decisions.jsonl`` here."""
    return Path(given or os.environ.get(LOG_ENV) or DEFAULT_LOG)


def _open(path: Path, flags: int) -> int:
    """A descriptor on the regular file at ``path``, never blocking on a FIFO or device."""
    try:
        descriptor = os.open(path, flags | os.O_NONBLOCK, 0o644)
    except OSError as error:
        raise DecisionLogError(
            f"{path}: cannot open the decision log: {(error.strerror or str(error)).lower()} "
            "(allowed: a regular file, or a new one in an existing folder)"
        ) from None
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise DecisionLogError(f"{path}: not a regular file (allowed: a JSON-lines decision log)")
    os.set_blocking(descriptor, True)
    return descriptor


def append_decision(path: Path, decision: Mapping[str, Any]) -> None:
    """Append ``decision`` as one line, in one write."""
    line = (json.dumps(decision, sort_keys=True, ensure_ascii=True) + "\n").encode("ascii")
    descriptor = _open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    try:
        written = os.write(descriptor, line)
        if written != len(line):
            raise DecisionLogError(f"{path}: the decision log took {written} of {len(line)} bytes")
        os.fsync(descriptor)
    except OSError as error:
        raise DecisionLogError(
            f"{path}: cannot write the decision log: {(error.strerror or str(error)).lower()}"
        ) from None
    finally:
        os.close(descriptor)


@record
class LoggedLine:
    number: int
    decision: Mapping[str, Any] | None
    """None: the line is not a decision (reported by its number)."""


def _lines(handle: Any) -> Iterator[bytes]:
    """The lines of ``handle``; a line over ``MAX_LINE`` comes as its first part only."""
    while raw := handle.readline(MAX_LINE):
        if len(raw) == MAX_LINE and not raw.endswith(b"\n"):
            while (rest := handle.readline(MAX_LINE)) and not rest.endswith(b"\n"):
                pass
        yield raw


def read_decisions(path: Path) -> Iterator[LoggedLine]:
    """Every line of the log, in order, read as it streams (the log only grows)."""
    descriptor = _open(path, os.O_RDONLY)
    with os.fdopen(descriptor, "rb") as handle:
        for number, raw in enumerate(_lines(handle), start=1):
            if not raw.strip():
                continue
            try:
                decision = json.loads(raw)
            except (ValueError, RecursionError):
                decision = None
            ok = isinstance(decision, dict) and isinstance(decision.get("command"), str)
            yield LoggedLine(number, decision if ok else None)
