"""One decision, one place: every exported document says the same thing about it.

Run over every bundled example and over hypothesis-generated answers: each trigger's state
agrees across the trigger table, the diagram, the prose, the spec and the CI file; the gate
statement agrees across the registry, the CI section, the risks and the CI file; no Python
representation leaks into a document; no caveat restates an information gap; every tool the
roadmap names is chosen or recommended.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import assume, given, settings

from tests.paths import EXAMPLES
from tests.render.ci.views import PipelineView
from tests.strategies import ANSWERS_DATA
from wizard.engine import build_design
from wizard.io.loader import load_answers
from wizard.model.answers import Answers
from wizard.model.catalog import CATALOG
from wizard.model.design import Design
from wizard.model.vocabulary import CI_PLATFORM_NAMES
from wizard.render import render_design_files

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))

#: A Python value printed where a sentence was due: None, True/False, a list or dict repr.
_PYTHON_REPR = re.compile(r"[:=(\[{,]\s*(None|True|False)\b|\['|\{'|': ")


def _documents(design: Design, answers: Answers) -> dict[str, str]:
    return {file.path: file.text for file in render_design_files(design, answers)}


def _strings(value: Any) -> list[str]:
    """Every text the user wrote in the answers (a repr check must not flag their words)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def _trigger_rows(markdown: str) -> dict[str, str]:
    """Trigger name -> the On column of the Automated Retraining trigger table."""
    section = markdown.split("### Automated Retraining", 1)[1].split("\n\n**", 2)[1]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split(" | ")]
    on = header.index("On")  # the Basis column shows only beside a default
    rows = {}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split(" | ")]
        assert len(cells) == len(header) and cells[on] in ("yes", "no"), line
        rows[cells[0]] = cells[on]
    return rows


def _section(markdown: str, heading: str) -> str:
    return markdown.split(heading, 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]


def check_triggers(design: Design, files: dict[str, str]) -> None:
    markdown = files["architecture.md"]
    policy = design.retraining
    table = _trigger_rows(markdown)
    spec = yaml.safe_load(files["mlops-architecture.yaml"])
    in_spec = {rule["trigger"]: rule["enabled"] for rule in spec["retraining_triggers"]}
    for rule in policy.triggers:
        assert table[rule.trigger] == ("yes" if rule.enabled else "no"), rule.trigger
        assert in_spec[rule.trigger] is rule.enabled, rule.trigger
    diagram = markdown.split("```mermaid", 1)[1].split("```", 1)[0]
    node = next(line for line in diagram.splitlines() if line.strip().startswith("trigger{{"))
    # The diagram's trigger shows what starts retraining (a locked model's rows only alert).
    assert ("schedule:" in node) is policy.retrains_on("Schedule")
    assert ("drift: PSI" in node) is policy.retrains_on("Drift")
    assert ("decay" in node) is policy.retrains_on("Performance")
    watched = policy.retrains_on("Drift") or policy.retrains_on("Performance")
    assert ("monitoring -->" in diagram and "trigger" in diagram.split("monitoring -->")[-1]) or (
        not watched or design.component("monitoring").tool == "none"
    )
    prose = _section(markdown, "## Proposed Architecture")
    # A locked model's drift alert opens a change request instead of closing the loop.
    assert ("closes the loop" in prose) is (
        policy.retrains_on("Drift") and design.component("monitoring").tool != "none"
    )
    started_by = markdown.split("**Started by:**", 1)[1].split("\n", 1)[0]
    assert ("by hand" in started_by) is policy.enabled("Manual"), started_by
    if "Only the schedule starts retraining" in prose:
        assert policy.enabled("Schedule") and not policy.enabled("Drift")
    ci = design.pipeline
    if ci.stages:
        view = PipelineView.parse(ci.platform, files[ci.path])
        if ci.platform == "github-actions":
            assert (view.schedule_cron() is not None) is ("schedule" in ci.triggers)
        if policy.retrains_on("Drift"):
            assert "drift-detected" in files[ci.path]
        # The job that runs `mlops-wizard drift` and fires the trigger exists exactly when
        # the document says the Drift trigger is on.
        assert ("mlops-wizard drift" in files[ci.path]) is policy.enabled("Drift"), ci.path


def check_gate(design: Design, files: dict[str, str]) -> None:
    markdown = files["architecture.md"]
    statement = design.pipeline.gate_statement
    registry = _section(markdown, "### Model Registry")
    sign_off = next(line for line in registry.splitlines() if line.startswith("| Sign-off |"))
    assert statement[:40] in sign_off
    spec = yaml.safe_load(files["mlops-architecture.yaml"])
    assert spec["ml_pipeline"]["gate"] == statement
    cicd = _section(markdown, "### CI/CD Pipeline")
    gated = design.pipeline.approval_gate
    assert ("**Manual approval.**" in cicd) is gated
    assert ("waits for the approval" in statement) is gated
    if design.pipeline.stages:
        view = PipelineView.parse(design.pipeline.platform, files[design.pipeline.path])
        assert view.has_approval_gate() is gated
    ids = {risk.id.split("-")[0] for risk in design.risks}
    if "R08" in ids:  # "ships with no person accountable"
        assert not gated and "automatic" in statement
    if gated:
        assert "automatic" not in sign_off


def check_no_python_repr(answers_data: dict[str, Any], files: dict[str, str]) -> None:
    user_text = " ".join(_strings(answers_data))
    for path, text in files.items():
        if not path.endswith(".md"):
            continue
        for match in _PYTHON_REPR.finditer(text):
            shown = match.group(1) or match.group(0)
            assert shown.strip("'{[: ") in user_text, f"{path}: {match.group(0)!r}"


def check_blank_lines(files: dict[str, str]) -> None:
    """A template's stray newline shows as a gap in the rendered Markdown."""
    for path, text in files.items():
        if path.endswith(".md"):
            assert "\n\n\n" not in text, f"{path}: two blank lines in a row"


def check_caveats(design: Design) -> None:
    for caveat in design.caveats:
        assert "was not answered" not in caveat
        for gap in design.gaps:
            assert f"`{gap.key}`" not in caveat, (gap.key, caveat)
    flagged = {key for risk in design.risks for key in risk.keys}
    if "retraining.performance.window_rule" in flagged:
        assert not any("window rule avoids" in caveat for caveat in design.caveats)


def check_roadmap_tools(design: Design) -> None:
    allowed = {rec.tool_name for rec in design.recommendations}
    allowed |= {choice.tool_name for choice in design.components}
    allowed.add(CI_PLATFORM_NAMES[design.ci_platform])
    known = {info.name for tools in CATALOG.values() for info in tools.values()}
    known -= {"None", "none"}
    for phase in design.roadmap:
        for task in phase.tasks:
            named = {name for name in known if re.search(rf"\b{re.escape(name)}\b", task.text)}
            # A longer name contains a shorter one ("MLflow Model Registry" has "MLflow").
            named = {name for name in named if not any(name != o and name in o for o in named)}
            assert named <= allowed, (task.text, named - allowed)


def check_all(answers: Answers, answers_data: dict[str, Any]) -> None:
    design = build_design(answers)
    files = _documents(design, answers)
    check_no_python_repr(answers_data, files)
    check_blank_lines(files)
    check_caveats(design)
    if design.out_of_scope is not None:
        return
    check_triggers(design, files)
    check_gate(design, files)
    check_roadmap_tools(design)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: path.stem)
def test_every_example_is_consistent(path: Path) -> None:
    check_all(load_answers(path), yaml.safe_load(path.read_text(encoding="utf-8")))


# 60: an example renders and cross-checks every document (~0.15 s each).
@settings(max_examples=60)
@given(ANSWERS_DATA)
def test_any_answers_give_consistent_documents(data: dict[str, Any]) -> None:
    answers = Answers.model_validate(data)
    assume(answers.project.name is None or answers.project.name.strip() != "")
    check_all(answers, data)


def test_a_description_of_control_characters_leaves_no_gap_under_the_title() -> None:
    """Such a description shows as nothing (control characters never reach a document), and
    the title must not be followed by the blank lines of its empty paragraph."""
    answers = load_answers(EXAMPLES / "fraud-detection.yaml")
    answers = answers.model_copy(
        update={"project": answers.project.model_copy(update={"description": "\x1b\x07"})}
    )
    check_blank_lines(_documents(build_design(answers), answers))
