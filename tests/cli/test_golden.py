"""Golden exports: the headless export of every example, kept under snapshots/exports/ and
compared byte for byte. After an intended change to the documents, regenerate with
``pytest tests/core/test_golden.py --update-goldens`` and review the diff."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from wizard.cli import main
from wizard.io.export import MANIFEST_NAME

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))
GOLDENS = REPO / "snapshots" / "exports"


def tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        # .mlops-wizard/ holds copies of the documents, the bases of the next merge
        if path.is_file() and ".mlops-wizard" not in path.relative_to(folder).parts
    }


@pytest.mark.parametrize("example", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_export_matches_the_golden_files(
    example: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    out_dir = tmp_path / "out"
    assert main(["export", "--answers", str(example), "--out", str(out_dir)]) == 0
    golden = GOLDENS / example.stem
    if request.config.getoption("--update-goldens", default=False):
        shutil.rmtree(golden, ignore_errors=True)
        shutil.copytree(out_dir, golden)
    assert golden.is_dir(), f"no goldens for {example.name}: run with --update-goldens"
    actual, expected = tree(out_dir), tree(golden)
    assert sorted(actual) == sorted(expected)
    # The manifest only holds the documents' hashes: show a document's own diff first.
    for path in sorted(expected, key=lambda name: name == MANIFEST_NAME):
        content = expected[path]
        if actual[path] != content:
            diff = difflib.unified_diff(
                content.decode().splitlines(),
                actual[path].decode().splitlines(),
                f"golden/{path}",
                f"export/{path}",
                lineterm="",
            )
            pytest.fail(f"{example.stem}/{path} differs from its golden file:\n" + "\n".join(diff))


def test_every_golden_folder_has_its_example() -> None:
    assert sorted(path.name for path in GOLDENS.iterdir()) == sorted(p.stem for p in EXAMPLES)
