"""The Proposed Architecture flowchart: well-formed Mermaid whatever the names in it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from wizard.model.design import Design
from wizard.render.markdown import render_markdown
from wizard.render.mermaid import render_flowchart

_ID = r"[A-Za-z][A-Za-z0-9_]*"
# A quoted label: no raw quote inside, entity codes only as #digits;
_LABEL = r'"(?:[^"#\n]|#\d+;)*"'
_SHAPES = (r"\[", r"\]"), (r"\[\(", r"\)\]"), (r"\(\[", r"\]\)"), (r"\{\{", r"\}\}")
NODE = re.compile(
    rf"^(?P<id>{_ID})(?:" + "|".join(rf"{open_}{_LABEL}{close}" for open_, close in _SHAPES) + r")$"
)
EDGE = re.compile(rf"^(?P<source>{_ID}) -->(?:\|{_LABEL}\|)? (?P<target>{_ID})$")
SUBGRAPH = re.compile(rf"^subgraph (?P<id>{_ID})\[{_LABEL}\]$")
CLASS_DEF = re.compile(rf"^classDef {_ID} [a-z-]+: ?[0-9 ]+$")
CLASS = re.compile(rf"^class (?P<ids>{_ID}(?:,{_ID})*) {_ID}$")
# Words Mermaid reads as keywords, which would break the chart as node ids.
RESERVED_IDS = {"end", "subgraph", "graph", "flowchart", "style", "class", "classDef", "click"}


@dataclass
class Flowchart:
    nodes: list[str] = field(default_factory=list)
    edges: list[tuple[str, str]] = field(default_factory=list)
    subgraphs: list[str] = field(default_factory=list)
    classed: list[str] = field(default_factory=list)


def parse_flowchart(source: str) -> Flowchart:
    """Parse the subset of flowchart syntax the renderer may emit; fail on anything else."""
    lines = source.splitlines()
    assert lines[0] == "flowchart TD"
    chart = Flowchart()
    depth = 0
    for line in lines[1:]:
        statement = line.strip()
        indent = depth - 1 if statement == "end" else depth
        assert line == " " * (4 + 4 * indent) + statement, f"indentation: {line!r}"
        if match := NODE.match(statement):
            chart.nodes.append(match["id"])
        elif match := EDGE.match(statement):
            chart.edges.append((match["source"], match["target"]))
        elif match := SUBGRAPH.match(statement):
            chart.subgraphs.append(match["id"])
            depth += 1
        elif statement == "end":
            assert depth > 0, "end without subgraph"
            depth -= 1
        elif CLASS_DEF.match(statement):
            pass
        elif match := CLASS.match(statement):
            chart.classed.extend(match["ids"].split(","))
        else:
            raise AssertionError(f"not flowchart syntax: {line!r}")
    assert depth == 0, "subgraph without end"
    return chart


def assert_well_formed(source: str) -> Flowchart:
    chart = parse_flowchart(source)
    declared = set(chart.nodes)
    assert len(declared) == len(chart.nodes), "a node is declared twice"
    assert not declared & RESERVED_IDS
    for source_id, target_id in chart.edges:
        assert source_id in declared and target_id in declared, (source_id, target_id)
    assert set(chart.classed) <= declared
    return chart


def test_the_flow_runs_from_sources_to_serving_and_loops_back(design: Design) -> None:
    chart = assert_well_formed(render_flowchart(design))
    order = [
        "sources",
        "versioning",
        "validation",
        "training",
        "evaluation",
        "registry",
        "cicd",
        "canary",
        "serving",
        "monitoring",
    ]
    assert [node for node in chart.nodes if node in order] == order
    assert list(pairwise(order)) == chart.edges[: len(order) - 1]
    assert ("monitoring", "trigger") in chart.edges
    assert ("trigger", "training") in chart.edges


def test_a_none_choice_is_a_gap_outside_the_flow(design: Design) -> None:
    chart = assert_well_formed(render_flowchart(design))
    # The sample design has no feature store.
    assert "features" not in chart.nodes
    assert "gap_features" in chart.nodes and "gap_features" in chart.classed
    assert all("gap_features" not in edge for edge in chart.edges)


def test_every_optional_concern_at_none_still_leaves_a_connected_flow(design: Design) -> None:
    components = tuple(replace(choice, tool="none") for choice in design.components)
    chart = assert_well_formed(render_flowchart(replace(design, components=components)))
    assert ("evaluation", "cicd") in chart.edges
    assert ("serving", "trigger") not in chart.edges
    assert ("trigger", "training") in chart.edges
    assert {"gap_monitoring", "gap_registry", "gap_tracking"} <= set(chart.classed)


def test_the_document_embeds_the_flowchart_in_one_mermaid_fence(design: Design) -> None:
    document = render_markdown(design)
    assert document.count("```mermaid\n") == 1
    block = document.split("```mermaid\n", 1)[1].split("```\n", 1)[0]
    assert block == render_flowchart(design)


@given(st.text(max_size=60))
def test_any_project_or_tool_name_keeps_the_chart_well_formed(text_design, text: str) -> None:
    design = text_design(text)
    components = tuple(replace(choice, tool_name=text) for choice in design.components)
    pipeline = replace(design.pipeline, platform_name=text)
    assert_well_formed(render_flowchart(replace(design, components=components, pipeline=pipeline)))


def test_hostile_names_are_encoded_not_dropped(text_design) -> None:
    source = render_flowchart(text_design('a "quoted" --> [x] <b>|`'))
    assert "a #34;quoted#34; --#62; [x] #60;b#62;#124;#96;" in source


def test_every_example_gives_a_well_formed_connected_chart(example_designs) -> None:
    for name, design in example_designs.items():
        chart = assert_well_formed(render_flowchart(design))
        flow = [node for node in chart.nodes if not node.startswith("gap_") and node != "trigger"]
        chain = [edge for edge in chart.edges if "trigger" not in edge]
        assert chain == list(pairwise(flow)), name
        assert flow[0] == "sources" and flow[-1] in ("monitoring", "serving"), name
        assert ("trigger", "training") in chart.edges, name


def test_the_recommenders_missing_monitoring_is_a_gap(example_designs) -> None:
    chart = assert_well_formed(render_flowchart(example_designs["recommender"]))
    assert "monitoring" not in chart.nodes
    assert {"gap_monitoring", "gap_features"} <= set(chart.classed)
    assert ("serving", "trigger") not in chart.edges


@given(st.text(max_size=60))
def test_any_answered_text_keeps_the_chart_well_formed(engine_text_design, text: str) -> None:
    assert_well_formed(render_flowchart(engine_text_design(text)))


def test_the_diagram_never_prints_a_missing_approver_as_none() -> None:
    from tests.paths import EXAMPLES
    from wizard.engine import build_design
    from wizard.io.edit import set_value
    from wizard.io.loader import load_answers
    from wizard.render.mermaid import render_flowchart

    answers = load_answers(EXAMPLES / "fraud-detection.yaml")
    answers = set_value(
        set_value(answers, "promotion.approver", None), "cicd.manual_approval", True
    )
    chart = render_flowchart(build_design(answers))
    assert "None" not in chart
    assert "manual approval" in chart
    # Labels 45 days late: the shadow deployment needs a sign-off whatever was asked.
    late = set_value(answers, "cicd.manual_approval", False)
    assert "manual approval" in render_flowchart(build_design(late))
    no_gate = set_value(late, "workload.label_delay_days", 0)
    assert "approval" not in render_flowchart(build_design(no_gate))
