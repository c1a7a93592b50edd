"""The deployment plan: the strategy ``Effective.rollout_strategy`` chose, as stages, each
with its command, bake time and health check. The document, the spec and the CI all carry
these stages as they are; nothing downstream decides a rollout again.

Only a canary shifts a share of live traffic. A shadow, a champion-challenger comparison and
a blue-green standby serve no traffic until the switch; device cohorts are shares of devices.
"""

from __future__ import annotations

from wizard.engine.resolve import Effective
from wizard.model.catalog import catalog_entry
from wizard.model.design import CanaryStep, DeploymentPlan, RolloutStep
from wizard.model.formatting import join_words, number
from wizard.model.wording import count

#: Flagger's common canary example requires a request success rate of at least 99 %.
MAX_ERROR_RATE_PCT = 1

_REASONS: dict[str, str] = {
    "champion-challenger": (
        "batch scoring has no live traffic to split: the challenger scores the same batch "
        "beside the champion and is promoted after the comparison"
    ),
    "staged-cohorts": (
        "an app release has no traffic to split and cannot be undone instantly, so it reaches "
        "growing cohorts of devices, each checked before the next"
    ),
    "canary": (
        "online serving with labels that arrive within the bake time: a growing share of "
        "live traffic, each stage held and checked before the next"
    ),
    "blue-green": "all traffic switches at once, with a fast switch back",
}


def _shadow_reason(e: Effective) -> str:
    why = []
    if e.regime == "regulated":
        why.append("a regulated model must be validated before it decides anything")
    if e.late_labels:
        why.append(
            # The delay itself is stated once, in the Workload line.
            f"labels arrive after the {e.bake_minutes}-minute bake time, so a canary could not "
            "check the metric in time"
        )
    if not why:
        why.append("it was chosen")
    if not e.labels_return:
        return (
            "the candidate scores live traffic without serving it, and its predictions are "
            f"compared with production's (no labels come back): {join_words(why)}"
        )
    return (
        "the candidate scores live traffic without serving it, and is compared with "
        f"production once labels arrive: {join_words(why)}"
    )


def _live_checks(e: Effective) -> list[str]:
    # The thresholds are stated where they are decided (promotion criteria, drift trigger);
    # a check names them instead of repeating the numbers.
    checks = []
    if e.latency_criterion_ms is not None:
        checks.append("p95 latency within the promotion criterion")
    checks.append(f"error rate < {MAX_ERROR_RATE_PCT} %")
    if e.key_features:
        checks.append("PSI of the key features within the drift threshold")
    return checks


def _metric_check(e: Effective) -> str:
    """What a live stage can say about the primary metric within its bake time."""
    if not e.labels_return:
        return (
            "the prediction distribution against the previous model's (no labels come back: "
            f"{e.primary_metric} is judged offline, before the release)"
        )
    if e.late_labels:
        return (
            f"prediction drift against production (labels of {e.primary_metric} arrive "
            f"{count(e.label_delay_days, 'day')} later)"
        )
    better = "≥" if e.higher_is_better else "≤"
    return f"{e.primary_metric} on labelled live traffic {better} production's"


def _canary(e: Effective) -> tuple[RolloutStep, ...]:
    checks = "; ".join([*_live_checks(e), _metric_check(e)])
    steps = []
    for percent in e.canary_stages:
        steps.append(
            RolloutStep(
                name=f"canary {percent} %",
                traffic_percent=percent,
                command=f"make canary PERCENT={percent}",
                check_command=f"make canary-check PERCENT={percent}",
                bake_minutes=e.bake_minutes,
                check=checks,
            )
        )
    return tuple(steps)


def _shadow(e: Effective) -> tuple[RolloutStep, ...]:
    live = "; ".join([*_live_checks(e), "prediction distribution close to production's"])
    compare = (
        f"{e.primary_metric} on the shadowed traffic, once its labels have arrived, meets the "
        "promotion criteria against production"
        if e.labels_return
        else "the shadow's predictions against production's on the same traffic, and the "
        f"offline evaluation of {e.primary_metric} (no labels come back)"
    )
    return (
        RolloutStep(
            "shadow",
            None,
            "make shadow-deploy",
            "make shadow-check",
            e.bake_minutes,
            live,  # what a shadow is, the strategy's reason says once
        ),
        RolloutStep(
            "shadow comparison", None, "make shadow-compare", "make shadow-report", 0, compare
        ),
        RolloutStep(
            "switch",
            100,
            "make promote",
            "make promote-check",
            e.bake_minutes,
            "the shadow's live checks, now on served traffic",
        ),
    )


def _champion_challenger(e: Effective) -> tuple[RolloutStep, ...]:
    better = "higher" if e.higher_is_better else "lower"
    # Slow labels: an early read of the challenger's scores against the champion's stands
    # in until the comparison can be made.
    early = (
        "; until then, an early read compares its score distribution with the champion's"
        if e.late_labels and e.labels_return
        else ""
    )
    # No labels ever: the comparison is of score distributions, the metric judged offline.
    compared = (
        f"its {e.primary_metric} ({better} is better) is compared once the batch's labels "
        f"arrive{early}"
        if e.labels_return
        else f"no labels come back, so its score distribution is compared with the champion's "
        f"({e.primary_metric} is judged offline before release)"
    )
    return (
        RolloutStep(
            "challenger scoring",
            None,
            "make challenger-score",
            "make challenger-compare",
            0,
            f"the challenger scores the same batch as the champion; {compared}, and the batch "
            "must finish before its deadline",
        ),
        RolloutStep(
            "promotion",
            None,
            "make promote",
            "make promote-check",
            0,
            "the next batch is scored by the new champion and its output passes the data checks",
        ),
    )


def _blue_green(e: Effective) -> tuple[RolloutStep, ...]:
    return (
        RolloutStep(
            "green standby",
            None,
            "make deploy-green",
            "make green-check",
            0,
            "smoke tests against the standby; " + "; ".join(_live_checks(e)[:1] or ["it answers"]),
        ),
        RolloutStep(
            "switch",
            100,
            "make switch-traffic",
            "make switch-check",
            e.bake_minutes,
            "the standby's checks, now on served traffic",
        ),
    )


def _cohorts(e: Effective) -> tuple[RolloutStep, ...]:
    checks = "; ".join(
        [
            "crash-free sessions and on-device latency"
            + (f" < {number(e.latency_criterion_ms)} ms" if e.latency_criterion_ms else ""),
            _metric_check(e),
        ]
    )
    return tuple(
        RolloutStep(
            f"cohort {percent} % of devices",
            None,
            f"make rollout-cohort PERCENT={percent}",
            f"make cohort-check PERCENT={percent}",
            e.bake_minutes,
            checks,
        )
        for percent in e.canary_stages
    )


#: What ``make rollback`` does under each strategy, as a verb phrase ("which ..."): only
#: the strategies that serve live traffic return traffic; a batch has none to return.
ROLLBACK_EFFECTS: dict[str, str] = {
    "canary": "returns all traffic to the previous registered version",
    "blue-green": "switches traffic back to the previous (blue) version",
    "shadow": "removes the shadow; after the switch, returns all traffic to the previous version",
    # Before the promotion the previous version is still production; after it, restoring it
    # is all a rollback can do: the next scoring run uses it.
    "champion-challenger": "restores the previous version for the next scoring run",
    "staged-cohorts": "stops the release and sends the previous version to the cohorts reached",
}

_STEPS = {
    "canary": _canary,
    "shadow": _shadow,
    "champion-challenger": _champion_challenger,
    "blue-green": _blue_green,
    "staged-cohorts": _cohorts,
}


def deployment_plan(e: Effective) -> DeploymentPlan:
    strategy = e.rollout_strategy
    reason = _shadow_reason(e) if strategy == "shadow" else _REASONS[strategy]
    if strategy == "canary" and not e.labels_return:
        reason = (
            "online serving whose labels never come back: a growing share of live traffic, "
            "each stage held and checked on what needs no labels"
        )
    notes = []
    # A registry whose platform serves the model may have its own way to roll out.
    registry = catalog_entry("model_registry", e.tools["model_registry"]).registry
    if registry is not None and strategy in registry.rollout_strategies:
        notes.append(registry.rollout_note)
    if strategy == "shadow" and e.late_labels and e.label_delay_days is not None:
        notes.append(
            "The shadow comparison outlasts a pipeline run: the run ends with the candidate "
            "in shadow, `make shadow-compare` runs as its own scheduled job, and the switch "
            f"is a separate, approved run once {count(e.label_delay_days, 'day')} of labelled "
            "shadow traffic pass the promotion criteria."
        )
    return DeploymentPlan(
        strategy=strategy,
        derived=e.strategy == "auto",
        reason=reason,
        bake_minutes=e.bake_minutes,
        steps=_STEPS[strategy](e),
        human_signoff=e.signoff_required or e.approval_gate,
        rollback="make rollback",
        notes=tuple(notes),
        # Undoing an app release is a kill switch and a new release, whatever the strategy.
        rollback_effect=e.serving_mode.rollback or ROLLBACK_EFFECTS[strategy],
        release=e.serving_mode.release,
    )


def canary_plan(e: Effective) -> tuple[CanaryStep, ...]:
    """The canary's traffic steps, in the older shape the diagram and trigger table read;
    empty unless the strategy is a canary."""
    if e.rollout_strategy != "canary":
        return ()
    steps = _canary(e)
    result = []
    for step in steps:
        assert step.traffic_percent is not None
        if step.traffic_percent == 100:
            text = (
                f"100 % of traffic: keep checking {step.check} for one monitoring window; "
                "roll back to the previous registered version on failure."
            )
        else:
            text = (
                f"{step.traffic_percent} % of traffic: after {step.bake_minutes} minutes, check "
                f"{step.check}; roll back to the previous registered version on failure, else "
                "continue."
            )
        result.append(CanaryStep(percent=step.traffic_percent, check=text))
    return tuple(result)
