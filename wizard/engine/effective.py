"""The effective values: what the design uses, every answer with its unknown filled
(``wizard.engine.resolve`` fills them and reads each into this record by name); and the one
rule for each decision several parts of the design share (the deployment strategy, the
approval gate, whether the drift trigger can fire).
"""

from __future__ import annotations

from collections.abc import Mapping

from wizard.model.design import CalibrationView, RolloutStrategy
from wizard.model.metrics import GainUnit, gain_unit
from wizard.model.records import record
from wizard.model.workload import NEVER

MINUTES_PER_DAY = 24 * 60
#: The monitoring job runs once a day (``wizard.render.ci.runtime.MONITORING_CRON``): the
#: windows a year the drift check judges, and so the false alarms a threshold costs a year.
MONITORING_WINDOWS_PER_YEAR = 365.25
MONITORING_CADENCE = "daily"
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
    label_delay_days: int | None
    """Days until a prediction's label arrives; None: never (no labels come back from
    production). Read ``labels_return`` before the number."""
    rows_per_window: int | None
    first_model: bool
    # promotion
    min_accuracy_gain_pct: float
    """The minimum gain in the primary metric, in ``gain_unit`` (0: at least as good)."""
    gain_unit_answer: str
    """``promotion.gain_unit`` as answered (or defaulted): auto, points, percent or units."""
    min_metric_value: float | None
    """The floor (ceiling when lower is better) a first model must reach; None: none set."""
    require_leakage_check: bool
    require_bias_checks: bool
    approver: str | None
    """None means no manual gate."""
    # retraining
    schedule: str
    """Keyword, cron or ``never``, as answered (or defaulted); whether it runs is
    ``retrains_on_schedule``."""
    psi_threshold: float
    key_features: tuple[str, ...]
    accuracy_drop_pct: float
    """The performance trigger: the primary metric worsening by more than this, in
    ``gain_unit``."""
    data_window_days: int
    human_review_above_pct: float
    """A change in the primary metric above this, in ``gain_unit``, is flagged for review."""
    # cicd
    triggers: tuple[str, ...]
    install: str | None
    """What each job runs before its stage; None: nothing."""
    runner: str
    capabilities: Mapping[str, str]
    """Capability key -> yes | partial | no | unknown (unknown only when nothing filled it)."""
    level_override: int | None
    tools: Mapping[str, str]
    """Concern short key (``monitoring``) -> chosen tool id."""
    regime: str
    frameworks: tuple[str, ...]
    locked: bool
    """A locked model: any change is a new release under change control; nothing retrains or
    promotes automatically, and drift only alerts."""
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
    def labels_return(self) -> bool:
        """Labels come back from production at all (``label_delay_days`` is not ``never``):
        the one rule for every check of the primary metric on live predictions."""
        return self.label_delay_days is not None

    @property
    def late_labels(self) -> bool:
        """Ground truth arrives, but only after a rollout stage's bake time is over."""
        return (
            self.label_delay_days is not None
            and self.label_delay_days * MINUTES_PER_DAY > self.bake_minutes
        )

    @property
    def retrains_on_schedule(self) -> bool:
        """The schedule starts retraining: the schedule trigger is chosen, the schedule is not
        ``never`` and the model is not locked."""
        return "schedule" in self.triggers and self.schedule != NEVER and not self.locked

    @property
    def pipeline_triggers(self) -> tuple[str, ...]:
        """What starts the pipeline: the triggers chosen, less the schedule when it does not
        retrain (``never``, or locked) and drift when the model is locked (drift only
        alerts then)."""
        dropped = set()
        if not self.retrains_on_schedule:
            dropped.add("schedule")
        if self.locked:
            dropped.add("drift")
        return tuple(trigger for trigger in self.triggers if trigger not in dropped)

    @property
    def gain_unit(self) -> GainUnit | None:
        """The one unit every change in the primary metric is counted in (the promotion gain,
        the human-review bound, the performance trigger); None when the metric is unknown and
        the answer is ``auto``, so the design asks instead of guessing."""
        return gain_unit(self.primary_metric, self.gain_unit_answer)

    @property
    def window_schedule(self) -> str:
        """The windows a history is cut into (``calibrate``): the retraining schedule's, or
        the monitoring job's cadence when the schedule is ``never``."""
        return MONITORING_CADENCE if self.schedule == NEVER else self.schedule

    @property
    def monitoring_windows_per_year(self) -> float:
        """How many windows the drift check judges a year."""
        return MONITORING_WINDOWS_PER_YEAR

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
        # Labels that never come back leave a shadow nothing to wait for: an online model gets
        # the canary, whose checks need no labels.
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
        """The one rule for the approval gate: asked for, implied by naming an approver,
        required by the governance regime, or by a locked model's change control."""
        return (
            self.manual_approval
            or self.approver is not None
            or self.signoff_required
            or self.locked
        )

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
