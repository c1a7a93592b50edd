"""The repository scanner: reads a repository (never runs anything from it) into Evidence.

``scan_repository(root, progress=...)`` is the one entry: the CLI's ``scan`` and ``--repo``
and the interactive session all call it. No inference here: what is there, with path:line.
"""

from wizard.scan.scan import scan_repository

__all__ = ["scan_repository"]
