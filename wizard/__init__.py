"""mlops-wizard: design an MLOps pipeline from your repository and your answers.

This package is the headless core. It never imports Textual; the interactive session lives
in the top-level ``screens`` package and is imported only when the session starts.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("mlops-wizard")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
