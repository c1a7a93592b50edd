"""mlops.mk is a starting point the team then owns: the first export writes it, no later
export writes over it, whether the team edited it, wrote its own first, or asks --force."""

from __future__ import annotations

from pathlib import Path

import pytest

from wizard.io.export import plan_export, read_manifest, write_export
from wizard.model.files import RenderedFile


def stage_targets(text: str) -> list[RenderedFile]:
    return [RenderedFile("mlops.mk", "make", text), RenderedFile("architecture.md", "md", text)]


def test_the_first_export_writes_it(tmp_path: Path) -> None:
    result = write_export(stage_targets("train_model:\n\t@exit 1\n"), tmp_path)
    assert [item.action for item in result.files] == ["create", "create"]
    assert (tmp_path / "mlops.mk").read_text() == "train_model:\n\t@exit 1\n"


@pytest.mark.parametrize("force", [False, True])
def test_a_later_export_keeps_the_teams_file(tmp_path: Path, force: bool) -> None:
    write_export(stage_targets("first\n"), tmp_path)
    (tmp_path / "mlops.mk").write_text("train_model:\n\tpython train.py\n")
    result = write_export(stage_targets("second\n"), tmp_path, force=force)
    assert {item.path: item.action for item in result.files} == {
        "mlops.mk": "unchanged",
        "architecture.md": "update",
    }
    assert (tmp_path / "mlops.mk").read_text() == "train_model:\n\tpython train.py\n"


def test_a_file_the_team_wrote_before_any_export_is_kept_not_refused(tmp_path: Path) -> None:
    (tmp_path / "mlops.mk").write_text("include ours.mk\n")
    assert [item.action for item in plan_export(stage_targets("new\n"), tmp_path)] == [
        "unchanged",
        "create",
    ]
    write_export(stage_targets("new\n"), tmp_path)
    assert (tmp_path / "mlops.mk").read_text() == "include ours.mk\n"
    assert "mlops.mk" not in read_manifest(tmp_path)
