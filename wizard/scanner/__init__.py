"""The repository scanner: reads a repository (never runs anything from it) into Evidence.

``scan_repository(root, progress=...)`` for the design and the interactive session,
``run_scan_command(path, as_json)`` for ``mlops-wizard scan``.
"""

from wizard.scanner.command import run_scan_command
from wizard.scanner.scan import scan_repository

__all__ = ["run_scan_command", "scan_repository"]
