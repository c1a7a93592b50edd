"""The implementation roadmap: phases of checkbox tasks derived from what is missing.

Below level 3 the phases are the seed design's Foundation (weeks 1-2), Automation (3-4) and
Operations (5-6); a level-3 team gets Optimise (1-2) and Scale (3-4) instead, opened by any
capability still short of ``yes``. Tasks name the chosen tools, or the recommended tool where
the choice is ``none`` (``roadmap_tasks`` words them).

Consistency rules: in the Foundation/Automation/Operations phases a task that builds a
maturity capability is always listed, and is marked ``done`` exactly when that capability is
``yes`` and its tool is chosen (a registry at yes with no registry chosen is not done: R34
says so); tasks not tied to a capability (gates, canary, calibration) are never marked done,
since no answer says they exist. The Optimise/Scale phases list open work only.

Risks drive it: every high or medium risk becomes a task in the phase that owns its keys,
and a task never prescribes a value such a risk flags (it points at the risk instead) nor
names a stage the pipeline does not have.
"""

from __future__ import annotations

from collections.abc import Mapping

from wizard.engine.resolve import Effective
from wizard.engine.risks.tools import CAPABILITY_TOOLS
from wizard.engine.roadmap_tasks import (
    Flags,
    capability_tasks,
    gate_text,
    governance_tasks,
    rollout_task,
    stage_ref,
)
from wizard.engine.scope import LLM_WHAT_APPLIES
from wizard.engine.workload import no_feature_store_reason
from wizard.model.catalog import catalog_entry
from wizard.model.design import Risk, RoadmapPhase, RoadmapTask, ToolRecommendation
from wizard.model.vocabulary import CI_PLATFORM_NAMES
from wizard.model.wording import with_article

#: The capability whose task sets up a concern's tool.
_CONCERN_OF_CAPABILITY: dict[str, str] = {
    "experiment_tracking": "experiment_tracking",
    "data_versioning": "data_versioning",
    "model_registry": "model_registry",
    "monitoring": "monitoring",
}


class _Tasks:
    """Collects tasks, marking capability tasks done only when the answers say they are:
    the capability at yes and, where it needs a tool, that tool chosen; and the concerns
    whose tool the tasks set up."""

    def __init__(self, e: Effective) -> None:
        self._e = e
        self.items: list[RoadmapTask] = []
        self._item_concerns: list[str | None] = []
        self.concerns: list[str] = []
        self.new_concerns: list[str] = []

    def done(self, capability: str | None) -> bool:
        if capability is None or self._e.capabilities[capability] != "yes":
            return False
        needs = CAPABILITY_TOOLS.get(capability)
        if needs is None:
            return True
        chosen, found = self._e.tools[needs[0]], self._e.tools_found.get(needs[0], ())
        # A capability the scan found met by another tool (DVCLive, where MLflow is chosen)
        # leaves the chosen tool's set-up still to do.
        return chosen != "none" and (not found or chosen in found)

    def add(self, text: str, capability: str | None = None, concern: str | None = None) -> None:
        done = self.done(capability)
        self.items.append(RoadmapTask(text, done))
        concern = concern or _CONCERN_OF_CAPABILITY.get(capability or "")
        self._item_concerns.append(concern)
        if concern is not None and concern not in self.concerns:
            self.concerns.append(concern)
            if not done:
                self.new_concerns.append(concern)

    def name_risk(self, risk: Risk) -> bool:
        """Name ``risk`` in the open task that sets up the tool it asks for, so the plan
        says it once, in the work that resolves it; False when no task here does."""
        concerns = {key.split(".")[1] for key in risk.keys if key.startswith("components.")}
        for index, (task, concern) in enumerate(zip(self.items, self._item_concerns, strict=True)):
            if concern in concerns and not task.done:
                # "(Model Registry)" becomes "(Model Registry; resolves R11-…)".
                text = task.text
                named = (
                    f"{text[:-1]}; resolves {risk.id})"
                    if text.endswith(")")
                    else (f"{text} (resolves {risk.id})")
                )
                self.items[index] = RoadmapTask(named)
                return True
        return False

    def phase(self, title: str, weeks: str, goal: str) -> RoadmapPhase:
        return RoadmapPhase(
            title,
            weeks,
            goal,
            tuple(self.items),
            tuple(self.concerns),
            tuple(self.new_concerns),
        )


#: Answer-key prefix -> the phase whose work resolves a risk on it (longest prefix wins).
_RISK_PHASES: dict[str, str] = {
    "maturity.": "foundation",
    "components.experiment_tracking": "foundation",
    "components.model_registry": "foundation",
    "components.data_versioning": "foundation",
    "components.data_validation": "automation",
    "components.orchestrator": "automation",
    "promotion.": "automation",
    "cicd.": "automation",
}


def risk_phase(risk: Risk) -> str:
    """foundation | automation | operations: where the work that resolves ``risk`` sits."""
    for key in risk.keys:
        matches = [prefix for prefix in _RISK_PHASES if key.startswith(prefix)]
        if matches:
            return _RISK_PHASES[max(matches, key=len)]
    return "operations"


def risk_task(risk: Risk) -> str:
    # The id names the risk; its title and remedy are said once, under Risk Assessment.
    return f"Resolve {risk.id} (Risk Assessment)"


def _driving(risks: tuple[Risk, ...]) -> tuple[Risk, ...]:
    return tuple(risk for risk in risks if risk.severity in ("high", "medium"))


def _named(risk: Risk, *task_lists: _Tasks) -> bool:
    """Whether a task already names ``risk`` (an alert "above the value R29 calls for"): the
    roadmap names each risk in one task, never again as "Resolve"."""
    return any(risk.id in task.text for tasks in task_lists for task in tasks.items)


def _tool_ids(recommendations: tuple[ToolRecommendation, ...]) -> dict[str, str]:
    """Concern -> the tool the roadmap builds: the chosen one, or the recommended one."""
    return {rec.key.split(".")[1]: rec.tool for rec in recommendations}


def _names(recommendations: tuple[ToolRecommendation, ...]) -> dict[str, str]:
    return {rec.key.split(".")[1]: rec.tool_name for rec in recommendations}


def _automation(
    e: Effective,
    tools: Mapping[str, str],
    names: Mapping[str, str],
    built: dict[str, list[tuple[str, str]]],
    flags: Flags,
    first: tuple[tuple[str, str], ...] = (),
) -> _Tasks:
    """The Automation phase; ``first`` are the tasks a small team's first week left to it."""
    automation = _Tasks(e)
    for text, capability in first:
        automation.add(text, capability)
    automation.add(*built["automation"][0])
    if tools["data_validation"] != "none":
        automation.add(
            f"Check the data with {names['data_validation']} in {stage_ref(e, 'validate_data')}",
            concern="data_validation",
        )
    automation.add(*built["automation"][1])
    automation.add(
        f"Make {stage_ref(e, 'evaluate_model')} fail the pipeline unless {gate_text(e, flags)}"
    )
    # An orchestrator that is the CI platform itself runs no separate pipeline.
    orchestrator = catalog_entry("orchestrator", tools["orchestrator"])
    if orchestrator.id != "none" and not orchestrator.ci_platform:
        automation.add(
            f"Run training and evaluation as {with_article(names['orchestrator'])} pipeline "
            "started by CI",
            concern="orchestrator",
        )
    return automation


def _operations(
    e: Effective,
    names: Mapping[str, str],
    built: dict[str, list[tuple[str, str]]],
    flags: Flags,
) -> _Tasks:
    operations = _Tasks(e)
    for text, capability in built["operations"]:
        operations.add(text, capability)
    if "promote_production" in e.stages:
        operations.add(rollout_task(e, flags))
        if e.approver is not None:
            operations.add(f"Require {e.approver}'s approval before promote_production")
        elif e.approval_requested:
            operations.add("Name who approves promotion to production, and configure the gate")
    # A model with nothing for a feature store to serve (pixels, a batch job's own features)
    # gets no task to serve them: Tool Recommendations says why.
    if e.tools["feature_store"] != "none" and not no_feature_store_reason(e):
        operations.add(
            f"Serve training and online features from {names['feature_store']}",
            concern="feature_store",
        )
    for task in governance_tasks(e):
        operations.add(task)
    return operations


#: A small team's first week sets up these capabilities only (one product: the tracker and
#: its own registry); the rest of the Foundation waits for the Automation phase.
_FIRST_WEEK = frozenset({"experiment_tracking", "model_registry"})


def _below_level_three(
    e: Effective, tools: Mapping[str, str], names: Mapping[str, str], risks: tuple[Risk, ...]
) -> tuple[RoadmapPhase, ...]:
    flags = Flags(risks)
    built = capability_tasks(e, tools, names, flags)
    foundation = _Tasks(e)
    # A small team adopts one service at a time: its first week is what it can do in a week
    # (the tracker and its registry); data versioning moves to the next phase.
    later = tuple(
        task for task in built["foundation"] if e.small_team and task[1] not in _FIRST_WEEK
    )
    for text, capability in built["foundation"]:
        if (text, capability) not in later:
            foundation.add(text, capability)
    phases = {
        "foundation": foundation,
        "automation": _automation(e, tools, names, built, flags, later),
        "operations": _operations(e, names, built, flags),
    }
    for risk in _driving(risks):
        if _named(risk, *phases.values()) or any(
            tasks.name_risk(risk) for tasks in phases.values()
        ):
            continue
        phase = risk_phase(risk)
        # A small team's first week holds only its first tool; the risks' work follows it.
        phases["automation" if e.small_team and phase == "foundation" else phase].add(
            risk_task(risk)
        )
    if e.small_team:
        who = f"a team of {e.team_size}" if e.team_size is not None else "a small team"
        return (
            phases["foundation"].phase(
                "First week",
                "Week 1",
                f"What {who} can set up in a week: every run tracked and every model "
                "registered, in one tool.",
            ),
            phases["automation"].phase(
                "Automation",
                "Weeks 2-4",
                "Data versioned, and every change validates, trains and evaluates in CI, "
                "gated by the criteria.",
            ),
            phases["operations"].phase(
                "Operations",
                "Weeks 5-8",
                "Production is watched, and drift or decay retrains the model safely.",
            ),
        )
    return (
        phases["foundation"].phase(
            "Foundation",
            "Weeks 1-2",
            "Reproducible experiments: every run tracked, every model and data set versioned.",
        ),
        phases["automation"].phase(
            "Automation",
            "Weeks 3-4",
            "Every change validates, trains and evaluates in CI, gated by the criteria.",
        ),
        phases["operations"].phase(
            "Operations",
            "Weeks 5-6",
            "Production is watched, and drift or decay retrains the model safely.",
        ),
    )


def _level_three(
    e: Effective, tools: Mapping[str, str], names: Mapping[str, str], risks: tuple[Risk, ...]
) -> tuple[RoadmapPhase, ...]:
    flags = Flags(risks)
    optimise = _Tasks(e)
    for phase_tasks in capability_tasks(e, tools, names, flags).values():
        for text, capability in phase_tasks:
            if not optimise.done(capability):
                optimise.add(text, capability)
    for risk in _driving(risks):
        if not (_named(risk, optimise) or optimise.name_risk(risk)):
            optimise.add(risk_task(risk))
    if e.tools["monitoring"] != "none":
        optimise.add(
            "Calibrate the drift threshold and the performance drop on your own history "
            f"(`mlops-wizard calibrate`), checked against past {names['monitoring']} alerts "
            "and known incidents"
        )
    else:
        optimise.add(
            "Calibrate the drift threshold on your own history (`mlops-wizard calibrate`) "
            "before the first alert is trusted"
        )
    if e.window_rule is None:
        optimise.add("Add a k-of-n window rule (e.g. 2 of 5) so one noisy window never retrains")
    elif flags.risk_for("retraining.performance.window_rule") is None:
        optimise.add(
            f"Review the {e.window_rule[0]}-of-{e.window_rule[1]} window rule against past "
            "alerts: count late and needless retrains"
        )
    if e.rollout_strategy == "canary" and "promote_production" in e.stages:
        optimise.add(
            "Shadow-deploy candidates before the first canary step to compare predictions "
            "with no user impact"
        )
    for task in governance_tasks(e):
        optimise.add(task)
    optimise.add(f"Track training cost and duration per run in {names['experiment_tracking']}")
    if not e.require_bias_checks:
        optimise.add("Add bias checks on the important slices to the promotion gates")
    scale = _Tasks(e)
    scale.add(
        f"Turn the {CI_PLATFORM_NAMES[e.ci_platform]} pipeline into a template every new "
        "model starts from"
    )
    if e.tools["feature_store"] != "none":
        scale.add(f"Share features across models through {names['feature_store']}")
    elif tools["feature_store"] != "none":
        scale.add(f"Evaluate {names['feature_store']} for features shared across models")
    scale.add(
        f"Publish model cards and lineage (data version → run → {names['model_registry']} "
        "version) for every production model"
    )
    scale.add("Measure commit-to-production time and change failure rate of model releases")
    if e.approver is not None and not e.governed:
        scale.add(
            f"Move promotion to policy: ship automatically when every gate passes and ask "
            f"{e.approver} only above the human-review bound"
        )
    return (
        optimise.phase(
            "Optimise", "Weeks 1-2", "Make the automated loop better calibrated, cheaper and safer."
        ),
        scale.phase("Scale", "Weeks 3-4", "Serve more models and teams with the same platform."),
    )


def build_roadmap(
    e: Effective,
    level: int,
    recommendations: tuple[ToolRecommendation, ...],
    risks: tuple[Risk, ...] = (),
) -> tuple[RoadmapPhase, ...]:
    """The roadmap for a team at ``level`` (the effective level, override included)."""
    if not e.covered:
        return (
            RoadmapPhase(
                "What would apply",
                "Weeks 1-2",
                "Practices for an LLM application, outside this design.",
                tuple(RoadmapTask(text) for text in LLM_WHAT_APPLIES),
            ),
        )
    tools = _tool_ids(recommendations)
    names = _names(recommendations)
    if level >= 3:
        return _level_three(e, tools, names, risks)
    return _below_level_three(e, tools, names, risks)
