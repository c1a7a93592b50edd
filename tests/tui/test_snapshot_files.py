"""Every SVG under snapshots/screens/ belongs to a snapshot test. syrupy checks this itself
(and --snapshot-update removes the stale ones) in a run on one process, but not under
pytest-xdist, which `make test` uses: there each worker sees only its share of the tests."""

from __future__ import annotations

import pytest

from tests.tui.snapshot_files import SCREEN_SNAPSHOTS, SNAPSHOT_FILES


def test_every_screen_snapshot_belongs_to_a_collected_test(request: pytest.FixtureRequest) -> None:
    config = request.config
    if any("::" in argument for argument in config.args):
        pytest.skip("tests picked one by one: the others of their modules were not collected")
    expected = config.stash.get(SNAPSHOT_FILES, set())
    modules = {path.parent for path in expected}  # folders of the modules collected
    stale = sorted(
        str(path.relative_to(SCREEN_SNAPSHOTS))
        for path in SCREEN_SNAPSHOTS.glob("*/*.svg")
        if path.parent in modules and path not in expected
    )
    folders = sorted(path.name for path in SCREEN_SNAPSHOTS.iterdir())
    assert stale == [], (
        "snapshots no test takes (remove them, or run `.venv/bin/pytest tests/tui "
        "--snapshot-update`, on one process, which does)"
    )
    assert all((request.path.parent / f"{name}.py").is_file() for name in folders), folders
