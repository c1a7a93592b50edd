"""Golden exports: the headless export of every example, kept under snapshots/exports/ and
compared byte for byte. After an intended change to the documents, regenerate with
``pytest tests/cli/test_golden.py --update-goldens`` and review the diff.

The export's merge bases (.mlops-wizard/base/, what the next export merges against) are not
kept: each is a document's text under the name of its SHA-256, so a copy would repeat the
goldens. They are compared all the same, with the goldens they must repeat."""

from __future__ import annotations

import difflib
import hashlib
import re
import shutil
from pathlib import Path

import pytest

from wizard.cli import main
from wizard.io.export import MANIFEST_NAME

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))
GOLDENS = REPO / "snapshots" / "exports"


#: The export's own folder: the merge bases of the next export.
STATE = ".mlops-wizard"


def tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and STATE not in path.relative_to(folder).parts
    }


def merge_bases(folder: Path) -> dict[str, bytes]:
    """The merge bases an export left in ``folder``: file name -> content."""
    return {path.name: path.read_bytes() for path in (folder / STATE / "base").iterdir()}


@pytest.mark.parametrize("example", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_export_matches_the_golden_files(
    example: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    out_dir = tmp_path / "out"
    assert main(["export", "--answers", str(example), "--out", str(out_dir)]) == 0
    golden = GOLDENS / example.stem
    if request.config.getoption("--update-goldens", default=False):
        shutil.rmtree(golden, ignore_errors=True)
        shutil.copytree(out_dir, golden, ignore=shutil.ignore_patterns(STATE))
    assert golden.is_dir(), f"no goldens for {example.name}: run with --update-goldens"
    assert not (golden / STATE).exists(), "merge bases repeat the goldens: not kept"
    actual, expected = tree(out_dir), tree(golden)
    assert sorted(actual) == sorted(expected)
    # The next export merges against exactly the documents written, each under its hash.
    documents = [content for path, content in expected.items() if path != MANIFEST_NAME]
    assert merge_bases(out_dir) == {hashlib.sha256(text).hexdigest(): text for text in documents}
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


#: architecture.md word counts (as ``wc -w`` counts) before issue 12, for the record.
WORDS_BEFORE = {
    "churn-azure": 2962,
    "credit-risk": 3877,
    "demand-forecast": 3345,
    "fraud-detection": 3585,
    "minimal": 4514,
    "recommender": 3358,
    "support-assistant": 1327,
    # New with issue 22 (a two-person team): no earlier document; its target stands in.
    "two-person-charity": 2201,
}
#: Issue 21's release table (every step: what moves, what is checked, when, where, who signs,
#: how it is undone) replaces the rollout table and needs about a hundred more words.
RELEASE_TABLE_WORDS = 125
#: The brief's targets: every example at most 2,200 words, the fraud example at most 1,800,
#: plus the release table (issue 21).
_TARGETS = {name: 1800 if name == "fraud-detection" else 2200 for name in WORDS_BEFORE} | {
    "keyword-spotting-edge": 2200,
    "streaming-fraud": 2200,
    # Four frameworks (FDA PCCP, EU MDR, IEC 62304, EU AI Act), each obligation with its
    # source: about 250 words of Risk Assessment no other example carries.
    "medical-imaging": 2400,
}
TARGET_WORDS = {name: words + RELEASE_TABLE_WORDS for name, words in _TARGETS.items()}
#: Where the documents stand now, every one within its target: no example may grow.
#: Issue 22 adds one sentence of running cost to every covered document, and what changed
#: for a product a team uses that was acquired or discontinued (NannyML, 30 words).
#: Issue 23 counts the signing page on its own (``SIGNING_PAGE_WORDS``): these bounds are the
#: reasoning behind it, which lost the cost sentence and the risk table's titles to the page.
BOUND_WORDS = {
    # Issue 21 (merged after issues 22 and 23): the release table, one row per step with what
    # moves, what is checked, when, where, who signs and how it is undone, replaces the
    # rollout table: +91 to +147 words on each count below, within RELEASE_TABLE_WORDS of
    # every target (support-assistant has no release).
    # Issue 22 items 1-3 add to the reasoning (the numbers: since issue 23's bounds): the
    # training window that ends the label delay before today, each kind's own input checks, a
    # batch release's early read, each obligation with its source and what changed about its
    # framework. Data's missing-share bound is one more unknown answer where an example leaves
    # it out; the page, not the reasoning, lists the answers to give first. The scan's
    # cicd.python is one more unknown (+2); minimal assumes no data versioning now, so R10 says
    # so (+86).
    # Issue 21 items 5-7, on top of those: a PSI threshold above its noise floor is the shift
    # chosen to act on, with the floor at the window size and a pointer to calibrate (fraud
    # +29, medical +59 where rows_per_window is known); two more answers that may be unknown
    # (governance.locked, promotion.gain_unit) in Information Gaps; a locked model alerts and
    # releases under change control (medical); what stands in for labels that never come back
    # (edge +84, with its floor); the bands' caveat cites its sources. Coherence (issue 23
    # items 4-6) then said the retraining pipeline's steps once, in the spec: -56 to -105.
    # Issue 23 item 3, each fact once (the numbers below): the registry's stages in a line,
    # capabilities in place in a line, the data window and the regime on the signing page
    # only, each risk named in the task that resolves it: -107 to -222.
    "churn-azure": 1571,  # +58 the window, a batch release's early read
    "credit-risk": 2025,  # +21 each obligation with its source
    "demand-forecast": 1847,  # +82 a forecast's own checks, the window, a batch release
    "fraud-detection": 1702,  # -35 a shorter runner-up, though the window is added
    "minimal": 1887,  # +5 the checks say what they check; 58 answers, not 56
    "recommender": 1869,  # +22 catalogue coverage and cold start
    "support-assistant": 607,  # -28 no pipeline to run, said once, and no PSI caveats
    "two-person-charity": 2025,  # +55 its own kind's checks and the window before the labels
    # New with kinds (issue 22): bounds at their first count under issue 23.
    "keyword-spotting-edge": 2076,
    "medical-imaging": 2180,
    "streaming-fraud": 1847,
}
#: "What you are signing" stays a page: the decisions, the risks, the cost, the answers to
#: give first (minimal, the longest, is 421 words). Issue 21's release row says the release as
#: its lifecycle runs it (the pending mark, its steps, how soon production): +3 for minimal.
SIGNING_PAGE_WORDS = 425


def _export(example: Path, tmp_path: Path) -> str:
    out_dir = tmp_path / example.stem
    assert main(["export", "--answers", str(example), "--out", str(out_dir), "--only", "md"]) == 0
    return (out_dir / "architecture.md").read_text(encoding="utf-8")


def _page_and_reasoning(markdown: str) -> tuple[str, str]:
    """The signing page, and the rest of the document: the reasoning behind it."""
    head, _, rest = markdown.partition("## What you are signing\n")
    page, _, tail = rest.partition("\n## ")
    return page, head + "## " + tail


def _words(example: Path, tmp_path: Path) -> int:
    return len(_page_and_reasoning(_export(example, tmp_path))[1].split())


@pytest.mark.parametrize("example", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_the_signing_page_stays_a_page(example: Path, tmp_path: Path) -> None:
    page = _page_and_reasoning(_export(example, tmp_path))[0]
    assert 0 < len(page.split()) <= SIGNING_PAGE_WORDS


@pytest.mark.parametrize("example", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_the_document_is_shorter_than_before_and_does_not_grow(
    example: Path, tmp_path: Path
) -> None:
    words = _words(example, tmp_path)
    assert words <= BOUND_WORDS[example.stem]
    # An example older than issue 12 stays shorter than it was then.
    if example.stem in WORDS_BEFORE:
        assert BOUND_WORDS[example.stem] < WORDS_BEFORE[example.stem]


def test_every_document_meets_the_word_targets(tmp_path: Path) -> None:
    over = {
        example.stem: words
        for example in EXAMPLES
        if (words := _words(example, tmp_path)) > TARGET_WORDS[example.stem]
    }
    assert over == {}


def test_only_impl_and_adr_write_the_implementing_notes_and_the_decision_records(
    tmp_path: Path,
) -> None:
    example = REPO / "examples" / "fraud-detection.yaml"
    out_dir = tmp_path / "out"
    assert (
        main(["export", "--answers", str(example), "--out", str(out_dir), "--only", "impl,adr"])
        == 0
    )
    written = sorted(path for path in tree(out_dir) if path != MANIFEST_NAME)
    assert written[0] == "IMPLEMENTING.md"
    records = written[1:]
    assert records and all(re.fullmatch(r"decisions/\d{4}-[a-z-]+\.md", path) for path in records)
    record = (out_dir / records[0]).read_text(encoding="utf-8")
    for heading in (
        "## Context and problem",
        "## Decision drivers",
        "## Considered options",
        "## Decision outcome",
        "## Consequences",
    ):
        assert heading in record
    implementing = (out_dir / "IMPLEMENTING.md").read_text(encoding="utf-8")
    for part in ("PROMOTION_PRIMARY_METRIC", "metrics/evaluation.json", "drift-detected"):
        assert part in implementing
