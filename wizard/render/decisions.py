"""The decision records, ``decisions/NNNN-<concern>.md``: one per component, in the MADR
layout (context and problem, decision drivers, considered options, decision outcome,
consequences)."""

from __future__ import annotations

from wizard.model.costs import ToolCost
from wizard.model.decision import DecisionRecord
from wizard.model.design import Design
from wizard.model.files import DECISIONS_DIR, RenderedFile
from wizard.render.costs import cost_line
from wizard.render.environment import template_environment


def _cost(design: Design, record: DecisionRecord) -> ToolCost | None:
    """What the record's tool costs to run (None for no tool, or no costs)."""
    if design.cost is None:
        return None
    return next((tool for tool in design.cost.tools if tool.concern == record.concern), None)


def _consequences(design: Design, record: DecisionRecord) -> tuple[str, ...]:
    """The record's consequences, then what the tool needs, its licence and its running
    cost: what it needs goes unsaid where the cost says who runs it (a server you host, a
    managed service, part of another tool's service: "Needs an MLflow server" beside "part
    of the MLflow service")."""
    cost = _cost(design, record)
    said = cost is not None and (cost.runs in ("server", "managed") or bool(cost.shares))
    return (
        *record.consequences,
        *((f"Needs {record.needs}.",) if record.needs and not said else ()),
        *((f"Licence {record.licence}.",) if record.licence else ()),
        *((cost_line(cost, design.cloud),) if cost is not None else ()),
    )


def render_decisions(design: Design) -> list[RenderedFile]:
    """One file per record, in order; none for a design that does not cover its model."""
    template = template_environment().get_template("decision.md.j2")
    return [
        RenderedFile(
            f"{DECISIONS_DIR}/{record.number:04d}-{record.slug}.md",
            "adr",
            template.render(
                design=design, record=record, consequences=_consequences(design, record)
            ).strip("\n")
            + "\n",
        )
        for record in design.decisions
    ]
