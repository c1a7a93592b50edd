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


NEW_MAKEFILE = """\
# Stage targets.
EVALUATION_FILE ?= metrics/evaluation.json

.PHONY: train_model shadow-deploy compare

train_model:
\t@echo "train_model: not written yet" >&2; exit 1

shadow-deploy:
\t@echo "shadow-deploy: not written yet" >&2; exit 1

compare:
\t@echo "compare: not written yet" >&2; exit 1
"""


#: The new CI file runs these (not `compare`: a design whose comparator it does not run).
CI = RenderedFile(
    ".gitlab-ci.yml",
    "ci",
    "a:\n  script:\n    - make train_model\n    - |\n      make shadow-deploy PERCENT=5\n",
)


def test_targets_the_new_file_has_and_the_teams_lacks_go_beside_it(tmp_path: Path) -> None:
    """The team's file is kept; what the new CI file runs and it lacks is named and written
    to mlops.mk.new, failing until written, with the defaults the recipes read."""
    ours = "train_model:\n\tpython train.py\n"
    (tmp_path / "mlops.mk").write_text(ours)
    result = write_export([*stage_targets(NEW_MAKEFILE), CI], tmp_path)
    (missing,) = result.missing
    assert missing.path == "mlops.mk" and missing.written_to == "mlops.mk.new"
    assert missing.targets == ("shadow-deploy",)
    assert (tmp_path / "mlops.mk").read_text() == ours
    new = (tmp_path / "mlops.mk.new").read_text()
    assert "EVALUATION_FILE ?= metrics/evaluation.json" in new
    assert "train_model" not in new
    assert '\t@echo "shadow-deploy: not written yet" >&2; exit 1' in new
    assert ".PHONY: shadow-deploy\n" in new and "compare" not in new


def test_nothing_missing_writes_nothing_beside_it(tmp_path: Path) -> None:
    write_export(stage_targets(NEW_MAKEFILE), tmp_path)
    newer = NEW_MAKEFILE.replace("not written", "unwritten")
    result = write_export([*stage_targets(newer), CI], tmp_path)
    assert result.missing == ()
    assert not (tmp_path / "mlops.mk.new").exists()
