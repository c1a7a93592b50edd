"""Where the screen snapshots live, and which of them the tests collected in this run take
(kept in the run's stash by tests/tui/conftest.py, read by test_snapshot_files.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from syrupy.location import PyTestLocation

SCREEN_SNAPSHOTS = Path(__file__).resolve().parents[2] / "snapshots" / "screens"

#: The snapshot file of every snapshot test collected in this run, selected or not.
SNAPSHOT_FILES = pytest.StashKey[set[Path]]()


def snapshot_file(item: pytest.Item) -> Path:
    """Where syrupy keeps the SVG of the snapshot test ``item`` (one per test)."""
    location = PyTestLocation(item)
    return SCREEN_SNAPSHOTS / location.basename / f"{location.snapshot_name}.svg"
