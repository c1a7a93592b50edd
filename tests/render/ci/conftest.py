"""The wheel of this tree and an offline interpreter, built once for the pipeline runs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.cli.test_installed_wheel import _build_wheel
from tests.render.ci.sample_project import offline_python


@dataclass(frozen=True)
class Toolchain:
    wheel: Path
    python: Path


@pytest.fixture(scope="session")
def toolchain(tmp_path_factory: pytest.TempPathFactory) -> Toolchain:
    folder = tmp_path_factory.mktemp("toolchain")
    return Toolchain(_build_wheel(folder), offline_python(folder / "offline"))
