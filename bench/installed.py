"""Make the benchmarked code load as it does once installed.

``pip install`` compiles a package's modules to bytecode, so an installed mlops-wizard never
compiles its own source at start. The venv holds an editable install, and with
PYTHONDONTWRITEBYTECODE set (as on the shared benchmark machine) every run would compile
``wizard/`` and ``screens/`` again: about 25 ms that no user pays. Each benchmark compiles
them first, as an install would have.
"""

from __future__ import annotations

import compileall
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("wizard", "screens")


def compile_like_an_install() -> None:
    for package in PACKAGES:
        if not compileall.compile_dir(REPO / package, quiet=1):
            raise SystemExit(f"could not compile {package}/")
