"""The Design: everything derived from Answers + Evidence. Plain frozen data, no behaviour;
``wizard.engine.build_design`` computes it and the renderers turn it into text.

Every value here is *effective*: an unknown answer has been replaced by its default, and the
replacement is recorded in ``gaps`` so the document can say so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from wizard.model.evidence import Evidence, EvidenceItem

Severity = Literal["high", "medium", "low"]
Source = Literal["answer", "evidence", "default"]
Rating = Literal["high", "medium", "low"]


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class MaturityAssessment:
    level: int
    """The level the design uses: the override if set, else the computed one."""
    name: str
    computed_level: int
    overridden: bool
    capabilities: tuple[CapabilityStatus, ...]
    reasons: tuple[str, ...]
    """Why this level: which capabilities meet or miss the next level's bar."""
    pain_points: tuple[str, ...]
    next_focus: str


@dataclass(frozen=True)
class Risk:
    id: str
    """Stable identifier, e.g. ``R001-psi-too-loose``."""
    severity: Severity
    title: str
    message: str
    """Why it matters and what to do."""
    keys: tuple[str, ...]
    """The answer keys it concerns (dotted paths)."""


@dataclass(frozen=True)
class Gap:
    key: str
    """Dotted path of the unknown answer."""
    question: str
    """The question that would close the gap."""
    assumed: str
    """What the design assumed meanwhile (the default), or '' when nothing was assumed."""


@dataclass(frozen=True)
class Confidence:
    rating: Rating
    score: int
    """0..100."""
    reasons: tuple[str, ...]
    known_answers: int
    total_answers: int
    evidence_backed: int
    contradictions: int


@dataclass(frozen=True)
class RoadmapTask:
    text: str
    done: bool = False


@dataclass(frozen=True)
class RoadmapPhase:
    title: str
    weeks: str
    """e.g. ``Weeks 1-2``."""
    goal: str
    tasks: tuple[RoadmapTask, ...]


@dataclass(frozen=True)
class ToolRecommendation:
    concern: str
    """e.g. ``Experiment tracking``."""
    key: str
    """Answers key of the concern, e.g. ``components.experiment_tracking.tool``."""
    tool: str
    """Catalog id, e.g. ``mlflow`` (or ``none``)."""
    tool_name: str
    """Display name, e.g. ``MLflow``."""
    chosen_by: Literal["you", "evidence", "recommended"]
    why: str


@dataclass(frozen=True)
class TriggerRule:
    """One row of the retraining trigger table."""

    trigger: str
    condition: str
    action: str
    enabled: bool


@dataclass(frozen=True)
class RetrainingPolicy:
    schedule: str
    """Keyword or cron, as answered (or defaulted)."""
    cron: str
    """The cron expression the pipeline uses."""
    psi_threshold: float
    psi_band: str
    """Where the threshold sits in the common PSI bands."""
    key_features: tuple[str, ...]
    accuracy_drop_pct: float
    window_breaches: int | None
    window_count: int | None
    data_window_days: int
    human_review_above_pct: float
    triggers: tuple[TriggerRule, ...]


@dataclass(frozen=True)
class CanaryStep:
    percent: int
    check: str
    """The health check run after this step."""


@dataclass(frozen=True)
class PromotionCriteria:
    min_accuracy_gain_pct: float
    max_latency_ms: float
    require_leakage_check: bool
    require_bias_checks: bool
    approver: str | None
    """None means no manual gate."""


@dataclass(frozen=True)
class PipelineStage:
    name: str
    """Stage id, e.g. ``train_model``."""
    title: str
    command: str
    needs: str | None
    """The stage it depends on (the previous one), None for the first."""
    description: str


@dataclass(frozen=True)
class PipelineDesign:
    platform: str
    platform_name: str
    path: str
    """Where the CI file is written, relative to the output folder."""
    triggers: tuple[str, ...]
    stages: tuple[PipelineStage, ...]
    manual_approval: bool
    """Approval is requested (``cicd.manual_approval``, or an approver is named)."""
    approval_gate: bool
    """Promotion waits for a person: requested, and there is a promotion stage."""
    approver: str | None
    environment: dict[str, str]
    """Policy thresholds passed to every job as environment variables."""


@dataclass(frozen=True)
class ComponentChoice:
    concern: str
    key: str
    tool: str
    tool_name: str
    source: Source


@dataclass(frozen=True)
class Suggestion:
    """What the evidence suggests for one maturity capability."""

    value: str
    """yes | partial | no (never unknown: no suggestion is made without evidence)."""
    reason: str
    evidence: tuple[EvidenceItem, ...]


#: (dotted answer key, suggested value, why)
SuggestedAnswer = tuple[str, str, str]


@dataclass(frozen=True)
class ScanSuggestions:
    """Everything a scan suggests, worked out once by the engine."""

    level: int
    """The maturity level the suggested answers reach under the level rule."""
    maturity: Mapping[str, Suggestion]
    """Capability -> suggestion, only where the evidence says something."""
    components: Mapping[str, str]
    """Concern key -> the suggested tool."""
    answers: tuple[SuggestedAnswer, ...]
    """The same as answers to offer: the maturity answers, then the tools."""


NO_SUGGESTIONS = ScanSuggestions(level=0, maturity={}, components={}, answers=())


@dataclass(frozen=True)
class Design:
    project_name: str
    description: str
    ci_platform: str
    cloud: str
    maturity: MaturityAssessment
    components: tuple[ComponentChoice, ...]
    tracked: tuple[str, ...]
    experiments: tuple[str, ...]
    registry_stages: tuple[str, ...]
    registry_versioning: str
    registry_immutable: bool
    promotion: PromotionCriteria
    retraining: RetrainingPolicy
    canary: tuple[CanaryStep, ...]
    pipeline: PipelineDesign
    risks: tuple[Risk, ...]
    confidence: Confidence
    gaps: tuple[Gap, ...]
    caveats: tuple[str, ...]
    roadmap: tuple[RoadmapPhase, ...]
    recommendations: tuple[ToolRecommendation, ...]
    evidence: Evidence = field(default_factory=Evidence)
    suggestions: ScanSuggestions = NO_SUGGESTIONS

    def component(self, key: str) -> ComponentChoice:
        """The choice for a concern by its short key, e.g. ``monitoring``."""
        for choice in self.components:
            if choice.key.split(".")[1] == key:
                return choice
        raise KeyError(key)
