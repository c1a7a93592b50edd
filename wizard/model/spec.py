"""mlops-architecture.yaml as one pydantic model: the shape ``export`` dumps and the shape
``gate``, ``drift`` and ``check`` read back.

One declaration of every key, in the order the file shows them: the renderer builds a
``Spec`` from the Design field by field and dumps it (``spec_data``); the run-time commands
validate the committed file against the same model, strictly (``SPEC_STRICT``): an unknown
key, a missing key or a value of the wrong type is refused, never coerced, so a hand-edited
or truncated spec cannot silently loosen the policy CI enforces.

Sequences are lists here (what YAML reads back); the builder hands tuples, which the lax
construction of a built spec turns into lists. No NaN or infinity anywhere: a threshold of
``.nan`` would make every comparison false.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from wizard.model.answers import Answers

#: How the run-time commands validate a committed spec: no coercion of any value.
SPEC_STRICT = True
#: What the answers' digest leaves out: where the session was left, which changes no design.
_NOT_DESIGN = {"wizard"}


def answers_sha256(answers: Answers) -> str:
    """SHA-256 of what the answers say (every key, in a canonical JSON form), so a spec records
    the answers it was exported from and ``check`` sees when they changed since: comments,
    key order, quoting and the session's place in the file change nothing."""
    data = answers.model_dump(mode="json", exclude=_NOT_DESIGN)
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class SpecSection(BaseModel):
    """A mapping of the spec: every key declared, no other key allowed."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, allow_inf_nan=False, populate_by_name=True
    )


class SpecProject(SpecSection):
    name: str
    description: str
    ci_platform: str
    cloud: str


class SpecOutOfScope(SpecSection):
    reason: str
    what_applies: list[str]


class SpecWorkload(SpecSection):
    serving: str
    model_kind: str
    primary_metric: str
    higher_is_better: bool
    label_delay_days: int | Literal["never"]
    rows_per_window: int | None
    first_model: bool
    covered: bool
    summary: str
    labels_return: bool = True
    """Labels come back from production (absent from older specs: they did)."""


class SpecObligation(SpecSection):
    framework: str
    obligation: str
    source: str = ""
    """The page that states it (absent from older specs)."""


class SpecFrameworkNote(SpecSection):
    framework: str
    note: str
    source: str


class SpecGovernance(SpecSection):
    regime: str
    frameworks: list[str]
    signoff: bool
    proposes_only: bool
    duties: list[str]
    approver_enforcement: str
    obligations: list[SpecObligation]
    # Absent from older specs, which knew no domains.
    domains: list[str] = []
    locked: bool = False
    """Any change is a new release under change control: no automatic retraining."""
    notes: list[SpecFrameworkNote] = []


class SpecCapability(SpecSection):
    key: str
    label: str
    value: str
    source: str
    evidence: list[str]
    """``path:line`` of each finding that backs (or contradicts) the value."""
    note: str


class SpecMaturity(SpecSection):
    level: int
    name: str
    computed: int
    overridden: bool
    capabilities: list[SpecCapability]
    reasons: list[str]
    pain_points: list[str]
    next_focus: str


class SpecExperimentTracking(SpecSection):
    tool: str
    tool_name: str
    track: list[str]
    experiments: list[str]


class SpecRegistryRecord(SpecSection):
    stage: str
    recorded_as: str


class SpecLatency(SpecSection):
    max_p95_ms: float = Field(gt=0)


GainUnitName = Literal["points", "percent", "units"]


class SpecPromotionCriteria(SpecSection):
    """What ``gate`` applies: the gain is candidate − production in the metric's direction,
    counted in ``gain_unit`` (``wizard.model.metrics.gain``), and passes when it is at least
    ``min_gain``; a first model passes on ``min_metric_value`` instead. A change above
    ``human_review_above`` (same unit) meets a person.

    A spec written before the unit was recorded has no ``gain_unit``, ``min_gain`` or
    ``human_review_above``: every gain was then in points, and is read so."""

    from_stage: str = Field(alias="from")
    to_stage: str = Field(alias="to")
    primary_metric: str
    higher_is_better: bool
    gain_unit: GainUnitName | None = "points"
    """None: the metric is unknown and the answers left the unit to ``auto``; the gate
    cannot count a gain until they say."""
    min_gain: float | None = Field(default=None, ge=0, le=100)
    min_gain_points: float | None = Field(ge=0, le=100)
    """``min_gain`` while the unit is points (null otherwise), for readers of older specs."""
    min_accuracy_gain_pct: float = Field(ge=0, le=100)
    """The answers' name of ``min_gain``, kept for readers of older specs."""
    gain_rule: str
    first_model: bool
    min_metric_value: float | None
    latency: SpecLatency | None
    latency_note: str
    max_latency_ms: float | None = Field(gt=0)
    require_leakage_check: bool
    require_bias_checks: bool
    serving_checks: list[str] = []
    """Checks the serving mode adds (on devices: conversion parity, on-device benchmarks);
    with any, ``gate`` requires ``conversion_parity_passed``. Absent from older specs."""
    human_review_above: float | None = Field(default=None, ge=0, le=100)
    human_review_above_points: float | None = Field(ge=0, le=100)
    """``human_review_above`` while the unit is points (null otherwise), for older readers."""
    approver: str | None
    independent_approver: bool
    promotes_automatically: bool
    evaluation_fields: list[str]

    @property
    def minimum_gain(self) -> float:
        """The minimum gain in ``gain_unit``, from this spec or an older one."""
        given = self.min_gain if self.min_gain is not None else self.min_gain_points
        return self.min_accuracy_gain_pct if given is None else given

    @property
    def review_bound(self) -> float:
        """The human-review bound in ``gain_unit``, from this spec or an older one."""
        for given in (self.human_review_above, self.human_review_above_points):
            if given is not None:
                return given
        return 0.0  # neither written: every change meets a person


class SpecModelRegistry(SpecSection):
    tool: str
    tool_name: str
    stages: list[str]
    vocabulary: str
    records: list[SpecRegistryRecord]
    versions: str
    promote: str
    source: str
    versioning: str
    immutable: bool
    promotion_criteria: SpecPromotionCriteria


class SpecStage(SpecSection):
    name: str
    title: str
    command: str
    needs: str | None
    description: str
    checks: str


class SpecPipeline(SpecSection):
    platform: str
    platform_name: str
    file: str
    """The CI file's path, relative to the folder of the export."""
    triggers: list[str]
    stages: list[SpecStage]
    gate: str
    manual_approval: bool
    approval_gate: bool
    approver: str | None
    install: str | None
    runner: str
    environment: dict[str, str]
    approval_job: str | None = None
    """The CI job that waits for the approver (the release's signed step); None: none waits,
    or a spec written before it was recorded."""


class SpecTrigger(SpecSection):
    trigger: str
    condition: str
    action: str
    enabled: bool


class SpecWindowRule(SpecSection):
    """Retrain when ``breaches`` of the last ``windows`` windows breach."""

    breaches: int = Field(ge=1)
    windows: int = Field(ge=1)


class SpecDrift(SpecSection):
    psi_threshold: float = Field(gt=0, le=1)
    psi_band: str
    key_features: list[str]
    max_missing_pct: float = Field(default=50.0, ge=0, le=100)
    """Above this share (percent) of NULL, NaN and infinite values in a key feature, a window
    cannot be judged; a spec exported before the bound existed gets the default."""


class SpecPerformance(SpecSection):
    metric: str
    accuracy_drop_pct: float = Field(ge=0, le=100)
    """How far the metric may worsen before the trigger fires, in ``unit``."""
    unit: GainUnitName | None = "points"
    """The promotion's gain unit (points in a spec written before it was recorded)."""
    enabled: bool = True
    """False when labels never come back from production: nothing to judge the metric on."""
    judged_on: str


class SpecCanaryStep(SpecSection):
    percent: int
    check: str


class SpecRetrainingPipeline(SpecSection):
    schedule: str
    cron: str | None
    """None: nothing retrains on a schedule (``never``, a locked model, or the trigger off)."""
    data_window_days: int
    data_window_ends_days_ago: int = 0
    """The window ends this many days before today (the label delay), so every row in it
    has its label; 0 in older specs."""
    window_rule: SpecWindowRule | None
    drift: SpecDrift
    performance: SpecPerformance
    human_review_above_pct: float = Field(ge=0, le=100)
    canary: list[SpecCanaryStep]
    steps: list[str]


class SpecMove(SpecSection):
    """What a release step changes (``wizard.model.lifecycle.Move``)."""

    mark: str
    traffic_percent: int | None
    mirrored: bool
    batch: bool
    cohort_percent: int | None
    standby: bool


class SpecCheck(SpecSection):
    signal: str
    when: str


class SpecLifecycleStep(SpecSection):
    """One step of the release, in order; ``where`` is this-run, delayed-job or comparator."""

    id: str
    name: str
    moves: SpecMove
    command: str
    checks: list[SpecCheck]
    check_command: str | None
    wait_minutes: int = Field(ge=0)
    where: str
    signed: bool
    undo: str
    sets_production: bool


class SpecLifecycle(SpecSection):
    """The release from a registered candidate to production: the candidate carries
    ``pending_mark`` until the last step gives it ``production_mark``."""

    pending: str
    pending_mark: str
    production_mark: str
    approver: str | None
    label_delay_days: int
    labels_return: bool
    unchecked: list[str]
    steps: list[SpecLifecycleStep]


class SpecDeployment(SpecSection):
    strategy: str
    derived: bool
    reason: str
    bake_minutes: int
    human_signoff: bool
    rollback: str
    notes: list[str]
    lifecycle: SpecLifecycle | None = None
    """None in a spec written before the lifecycle was recorded."""


class SpecMonitoring(SpecSection):
    tool: str
    drift_method: str
    psi_source: str
    source: str
    performance: str
    early_warning: str
    without_labels: str = ""
    """What stands in for the primary metric when no labels come back (absent: they do)."""
    # Absent from older specs, whose monitoring job ran daily at 05:17 UTC.
    cadence: str = "daily"
    cron: str = "17 5 * * *"
    watches: list[str] = []


class SpecComponent(SpecSection):
    concern: str
    key: str
    tool: str
    tool_name: str
    source: str


class SpecRisk(SpecSection):
    id: str
    severity: Literal["high", "medium", "low"]
    title: str
    message: str
    keys: list[str]


class SpecConfidence(SpecSection):
    rating: str
    score: int
    reasons: list[str]
    known_answers: int
    total_answers: int
    evidence_backed: int
    contradictions: int


class SpecGap(SpecSection):
    key: str
    question: str
    assumed: str


class SpecTask(SpecSection):
    task: str
    done: bool


class SpecPhase(SpecSection):
    title: str
    weeks: str
    goal: str
    tasks: list[SpecTask]


class SpecRecommendation(SpecSection):
    concern: str
    key: str
    tool: str
    tool_name: str
    chosen_by: str
    why: str


class SpecEvidence(SpecSection):
    category: str
    tool: str
    path: str
    line: int | None
    detail: str


class Spec(SpecSection):
    """The whole of mlops-architecture.yaml, top-level keys in the order written."""

    schema_version: int
    answers_sha256: str | None = None
    """The digest of the answers it was exported from (``answers_sha256``); None in a spec
    written before it was recorded."""
    project: SpecProject
    out_of_scope: SpecOutOfScope | None
    workload: SpecWorkload
    governance: SpecGovernance
    maturity: SpecMaturity
    experiment_tracking: SpecExperimentTracking
    model_registry: SpecModelRegistry
    ml_pipeline: SpecPipeline
    retraining_triggers: list[SpecTrigger]
    retraining_pipeline: SpecRetrainingPipeline
    deployment: SpecDeployment
    monitoring: SpecMonitoring
    components: list[SpecComponent]
    risks: list[SpecRisk]
    confidence: SpecConfidence
    information_gaps: list[SpecGap]
    caveats: list[str]
    roadmap: list[SpecPhase]
    recommendations: list[SpecRecommendation]
    evidence: list[SpecEvidence]

    def data(self) -> dict[str, Any]:
        """Plain data in the file's key order (what the YAML dumper writes)."""
        return self.model_dump(mode="json", by_alias=True)
