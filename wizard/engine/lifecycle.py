"""The release lifecycle (``wizard.model.lifecycle``) for the deployment strategy
``Effective.rollout_strategy`` chose: the one place that decides, step by step, what moves,
what is checked and when, where the check runs, who signs and what undoing it means.

The rules it keeps:

- Promoted last: the candidate carries the strategy's pending mark (``canary``, ``shadow``,
  ``challenger`` ...) in the registry until every check has passed; the last step, and only
  it, gives it the production mark.
- A check tells the arms apart: latency, error rate, the prediction distribution against
  production's, and the primary metric where its labels are back in time. The key features'
  input drift is the drift trigger's, never a release check.
- The platform waits, not a runner: a check after the bake runs in a job the CI platform
  starts later; a check that needs labels runs in the scheduled comparator, as does every
  step after it. The bake is at most a day (``deployment.bake_minutes``), within every
  platform's own way to start a job later.
- A person signs before the candidate first decides anything: before the first share of
  traffic or devices, before a blue-green or shadow switch, before a challenger replaces the
  champion.
"""

from __future__ import annotations

from collections.abc import Callable

from wizard.engine.effective import MINUTES_PER_DAY, Effective
from wizard.model.catalog import catalog_entry
from wizard.model.lifecycle import (
    Check,
    Lifecycle,
    LifecycleStep,
    Move,
    Role,
    Signal,
    Undo,
    When,
    Where,
)
from wizard.model.plans import RolloutStrategy

#: The production step's id, and the stage whose command it runs.
PRODUCTION_STEP = "production"
PROMOTION_STAGE = "promote_production"
#: The comparator's command: it finds the candidate due for its comparison by its mark.
COMPARE_COMMAND = "make compare"
ROLLBACK_COMMAND = "make rollback"

#: The mark a candidate carries under each strategy until it is production.
PENDING: dict[RolloutStrategy, Role] = {
    RolloutStrategy.CANARY: Role.CANARY,
    RolloutStrategy.STAGED_COHORTS: Role.ROLLOUT,
    RolloutStrategy.BLUE_GREEN: Role.STANDBY,
    RolloutStrategy.SHADOW: Role.SHADOW,
    RolloutStrategy.CHAMPION_CHALLENGER: Role.CHALLENGER,
    RolloutStrategy.MANUAL: Role.CANDIDATE,
}


class _Plan:
    """What every strategy's steps are built from, decided once from ``Effective``."""

    def __init__(self, e: Effective) -> None:
        self.e = e
        self.bake = e.bake_minutes
        # Labels back by the end of the bake: a live step can judge the primary metric.
        self.labels_in_time = e.labels_return and not e.late_labels
        # Labels back later: a comparison waits for them in the scheduled comparator.
        self.labels_later = e.labels_return and e.late_labels
        self.signs = e.approval_gate

    @property
    def after_bake(self) -> When:
        return When.AFTER_BAKE if self.bake else When.NOW

    @property
    def bake_place(self) -> Where:
        return Where.DELAYED_JOB if self.bake else Where.THIS_RUN

    def live(self, *signals: Signal) -> tuple[Check, ...]:
        """``signals`` judged after the bake, with the primary metric where labels are back
        in time."""
        found = [*signals]
        if self.labels_in_time:
            found.append(Signal.PRIMARY_METRIC)
        return tuple(Check(signal, self.after_bake) for signal in found)

    def served(self) -> tuple[Signal, ...]:
        """What tells a served candidate from production: latency (where a caller waits),
        error rate, its predictions against production's."""
        latency = (Signal.LATENCY,) if self.e.latency_criterion_ms is not None else ()
        return (*latency, Signal.ERROR_RATE, Signal.PREDICTION_DISTRIBUTION)

    def step(
        self,
        step_id: str,
        name: str,
        move: Move,
        command: str,
        checks: tuple[Check, ...],
        check_command: str | None,
        undo: Undo,
        *,
        signed: bool = False,
        where: Where | None = None,
    ) -> LifecycleStep:
        waits = any(check.when is When.AFTER_BAKE for check in checks)
        return LifecycleStep(
            id=step_id,
            name=name,
            move=move,
            command=command,
            checks=checks,
            check_command=check_command if checks else None,
            wait_minutes=self.bake if waits else 0,
            where=where or (self.bake_place if waits else Where.THIS_RUN),
            signed=signed and self.signs,
            undo=undo,
        )

    def comparison(self, role: Role, undo: Undo) -> LifecycleStep:
        """The primary metric on the candidate's labelled predictions, once they are back."""
        return LifecycleStep(
            id="comparison",
            name="labelled comparison",
            move=Move(mark=role),
            command=COMPARE_COMMAND,
            checks=(Check(Signal.PRIMARY_METRIC, When.AFTER_LABELS),),
            check_command=None,  # the promotion gate judges it, on the comparison file
            wait_minutes=self.e.label_delay_days * MINUTES_PER_DAY,
            where=Where.COMPARATOR,
            signed=False,
            undo=undo,
        )

    def production(self, *, signed: bool = False, traffic: int | None = None) -> LifecycleStep:
        return LifecycleStep(
            id=PRODUCTION_STEP,
            name="production",
            move=Move(mark=Role.PRODUCTION, traffic_percent=traffic),
            command=self.e.commands.get(PROMOTION_STAGE, f"make {PROMOTION_STAGE}"),
            checks=(),
            check_command=None,
            wait_minutes=0,
            where=Where.THIS_RUN,
            signed=signed and self.signs,
            undo=Undo.RESTORE_PRODUCTION,
        )


def _canary(plan: _Plan) -> list[LifecycleStep]:
    steps = [
        plan.step(
            f"canary_{percent}",
            f"canary {percent} %",
            Move(mark=Role.CANARY, traffic_percent=percent),
            f"make canary PERCENT={percent}",
            plan.live(*plan.served()),
            f"make canary-check PERCENT={percent}",
            Undo.RETURN_TRAFFIC,
            signed=index == 0,
        )
        for index, percent in enumerate(plan.e.canary_stages)
    ]
    return [*steps, plan.production()]


def _cohorts(plan: _Plan) -> list[LifecycleStep]:
    latency = (Signal.LATENCY,) if plan.e.latency_criterion_ms is not None else ()
    signals = (Signal.CRASH_FREE, *latency, Signal.PREDICTION_DISTRIBUTION)
    steps = [
        plan.step(
            f"cohort_{percent}",
            f"cohort {percent} % of devices",
            Move(mark=Role.ROLLOUT, cohort_percent=percent),
            f"make rollout-cohort PERCENT={percent}",
            plan.live(*signals),
            f"make cohort-check PERCENT={percent}",
            Undo.HALT_RELEASE,
            signed=index == 0,
        )
        for index, percent in enumerate(plan.e.canary_stages)
    ]
    return [*steps, plan.production()]


def _blue_green(plan: _Plan) -> list[LifecycleStep]:
    latency = (Signal.LATENCY,) if plan.e.latency_criterion_ms is not None else ()
    standby = plan.step(
        "standby",
        "green standby",
        Move(mark=Role.STANDBY, standby=True),
        "make deploy-green",
        tuple(Check(signal, When.NOW) for signal in (Signal.SMOKE, *latency)),
        "make green-check",
        Undo.REMOVE_STANDBY,
    )
    switch = plan.step(
        "switch",
        "switch",
        Move(mark=Role.STANDBY, traffic_percent=100),
        "make switch-traffic",
        plan.live(*plan.served()),
        "make switch-check",
        Undo.SWITCH_BACK,
        signed=True,
    )
    return [standby, switch, plan.production()]


def _shadow(plan: _Plan) -> list[LifecycleStep]:
    steps = [
        plan.step(
            "shadow",
            "shadow",
            Move(mark=Role.SHADOW, mirrored=True),
            "make shadow-deploy",
            plan.live(*plan.served()),
            "make shadow-check",
            Undo.REMOVE_SHADOW,
        )
    ]
    if plan.labels_later:
        steps.append(plan.comparison(Role.SHADOW, Undo.REMOVE_SHADOW))
    # The switch is checked at once: the shadow has already shown these signals on the same
    # live traffic through the bake; right after the switch, only serving can fail.
    latency = (Signal.LATENCY,) if plan.e.latency_criterion_ms is not None else ()
    where = Where.COMPARATOR if plan.labels_later else None
    steps.append(
        plan.step(
            "switch",
            "switch",
            Move(mark=Role.SHADOW, traffic_percent=100),
            "make switch-traffic",
            tuple(Check(signal, When.NOW) for signal in (*latency, Signal.ERROR_RATE)),
            "make switch-check",
            Undo.SWITCH_BACK,
            signed=True,
            where=where,
        )
    )
    return [*steps, _in(plan.production(), where)]


def _champion_challenger(plan: _Plan) -> list[LifecycleStep]:
    scoring = plan.step(
        "challenger",
        "challenger scoring",
        Move(mark=Role.CHALLENGER, batch=True),
        "make challenger-score",
        tuple(
            Check(signal, When.NOW)
            for signal in (Signal.BATCH_DEADLINE, Signal.PREDICTION_DISTRIBUTION)
        )
        + ((Check(Signal.PRIMARY_METRIC, When.NOW),) if plan.labels_in_time else ()),
        "make challenger-check",
        Undo.DROP_CHALLENGER,
    )
    steps = [scoring]
    where = None
    if plan.labels_later:
        steps.append(plan.comparison(Role.CHALLENGER, Undo.DROP_CHALLENGER))
        where = Where.COMPARATOR
    # The champion's scores are the ones used until now: the promotion is the first step
    # where the challenger decides anything, so the sign-off holds it.
    return [*steps, _in(plan.production(signed=True), where)]


def _manual(plan: _Plan) -> list[LifecycleStep]:
    return [plan.production(signed=True, traffic=100)]


def _in(step: LifecycleStep, where: Where | None) -> LifecycleStep:
    """``step`` run where the steps before it left off (the comparator, after a comparison)."""
    if where is None:
        return step
    return LifecycleStep(
        id=step.id,
        name=step.name,
        move=step.move,
        command=step.command,
        checks=step.checks,
        check_command=step.check_command,
        wait_minutes=step.wait_minutes,
        where=where,
        signed=step.signed,
        undo=step.undo,
    )


_STEPS: dict[RolloutStrategy, Callable[[_Plan], list[LifecycleStep]]] = {
    RolloutStrategy.CANARY: _canary,
    RolloutStrategy.STAGED_COHORTS: _cohorts,
    RolloutStrategy.BLUE_GREEN: _blue_green,
    RolloutStrategy.SHADOW: _shadow,
    RolloutStrategy.CHAMPION_CHALLENGER: _champion_challenger,
    RolloutStrategy.MANUAL: _manual,
}


def release_lifecycle(e: Effective) -> Lifecycle:
    strategy = e.rollout_strategy
    plan = _Plan(e)
    steps = tuple(_STEPS[strategy](plan))
    checked = {check.signal for step in steps for check in step.checks}
    registry = catalog_entry("model_registry", e.tools["model_registry"])
    facts = registry.registry
    pending = PENDING[strategy]
    if facts is None:
        pending_mark = f"a `{pending.value}` record beside the model file (no registry)"
        production_mark = "a `production` record beside the model file (no registry)"
    else:
        pending_mark = facts.pending_mark(pending.value)
        production_mark = facts.stages.get("production", facts.pending_mark("production"))
    return Lifecycle(
        strategy=strategy,
        steps=steps,
        pending=pending,
        pending_mark=pending_mark,
        production_mark=production_mark,
        registry=registry.name if facts is not None else "",
        approver=e.approver,
        label_delay_days=e.label_delay_days,
        labels_return=e.labels_return,
        unchecked=()
        if Signal.PRIMARY_METRIC in checked or strategy is RolloutStrategy.MANUAL
        else (Signal.PRIMARY_METRIC,),
    )
