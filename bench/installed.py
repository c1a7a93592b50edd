"""Make the benchmarked code load as it does once installed.

``pip install`` compiles a package's modules to bytecode, so an installed mlops-wizard never
compiles its own source at start. The venv holds an editable install, and with
PYTHONDONTWRITEBYTECODE set (as on the shared benchmark machine) every run would compile
``wizard/`` and ``screens/`` again: about 25 ms that no user pays. Each benchmark compiles
them first, as an install would have.

The same holds for the venv's own packages when they were installed without bytecode (as this
checkout's long-lived venv had been): pydantic, Textual and the rest then compiled on every run
and doubled the import floor the ratios are measured against, so they are compiled here too.
"""

from __future__ import annotations

import compileall
import sysconfig
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("wizard", "screens")


def compile_like_an_install() -> None:
    for package in PACKAGES:
        if not compileall.compile_dir(REPO / package, quiet=1):
            raise SystemExit(f"could not compile {package}/")
    # A package or two may ship files that are not valid Python (templates, test data):
    # whatever compiles is what an install would have compiled.
    compileall.compile_dir(sysconfig.get_paths()["purelib"], quiet=2, workers=0)
