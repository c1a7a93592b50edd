"""Export planning and writing: create, unchanged, update, edited; refusals write nothing;
every write is atomic."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from wizard.io.export import MANIFEST_NAME, RefusedOverwrite, plan_export, write_export
from wizard.model.files import RenderedFile

FIRST = [
    RenderedFile("architecture.md", "md", "# Design\n"),
    RenderedFile(".github/workflows/ml-pipeline.yml", "ci", "name: ml\n"),
]


def actions(out_dir: Path, files: list[RenderedFile]) -> dict[str, str]:
    return {item.path: item.action for item in plan_export(files, out_dir)}


def test_first_export_creates_every_file_and_a_stable_manifest(tmp_path: Path) -> None:
    result = write_export(FIRST, tmp_path)
    assert [item.action for item in result.files] == ["create", "create"]
    assert (tmp_path / ".github/workflows/ml-pipeline.yml").read_text() == "name: ml\n"
    manifest_text = (tmp_path / MANIFEST_NAME).read_text()
    manifest = json.loads(manifest_text)
    assert list(manifest["files"]) == sorted(manifest["files"])
    assert manifest_text == json.dumps(manifest, indent=2, sort_keys=True) + "\n"


def test_same_content_is_unchanged_and_not_rewritten(tmp_path: Path) -> None:
    write_export(FIRST, tmp_path)
    stamp = (tmp_path / "architecture.md").stat().st_mtime_ns
    os.utime(tmp_path / "architecture.md", ns=(stamp - 10**9, stamp - 10**9))
    result = write_export(FIRST, tmp_path)
    assert {item.action for item in result.files} == {"unchanged"}
    assert (tmp_path / "architecture.md").stat().st_mtime_ns == stamp - 10**9


def test_our_own_previous_output_is_updated(tmp_path: Path) -> None:
    write_export(FIRST, tmp_path)
    second = [RenderedFile("architecture.md", "md", "# Design v2\n"), FIRST[1]]
    assert actions(tmp_path, second) == {
        "architecture.md": "update",
        ".github/workflows/ml-pipeline.yml": "unchanged",
    }
    write_export(second, tmp_path)
    assert (tmp_path / "architecture.md").read_text() == "# Design v2\n"
    third = [RenderedFile("architecture.md", "md", "# Design v3\n")]
    assert actions(tmp_path, third) == {"architecture.md": "update"}


def test_a_file_the_user_edited_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    write_export(FIRST, tmp_path)
    (tmp_path / "architecture.md").write_text("# Design\n\nmy notes\n")
    manifest_before = (tmp_path / MANIFEST_NAME).read_bytes()
    second = [
        RenderedFile("architecture.md", "md", "# Design v2\n"),
        RenderedFile(".github/workflows/ml-pipeline.yml", "ci", "name: ml v2\n"),
    ]
    with pytest.raises(RefusedOverwrite) as refused:
        write_export(second, tmp_path)
    assert refused.value.paths == ("architecture.md",)
    assert (tmp_path / "architecture.md").read_text() == "# Design\n\nmy notes\n"
    assert (tmp_path / ".github/workflows/ml-pipeline.yml").read_text() == "name: ml\n"
    assert (tmp_path / MANIFEST_NAME).read_bytes() == manifest_before

    forced = write_export(second, tmp_path, force=True)
    assert [item.action for item in forced.files] == ["edited", "update"]
    assert (tmp_path / "architecture.md").read_text() == "# Design v2\n"
    assert actions(tmp_path, second) == dict.fromkeys(
        ["architecture.md", ".github/workflows/ml-pipeline.yml"], "unchanged"
    )


def test_a_file_we_never_wrote_counts_as_edited(tmp_path: Path) -> None:
    (tmp_path / "architecture.md").write_text("someone else's document\n")
    assert actions(tmp_path, FIRST)["architecture.md"] == "edited"
    (tmp_path / MANIFEST_NAME).write_text("{not json")
    assert actions(tmp_path, FIRST)["architecture.md"] == "edited"


def test_a_failing_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_export(FIRST, tmp_path)
    second = [RenderedFile("architecture.md", "md", "# Design v2\n" * 1000)]

    def crash(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        write_export(second, tmp_path)
    monkeypatch.undo()
    assert (tmp_path / "architecture.md").read_text() == "# Design\n"
    leftovers = [path.name for path in tmp_path.iterdir() if path.name.endswith(".tmp")]
    assert leftovers == []


def test_a_path_outside_the_output_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="inside the output folder"):
        plan_export([RenderedFile("../escape.md", "md", "x")], tmp_path / "out")
