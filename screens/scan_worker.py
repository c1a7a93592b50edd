"""The repository scan as the session runs it: in a worker thread, reported as messages.

Plain functions and messages, so the app only decides what the results change.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

from wizard.model.design import NO_SUGGESTIONS, ScanSuggestions

if TYPE_CHECKING:
    from wizard.model.evidence import Evidence

#: Seconds between two progress reports: thousands of files report a few times a second.
PROGRESS_INTERVAL = 0.05


@dataclass
class ScanProgressed(Message):
    """``done`` of ``total`` files read."""

    done: int
    total: int


@dataclass
class ScanFinished(Message):
    """The scan's evidence, or why there is none."""

    evidence: Evidence | None
    error: str | None
    suggestions: ScanSuggestions = NO_SUGGESTIONS


def scan_and_report(root: Path, post: Callable[[Message], object]) -> None:
    """Scan ``root``, posting progress now and then and the result at the end. An unreadable
    repository is reported as an error, never raised: the session goes on without it."""
    from wizard.engine.suggest import suggest
    from wizard.scan import scan_repository

    last_report = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last_report
        now = time.monotonic()
        if done < total and now - last_report < PROGRESS_INTERVAL:
            return
        last_report = now
        post(ScanProgressed(done, total))

    try:
        evidence = scan_repository(root, progress=progress)
        suggestions = suggest(evidence)
    except Exception as error:
        post(ScanFinished(None, str(error) or type(error).__name__))
        return
    post(ScanFinished(evidence, None, suggestions))
