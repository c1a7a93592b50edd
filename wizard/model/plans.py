"""The Design's plans for what happens after training: the rollout, the registry's lifecycle,
governance and monitoring. Plain frozen data, part of ``wizard.model.design.Design`` (which
re-exports them); the engine's rollout, registry, governance and monitoring modules fill them.
"""

from __future__ import annotations

from enum import StrEnum

from wizard.model.records import record


class RolloutStrategy(StrEnum):
    """How a new version reaches production, as the engine decided it (``auto`` resolved).
    Its value is the answer's spelling (``champion-challenger``), so it reads and dumps as
    that text."""

    CANARY = "canary"
    SHADOW = "shadow"
    CHAMPION_CHALLENGER = "champion-challenger"
    BLUE_GREEN = "blue-green"
    STAGED_COHORTS = "staged-cohorts"
    """Derived for edge serving, never answered: a phased release to growing cohorts of
    devices (a store's phased release, or over-the-air cohorts)."""
    MANUAL = "manual"
    """A person releases each version by hand, after the sign-off; never derived."""

    @property
    def label(self) -> str:
        """Its name in the documents and the forms (``champion–challenger``)."""
        return _STRATEGY_LABELS[self]

    @property
    def staged(self) -> bool:
        """Its stages are shares (of traffic, or of devices) from ``retraining.canary_stages``,
        each held for the bake time."""
        return self in (RolloutStrategy.CANARY, RolloutStrategy.STAGED_COHORTS)


_STRATEGY_LABELS: dict[RolloutStrategy, str] = {
    RolloutStrategy.CANARY: "canary",
    RolloutStrategy.SHADOW: "shadow deployment",
    RolloutStrategy.CHAMPION_CHALLENGER: "champion–challenger",
    RolloutStrategy.BLUE_GREEN: "blue–green",
    RolloutStrategy.STAGED_COHORTS: "phased release to device cohorts",
    RolloutStrategy.MANUAL: "manual release",
}


@record
class DeploymentPlan:
    strategy: RolloutStrategy
    derived: bool
    """True when ``deployment.strategy`` was auto (or unknown) and the engine chose."""
    reason: str
    bake_minutes: int
    human_signoff: bool
    """A person signs off before the new version decides anything."""
    rollback: str
    notes: tuple[str, ...]
    """Platform advice, e.g. SageMaker's deployment guardrails."""
    release: tuple[str, ...] = ()
    """How a release reaches production under the serving mode (a phased store release and
    a kill switch on devices), beyond the steps."""

    @property
    def label(self) -> str:
        """The strategy's name in the one vocabulary (``champion–challenger``)."""
        return self.strategy.label


@record
class RegistryLifecycle:
    """How the chosen registry marks where a version is, in its own vocabulary."""

    vocabulary: str
    """aliases | lifecycle-stage-and-approval-status | tags | none."""
    states: tuple[tuple[str, str], ...]
    """(the answer's stage, what the registry records for it)."""
    versions: str
    promote: str
    """How a promotion is recorded, with the registry's own call."""
    source: str
    """The vendor page it rests on."""
    transitions: tuple[tuple[str, str, str], ...] = ()
    """(stage, what moves a version into it, what the registry records), one per answered
    stage."""


@record
class ObligationRow:
    """One obligation a named framework states, with the page that states it."""

    framework: str
    """The framework as ``governance.frameworks`` names it."""
    name: str
    """The framework's name: ``SR 11-7 (Federal Reserve and OCC)``."""
    says: str
    source: str
    """The page that states it (its URL)."""


@record
class FrameworkNote:
    """What changed about a named framework (superseded, dates moved), with its source."""

    framework: str
    says: str
    source: str


@record
class GovernancePlan:
    regime: str
    label: str
    frameworks: tuple[str, ...]
    signoff: bool
    """A person other than the developer signs off every promotion."""
    proposes_only: bool
    """A retrain proposes a candidate; it never promotes by itself."""
    duties: tuple[str, ...]
    """Separation of duties, revalidation and inventory, each one sentence."""
    approver_enforcement: str
    """How the CI platform keeps the developer from approving their own model."""
    obligations: tuple[ObligationRow, ...]
    """What each known framework named asks of this design, each with its source; a
    framework the wizard does not know has none (R36 names it, once)."""
    domains: tuple[str, ...] = ()
    """The regulated domains of the frameworks named (banking, medical-device, ...)."""
    domain_names: tuple[str, ...] = ()
    """Their names in a sentence (``banking model risk management``)."""
    locked: bool = False
    """A locked model: any change is a new release under change control, never an
    automatic retraining or promotion."""
    notes: tuple[FrameworkNote, ...] = ()
    """What changed about the frameworks named, and when they apply, each with a source."""


@record
class MonitoringPlan:
    tool: str
    drift_method: str
    """The statistic the monitoring tool itself computes, by name."""
    psi_source: str
    """Where the PSI of the drift trigger is computed."""
    source: str
    """The vendor page it rests on."""
    performance: str
    """How the performance trigger is judged, given the label delay."""
    early_warning: str
    """What stands in while labels are late ('' when they arrive within a day, or never)."""
    computes_psi: bool = False
    """The tool computes the drift trigger's PSI itself (no other source to name)."""
    without_labels: str = ""
    """What stands in for the primary metric when no labels come back from production ('' when
    they do)."""
    cadence: str = "daily"
    """How often the monitoring job runs: hourly, daily, weekly or a cron, as answered."""
    cron: str = "17 5 * * *"
    """The monitoring job's cron (UTC)."""
    watches: tuple[str, ...] = ()
    """What the serving mode adds to watch (feature freshness on a stream, crash-free
    sessions on devices)."""
    regulator_term: str = ""
    """What the regulator calls monitoring (post-market surveillance for a medical device);
    '' where monitoring is its name."""
