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


def test_a_save_never_overwrites_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    import pytest

    from wizard.io.loader import load_answers
    from wizard.io.saving import ChangedOnDisk, content_digest, save_answers

    path = tmp_path / "a.yaml"
    path.write_text("schema_version: 1\nproject:\n  name: mine\n")
    read = content_digest(path)
    answers = load_answers(path)
    written = save_answers(path, answers, expect=read)
    assert written == content_digest(path)
    path.write_text("schema_version: 1\nproject:\n  name: the editor's\n")  # another writer
    with pytest.raises(ChangedOnDisk):
        save_answers(path, answers, expect=written)
    assert "the editor's" in path.read_text()
    with pytest.raises(ChangedOnDisk):
        save_answers(tmp_path / "new.yaml", answers, expect=read)  # expected a file that isn't
    assert save_answers(tmp_path / "new.yaml", answers, expect=None)
