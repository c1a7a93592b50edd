"""The effective values: what the design uses, every answer with its unknown filled
(``wizard.engine.resolve`` fills them and reads each into this record by name); and the one
rule for each decision several parts of the design share (the deployment strategy, the
approval gate, whether the drift trigger can fire).
"""

from __future__ import annotations

from collections.abc import Mapping

from wizard.model.design import CalibrationView, RolloutStrategy
from wizard.model.records import record

MINUTES_PER_DAY = 24 * 60
#: Serving modes where a caller waits for the prediction, so latency is a criterion.
LATENCY_SERVING: frozenset[str] = frozenset({"online", "streaming", "edge"})


@record
class Effective:
    """The values the design uses: the answers with every unknown filled, each read by name
    in ``wizard.engine.resolve.effective_values``; and the one rule for each decision several
    parts of the design share."""

    # project
    project_name: str
    description: str
    ci_platform: str
    cloud: str
    # components.experiment_tracking and components.model_registry
    tracked: tuple[str, ...]
    experiments: tuple[str, ...]
    registry_stages: tuple[str, ...]
    registry_versioning: str
    registry_immutable: bool
    # workload
    serving: str
    model_kind: str
    primary_metric: str
    higher_is_better: bool
    label_delay_days: int
    rows_per_window: int | None
    first_model: bool
    # promotion
    min_accuracy_gain_pct: float
    """The minimum gain in the primary metric, in percentage points (0: at least as good)."""
    min_metric_value: float | None
    """The floor (ceiling when lower is better) a first model must reach; None: none set."""
    require_leakage_check: bool
    require_bias_checks: bool
    approver: str | None
    """None means no manual gate."""
    # retraining
    schedule: str
    """Keyword or cron, as answered (or defaulted)."""
    psi_threshold: float
    key_features: tuple[str, ...]
    accuracy_drop_pct: float
    data_window_days: int
    human_review_above_pct: float
    """A change in the primary metric above this many points is flagged for review."""
    # cicd
    triggers: tuple[str, ...]
    install: str | None
    """What each job runs before its stage; None: nothing."""
    runner: str
    python: str
    """The Python version every job sets up (``3.11``)."""
    capabilities: Mapping[str, str]
    """Capability key -> yes | partial | no | unknown (unknown only when nothing filled it)."""
    level_override: int | None
    tools: Mapping[str, str]
    """Concern short key (``monitoring``) -> chosen tool id."""
    regime: str
    frameworks: tuple[str, ...]
    strategy: str
    """As answered (or defaulted): auto or a named strategy."""
    bake_minutes: int
    max_latency_ms: float | None
    """None: the answer turned the latency criterion off."""
    window_rule: tuple[int, int] | None
    """(breaches, windows), or None for no k-of-n rule."""
    canary_stages: tuple[int, ...]
    stages: tuple[str, ...]
    manual_approval: bool
    commands: Mapping[str, str]
    calibration: CalibrationView | None
    """What a calibration recorded in the answers says at the effective PSI threshold."""

    @property
    def covered(self) -> bool:
        """Whether this design covers the model at all (an LLM application it does not)."""
        return self.model_kind != "llm-application"

    @property
    def late_labels(self) -> bool:
        """Ground truth arrives only after a rollout stage's bake time is over."""
        return self.label_delay_days * MINUTES_PER_DAY > self.bake_minutes

    @property
    def latency_criterion_ms(self) -> float | None:
        """The one rule for the latency criterion: only where a caller waits for the
        prediction (online, streaming, edge), and only when not turned off (null)."""
        return self.max_latency_ms if self.serving in LATENCY_SERVING else None

    @property
    def rollout_strategy(self) -> RolloutStrategy:
        """The one rule for the deployment strategy. An answer other than ``auto`` stands;
        ``auto`` derives it: batch scoring compares a challenger beside the champion, edge
        rolls out to device cohorts, a regulated model or one whose labels arrive after the
        bake time is shadowed first, and any other online model gets a canary."""
        if self.strategy != "auto":
            return RolloutStrategy(self.strategy)
        if self.serving == "batch":
            return RolloutStrategy.CHAMPION_CHALLENGER
        if self.serving == "edge":
            return RolloutStrategy.STAGED_COHORTS
        if self.regime == "regulated" or self.late_labels:
            return RolloutStrategy.SHADOW
        return RolloutStrategy.CANARY

    @property
    def signoff_required(self) -> bool:
        """A person signs off before a new version serves: required by the governance
        regime, or by a shadow deployment whose labels arrive after the bake time."""
        return self.governed or (
            self.rollout_strategy is RolloutStrategy.SHADOW and self.late_labels
        )

    @property
    def governed(self) -> bool:
        """Promotion needs a sign-off by someone other than the model's developer."""
        return self.regime in ("internal-review", "regulated")

    @property
    def approval_requested(self) -> bool:
        """The one rule for the approval gate: asked for, implied by naming an approver, or
        required by the governance regime."""
        return self.manual_approval or self.approver is not None or self.signoff_required

    @property
    def approval_gate(self) -> bool:
        """Promotion waits for a person: approval is requested and there is a promotion
        stage to hold back."""
        return self.approval_requested and "promote_production" in self.stages

    @property
    def promotes_automatically(self) -> bool:
        """A model that passes the gate is promoted with no person deciding: there is a
        promotion stage and no approval holds it."""
        return "promote_production" in self.stages and not self.approval_gate

    @property
    def drift_watched(self) -> bool:
        """The drift trigger can fire: it is chosen, a monitoring tool captures production's
        inputs and key features are named for it to measure (off otherwise, whatever the
        trigger list says: the pipeline never carries a drift job that cannot run)."""
        return (
            "drift" in self.triggers
            and self.tools["monitoring"] != "none"
            and bool(self.key_features)
        )
