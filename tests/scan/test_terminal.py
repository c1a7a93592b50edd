"""Text from the repository is shown as text: no control or escape sequence in a file name,
a remote URL, the branch, text read from a file or a skipped entry reaches the terminal, in
the report or in ``--json``; a newline in a name cannot start a line of its own."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from wizard.cli import main

ESC_NAME = "esc\x1b]0;PWNED-TITLE\x07name.py"
CLEAR = "\x1b[2J"
OSC52 = "\x1b]52;c;cHduZWQ=\x07"
CSI_C1 = "\x9b2J"
RLO = "\u202e"


def _report(root: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["scan", str(root)]) == 0
    return capsys.readouterr().out


def _json(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, dict]:
    assert main(["scan", str(root), "--json"]) == 0
    raw = capsys.readouterr().out
    return raw, json.loads(raw)


def _assert_printable(out: str) -> None:
    """Nothing but printable characters and line breaks."""
    bad = sorted({char for char in out if not char.isprintable() and char != "\n"})
    assert bad == []


def test_escape_sequence_in_a_file_name(make_repo, capsys) -> None:
    root = make_repo({ESC_NAME: "import mlflow\n"})

    out = _report(root, capsys)
    _assert_printable(out)
    assert "mlflow  esc\\x1b]0;PWNED-TITLE\\x07name.py:1  imports mlflow" in out

    raw, data = _json(root, capsys)
    _assert_printable(raw)
    assert ESC_NAME in {item["path"] for item in data["evidence"]}


def test_newline_in_a_file_name_stays_on_its_line(make_repo, capsys) -> None:
    root = make_repo({"two\nlines.py": "import mlflow\n", "ok.py": "import wandb\n"})

    out = _report(root, capsys)
    _assert_printable(out)
    assert "    mlflow  two\\nlines.py:1  imports mlflow\n" in out
    assert not any(line.startswith("lines.py") for line in out.splitlines())

    raw, data = _json(root, capsys)
    _assert_printable(raw)
    assert "two\nlines.py" in {item["path"] for item in data["evidence"]}


def test_escape_sequences_in_remote_urls(make_repo, run_git, capsys) -> None:
    root = make_repo({"train.py": "import mlflow\n"})
    run_git(root, "remote", "add", "origin", f"https://example.com/a{CLEAR}.git")
    run_git(root, "remote", "add", "paste", f"https://example.com/{OSC52}b.git")

    out = _report(root, capsys)
    _assert_printable(out)
    assert "  remote origin https://example.com/a\\x1b[2J.git\n" in out
    assert "  remote paste https://example.com/\\x1b]52;c;cHduZWQ=\\x07b.git\n" in out

    raw, data = _json(root, capsys)
    _assert_printable(raw)
    assert data["git"]["remotes"] == [
        f"origin https://example.com/a{CLEAR}.git",
        f"paste https://example.com/{OSC52}b.git",
    ]


def test_c1_control_and_bidi_override_in_the_branch(make_repo, run_git, capsys) -> None:
    root = make_repo({"train.py": "import mlflow\n"})
    branch = f"evil{CSI_C1}{RLO}txt"
    run_git(root, "checkout", "-q", "-b", branch)

    out = _report(root, capsys)
    _assert_printable(out)
    assert "Git: evil\\x9b2J\\u202etxt at " in out

    raw, data = _json(root, capsys)
    _assert_printable(raw)  # json.dumps(ensure_ascii=False) alone lets both through
    assert "\\u009b" in raw and "\\u202e" in raw
    assert data["git"]["branch"] == branch


def test_escape_sequences_in_text_read_from_files(make_repo, capsys) -> None:
    workflow = f"on:\n  schedule:\n    - cron: '0 2 * * *{CLEAR}'\n"
    dockerfile = f"FROM python:3.11{OSC52}{RLO}slim\n"
    root = make_repo({".github/workflows/ci.yml": workflow, "Dockerfile": dockerfile})

    out = _report(root, capsys)
    _assert_printable(out)
    assert ".github/workflows/ci.yml:3  cron 0 2 * * *\\x1b[2J\n" in out
    assert "Dockerfile:1  Dockerfile (FROM python:3.11\\x1b]52;c;cHduZWQ=\\x07\\u202eslim)" in out
    assert "partial  cron 0 2 * * *\\x1b[2J at .github/workflows/ci.yml:3, but" in out  # a reason

    raw, data = _json(root, capsys)
    _assert_printable(raw)
    details = {item["detail"] for item in data["evidence"]}
    assert f"cron 0 2 * * *{CLEAR}" in details
    assert f"Dockerfile (FROM python:3.11{OSC52}{RLO}slim)" in details


def test_escape_sequences_in_skipped_entries(make_repo, run_git, capsys) -> None:
    root = make_repo({"train.py": "import mlflow\n"})
    os.symlink("/etc/passwd", root / f"link{CLEAR}.py")
    (root / f"big{RLO}.py").write_text("import wandb\n" + "x = 1\n" * 200_000)
    run_git(root, "add", "-A")
    run_git(root, "commit", "-q", "-m", "links")

    out = _report(root, capsys)
    _assert_printable(out)
    assert "  link\\x1b[2J.py: symbolic link, not followed\n" in out
    assert "  big\\u202e.py: larger than 1 MiB" in out

    raw, data = _json(root, capsys)
    _assert_printable(raw)
    assert f"link{CLEAR}.py: symbolic link, not followed" in data["skipped"]
