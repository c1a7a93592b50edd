"""The effective values: what the design uses, every answer with its unknown filled
(``wizard.engine.resolve`` fills them and reads each into this record by name); and the one
rule for each decision several parts of the design share (the deployment strategy, the
approval gate, whether the drift trigger can fire).
"""

from __future__ import annotations

from collections.abc import Mapping

from wizard.engine.schedule import runs_per_day
from wizard.model.defaults import CADENCE_CRON
from wizard.model.design import CalibrationView, RolloutStrategy
from wizard.model.frameworks import DOMAINS, Domain, Framework, domains_of, known_framework
from wizard.model.kinds import MODEL_KINDS, ModelKindFacts
from wizard.model.metrics import GainUnit, gain_unit
from wizard.model.records import record
from wizard.model.serving import SERVING_MODES, ServingFacts
from wizard.model.workload import NEVER

MINUTES_PER_DAY = 24 * 60
DAYS_PER_YEAR = 365.25
#: A team of this many people or fewer is small: one service at a time, phased in.
SMALL_TEAM_SIZE = 3


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
    team_size: int | None
    """How many people build and run the model; None: not known."""
    budget: str
    """minimal | standard | enterprise."""
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
    """Days until a prediction's label arrives (0 when they never do: read ``labels_return``
    before the number)."""
    labels_return: bool
    """Labels come back from production: answered with a delay (not ``never``), or the serving
    mode's default (they rarely come back from devices)."""
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
    drift_cadence: str
    """How often the monitoring job runs: hourly, daily, weekly or a cron."""
    accuracy_drop_pct: float
    """The performance trigger: the primary metric worsening by more than this, in
    ``gain_unit``."""
    data_window_days: int
    human_review_above_pct: float
    """A change in the primary metric above this, in ``gain_unit``, is flagged for review."""
    max_missing_pct: float
    """Above this share (percent) of NULL, NaN and infinite values in a key feature, a window
    cannot be judged."""
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
    tools_found: Mapping[str, tuple[str, ...]]
    """Concern short key -> the tools the scan found in use for it (empty: none, or no scan)."""
    regime: str
    frameworks: tuple[str, ...]
    locked_answer: bool
    """Answered locked (``governance.locked``); read ``locked``, which also locks a medical
    device."""
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
    def kind(self) -> ModelKindFacts:
        """What the model is, as its row of the kinds table says."""
        return MODEL_KINDS[self.model_kind]

    @property
    def serving_mode(self) -> ServingFacts:
        """How it serves, as its row of the serving table says."""
        return SERVING_MODES[self.serving]

    @property
    def known_frameworks(self) -> tuple[Framework, ...]:
        """The frameworks named that the wizard knows, in the order named."""
        return tuple(found for name in self.frameworks if (found := known_framework(name)))

    @property
    def unknown_frameworks(self) -> tuple[str, ...]:
        """The frameworks named that the wizard does not know, as named."""
        return tuple(name for name in self.frameworks if known_framework(name) is None)

    @property
    def domains(self) -> tuple[Domain, ...]:
        """The regulated domains of the frameworks named (banking, medical device, ...)."""
        return tuple(DOMAINS[domain] for domain in domains_of(self.frameworks))

    @property
    def locked(self) -> bool:
        """The model is locked: any change is a new release under change control, and it
        never retrains or promotes automatically; drift only alerts. Answered so, or implied
        by a framework whose domain locks the model (a cleared medical device)."""
        return self.locked_answer or any(domain.locks_model for domain in self.domains)

    @property
    def covered(self) -> bool:
        """Whether this design covers the model at all (an LLM application it does not)."""
        return self.kind.covered

    @property
    def late_labels(self) -> bool:
        """Ground truth arrives, but only after a rollout stage's bake time is over."""
        return self.labels_return and self.label_delay_days * MINUTES_PER_DAY > self.bake_minutes

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
        the monitoring job's cadence (as its cron) when the schedule is ``never``."""
        if self.schedule == NEVER:
            return CADENCE_CRON.get(self.drift_cadence, self.drift_cadence)
        return self.schedule

    @property
    def monitoring_windows_per_year(self) -> float:
        """How many windows the drift check judges a year: the monitoring job's runs on its
        cadence (``retraining.drift.cadence``), so the false alarms a threshold costs a year."""
        return (
            runs_per_day(CADENCE_CRON.get(self.drift_cadence, self.drift_cadence)) * DAYS_PER_YEAR
        )

    @property
    def training_window_lag_days(self) -> int:
        """How many days before today the training window ends: the label delay, so no row
        in it still waits for its label (fraud not yet charged back is not legitimate)."""
        return self.label_delay_days if self.labels_return else 0

    @property
    def latency_criterion_ms(self) -> float | None:
        """The one rule for the latency criterion: only where a caller waits for the
        prediction (the serving mode says), and only when not turned off (null)."""
        return self.max_latency_ms if self.serving_mode.caller_waits else None

    @property
    def strategy_misfit(self) -> bool:
        """The strategy answered cannot run under this serving mode (a canary for a batch
        job, a traffic switch for an app release): the mode's own strategy replaces it."""
        return self.strategy != "auto" and self.strategy not in self.serving_mode.strategies

    @property
    def rollout_strategy(self) -> RolloutStrategy:
        """The one rule for the deployment strategy. An answer that fits the serving mode
        stands; one that cannot run there is replaced by the mode's own (R35 says so);
        ``auto`` derives it: a mode with one fitting strategy takes it (champion-challenger
        for batch, staged device cohorts for edge), a regulated model or one whose labels
        arrive after the bake time is shadowed first, and any other gets a canary."""
        fitting = self.serving_mode.strategies
        if self.strategy != "auto" and not self.strategy_misfit:
            return RolloutStrategy(self.strategy)
        if len(fitting) == 1:
            return RolloutStrategy(fitting[0])
        # Labels that never come back leave a shadow nothing to wait for (late_labels is
        # False then): an unregulated online model gets the canary, whose checks need none.
        if self.regime == "regulated" or self.locked or self.late_labels:
            return RolloutStrategy.SHADOW
        return RolloutStrategy.CANARY

    @property
    def signoff_required(self) -> bool:
        """A person signs off before a new version serves: required by the governance
        regime, by a locked model's change control, or by a shadow deployment whose labels
        arrive after the bake time."""
        return (
            self.governed
            or self.locked
            or (self.rollout_strategy is RolloutStrategy.SHADOW and self.late_labels)
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
        return self.covered and self.approval_requested and "promote_production" in self.stages

    @property
    def promotes_automatically(self) -> bool:
        """A model that passes the gate is promoted with no person deciding: there is a
        promotion stage and no approval holds it."""
        return self.covered and "promote_production" in self.stages and not self.approval_gate

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

    @property
    def small_team(self) -> bool:
        """The team gets the smallest stack that closes its gaps: three people or fewer, or a
        minimal budget."""
        small = self.team_size is not None and self.team_size <= SMALL_TEAM_SIZE
        return small or self.budget == "minimal"
