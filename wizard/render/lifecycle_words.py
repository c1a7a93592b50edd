"""The release lifecycle in words: what each step moves, checks, when and where, who signs and
what undoing it means. architecture.md's lifecycle table, IMPLEMENTING.md, ``mlops.mk``'s
duties and the spec all say a step with these functions, so they say it the same way.

The facts are the Design's (``wizard.model.lifecycle``); these functions only word them,
with the thresholds the Design decided elsewhere (the promotion criteria).
"""

from __future__ import annotations

from wizard.model.design import Design
from wizard.model.formatting import join_words, number
from wizard.model.lifecycle import Lifecycle, LifecycleStep, Role, Signal, Undo, When, Where
from wizard.model.plans import RolloutStrategy
from wizard.model.records import record
from wizard.model.wording import count
from wizard.render.ci.common import MAX_ERROR_RATE_PCT


def mark(lifecycle: Lifecycle, role: Role) -> str:
    """The registry's record of ``role``, in its own terms."""
    if role is Role.PRODUCTION:
        return lifecycle.production_mark
    if role is lifecycle.pending:
        return lifecycle.pending_mark
    return role.value


def moves(design: Design, step: LifecycleStep) -> str:
    """What the step changes, e.g. ``alias `canary`; 10 % of live traffic``."""
    lifecycle = design.lifecycle
    move = step.move
    parts = []
    if step.sets_production:
        parts.append(f"{mark(lifecycle, Role.PRODUCTION)} (the pending mark removed)")
    elif step.id == "comparison":
        parts.append("nothing")
    else:
        parts.append(mark(lifecycle, move.mark))
    if move.mirrored:
        parts.append("scores mirrored live traffic, serves none")
    if move.standby:
        parts.append("idle beside production")
    if move.batch:
        parts.append("scores the champion's batch; the champion's scores are used")
    if move.traffic_percent is not None:
        parts.append(f"{move.traffic_percent} % of traffic")
    if move.cohort_percent is not None:
        parts.append(f"{move.cohort_percent} % of devices")
    return "; ".join(parts)


def signal(design: Design, check: Signal) -> str:
    """One check, with the bound it is held to."""
    promotion = design.promotion
    if check is Signal.LATENCY:
        bound = promotion.max_latency_ms
        return "p95 latency" + (f" < {number(bound)} ms" if bound is not None else "")
    if check is Signal.ERROR_RATE:
        return f"error rate < {number(MAX_ERROR_RATE_PCT)} %"
    if check is Signal.PREDICTION_DISTRIBUTION:
        return "predictions against production's"
    if check is Signal.PRIMARY_METRIC:
        return f"{promotion.primary_metric} on labelled live data"
    if check is Signal.SMOKE:
        return "smoke tests"
    if check is Signal.CRASH_FREE:
        return "crash-free sessions"
    return "batch deadline met"


def checks(design: Design, step: LifecycleStep) -> str:
    if not step.checks:
        return "—"
    return "; ".join(signal(design, check.signal) for check in step.checks)


def when(design: Design, step: LifecycleStep) -> str:
    """When its checks can be judged."""
    moment = step.when
    if moment is When.NOW:
        return "now"
    if moment is When.AFTER_BAKE:
        return f"after the {step.wait_minutes}-minute bake"
    return f"after {count(design.lifecycle.label_delay_days, 'day')}, with the labels"


def where(design: Design, step: LifecycleStep, platform_wait: str) -> str:
    """Where its check runs; ``platform_wait`` is how the platform starts a job later."""
    if step.where is Where.THIS_RUN:
        return "this run"
    if step.where is Where.DELAYED_JOB:
        return f"a delayed job ({platform_wait})"
    return "the comparator"


def signs(design: Design, step: LifecycleStep) -> str:
    if not step.signed:
        return "—"
    approver = design.lifecycle.approver
    return approver if approver is not None else "the approver (none named yet)"


_UNDO: dict[Undo, str] = {
    Undo.RETURN_TRAFFIC: "traffic back to production; mark removed",
    Undo.REMOVE_SHADOW: "shadow and mark removed",
    Undo.REMOVE_STANDBY: "standby and mark removed",
    Undo.SWITCH_BACK: "traffic back to the previous version",
    Undo.HALT_RELEASE: (
        "release halted, remote configuration back on the previous model (installed devices "
        "keep it until the next release)"
    ),
    Undo.DROP_CHALLENGER: "challenger's scores discarded",
}
#: What restoring the previous production version means, by what the strategy releases to.
_RESTORE: dict[RolloutStrategy, str] = {
    RolloutStrategy.CHAMPION_CHALLENGER: (
        "production mark back on the previous version for the next scoring run"
    ),
    RolloutStrategy.STAGED_COHORTS: (
        "production mark and remote configuration back on the previous version"
    ),
}
_RESTORE_SERVED = "production mark and traffic back on the previous version"


def undo(design: Design, step: LifecycleStep) -> str:
    if step.undo is Undo.RESTORE_PRODUCTION:
        return _RESTORE.get(design.lifecycle.strategy, _RESTORE_SERVED)
    return _UNDO[step.undo]


def unchecked(design: Design) -> str:
    """What the release cannot judge live, and what watches it instead ('' for nothing)."""
    lifecycle = design.lifecycle
    if Signal.PRIMARY_METRIC not in lifecycle.unchecked:
        return ""
    metric = design.promotion.primary_metric
    if not lifecycle.labels_return:
        return (
            f"{metric} is not checked live: no labels come back from production, so the "
            "offline evaluation, the prediction distribution and the drift trigger stand in"
        )
    return (
        f"{metric} is not checked live: its labels come "
        f"{count(lifecycle.label_delay_days, 'day')} after a prediction, after the bake; "
        "the prediction distribution stands in, and the performance trigger watches "
        f"{metric} once the labels are back"
    )


def check_bounds(design: Design) -> str:
    """The variables the release's checks are held to, for the signals its steps check (a
    batch or device release checks no error rate, so none is named)."""
    checked = {check.signal for step in design.lifecycle.steps for check in step.checks}
    bounds = []
    if Signal.LATENCY in checked and design.promotion.max_latency_ms is not None:
        bounds.append("latency against `PROMOTION_MAX_LATENCY_MS`")
    if Signal.ERROR_RATE in checked:
        bounds.append("error rate against `CANARY_MAX_ERROR_RATE_PCT`")
    return join_words(bounds)


def rollback_duty(design: Design) -> str:
    """What ``make rollback`` must do, for every step the release can fail at."""
    undos = dict.fromkeys(undo(design, step) for step in design.lifecycle.steps)
    return "undo the step MODEL_VERSION reached (nothing, if it reached none): " + join_words(undos)


#: A cell that says what the row above says.
AS_ABOVE = "as above"


@record
class LifecycleRow:
    """One step of the release as a table row, every cell in words."""

    number: int
    step: str
    moves: str
    checks: str
    when: str
    where: str
    signs: str
    undo: str


def lifecycle_rows(design: Design, platform_wait: str) -> tuple[LifecycleRow, ...]:
    """The lifecycle table's rows, in order (architecture.md and IMPLEMENTING.md). A check,
    a place or an undo the same as the row above's says so ("as above"): the stages of a
    canary or of device cohorts repeat them, and a table reads them once."""
    rows: list[LifecycleRow] = []
    previous: tuple[str, str, str] | None = None
    for index, step in enumerate(design.lifecycle.steps, start=1):
        cells = (checks(design, step), where(design, step, platform_wait), undo(design, step))
        shown = tuple(
            AS_ABOVE if previous is not None and cell == before else cell
            for cell, before in zip(cells, previous or cells, strict=True)
        )
        previous = cells
        rows.append(
            LifecycleRow(
                number=index,
                step=step.name,
                moves=moves(design, step),
                checks=shown[0],
                when=when(design, step),
                where=shown[1],
                signs=signs(design, step),
                undo=shown[2],
            )
        )
    return tuple(rows)
