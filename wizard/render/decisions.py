"""The decision records, ``decisions/NNNN-<concern>.md``: one per component, in the MADR
layout (context and problem, decision drivers, considered options, decision outcome,
consequences)."""

from __future__ import annotations

from wizard.model.decision import DecisionRecord
from wizard.model.design import Design
from wizard.model.files import DECISIONS_DIR, RenderedFile
from wizard.render.costs import cost_line
from wizard.render.environment import template_environment


def _cost(design: Design, record: DecisionRecord) -> str:
    """What the record's tool costs to run, as its last consequence ('' for no tool)."""
    if design.cost is None:
        return ""
    tool = next((tool for tool in design.cost.tools if tool.concern == record.concern), None)
    return cost_line(tool, design.cloud) if tool is not None else ""


def render_decisions(design: Design) -> list[RenderedFile]:
    """One file per record, in order; none for a design that does not cover its model."""
    template = template_environment().get_template("decision.md.j2")
    return [
        RenderedFile(
            f"{DECISIONS_DIR}/{record.number:04d}-{record.slug}.md",
            "adr",
            template.render(design=design, record=record, cost=_cost(design, record)).strip("\n")
            + "\n",
        )
        for record in design.decisions
    ]
