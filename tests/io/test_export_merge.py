"""Re-export keeps the user's edits (a three-way merge with the last export as the base), and
an export killed at any point never makes the next one refuse or lose anything."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import wizard.io.export as export_module
from tests.paths import EXAMPLES
from wizard.io.export import RefusedOverwrite, write_export
from wizard.model.files import RenderedFile

LINES = [f"line {number}\n" for number in range(1, 21)]


def document(*changes: tuple[int, str]) -> list[RenderedFile]:
    lines = list(LINES)
    for index, text in changes:
        lines[index] = text
    return [RenderedFile("architecture.md", "md", "".join(lines))]


def test_an_edit_away_from_the_change_is_merged(tmp_path: Path) -> None:
    write_export(document(), tmp_path)
    target = tmp_path / "architecture.md"
    target.write_text(target.read_text().replace("line 2\n", "line 2, with my note\n"))

    result = write_export(document((17, "line 18 of the new design\n")), tmp_path)

    assert [item.action for item in result.files] == ["merged"]
    text = target.read_text()
    assert "line 2, with my note\n" in text and "line 18 of the new design\n" in text
    # the merged file is still the user's: the next export merges again, it never overwrites
    again = write_export(document((17, "line 18 again\n")), tmp_path)
    assert [item.action for item in again.files] == ["merged"]
    assert "line 2, with my note\n" in target.read_text()


def test_a_conflict_leaves_the_users_file_and_writes_the_merge_beside_it(tmp_path: Path) -> None:
    write_export(document(), tmp_path)
    target = tmp_path / "architecture.md"
    mine = target.read_text().replace("line 5\n", "line 5 as I want it\n")
    target.write_text(mine)

    with pytest.raises(RefusedOverwrite) as refused:
        write_export(document((4, "line 5 as the design wants it\n")), tmp_path)

    assert refused.value.conflicts == {"architecture.md": "architecture.md.merge"}
    assert target.read_text() == mine
    merge = (tmp_path / "architecture.md.merge").read_text()
    assert "<<<<<<< yours\nline 5 as I want it\n=======\nline 5 as the design wants it\n" in merge

    forced = write_export(document((4, "line 5 as the design wants it\n")), tmp_path, force=True)
    assert [item.action for item in forced.files] == ["edited"]
    assert not (tmp_path / "architecture.md.merge").exists()


def test_a_file_no_export_wrote_is_refused_as_such(tmp_path: Path) -> None:
    (tmp_path / "architecture.md").write_text("my own design\n")
    with pytest.raises(RefusedOverwrite) as refused:
        write_export(document(), tmp_path)
    assert refused.value.paths == ("architecture.md",) and refused.value.conflicts == {}
    assert "was not written by an export" in str(refused.value)
    assert "edited since the last export" not in str(refused.value)


@pytest.mark.parametrize("crash_at", range(1, 9))
def test_an_export_that_crashes_at_any_write_blocks_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, crash_at: int
) -> None:
    first = [*document(), RenderedFile("spec.yaml", "yaml", "a: 1\n")]
    second = [*document((0, "new line 1\n")), RenderedFile("spec.yaml", "yaml", "a: 2\n")]
    write_export(first, tmp_path)
    real_write = export_module.atomic_write
    calls = 0

    def crashing_write(path: Path, text: str) -> None:
        nonlocal calls
        calls += 1
        if calls == crash_at:
            # what a kill mid-write leaves: a temporary file, and no rename
            (path.parent / f".{path.name}.abcd1234.tmp").write_text(text[: len(text) // 2])
            raise KeyboardInterrupt
        real_write(path, text)

    monkeypatch.setattr(export_module, "atomic_write", crashing_write)
    with contextlib.suppress(KeyboardInterrupt):
        write_export(second, tmp_path)
    monkeypatch.setattr(export_module, "atomic_write", real_write)

    result = write_export(second, tmp_path)
    assert {item.action for item in result.files} <= {"update", "unchanged"}
    assert (tmp_path / "architecture.md").read_text() == second[0].text
    assert not list(tmp_path.rglob("*.tmp"))


def test_real_kills_mid_export_never_block_the_next_one(tmp_path: Path) -> None:
    out = tmp_path / "out"
    answers = str(EXAMPLES / "fraud-detection.yaml")
    command = [sys.executable, "-m", "wizard", "export", "--answers", answers, "--out", str(out)]
    assert subprocess.run(command, capture_output=True, check=False).returncode == 0
    for number, delay in enumerate([0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5]):
        process = subprocess.Popen(
            [*command, "--set", f"project.name=n{number}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()
    final = subprocess.run(command, capture_output=True, text=True, check=False)
    assert final.returncode == 0, final.stderr
    assert not list(out.rglob("*.tmp"))
