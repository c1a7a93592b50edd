"""The scan as the session runs it: progress now and then, then the evidence or an error."""

from __future__ import annotations

from pathlib import Path

from textual.message import Message

from screens.scan_worker import ScanFinished, ScanProgressed, scan_and_report

SAMPLE_REPO = Path(__file__).resolve().parents[2] / "examples" / "sample-repo"


def test_a_scan_reports_progress_then_its_evidence() -> None:
    posted: list[Message] = []
    scan_and_report(SAMPLE_REPO, posted.append)
    *progress, finished = posted
    assert isinstance(finished, ScanFinished)
    assert finished.error is None
    assert finished.evidence is not None
    assert finished.evidence.files_scanned > 0
    assert progress and all(isinstance(message, ScanProgressed) for message in progress)
    # The last file is always reported, however soon it comes after the previous report.
    assert (progress[-1].done, progress[-1].total) == (
        finished.evidence.files_scanned,
        finished.evidence.files_scanned,
    )


def test_a_repository_that_cannot_be_read_is_reported_not_raised(tmp_path: Path) -> None:
    posted: list[Message] = []
    scan_and_report(tmp_path / "missing", posted.append)
    assert len(posted) == 1
    (finished,) = posted
    assert isinstance(finished, ScanFinished)
    assert finished.evidence is None
    assert finished.error
