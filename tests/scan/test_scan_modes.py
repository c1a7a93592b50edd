"""Progress reporting for the interactive session, and the two-process split of the command
line giving exactly the in-process result."""

from __future__ import annotations

import threading

import pytest

import wizard.scan.scan as scan_module
from wizard.scan import scan_repository


def _many_files(count: int) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        f"src/mod_{index:03d}.py": f"import os\nVALUE = {index}\n" for index in range(count)
    }
    files["src/mod_007.py"] = "import mlflow\nmlflow.log_metric('auc', 0.9)\n"
    files["src/mod_010.py"] = b"import wandb\n\0"
    files["src/mod_013.py"] = "import dvc.api\ndvc.api.read('data.csv')\n"
    return files


def test_progress_every_hundred_files_and_at_the_end(make_repo) -> None:
    calls: list[tuple[int, int]] = []
    scan_repository(
        make_repo(_many_files(250)), progress=lambda done, total: calls.append((done, total))
    )
    assert calls == [(100, 250), (200, 250), (250, 250)]


@pytest.fixture
def split_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Lets small scans split, and records each split's file count."""
    calls: list[int] = []
    original = scan_module.scan_files_split

    def recording(root, candidates, **options):  # type: ignore[no-untyped-def]
        calls.append(len(candidates))
        return original(root, candidates, **options)

    monkeypatch.setattr(scan_module, "SPLIT_FROM_FILES", 10)
    monkeypatch.setattr(scan_module, "scan_files_split", recording)
    return calls


def test_split_scan_equals_single_process_scan(make_repo, split_calls: list[int]) -> None:
    if threading.active_count() != 1:
        pytest.skip("another thread runs in this test process; the scan will not fork")
    root = make_repo(_many_files(40))
    single = scan_repository(root)
    split = scan_repository(root, workers=2)
    assert split_calls == [40]
    assert split == single
    assert split.files_scanned == 39
    assert "src/mod_010.py: binary (NUL byte in the first 8 KiB)" in split.skipped
    assert split.git is not None and split.git.head is not None


def test_no_fork_while_another_thread_runs(make_repo, split_calls: list[int]) -> None:
    root = make_repo(_many_files(40))
    release = threading.Event()
    waiter = threading.Thread(target=release.wait)
    waiter.start()
    try:
        evidence = scan_repository(root, workers=2)
    finally:
        release.set()
        waiter.join()
    assert split_calls == []
    assert evidence.files_scanned == 39
