"""architecture.md: section order, the sections joining to the document, determinism, and
hostile user text that must not change the document's structure."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wizard.model.defaults import DEFAULT_SOURCES
from wizard.model.design import Design, Gap, PainPoint
from wizard.render.escape import control_free_line
from wizard.render.markdown import render_markdown, render_markdown_sections

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SECTION_IDS = [
    "title",
    "signing",
    "current-state",
    "proposed-architecture",
    "component-design",
    "experiment-tracking",
    "model-registry",
    "ci-cd-pipeline",
    "automated-retraining",
    "implementation-roadmap",
    "tool-recommendations",
    "confidence-assessment",
    "risk-assessment",
    "information-gaps",
    "caveats",
]
# DESIGN.md "The exported documents": the order of the second-level sections.
H2_ORDER = [
    "What you are signing",
    "Current State",
    "Proposed Architecture",
    "Component Design",
    "Implementation Roadmap",
    "Tool Recommendations",
    "Confidence Assessment",
    "Risk Assessment",
    "Information Gaps",
    "Caveats",
]
COMPONENT_H3_ORDER = [
    "Experiment Tracking",
    "Model Registry",
    "CI/CD Pipeline",
    "Automated Retraining",
]


def test_sections_have_stable_ids_in_document_order(design: Design) -> None:
    sections = render_markdown_sections(design)
    assert [section.id for section in sections] == SECTION_IDS
    other = render_markdown_sections(replace(design, project_name="other", risks=(), gaps=()))
    assert [section.id for section in other] == SECTION_IDS


def test_sections_join_to_the_document(design: Design) -> None:
    sections = render_markdown_sections(design)
    assert "".join(section.text for section in sections) == render_markdown(design)
    for section in sections[:-1]:
        assert section.text.endswith("\n\n") and not section.text.endswith("\n\n\n")
    assert sections[-1].text.endswith("\n") and not sections[-1].text.endswith("\n\n")


def test_each_section_opens_with_its_own_heading(design: Design) -> None:
    for section in render_markdown_sections(design)[1:]:
        assert section.text.split("\n", 1)[0].lstrip("#").strip() == section.title


def test_headings_follow_the_documented_order(design: Design, structure) -> None:
    headings = structure.headings(structure.parse(render_markdown(design)))
    assert headings[0] == ("h1", "MLOps Architecture: fraud-detection")
    assert [text for tag, text in headings if tag == "h2"] == H2_ORDER
    h3 = [text for tag, text in headings if tag == "h3"]
    assert h3[:4] == COMPONENT_H3_ORDER


def test_rendering_twice_gives_the_same_bytes(design: Design) -> None:
    assert render_markdown(design).encode() == render_markdown(design).encode()


def test_an_overridden_level_says_so_and_names_the_computed_level(design: Design) -> None:
    maturity = replace(design.maturity, level=2, name="Automated", overridden=True)
    document = render_markdown(replace(design, maturity=maturity))
    assert "**Maturity level 2 — Automated.**" in document
    assert "`maturity.level_override`" in document
    assert "alone give level 0 (Manual)" in document


def test_why_level_says_only_the_override(design: Design) -> None:
    """The levels reached are the statuses again and the bar missed is the Next focus: only
    an override needs a reason. A word inside one (``reached:``) decides nothing."""
    maturity = replace(
        design.maturity,
        level=1,
        override_reason="Set by hand, although level 2 was reached: by decree.",
        levels_reached=("Level 1 (Tracked) reached: experiment tracking is yes.",),
        next_level_missed="Level 2 (Automated) not reached: it needs a registry.",
    )
    current_state = _section(replace(design, maturity=maturity), "current-state")
    assert "**Why level 1:** Set by hand, although level 2 was reached: by decree." in (
        current_state
    )
    assert "it needs a registry" not in current_state
    assert "Level 1 (Tracked) reached" not in current_state
    plain = replace(maturity, override_reason="")
    assert "Why level" not in _section(replace(design, maturity=plain), "current-state")


def test_the_pain_column_says_what_the_gap_costs(design: Design) -> None:
    pained = replace(
        design.maturity.capabilities[1],
        pain=PainPoint("Data is not versioned", "nobody can rebuild: not even its author."),
    )
    capabilities = (design.maturity.capabilities[0], pained, *design.maturity.capabilities[2:])
    current_state = _section(
        replace(design, maturity=replace(design.maturity, capabilities=capabilities)),
        "current-state",
    )
    assert "| Nobody can rebuild: not even its author. |" in current_state
    assert "Data is not versioned" not in current_state


def test_capability_notes_follow_the_table_as_sentences(design: Design) -> None:
    noted = replace(design.maturity.capabilities[0], note="You answered partial, but yes.")
    capabilities = (noted, *design.maturity.capabilities[1:])
    maturity = replace(design.maturity, capabilities=capabilities)
    current_state = _section(replace(design, maturity=maturity), "current-state")
    table_end = current_state.index("\n\n", current_state.index("| Capability |"))
    assert "You answered partial" not in current_state[:table_end]
    assert "- **Experiment tracking:** You answered partial, but yes." in current_state


def test_evidence_is_cited_with_path_and_line(design: Design) -> None:
    current_state = _section(design, "current-state")
    assert "| Experiment tracking | partial | your answer | `src/train.py:5` |" in current_state


def test_a_note_shared_by_every_capability_is_said_once(design: Design) -> None:
    capabilities = tuple(
        replace(capability, note="Self-reported.") for capability in design.maturity.capabilities
    )
    maturity = replace(design.maturity, capabilities=capabilities)
    current_state = _section(replace(design, maturity=maturity), "current-state")
    assert "| Capability | Status | Source | Evidence | Pain point |\n" in current_state
    assert current_state.count("Self-reported.") == 1
    assert "**What the evidence says:**" in _section(design, "current-state")
    silent = tuple(replace(capability, note="") for capability in capabilities)
    current_state = _section(
        replace(design, maturity=replace(maturity, capabilities=silent)), "current-state"
    )
    assert "Note" not in current_state


def test_a_defaulted_threshold_cites_its_public_source(design: Design) -> None:
    retraining = _section(design, "automated-retraining")
    assert DEFAULT_SOURCES["retraining.performance.window_rule"] in retraining
    gaps = (*design.gaps, Gap("retraining.drift.psi_threshold", "PSI?", "0.1"))
    retraining = _section(replace(design, gaps=gaps), "automated-retraining")
    assert DEFAULT_SOURCES["retraining.drift.psi_threshold"] in retraining


def test_an_answered_threshold_is_marked_as_the_users(design: Design) -> None:
    signing = _section(design, "signing")
    assert "| Data window | each training uses the last 30 days" in signing


def test_the_ci_section_includes_the_pipeline_body(design: Design) -> None:
    cicd = _section(design, "ci-cd-pipeline")
    assert cicd.startswith("### CI/CD Pipeline\n\n")
    assert design.pipeline.path in cicd


def test_the_roadmap_has_checkbox_tasks(design: Design) -> None:
    roadmap = _section(design, "implementation-roadmap")
    assert "### Weeks 1-2: Foundation" in roadmap
    assert "- [ ] Set up MLflow" in roadmap
    assert "- [x] Write tests" in roadmap


def test_a_none_tracker_is_explained_not_hidden(design: Design) -> None:
    components = tuple(
        replace(choice, tool="none", tool_name="none")
        if choice.key == "components.experiment_tracking.tool"
        else choice
        for choice in design.components
    )
    tracking = _section(replace(design, components=components), "experiment-tracking")
    assert "No experiment tracker is chosen" in tracking


def test_empty_lists_read_as_sentences(design: Design) -> None:
    empty = replace(design, risks=(), gaps=(), caveats=(), experiments=())
    document = render_markdown(empty)
    assert "No risk rule fired for these answers." in document
    assert "None: every answer is known." in document
    assert "No experiment groups are named yet" in document


HOSTILE_NAMES = (
    "# fraud | detection",
    "name\n## Injected heading\n| a | b |",
    "<img src=x onerror=alert(1)> & <!-- comment -->",
    "`code` ```fence``` [link](x) *bold* _em_",
    "- list\n1. ordered\n> quote\n---",
    "trailing #",
)


def _outline(tokens, structure) -> tuple[list[tuple[str, str]], list[str], int]:
    """What user text must not change: the headings below the title, the code fences and
    the number of table rows."""
    headings = structure.headings(tokens)[1:]
    fences = [token.info for token in tokens if token.type == "fence"]
    return headings, fences, len(structure.table_rows(tokens))


def assert_structure_holds(document: str, title_text: str, baseline: str, structure) -> None:
    """``document`` (with hostile text) has the outline of ``baseline`` (with plain text)."""
    tokens = structure.parse(document)
    headings = structure.headings(tokens)
    assert [tag for tag, _ in headings].count("h1") == 1
    assert headings[0][0] == "h1"
    title = structure.plain_text(_heading_inline(tokens))
    assert title == f"MLOps Architecture: {title_text}".strip()
    assert [text for tag, text in headings if tag == "h2"] == H2_ORDER
    assert not structure.raw_html(tokens)
    _assert_tables_keep_their_columns(document, tokens, structure)
    assert _outline(tokens, structure) == _outline(structure.parse(baseline), structure)


_UNESCAPED_PIPE = re.compile(r"(?<!\\)(?:\\\\)*\|")


def _assert_tables_keep_their_columns(document: str, tokens, structure) -> None:
    """Every line of a table has as many cell separators as its header, and the parser sees
    exactly one row per table line (a stray newline would add or split rows)."""
    tables: list[list[str]] = []
    previous_was_table = False
    for line in document.splitlines():
        is_table = line.startswith("|")
        if is_table and not previous_was_table:
            tables.append([])
        if is_table:
            tables[-1].append(line)
        previous_was_table = is_table
    for table in tables:
        widths = [len(_UNESCAPED_PIPE.findall(line)) for line in table]
        assert len(set(widths)) == 1, f"cells differ across rows: {table}"
    data_lines = sum(len(table) - 1 for table in tables)
    assert len(structure.table_rows(tokens)) == data_lines


def test_hostile_names_keep_one_title_and_every_table_row_whole(text_design, structure) -> None:
    baseline = render_markdown(text_design("plain"))
    for name in HOSTILE_NAMES:
        document = render_markdown(text_design(name))
        assert_structure_holds(document, control_free_line(name), baseline, structure)


# 50: an example renders the whole document twice.
@settings(max_examples=50)
@given(st.text(max_size=80))
def test_any_user_text_keeps_the_document_structure(text_design, structure, text: str) -> None:
    document = render_markdown(text_design(text))
    baseline = render_markdown(text_design("plain"))
    assert_structure_holds(document, control_free_line(text), baseline, structure)


def _section(design: Design, section_id: str) -> str:
    for section in render_markdown_sections(design):
        if section.id == section_id:
            return section.text
    raise KeyError(section_id)


def _heading_inline(tokens):
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h1":
            return tokens[index + 1]
    raise AssertionError("no title")


EXAMPLE_NAMES = sorted(path.stem for path in EXAMPLES.glob("*.yaml"))


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_example_renders_the_documented_outline(name: str, example_designs, structure):
    design = example_designs[name]
    document = render_markdown(design)
    tokens = structure.parse(document)
    headings = structure.headings(tokens)
    assert headings[0] == ("h1", f"MLOps Architecture: {design.project_name}")
    assert [text for tag, text in headings if tag == "h2"] == H2_ORDER
    h3 = [text for tag, text in headings if tag == "h3"]
    assert h3[:4] == COMPONENT_H3_ORDER
    assert not structure.raw_html(tokens)
    _assert_tables_keep_their_columns(document, tokens, structure)
    sections = render_markdown_sections(design)
    assert [section.id for section in sections] == SECTION_IDS
    assert "".join(section.text for section in sections) == document
    assert render_markdown(design).encode() == document.encode()


def test_a_multi_line_description_reads_as_one_paragraph(example_designs) -> None:
    title = render_markdown_sections(example_designs["recommender"])[0].text
    assert "Next-item recommendations for the web shop. Retrained nightly" in title


def test_unknown_answers_cite_the_public_source_of_their_default(example_designs) -> None:
    retraining = _section(example_designs["minimal"], "automated-retraining")
    assert f"default: {DEFAULT_SOURCES['retraining.drift.psi_threshold']}" in retraining
    # The canary's steps have no published source: said so, never cited as if they had.
    assert "stages: not answered: a default with no published source;" in retraining
    assert "design card" not in render_markdown(example_designs["minimal"])


def test_hostile_answers_through_the_engine_keep_the_structure(engine_text_design, structure):
    baseline = render_markdown(engine_text_design("plain"))
    for name in HOSTILE_NAMES:
        design = engine_text_design(name)
        document = render_markdown(design)
        assert_structure_holds(
            document, control_free_line(design.project_name), baseline, structure
        )


# 40: an example builds a design through the engine and renders it twice.
@settings(max_examples=40)
@given(st.text(max_size=60))
def test_any_answered_text_keeps_the_document_structure(engine_text_design, structure, text):
    design = engine_text_design(text)
    document = render_markdown(design)
    baseline = render_markdown(engine_text_design("plain"))
    assert_structure_holds(document, control_free_line(design.project_name), baseline, structure)


def test_without_monitoring_the_architecture_says_only_the_schedule_retrains(example_designs):
    architecture = _section(example_designs["recommender"], "proposed-architecture")
    assert "No monitoring tool watches production. Only the schedule starts retraining" in (
        architecture
    )
    # The concerns with no tool are the diagram's dashed boxes, said once there.
    gaps = re.findall(r'gap_\w+\["([^"]+): none chosen"\]', architecture)
    assert gaps == ["Feature store", "Monitoring"]
    architecture = _section(example_designs["churn-azure"], "proposed-architecture")
    assert "NannyML watches production" in architecture
    assert "none chosen" not in architecture
