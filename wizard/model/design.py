"""The Design: everything derived from Answers + Evidence. Plain frozen data, no behaviour;
``wizard.engine.build_design`` computes it and the renderers turn it into text.

Every value here is *effective*: an unknown answer has been replaced by its default, and the
replacement is recorded in ``gaps`` so the document can say so.
"""

from __future__ import annotations

from dataclasses import field
from typing import Literal

from wizard.model.costs import CostEstimate
from wizard.model.decision import DecisionRecord
from wizard.model.design_views import (
    NO_SUGGESTIONS,
    CalibrationChart,
    CalibrationView,
    ScanSuggestions,
    StageCommand,
    SuggestedAnswer,
    Suggestion,
)
from wizard.model.evidence import Evidence, EvidenceItem
from wizard.model.lifecycle import Lifecycle
from wizard.model.metrics import GainUnit
from wizard.model.plans import (
    DeploymentPlan,
    FrameworkNote,
    GovernancePlan,
    MonitoringPlan,
    ObligationRow,
    RegistryLifecycle,
    RolloutStrategy,
)
from wizard.model.psi_bands import PsiBand
from wizard.model.records import record

__all__ = [
    "NO_SUGGESTIONS",
    "CalibrationChart",
    "CalibrationView",
    "DeploymentPlan",
    "FrameworkNote",
    "GovernancePlan",
    "Lifecycle",
    "MonitoringPlan",
    "ObligationRow",
    "RegistryLifecycle",
    "RolloutStrategy",
    "ScanSuggestions",
    "StageCommand",
    "SuggestedAnswer",
    "Suggestion",
]

Severity = Literal["high", "medium", "low"]
Source = Literal["answer", "evidence", "default"]
Rating = Literal["high", "medium", "low"]


@record
class PainPoint:
    """What a capability short of yes costs the team."""

    problem: str
    """What is missing, e.g. ``Experiments are not tracked``; empty when the cost says it."""
    cost: str
    """What it leads to, e.g. ``nobody can say which parameters made the production model.``"""

    @property
    def sentence(self) -> str:
        """The pain point in one sentence: the problem, then what it costs."""
        return f"{self.problem}: {self.cost}" if self.problem else self.cost


@record
class CapabilityStatus:
    """One of the seven maturity capabilities as the design sees it."""

    key: str
    """The answers key, e.g. ``experiment_tracking``."""
    label: str
    """Human label, e.g. ``Experiment tracking``."""
    value: str
    """yes | partial | no | unknown, after evidence filled what the user left unknown."""
    source: Source
    """Where ``value`` came from."""
    evidence: tuple[EvidenceItem, ...] = ()
    """Findings that back (or contradict) the value."""
    note: str = ""
    """Why, in one sentence, e.g. where answer and evidence disagree."""
    pain: PainPoint | None = None
    """What the capability's absence costs; None at yes."""


@record
class MaturityAssessment:
    level: int
    """The level the design uses: the override if set, else the computed one."""
    name: str
    computed_level: int
    overridden: bool
    capabilities: tuple[CapabilityStatus, ...]
    override_reason: str
    """What ``maturity.level_override`` did to the level; empty when it is not set."""
    levels_reached: tuple[str, ...]
    """One sentence per level reached: the capabilities that meet its bar."""
    next_level_missed: str
    """Which capabilities miss the next level's bar; empty at level 3."""
    next_focus: str

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why this level, every reason in order: the override, the levels reached, the bar
        of the next level not met."""
        return tuple(
            reason
            for reason in (self.override_reason, *self.levels_reached, self.next_level_missed)
            if reason
        )

    @property
    def pain_points(self) -> tuple[str, ...]:
        """Every capability's pain point, in the capabilities' order."""
        return tuple(item.pain.sentence for item in self.capabilities if item.pain is not None)


@record
class Risk:
    id: str
    """Stable identifier, e.g. ``R001-psi-too-loose``."""
    severity: Severity
    title: str
    message: str
    """Why it matters and what to do."""
    keys: tuple[str, ...]
    """The answer keys it concerns (dotted paths)."""


@record
class Gap:
    key: str
    """Dotted path of the unknown answer."""
    question: str
    """The question that would close the gap."""
    assumed: str
    """What the design assumed meanwhile (the default), or '' when nothing was assumed."""


@record
class Confidence:
    rating: Rating
    score: int
    """0..100."""
    reasons: tuple[str, ...]
    known_answers: int
    total_answers: int
    evidence_backed: int
    contradictions: int


@record
class RoadmapTask:
    text: str
    done: bool = False


@record
class RoadmapPhase:
    title: str
    weeks: str
    """e.g. ``Weeks 1-2``."""
    goal: str
    tasks: tuple[RoadmapTask, ...]
    concerns: tuple[str, ...] = ()
    """The concerns (short keys) whose tool this phase sets up, in its tasks' order."""
    new_concerns: tuple[str, ...] = ()
    """Those of ``concerns`` whose set-up task is still open (not in place yet)."""


@record
class ToolChoice:
    """One concern's tool: what the component table and the recommendations both name."""

    concern: str
    """e.g. ``Experiment tracking``."""
    key: str
    """Answers key of the concern, e.g. ``components.experiment_tracking.tool``."""
    tool: str
    """Catalog id, e.g. ``mlflow`` (or ``none``)."""
    tool_name: str
    """Display name, e.g. ``MLflow``."""


@record
class ToolRecommendation(ToolChoice):
    chosen_by: Literal["you", "evidence", "recommended"]
    why: str
    """Why this tool for this team, with the runner-up and why not."""
    source: str = ""
    """The vendor page the facts rest on."""
    reason: str = ""
    """The reason alone, a sentence of its own (no lead, no runner-up), where the design gave
    one: why a recommended tool, or why none is needed; '' for a tool the team or the
    repository chose. A decision record's outcome says it."""


@record
class TriggerRule:
    """One row of the retraining trigger table."""

    trigger: str
    condition: str
    action: str
    enabled: bool
    retrains: bool = True
    """The row starts the retraining pipeline when it fires (a locked model's triggers only
    alert)."""


@record
class RetrainingPolicy:
    """When retraining runs, what triggers it and on how much data."""

    schedule: str
    """Keyword or cron, as answered (or defaulted)."""
    psi_threshold: float
    key_features: tuple[str, ...]
    accuracy_drop_pct: float
    """The performance trigger's bound, in ``gain_unit``."""
    data_window_days: int
    human_review_above_pct: float
    """A change in the primary metric above this, in ``gain_unit``, is flagged for review."""
    max_missing_pct: float
    """Above this share (percent) of NULL, NaN and infinite values in a key feature, a window
    cannot be judged."""
    cron: str | None
    """The cron expression the pipeline retrains on; None when the schedule does not
    retrain (``never``, a locked model, or the schedule trigger off)."""
    band: PsiBand
    """The PSI band the threshold sits in."""
    window_breaches: int | None
    window_count: int | None
    triggers: tuple[TriggerRule, ...]
    gain_unit: GainUnit | None = None
    """The unit of ``accuracy_drop_pct`` and ``human_review_above_pct`` (the promotion's)."""
    psi_noise_floor: float | None = None
    """The smallest PSI threshold that keeps false alarms at the yearly target at the window
    size and the monitoring cadence: a lower bound, not a target. None: rows per window
    unknown."""
    psi_false_alarms_per_year: float | None = None
    """How often a year unchanged windows cross the threshold on any key feature."""
    monitoring_windows_per_year: float = 365.25
    """How many windows the drift check judges a year (the monitoring job's cadence)."""
    steps: tuple[str, ...] = ()
    """The retraining pipeline, step by step, as every trigger runs it."""
    window_ends_days_ago: int = 0
    """The data window ends this many days before today (the label delay), so every row in
    it has its label."""

    def enabled(self, trigger: str) -> bool:
        """Whether the trigger row named ``trigger`` (e.g. ``Drift``) is on: the one answer
        the diagram, the prose, the tables and the spec all read."""
        return any(rule.enabled for rule in self.triggers if rule.trigger == trigger)

    def retrains_on(self, trigger: str) -> bool:
        """Whether the row named ``trigger`` is on and starts retraining when it fires (on,
        but only alerting, for a locked model's drift and performance rows)."""
        return any(
            rule.enabled and rule.retrains for rule in self.triggers if rule.trigger == trigger
        )


@record
class PromotionCriteria:
    """Everything the gate needs to decide on a candidate, decided once by the engine."""

    min_accuracy_gain_pct: float
    """The minimum gain in the primary metric, in ``gain_unit`` (0: at least as good)."""
    gain_unit: GainUnit | None
    """How a gain is counted (``wizard.model.metrics.gain``); None: unknown, so the gate
    cannot judge a gain until the answers say (``promotion.gain_unit``)."""
    min_metric_value: float | None
    """The floor (ceiling when lower is better) a first model must reach; None: none set."""
    require_leakage_check: bool
    require_bias_checks: bool
    approver: str | None
    """None means no manual gate."""
    primary_metric: str
    higher_is_better: bool
    first_model: bool
    """No model in production: the candidate is judged against ``min_metric_value``."""
    max_latency_ms: float | None
    """None: no latency criterion (batch serving, or turned off)."""
    latency_note: str
    """Why there is (or is not) a latency criterion."""
    human_review_above_pct: float
    """A change in the primary metric above this, in ``gain_unit``, is flagged for review."""
    independent_approver: bool
    """The approver must not be the person who trained the model (governed regimes)."""
    promotes_automatically: bool
    """A retrained model that passes the gate is promoted with no person deciding."""
    serving_checks: tuple[str, ...] = ()
    """Checks the serving mode adds, each must pass (on devices: conversion parity and the
    on-device benchmarks); ``gate`` reads ``conversion_parity_passed`` when there are any."""

    @property
    def require_conversion_parity(self) -> bool:
        """The evaluation must say the converted model predicts as the trained one."""
        return bool(self.serving_checks)


@record
class WorkloadProfile:
    """What the model is, how it serves and how its quality is judged."""

    serving: str
    model_kind: str
    primary_metric: str
    higher_is_better: bool
    label_delay_days: int | None
    """None: labels never come back from production."""
    rows_per_window: int | None
    first_model: bool
    covered: bool
    """False for an LLM application: this design does not cover it."""
    summary: str
    """One sentence on what the model is and how it is used."""
    labels_return: bool = True
    """Labels come back from production (they rarely do from devices)."""


@record
class OutOfScope:
    reason: str
    what_applies: tuple[str, ...]
    evaluation_command: str | None = None
    """The team's own evaluation suite, kept as the pipeline's one gate; None: no pipeline."""


@record
class PipelineStage:
    name: str
    """Stage id, e.g. ``train_model``."""
    title: str
    command: str
    needs: str | None
    """The stage it depends on (the previous one), None for the first."""
    description: str
    checks: str = ""
    """What the stage checks before the next may start, in words."""


@record
class PipelineDesign:
    """What starts the CI pipeline, its stages, and how each of its jobs is set up."""

    triggers: tuple[str, ...]
    install: str | None
    """What each job runs before its stage; None: nothing."""
    runner: str
    python: str
    """The Python version every job sets up (``cicd.python``, e.g. ``3.11``)."""
    platform: str
    platform_name: str
    path: str
    """Where the CI file is written, relative to the output folder."""
    stages: tuple[PipelineStage, ...]
    manual_approval: bool
    """Approval is requested (``cicd.manual_approval``, or an approver is named)."""
    approval_gate: bool
    """Promotion waits for a person: requested, and there is a promotion stage."""
    approver: str | None
    environment: dict[str, str]
    """Policy thresholds passed to every job as environment variables."""
    gate_statement: str = ""
    """Who or what lets a model into production: the one sentence the registry, the CI
    section and the risks all state."""
    watched_paths: tuple[str, ...] = ()
    """What a push must change to start a run (folders end with ``/``); empty: any push."""


@record
class ComponentChoice(ToolChoice):
    source: Source
    """Where the effective tool came from."""


@record
class Design:
    project_name: str
    description: str
    ci_platform: str
    cloud: str
    tracked: tuple[str, ...]
    """What every experiment run records."""
    experiments: tuple[str, ...]
    registry_stages: tuple[str, ...]
    registry_versioning: str
    registry_immutable: bool
    maturity: MaturityAssessment
    components: tuple[ComponentChoice, ...]
    promotion: PromotionCriteria
    retraining: RetrainingPolicy
    pipeline: PipelineDesign
    risks: tuple[Risk, ...]
    confidence: Confidence
    gaps: tuple[Gap, ...]
    caveats: tuple[str, ...]
    roadmap: tuple[RoadmapPhase, ...]
    recommendations: tuple[ToolRecommendation, ...]
    workload: WorkloadProfile
    deployment: DeploymentPlan
    lifecycle: Lifecycle
    """The release from a registered candidate to production, step by step."""
    governance: GovernancePlan
    monitoring: MonitoringPlan
    registry: RegistryLifecycle
    out_of_scope: OutOfScope | None
    """Set for an LLM application: the document says what would apply instead."""
    evidence: Evidence = field(default_factory=Evidence)
    suggestions: ScanSuggestions = NO_SUGGESTIONS
    calibration: CalibrationView | None = None
    decisions: tuple[DecisionRecord, ...] = ()
    """One decision record per component (MADR layout)."""
    answer_first: tuple[Gap, ...] = ()
    """Below a confidence of 40: the unknown answers that change most of the design, first."""
    answers_sha256: str = ""
    """The digest of the answers the design was built from (``wizard.model.spec``)."""
    cost: CostEstimate | None = None
    """What the design costs to run each month (None only for an LLM application); its
    ``monthly_usd`` is the total a summary states."""

    def component(self, key: str) -> ComponentChoice:
        """The choice for a concern by its short key, e.g. ``monitoring``."""
        for choice in self.components:
            if choice.key.split(".")[1] == key:
                return choice
        raise KeyError(key)
