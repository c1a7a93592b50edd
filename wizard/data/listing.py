"""The data files under a folder, for completing a path in the calibration panel.

A walk of the folder, bounded in depth and count so a large repository answers at once; only
files whose names say they are data (the formats ``sources`` reads) are listed.
"""

from __future__ import annotations

import os

__all__ = ["LIST_DEPTH", "LIST_LIMIT", "SKIPPED_FOLDERS", "data_files"]

#: How deep, and how many data files, the path completion looks for under the folder.
LIST_DEPTH = 4
LIST_LIMIT = 2000
#: Folders the path completion never looks into.
SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", "site-packages"})


def data_files(root: str = ".") -> list[str]:
    """The data files under ``root`` (relative paths, sorted), for completing a path."""
    from wizard.data.sources import FORMATS

    suffixes = tuple(FORMATS) + tuple(f"{s}{c}" for s in FORMATS for c in (".gz", ".zst"))
    found: list[str] = []
    for folder, folders, files in os.walk(root):
        depth = 0 if folder == root else os.path.relpath(folder, root).count(os.sep) + 1
        folders[:] = sorted(
            name
            for name in folders
            if depth < LIST_DEPTH and not name.startswith(".") and name not in SKIPPED_FOLDERS
        )
        for name in sorted(files):
            if name.lower().endswith(suffixes):
                found.append(os.path.relpath(os.path.join(folder, name), root))
                if len(found) >= LIST_LIMIT:
                    return sorted(found)
    return sorted(found)
