"""The release lifecycle: the ordered steps that take a registered candidate to production
under the deployment strategy. Plain frozen data, part of the Design; one engine module
(``wizard.engine.lifecycle``) builds it, and architecture.md's lifecycle table, the spec, the
CI file, ``mlops.mk`` and IMPLEMENTING.md all render from it, so they cannot disagree.

Each step says what moves (the registry mark the candidate carries, a share of live traffic,
a mirrored copy of it, the batch it scores, a cohort of devices), what is checked, when it
can be checked (now, after the bake, once the labels are back), where that check runs (this
run, a job the CI platform starts later, the scheduled comparator), whether a person signs
before it, and what undoing it means.

The candidate carries a pending mark (``canary``, ``shadow``, ``challenger`` ...) until every
check has passed; only the last step gives it the production mark. Words live in render:
here every fact is an enum or a number.
"""

from __future__ import annotations

from enum import StrEnum

from wizard.model.plans import RolloutStrategy
from wizard.model.records import record


class Signal(StrEnum):
    """What a step's check measures. Each tells the candidate's arm from production's: the
    key features' input drift (PSI) is the same in both arms of one split, so it is the drift
    trigger's, never a release check."""

    LATENCY = "latency"
    """p95 latency against the promotion criterion."""
    ERROR_RATE = "error-rate"
    """The share of failed requests (or scoring errors)."""
    PREDICTION_DISTRIBUTION = "prediction-distribution"
    """The candidate's predictions against production's on the same traffic or batch."""
    PRIMARY_METRIC = "primary-metric"
    """The primary metric on labelled live traffic, by the promotion criteria."""
    SMOKE = "smoke"
    """The standby answers a known request set correctly (blue-green)."""
    CRASH_FREE = "crash-free"
    """Crash-free sessions on the devices reached (phased release)."""
    BATCH_DEADLINE = "batch-deadline"
    """The challenger's scoring finished before the batch's deadline."""


class When(StrEnum):
    """When a check can be made, in the order they come."""

    NOW = "now"
    """As soon as the step is taken."""
    AFTER_BAKE = "after-bake"
    """After the bake time (``deployment.bake_minutes``) on the step's traffic."""
    AFTER_LABELS = "after-labels"
    """After ``workload.label_delay_days``, once the step's predictions have their labels."""


class Where(StrEnum):
    """Where a step's check runs; its move runs just before it, in the same run."""

    THIS_RUN = "this-run"
    """In the pipeline run that trained the candidate, at once."""
    DELAYED_JOB = "delayed-job"
    """In a job of the same run that the CI platform starts after the wait, holding no
    runner meanwhile (GitLab's delayed job, a GitHub environment's wait timer, Azure's
    ``Delay@1`` in an agentless job)."""
    COMPARATOR = "comparator"
    """In the scheduled comparator job, which finds the pending candidates by their mark in
    the registry and completes or rolls back each one."""


class Role(StrEnum):
    """The mark a candidate carries in the registry (an alias, a tag or a status, in the
    registry's own terms: ``RegistryFacts.pending``) while it is released."""

    CANARY = "canary"
    STANDBY = "standby"
    SHADOW = "shadow"
    CHALLENGER = "challenger"
    ROLLOUT = "rollout"
    """A release reaching cohorts of devices."""
    CANDIDATE = "candidate"
    """A candidate a person releases by hand."""
    PRODUCTION = "production"
    """The registry's production mark (``champion``, ``production``, ``Approved`` ...)."""


class Undo(StrEnum):
    """What undoing a step means (``make rollback`` at that step)."""

    RETURN_TRAFFIC = "return-traffic"
    """All traffic back to the production version; the candidate's mark removed."""
    REMOVE_SHADOW = "remove-shadow"
    """The shadow deployment removed: it never served; the mark removed."""
    REMOVE_STANDBY = "remove-standby"
    """The idle standby removed; the mark removed."""
    SWITCH_BACK = "switch-back"
    """Traffic switched back to the previous version, kept running until the release ends."""
    HALT_RELEASE = "halt-release"
    """The phased release halted and the remote configuration switched back to the previous
    model; devices that installed it keep it until the next release."""
    DROP_CHALLENGER = "drop-challenger"
    """The challenger's scores discarded; the champion kept scoring throughout."""
    RESTORE_PRODUCTION = "restore-production"
    """The production mark back on the previous version (and its traffic, where it serves)."""


@record
class Check:
    """One signal a step checks, and when it can be judged."""

    signal: Signal
    when: When


@record
class Move:
    """What one step changes: the candidate's mark and what it serves or scores."""

    mark: Role
    """The mark the candidate carries once the step is taken."""
    traffic_percent: int | None = None
    """The share of live traffic the candidate serves after the step; None: unchanged."""
    mirrored: bool = False
    """It scores a mirrored copy of live traffic, serving none of it (shadow)."""
    batch: bool = False
    """It scores the same batch beside the champion, whose scores are the ones used."""
    cohort_percent: int | None = None
    """The share of devices the release has reached (phased release)."""
    standby: bool = False
    """It is deployed beside production as an idle standby (blue-green)."""


@record
class LifecycleStep:
    """One step of the release, in order."""

    id: str
    """A name a CI job can carry, e.g. ``canary_10``; the last step's is ``production``."""
    name: str
    """What the step is called in the documents, e.g. ``canary 10 %``."""
    move: Move
    command: str
    """What moves it (``make canary PERCENT=10``)."""
    checks: tuple[Check, ...]
    check_command: str | None
    """What judges its checks (``make canary-check PERCENT=10``); None when it has none, or
    the comparator's gate judges them (``comparison``)."""
    wait_minutes: int
    """How long after the move the check waits (the bake, or the label delay); 0: none."""
    where: Where
    signed: bool
    """A person signs before the move (the approver; ``Lifecycle.approver`` names them)."""
    undo: Undo

    @property
    def when(self) -> When:
        """When the step can be judged: the latest of its checks (now, with none)."""
        order = list(When)
        return max((check.when for check in self.checks), key=order.index, default=When.NOW)

    @property
    def sets_production(self) -> bool:
        return self.move.mark is Role.PRODUCTION

    @property
    def label_gated(self) -> bool:
        """A check of the step needs the labels of its predictions."""
        return any(check.when is When.AFTER_LABELS for check in self.checks)


@record
class Lifecycle:
    """The release from a registered candidate to production, step by step."""

    strategy: RolloutStrategy
    steps: tuple[LifecycleStep, ...]
    pending: Role
    """What the candidate carries until the last step gives it the production mark."""
    pending_mark: str
    """That mark in the registry's own terms, e.g. ``alias `shadow```."""
    production_mark: str
    """The production mark in the registry's own terms, e.g. ``alias `champion```."""
    registry: str
    """The registry's name ('' when no registry is chosen)."""
    approver: str | None
    """Who signs the signed step (None: unnamed, or nobody signs)."""
    label_delay_days: int
    """How long after a prediction its label arrives (the comparator's wait)."""
    labels_return: bool
    """Labels come back from production at all."""
    unchecked: tuple[Signal, ...] = ()
    """Signals the release cannot check live (the primary metric when its labels come only
    after the bake and no comparison waits for them): the performance trigger watches them."""

    @property
    def comparator(self) -> bool:
        """Some step runs in the scheduled comparator."""
        return any(step.where is Where.COMPARATOR for step in self.steps)

    @property
    def signed_step(self) -> LifecycleStep | None:
        return next((step for step in self.steps if step.signed), None)

    def step(self, step_id: str) -> LifecycleStep:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)
