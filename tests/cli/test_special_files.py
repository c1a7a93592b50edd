"""Special files where a regular one is expected: a FIFO, a device or a link to one as the
answers file, or where export would write a document, is one line and exit 2, never a hang
(every run here has a timeout, so a hang fails the test instead of the suite). An integer too
long to read is a range error with its file and line, in the CLI and in the session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import EXAMPLES

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev are POSIX")

MINIMAL = EXAMPLES / "minimal.yaml"
HUGE = "9" * 5000


def _run(*arguments: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wizard", *arguments],
        capture_output=True, text=True, timeout=20, check=False, cwd=cwd,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip


def _special(tmp_path: Path, kind: str, name: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    return path


def _one_error(completed: subprocess.CompletedProcess[str], path: Path) -> str:
    assert completed.returncode == 2, (completed.stdout, completed.stderr)
    (line,) = completed.stderr.splitlines()
    assert str(path) in line
    return line


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
@pytest.mark.parametrize(
    "command",
    [
        ("validate", "{answers}"),
        ("export", "--answers", "{answers}", "--out", "{out}"),
        ("--answers", "{answers}"),  # the interactive session
    ],
    ids=["validate", "export", "session"],
)
def test_a_special_answers_file_is_one_line(
    tmp_path: Path, kind: str, command: tuple[str, ...]
) -> None:
    answers = _special(tmp_path, kind, "mlops-answers.yaml")
    arguments = [part.format(answers=answers, out=tmp_path / "out") for part in command]
    line = _one_error(_run(*arguments), answers)
    assert "not a regular file" in line


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
@pytest.mark.parametrize(
    "name", ["architecture.md", ".mlops-wizard-manifest.json", "mlops.mk", "decisions/0001-x.md"]
)
def test_a_special_file_in_the_output_folder_is_one_line(
    tmp_path: Path, kind: str, name: str
) -> None:
    out = tmp_path / "out"
    if name.startswith("decisions/"):
        # Where the first decision record goes: export it once to learn its name.
        first = _run("export", "--answers", str(MINIMAL), "--out", str(tmp_path / "probe"))
        assert first.returncode == 0, first.stderr
        name = "decisions/" + sorted(p.name for p in (tmp_path / "probe/decisions").iterdir())[0]
    target = _special(out, kind, name)
    completed = _run("export", "--answers", str(MINIMAL), "--out", str(out))
    line = _one_error(completed, target)
    assert "not a regular file (allowed: a regular file, as export writes its documents)" in line


def test_a_huge_integer_is_a_range_error_with_its_line(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        f"schema_version: 1\nproject:\n  name: x\nworkload:\n  rows_per_window: {HUGE}\n",
        encoding="utf-8",
    )
    for command in (("validate", str(answers)), ("export", "--answers", str(answers), "--out",
                                                     str(tmp_path / "out"))):  # fmt: skip
        completed = _run(*command)
        assert completed.returncode == 2
        assert completed.stderr == (
            f"{answers}:5: workload.rows_per_window: a number of 5000 digits is out of range "
            "(allowed: numbers of at most 4300 digits)\n"
        )
    over_set = _run("export", "--answers", str(MINIMAL), "--out", str(tmp_path / "o"),
                    "--set", f"workload.rows_per_window={HUGE}")  # fmt: skip
    assert over_set.returncode == 2 and "5000 digits is out of range" in over_set.stderr


def test_the_session_loads_a_huge_integer_as_a_problem_with_its_line(tmp_path: Path) -> None:
    from wizard.io.session_file import load_session

    answers = tmp_path / "answers.yaml"
    answers.write_text(f"schema_version: 1\nworkload:\n  rows_per_window: {HUGE}\n", "utf-8")
    loaded = load_session(answers)
    (problem,) = loaded.problems
    assert (problem.line, problem.key) == (3, "workload.rows_per_window")
    assert "out of range" in problem.message


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_the_sessions_digest_never_reads_a_special_file(tmp_path: Path, kind: str) -> None:
    """The digest the session takes of its answers file before (and after) every save."""
    path = _special(tmp_path, kind, "answers.yaml")
    script = (
        "import sys; from pathlib import Path; from wizard.io.saving import content_digest; "
        "print(content_digest(Path(sys.argv[1])))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True, text=True, timeout=20, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == "not-read\n"
