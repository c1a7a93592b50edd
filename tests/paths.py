"""The repository's paths, for every test that reads the bundled examples or snapshots."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = REPO_ROOT / "examples"
SNAPSHOTS = REPO_ROOT / "snapshots"
