"""The Proposed Architecture diagram: a Mermaid flowchart of the data flow and the chosen
components, from the data sources to serving, with monitoring closing the loop back to
training. A concern with no tool chosen ("none") is left out of the flow and shown as a
dashed gap, so the diagram never draws a component that does not exist.

Node ids are fixed words of ours; every label is double-quoted and its text goes through
``escape.mermaid``, so no project or tool name can break the syntax.
"""

from __future__ import annotations

from itertools import pairwise

from wizard.model.design import Design, RolloutStrategy
from wizard.model.records import record
from wizard.model.wording import count
from wizard.render.escape import mermaid

_LINE_BREAK = "<br/>"


@record
class Node:
    id: str
    lines: tuple[str, ...]
    """Label lines, unescaped; the first is the node's role."""
    shape: str = "box"
    """box | database | stadium | hexagon."""

    def declaration(self) -> str:
        label = _LINE_BREAK.join(mermaid(line) for line in self.lines if line)
        opening, closing = _SHAPES[self.shape]
        return f'{self.id}{opening}"{label}"{closing}'


_SHAPES: dict[str, tuple[str, str]] = {
    "box": ("[", "]"),
    "database": ("[(", ")]"),
    "stadium": ("([", "])"),
    "hexagon": ("{{", "}}"),
}


@record
class Edge:
    source: str
    target: str
    label: str = ""

    def declaration(self) -> str:
        if self.label:
            return f'{self.source} -->|"{mermaid(self.label)}"| {self.target}'
        return f"{self.source} --> {self.target}"


def _tool(design: Design, key: str) -> str | None:
    """Display name of the tool chosen for a concern, None when the choice is "none"."""
    choice = design.component(key)
    return None if choice.tool == "none" else choice.tool_name


def _needed(design: Design, key: str) -> bool:
    """Whether a concern at none is a gap: Tool Recommendations proposes a tool for it, not
    "None needed" (a feature store for pixels is no gap)."""
    return not any(
        rec.key.split(".")[1] == key and rec.tool == "none" for rec in design.recommendations
    )


def _arrow_list(values: tuple[object, ...], suffix: str = "") -> str:
    return " → ".join(f"{value}{suffix}" for value in values)


def _flow_nodes(design: Design) -> tuple[list[Node], list[Node]]:
    """The nodes of the flow in data-flow order, and the gap nodes of "none" choices."""
    flow: list[Node] = [
        Node("sources", ("Data sources", _features_line(design)), "database"),
    ]
    gaps: list[Node] = []

    def optional(node_id: str, key: str, role: str, shape: str = "box", *extra: str) -> None:
        tool = _tool(design, key)
        if tool is None:
            if _needed(design, key):
                gaps.append(Node(f"gap_{node_id}", (f"{role}: none chosen",)))
        else:
            flow.append(Node(node_id, (role, tool, *extra), shape))

    optional("versioning", "data_versioning", "Data versioning", "database")
    optional("validation", "data_validation", "Data validation")
    optional("features", "feature_store", "Feature store", "database")

    tracker = _tool(design, "experiment_tracking")
    orchestrator = _tool(design, "orchestrator")
    if tracker is None and _needed(design, "experiment_tracking"):
        gaps.append(Node("gap_tracking", ("Experiment tracking: none chosen",)))
    if orchestrator is None and _needed(design, "orchestrator"):
        gaps.append(Node("gap_orchestration", ("Orchestration: none chosen",)))
    flow.append(
        Node(
            "training",
            (
                "Training",
                f"orchestrated by {orchestrator}" if orchestrator else "",
                f"tracked in {tracker}" if tracker else "",
            ),
        )
    )
    # Thresholds are stated once, in the document's tables; the diagram names the gate.
    flow.append(
        Node(
            "evaluation",
            ("Evaluation", f"{design.promotion.primary_metric}: promotion criteria"),
        )
    )
    vocabulary = design.registry.vocabulary.replace("-", " ")
    optional("registry", "model_registry", "Model registry", "database", f"by {vocabulary}")
    pipeline = design.pipeline
    stages = {stage.name for stage in pipeline.stages}
    if not pipeline.approval_gate:
        approval = "promotion automatic" if "promote_production" in stages else ""
    elif pipeline.approver is None:
        approval = "manual approval"  # requested, nobody named: never "approval: None"
    else:
        approval = f"approval: {pipeline.approver}"
    flow.append(Node("cicd", ("CI/CD", design.pipeline.platform_name, approval)))
    plan = design.deployment
    steps = tuple(step for step in design.lifecycle.steps if not step.sets_production)
    if plan.strategy is RolloutStrategy.CANARY:
        detail = _arrow_list(tuple(step.move.traffic_percent or 0 for step in steps), " %")
    else:
        detail = _arrow_list(tuple(step.name for step in steps) or ("by hand",))
    # The node keeps the id "canary" whatever the strategy: it is the rollout stage.
    flow.append(Node("canary", (plan.label.capitalize(), detail)))
    flow.append(Node("serving", ("Serving", design.project_name), "stadium"))
    optional("monitoring", "monitoring", "Monitoring")
    return flow, gaps


def _features_line(design: Design) -> str:
    features = design.retraining.key_features
    return f"key features: {', '.join(features)}" if features else ""


def _retraining_trigger(design: Design) -> Node:
    policy = design.retraining
    conditions = []
    if policy.retrains_on("Schedule"):
        conditions.append(f"schedule: {policy.schedule}")
    if policy.retrains_on("Drift"):
        conditions.append("drift: PSI")
    if policy.retrains_on("Performance"):
        conditions.append(f"{design.promotion.primary_metric} decay")
    if design.governance.locked:
        # Nothing retrains a locked model: a person starts a new release.
        return Node("trigger", ("Release", "by hand, under change control"), "hexagon")
    if not conditions:
        conditions.append("by hand only")
    # A locked model's alerts open a change request; nothing retrains on its own.
    title = "Change request" if design.governance.locked else "Retraining trigger"
    return Node("trigger", (title, *conditions), "hexagon")


def _edges(flow: list[Node]) -> list[Edge]:
    labels = {
        ("evaluation", "registry"): "meets promotion criteria",
        ("evaluation", "cicd"): "meets promotion criteria",
    }
    return [
        Edge(source.id, target.id, labels.get((source.id, target.id), ""))
        for source, target in pairwise(flow)
    ]


def render_flowchart(design: Design) -> str:
    """The flowchart's Mermaid source (without the Markdown fence), one statement a line."""
    flow, gaps = _flow_nodes(design)
    trigger = _retraining_trigger(design)
    edges = _edges(flow)
    policy = design.retraining
    watched = policy.retrains_on("Drift") or policy.retrains_on("Performance")
    if flow[-1].id == "monitoring" and watched:
        edges.append(Edge("monitoring", trigger.id, "drift or decay"))
    days = count(design.retraining.data_window_days, "day")
    lag = design.retraining.window_ends_days_ago
    # The window ends the label delay before today, so every row in it has its label.
    window = (
        f"retrain on {days} ending {count(lag, 'day')} ago"
        if lag
        else f"retrain on the last {days}"
    )
    if design.governance.locked:
        window = f"under change control: {window}"
    edges.append(Edge(trigger.id, "training", window))

    lines = ["flowchart TD"]
    lines.extend(f"    {node.declaration()}" for node in (*flow, trigger))
    lines.extend(f"    {edge.declaration()}" for edge in edges)
    if gaps:
        lines.append('    subgraph gaps["Not chosen yet"]')
        lines.extend(f"        {node.declaration()}" for node in gaps)
        lines.append("    end")
        lines.append("    classDef gap stroke-dasharray: 5 5")
        lines.append(f"    class {','.join(node.id for node in gaps)} gap")
    return "\n".join(lines) + "\n"
