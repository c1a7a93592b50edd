"""The session's answers file: a broken file's backups are numbered, never overwritten."""

from __future__ import annotations

from pathlib import Path

from wizard.io.session_file import keep_broken_copy


def test_each_broken_load_keeps_its_own_copy(tmp_path: Path) -> None:
    path = tmp_path / "mlops-answers.yaml"
    copies = []
    for version in range(3):
        path.write_text(f"schema_version: 1\nbroken: {version}\n")
        copies.append(keep_broken_copy(path))
    assert [copy.name for copy in copies] == [
        "mlops-answers.yaml.broken",
        "mlops-answers.yaml.broken.1",
        "mlops-answers.yaml.broken.2",
    ]
    assert [copy.read_text() for copy in copies] == [
        f"schema_version: 1\nbroken: {version}\n" for version in range(3)
    ]
