"""The spec a gate test judges against: the fraud example exported with a few answers set."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.paths import EXAMPLES


def export_spec(tmp_path_factory: pytest.TempPathFactory, *sets: str) -> Path:
    """``mlops-architecture.yaml`` of the fraud example, each ``key=value`` of ``sets`` set."""
    from wizard.cli import main

    out = tmp_path_factory.mktemp("spec")
    answers = str(EXAMPLES / "fraud-detection.yaml")
    arguments = ["export", "--answers", answers, "--out", str(out), "--only", "yaml"]
    assert main([*arguments, *(f"--set={item}" for item in sets)]) == 0
    return out / "mlops-architecture.yaml"
