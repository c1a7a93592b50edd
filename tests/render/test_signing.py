"""The "What you are signing" page: architecture.md opens with, read as the lead who signs.

Every example: the page comes first, names each decision with a basis of the four kinds, the
approver the answers name, every risk with an owner, and the month's cost; it fits a screen.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.fraud_data import write_fraud_data
from tests.paths import EXAMPLES
from wizard.cli import main
from wizard.engine import build_design
from wizard.io.loader import load_answers
from wizard.render.markdown import render_markdown, render_markdown_sections

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
BASES = re.compile(
    r"^(your answer|calibrated on your data|a sourced default|"
    r"not answered: a default with no published source|"
    r"derived from the serving mode and the label delay|"
    r"recommended for this team|found in your repository)"
)
#: One screen: the decisions, the risks and the cost, read without scrolling far.
MAX_PAGE_LINES = 40


def _page(markdown: str) -> str:
    return markdown.split("## What you are signing", 1)[1].split("\n## ", 1)[0]


def _rows(page: str) -> dict[str, list[str]]:
    table = page.split("| Decision |", 1)[1].split("\n\n", 1)[0]
    rows = {}
    for line in table.splitlines()[2:]:
        cells = [cell.strip() for cell in line.strip("|").split(" | ")]
        rows[cells[0]] = cells[1:]
    return rows


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: path.stem)
def test_the_document_opens_on_what_the_lead_signs(path: Path) -> None:
    design = build_design(load_answers(path))
    sections = render_markdown_sections(design)
    assert [section.id for section in sections][:2] == ["title", "signing"]
    markdown = render_markdown(design)
    first_h2 = markdown.split("\n## ", 1)[1].split("\n", 1)[0]
    assert first_h2 == "What you are signing"
    page = _page(markdown)
    assert len(page.strip().splitlines()) <= MAX_PAGE_LINES
    if design.out_of_scope is not None:
        assert "does not cover" in page
        return
    rows = _rows(page)
    assert 5 <= len(rows) <= 8
    for decision, (what, basis) in rows.items():
        assert what, decision
        assert BASES.match(basis), (decision, basis)
        assert "design card" not in basis
    approver = design.promotion.approver
    if approver:
        assert approver in rows["Approval"][0]
    else:
        assert rows["Approval"][0].startswith("nobody")
    for risk in design.risks:
        line = next(line for line in page.splitlines() if f"`{risk.id}`" in line)
        owner = line.rstrip(" |").rsplit(" | ", 1)[1]
        assert owner == (approver or "you"), line
    assert design.cost is not None
    assert "**Monthly cost:**" in page
    assert f"{design.cost.runner.per_month:,}".replace(",", "") in page.replace(",", "")


def test_an_unanswered_value_is_never_called_an_answer() -> None:
    page = _page(render_markdown(build_design(load_answers(EXAMPLES / "minimal.yaml"))))
    rows = _rows(page)
    assert rows["Data window"][1] == "not answered: a default with no published source"
    assert "your answer" not in rows["Retraining"][1]


def test_a_calibrated_threshold_is_signed_as_calibrated(tmp_path: Path) -> None:
    write_fraud_data(tmp_path)
    answers = tmp_path / "answers.yaml"
    shutil.copyfile(EXAMPLES / "fraud-detection.yaml", answers)
    before = _rows(_page(render_markdown(build_design(load_answers(answers)))))
    assert before["Retraining"][1] == "your answer"
    arguments = ["--answers", str(answers), "--reference", str(tmp_path / "reference.parquet")]
    history = ["--history", str(tmp_path / "history.parquet"), "--timestamp", "scored_at"]
    assert main(["calibrate", *arguments, *history, "--apply"]) == 0
    after = _rows(_page(render_markdown(build_design(load_answers(answers)))))
    assert "calibrated on your data" in after["Retraining"][1]
    assert "your answer" in after["Retraining"][1]  # the schedule and the drop stay answers


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: path.stem)
def test_the_release_row_says_the_lifecycle_below(path: Path) -> None:
    """The page signs the release the lifecycle table runs: the candidate's pending mark, the
    production mark set last, and no sooner than the labels when a check waits for them."""
    design = build_design(load_answers(path))
    if design.out_of_scope is not None:
        return
    release = _rows(_page(render_markdown(design)))["Release"][0]
    lifecycle = design.lifecycle
    assert release.startswith(f"{design.deployment.label}: {lifecycle.pending_mark} for ")
    assert release.index(lifecycle.pending_mark) < release.rindex(lifecycle.production_mark)
    if any(step.label_gated for step in lifecycle.steps):
        assert f"after {lifecycle.label_delay_days} day" in release


ADOPT = "; recommended to add: "


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: path.stem)
def test_the_tools_row_signs_only_what_the_design_runs(path: Path) -> None:
    # A tool recommended where the team chose none is advice, not part of the design: the
    # row keeps it apart, so it never contradicts the Release row ("no registry") or the
    # risks a missing tool raises.
    design = build_design(load_answers(path))
    if design.out_of_scope is not None:
        return
    what = _rows(_page(render_markdown(design)))["Tools"][0]
    signed_text, _, adopt_text = what.partition(ADOPT)
    signed, adopt = (
        set(text.replace(" and ", ", ").split(", ")) for text in (signed_text, adopt_text)
    )
    recommended = {choice.key: choice for choice in design.recommendations}
    for component in design.components:
        advice = recommended[component.key]
        if advice.tool in ("none", design.ci_platform):
            continue
        if component.tool == "none":
            assert advice.tool_name in adopt and advice.tool_name not in signed, what
        else:
            assert component.tool_name in signed, (what, component)
