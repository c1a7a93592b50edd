"""mlops-wizard: design an MLOps pipeline from your repository and your answers.

This package is the headless core. It never imports Textual; the interactive session lives
in the top-level ``screens`` package and is imported only when the session starts.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    # Reading the installed metadata costs ~20 ms; only --version and the TUI need it.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("mlops-wizard")
        except PackageNotFoundError:  # a source tree that was never installed
            return "0.0.0+source"
    raise AttributeError(f"module 'wizard' has no attribute {name!r}")
