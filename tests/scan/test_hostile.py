"""A hostile repository: its configuration names programs for fsmonitor, filters, diff
drivers, pagers, hooks, ssh and transports; it links out of its root and into loops; it
holds a huge file, a binary file, a name that is not UTF-8 and a pipe. The scan must run
none of those programs, read nothing outside the root and finish."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from wizard.scan import scan_repository

EVIL_SCRIPT = '#!/bin/sh\ntouch "{markers}/$1"\ncat\n'


def _arm(root: Path, evil: Path) -> None:
    """Config that makes plain git run ``evil`` in many ways (written after the commit)."""
    hooks = root / ".git" / "evil-hooks"
    hooks.mkdir()
    for hook in ("pre-commit", "post-checkout", "post-index-change", "reference-transaction"):
        (hooks / hook).write_text(f'#!/bin/sh\n"{evil}" hook-{hook}\n')
        (hooks / hook).chmod(0o755)
        (root / ".git" / "hooks" / hook).write_text(f'#!/bin/sh\n"{evil}" hook-{hook}\n')
        (root / ".git" / "hooks" / hook).chmod(0o755)
    with (root / ".git" / "config").open("a") as config:
        config.write(
            f"""
[core]
\tfsmonitor = "{evil} fsmonitor"
\thooksPath = {hooks}
\tpager = "{evil} pager"
\tsshCommand = "{evil} ssh"
\teditor = "{evil} editor"
[pager]
\tdiff = "{evil} pager-diff"
\tstatus = "{evil} pager-status"
[diff]
\texternal = "{evil} external-diff"
[diff "evil"]
\tcommand = "{evil} diff-command"
\ttextconv = "{evil} textconv"
[filter "evil"]
\tclean = "{evil} clean"
\tsmudge = "{evil} smudge"
\trequired = true
[filter "process-evil"]
\tprocess = "{evil} process"
[uploadpack]
\tpackObjectsHook = "{evil} pack-objects-hook"
[protocol "ext"]
\tallow = always
[remote "origin"]
\turl = "ext::{evil} ext-transport"
\tuploadpack = "{evil} uploadpack"
[credential]
\thelper = "!{evil} credential"
[log]
\tshowSignature = true
[gpg]
\tprogram = "{evil} gpg"
"""
        )


@pytest.fixture
def hostile(tmp_path: Path, make_repo, write_tree, run_git) -> tuple[Path, Path, Path]:
    """(repository, markers folder, outside folder)."""
    markers = tmp_path / "markers"
    markers.mkdir()
    evil = tmp_path / "evil.sh"
    evil.write_text(EVIL_SCRIPT.format(markers=markers))
    evil.chmod(0o755)
    outside = tmp_path / "outside"
    write_tree(outside, {"secret.py": "import feast\n", "pkg/mod.py": "import tecton\n"})
    root = make_repo(
        {
            ".gitattributes": "* filter=evil diff=evil\n*.py filter=process-evil\n",
            "train.py": "import mlflow\nmlflow.log_param('a', 1)\n",
            "big.py": "import wandb\n" + "x = 1\n" * 200_000,
            "binary.py": b"import neptune\n\0\x01\x02",
            "pipe.py": "import clearml\n",
            "pkg/mod.py": "x = 1\n",
        }
    )
    (root / "caf\udce9.py").write_bytes(b"import dvc.api\n")  # a name that is not UTF-8
    os.symlink(outside / "secret.py", root / "link.py")
    os.symlink(outside, root / "escape")
    os.symlink("loop", root / "loop")
    os.symlink("b", root / "a")
    os.symlink("a", root / "b")
    run_git(root, "add", "-A")
    run_git(root, "commit", "-q", "-m", "hostile")
    (root / "pipe.py").unlink()
    os.mkfifo(root / "pipe.py")
    (root / "pkg" / "mod.py").unlink()
    (root / "pkg").rmdir()
    os.symlink(outside / "pkg", root / "pkg")
    (root / "train.py").write_text("import mlflow\nmlflow.log_param('b', 2)\n")
    _arm(root, evil)
    return root, markers, outside


def test_runs_nothing_and_reads_nothing_outside(hostile: tuple[Path, Path, Path]) -> None:
    root, markers, _ = hostile
    evidence = scan_repository(root)

    assert sorted(os.listdir(markers)) == []
    tools = {item.tool for item in evidence.items}
    assert "feast" not in tools and "tecton" not in tools
    assert "wandb" not in tools and "neptune" not in tools and "clearml" not in tools
    where = {(item.path, item.detail) for item in evidence.items}
    assert ("train.py", "logs parameters (mlflow.log_param)") in where
    assert ("caf\ufffd.py", "imports dvc") in where
    skipped = "\n".join(evidence.skipped)
    assert "big.py: larger than 1 MiB" in skipped
    assert "binary.py: binary (NUL byte in the first 8 KiB)" in skipped
    assert "pipe.py: not a regular file" in skipped
    assert "link.py: symbolic link, not followed" in skipped
    assert "pkg/mod.py: inside a linked directory, not followed" in skipped
    assert evidence.git is not None
    assert evidence.git.dirty is True
    assert evidence.git.remotes == (
        "origin ext::" + str(root.parent / "evil.sh") + " ext-transport",
    )


def test_the_fixture_is_armed(hostile: tuple[Path, Path, Path]) -> None:
    """Plain git on the same repository does run the hostile programs: the test above means
    something."""
    root, markers, _ = hostile
    # A changed stat makes git re-read the file through its clean filter; otherwise git does
    # so only when the file is racily clean (written in the second the index was), by chance.
    os.utime(root / ".gitattributes", (1_000_000_000, 1_000_000_000))
    subprocess.run(["git", "-C", str(root), "status"], capture_output=True, timeout=60)
    assert {"fsmonitor", "clean"} <= set(os.listdir(markers))


def test_scan_json_survives_the_hostile_names(hostile: tuple[Path, Path, Path]) -> None:
    root, markers, _ = hostile
    result = subprocess.run(
        [sys.executable, "-m", "wizard", "scan", str(root), "--json"],
        capture_output=True,
        check=True,
    )
    data = json.loads(result.stdout)
    assert "caf\ufffd.py" in {item["path"] for item in data["evidence"]}
    assert sorted(os.listdir(markers)) == []


def test_plain_walk_does_not_follow_links(tmp_path: Path, write_tree) -> None:
    outside = tmp_path / "outside"
    write_tree(outside, {"secret.py": "import feast\n"})
    root = tmp_path / "plain"
    write_tree(root, {"train.py": "import mlflow\n"})
    os.symlink(outside, root / "escape")
    os.symlink(outside / "secret.py", root / "secret.py")
    os.symlink(".", root / "loop")
    os.mkfifo(root / "fifo.py")

    evidence = scan_repository(root)

    assert {item.tool for item in evidence.items} == {"mlflow", "script"}  # train.py itself
    assert "escape: symbolic link, not followed" in evidence.skipped
    assert "loop: symbolic link, not followed" in evidence.skipped
    assert "secret.py: symbolic link, not followed" in evidence.skipped


def _skipped_as_nobody(root: Path) -> tuple[str, ...]:
    """Scan in a forked child that has dropped root for the user ``nobody``."""
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            os.close(reading)
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            with os.fdopen(writing, "w") as out:
                json.dump(scan_repository(root).skipped, out)
            status = 0
        finally:
            os._exit(status)
    os.close(writing)
    with os.fdopen(reading) as incoming:
        payload = incoming.read()
    _, status = os.waitpid(pid, 0)
    assert status == 0
    return tuple(json.loads(payload))


def test_unreadable_file_is_skipped(tmp_path: Path, write_tree) -> None:
    """chmod 000 stops everyone but root, and tests run as root: then the scan runs in a
    forked child that has become ``nobody``, for whom the file is unreadable."""
    root = tmp_path / "repo"
    write_tree(root, {"train.py": "import mlflow\n", "secret.py": "import feast\n"})
    (root / "secret.py").chmod(0o000)
    if os.geteuid() == 0:
        temp = Path(tempfile.gettempdir())
        for folder in (tmp_path, *tmp_path.parents):
            if folder == temp or temp not in folder.parents:
                break
            folder.chmod(folder.stat().st_mode | 0o011)  # let nobody reach the folder
        skipped = _skipped_as_nobody(root)
    else:
        skipped = scan_repository(root).skipped
    assert "secret.py: unreadable (permission denied)" in skipped


def test_deadline_bounds_the_scan(make_repo) -> None:
    root = make_repo({"train.py": "import mlflow\n", "serve.py": "import mlflow\n"})
    evidence = scan_repository(root, deadline_seconds=-1)
    assert evidence.files_scanned == 0
    assert "2 files not read: the scan stopped at its -1 s deadline" in evidence.skipped
