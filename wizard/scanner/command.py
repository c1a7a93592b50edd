"""``mlops-wizard scan [PATH] [--json]``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def run_scan_command(path: str | None, as_json: bool) -> int:
    """Scan PATH (default: the current directory) and print the report or the JSON object.

    Exit 2 with one line on standard error when PATH does not exist or is not a directory.
    """
    shown = path if path is not None else "."
    root = Path(shown)
    if not root.exists():
        print(
            f"mlops-wizard: error: scan: {shown}: no such directory (allowed: a directory to scan)",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    if not root.is_dir():
        print(
            f"mlops-wizard: error: scan: {shown}: not a directory (allowed: a directory to scan)",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    from wizard.scanner.report import scan_json, scan_text
    from wizard.scanner.scan import scan_repository

    evidence = scan_repository(root, workers=2 if (os.cpu_count() or 1) > 1 else 1)
    sys.stdout.write(scan_json(evidence) if as_json else scan_text(evidence, shown))
    return EXIT_OK
