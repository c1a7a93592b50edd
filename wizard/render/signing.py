"""The "What you are signing" page at the top of architecture.md, which a lead reads before
signing the design. Each decision in one row with its basis, who approves, the residual risks
with their owner, and the monthly cost; the rest of the document is the reasoning behind it.

The Design holds the facts; this module words them for the page (the template lays it out).
"""

from __future__ import annotations

from wizard.model.defaults import DEFAULT_SOURCES
from wizard.model.design import Design, ToolRecommendation
from wizard.model.design_views import CalibrationView
from wizard.model.formatting import join_words, number
from wizard.model.frameworks import DOMAINS
from wizard.model.lifecycle import Lifecycle
from wizard.model.records import record
from wizard.model.wording import count, in_unit

#: The four bases a value can have, in the words the page uses.
YOUR_ANSWER = "your answer"
CALIBRATED = "calibrated on your data"
SOURCED_DEFAULT = "a sourced default"
UNSOURCED_DEFAULT = "not answered: a default with no published source"
DERIVED = "derived from the serving mode and the label delay"


@record
class SigningRow:
    decision: str
    what: str
    basis: str


@record
class SigningRisk:
    id: str
    severity: str
    title: str
    owner: str


def calibrated(view: CalibrationView | None) -> bool:
    """Whether the drift threshold in force is the one ``calibrate --apply`` wrote: the
    recommended threshold at the three significant figures it is written with."""
    return view is not None and view.applied


def key_basis(design: Design, key: str) -> str:
    """Where the value of ``key`` came from, in the page's words."""
    if key == "retraining.drift.psi_threshold" and calibrated(design.calibration):
        return CALIBRATED
    if key not in {gap.key for gap in design.gaps}:
        return YOUR_ANSWER
    return SOURCED_DEFAULT if key in DEFAULT_SOURCES else UNSOURCED_DEFAULT


def row_basis(design: Design, keys: tuple[str, ...]) -> str:
    """A row's basis from its keys' bases: one when they agree, else each that occurs,
    naming the defaulted keys so the signer knows what to answer."""
    bases = {key: key_basis(design, key) for key in keys}
    kinds = list(dict.fromkeys(bases.values()))
    if len(kinds) == 1:
        return kinds[0]
    parts = []
    for kind in kinds:
        if kind in (YOUR_ANSWER, CALIBRATED):
            parts.append(kind)
        else:
            named = join_words([f"`{key}`" for key, value in bases.items() if value == kind])
            parts.append(f"{kind} for {named}")
    return "; ".join(parts)


def _promotion(design: Design) -> SigningRow:
    criteria = design.promotion
    metric = criteria.primary_metric
    if criteria.first_model and criteria.min_metric_value is not None:
        parts = [f"{metric} is at least {number(criteria.min_metric_value)}"]
        keys = ["promotion.min_metric_value"]
    else:
        gain = criteria.min_accuracy_gain_pct
        # The gain in the unit the gate counts it in (``wizard.model.metrics.gain``).
        beats = (
            f"beats production by at least {in_unit(gain, criteria.gain_unit)}"
            if gain
            else "matches or beats production"
        )
        parts = [f"{metric} {beats}"]
        keys = ["promotion.min_accuracy_gain_pct"]
    if criteria.max_latency_ms is not None:
        parts.append(f"p95 latency is under {number(criteria.max_latency_ms)} ms")
        keys.append("promotion.max_latency_ms")
    checks = [
        name
        for name, on in (
            ("leakage", criteria.require_leakage_check),
            ("bias", criteria.require_bias_checks),
        )
        if on
    ]
    if checks:
        passes = "checks pass" if len(checks) > 1 else "check passes"
        parts.append(f"the {' and '.join(checks)} {passes}")
    keys += ["promotion.require_leakage_check", "promotion.require_bias_checks"]
    # A locked model promotes nothing by itself: each new version is a release under change
    # control, judged by the same criteria.
    subject = "a new release" if design.governance.locked else "a candidate"
    what = f"{subject} is promoted when " + join_words(parts)
    return SigningRow("Promotion", what, row_basis(design, tuple(keys)))


def _locked_keys(design: Design) -> tuple[str, ...]:
    """The answer a locked model rests on: the frameworks named when one of their domains
    locks the model (a cleared medical device, whatever the lock says), else the lock."""
    if any(DOMAINS[domain].locks_model for domain in design.governance.domains):
        return ("governance.frameworks",)
    return ("governance.locked",)


def _approval(design: Design) -> SigningRow:
    criteria = design.promotion
    approver = criteria.approver
    locked = design.governance.locked
    keys: tuple[str, ...] = ("promotion.approver",)
    if approver:
        what = f"{approver} signs off every promotion to production"
        if design.governance.signoff:
            what += ", and may not approve a model they developed"
        if locked:
            what += "; the model is locked, so every change is a release under change control"
            keys += _locked_keys(design)
        else:
            bound = in_unit(criteria.human_review_above_pct, criteria.gain_unit)
            what += (
                f"; a retrained model whose {criteria.primary_metric} moves more than "
                f"{bound} waits for their review"
            )
    elif locked:
        what = (
            "nobody is named: the model is locked, so every change is a release under change "
            "control, and its sign-off needs an approver (`promotion.approver`)"
        )
        keys += _locked_keys(design)
    else:
        what = "nobody: a candidate that meets the promotion criteria goes to production"
    return SigningRow("Approval", what, row_basis(design, keys))


def _retraining(design: Design) -> SigningRow:
    policy = design.retraining
    if design.governance.locked:
        # Locked: no trigger retrains or promotes; drift and performance only alert.
        what = (
            "never automatically: the model is locked, so a new version is a release under "
            "change control; drift and performance only alert"
        )
        return SigningRow("Retraining", what, row_basis(design, _locked_keys(design)))
    on = {rule.trigger: policy.retrains_on(rule.trigger) for rule in policy.triggers}
    parts = []
    keys: list[str] = ["retraining.schedule"]
    if on.get("Schedule"):
        schedule = policy.schedule
        parts.append(schedule if " " not in schedule else f"on cron `{schedule}`")
    if on.get("Drift"):
        features = join_words(policy.key_features) or "the key features"
        parts.append(f"when PSI exceeds {number(policy.psi_threshold)} on {features}")
        keys.append("retraining.drift.psi_threshold")
    if on.get("Performance"):
        parts.append(
            f"when {design.promotion.primary_metric} falls more than "
            f"{in_unit(policy.accuracy_drop_pct, policy.gain_unit)}"
        )
        keys.append("retraining.performance.accuracy_drop_pct")
    if parts and design.governance.locked:
        # A locked model never retrains by itself: an alert opens a change request.
        what = "never by itself: a change request opens " + "; ".join(parts)
    elif parts:
        what = "retrains " + "; ".join(parts)
    else:
        what = "never by itself: only when someone starts the pipeline"
    return SigningRow("Retraining", what, row_basis(design, tuple(keys)))


def _data_window(design: Design) -> SigningRow:
    days = design.retraining.data_window_days
    delay = design.workload.label_delay_days
    lag = design.retraining.window_ends_days_ago
    what = f"each training uses the last {count(days, 'day')}"
    if lag:
        # Where labels come late, the window ends before today so every row has its label.
        what = (
            f"each training uses the {count(days, 'day')} ending {count(lag, 'day')} before today"
        )
    keys = ["retraining.data_window_days"]
    if not design.workload.labels_return:
        # No labels from production: what stands in for them is said, not a delay. The basis
        # names the delay only when answered never (a device's silence is the serving mode's).
        what += (
            "; no labels come back from production, so models are judged on offline "
            "evaluation and prediction drift"
        )
        if "workload.label_delay_days" not in {gap.key for gap in design.gaps}:
            keys.append("workload.label_delay_days")
    elif delay:
        joined = ", since" if lag else ";"
        what += f"{joined} labels arrive {count(delay, 'day')} after a prediction"
        keys.append("workload.label_delay_days")
    return SigningRow("Data window", what, row_basis(design, tuple(keys)))


#: How a recommended tool came to be chosen, in the page's words.
_CHOSEN_BY: dict[str, str] = {
    "you": YOUR_ANSWER,
    "evidence": "found in your repository",
    "recommended": "recommended for this team",
}


def _tools(design: Design) -> SigningRow:
    # What the design runs is its components; a tool recommended where the team chose none
    # is advice to adopt, not part of what is signed (its risks say what the gap costs).
    # A concern that needs no tool is no tool to sign for.
    running = {choice.key: choice.tool for choice in design.components}
    chosen: list[ToolRecommendation] = []
    to_adopt: list[str] = []
    for advice in design.recommendations:
        in_design = running.get(advice.key, advice.tool)
        if advice.tool == "none":
            continue
        # An orchestrator that is the CI platform itself runs wherever the pipeline does.
        if in_design == advice.tool or (in_design == "none" and advice.tool == design.ci_platform):
            chosen.append(advice)
        elif in_design == "none" and advice.tool_name not in to_adopt:
            to_adopt.append(advice.tool_name)
    names = list(dict.fromkeys(choice.tool_name for choice in chosen))
    what = join_words(names) if names else "none yet"
    if to_adopt:
        what += f"; recommended to add: {join_words(to_adopt)}"
    by = {
        kind: list(dict.fromkeys(c.tool_name for c in chosen if c.chosen_by == kind))
        for kind in _CHOSEN_BY
    }
    present = [kind for kind in _CHOSEN_BY if by[kind]]
    if not present:
        # No tool at all: "your answer" only when the team answered every concern none.
        answered = all(
            choice.chosen_by == "you"
            or (running.get(choice.key) == "none" and choice not in chosen)
            for choice in design.recommendations
        )
        basis = YOUR_ANSWER if answered else _CHOSEN_BY["recommended"]
    elif len(present) == 1:
        basis = _CHOSEN_BY[present[0]]
    else:
        basis = "; ".join(f"{_CHOSEN_BY[kind]}: {join_words(by[kind])}" for kind in present)
    return SigningRow("Tools", what, basis)


def _governance(design: Design) -> str:
    """The regime, and under it the controls of each regulated domain named: "regulated"
    alone tells a medical device's signer nothing of its change control."""
    plan = design.governance
    if not plan.domain_names:
        # A lock answered without a regulated domain still binds every change.
        lock = "; the model is locked: each new version is a release under change control"
        return plan.label + (lock if plan.locked else "")
    text = f"{plan.label}: {join_words(list(plan.domain_names))} ({', '.join(plan.frameworks)})"
    if plan.locked:
        text += "; the model is locked: each new version is a release under change control"
    terms = [DOMAINS[domain].monitoring_term for domain in plan.domains]
    if terms := [term for term in terms if term]:
        text += f"; monitoring feeds {join_words(terms)}"
    return text


def _earliest(lifecycle: Lifecycle) -> str:
    """How soon the last step can give the production mark: after the labels when a check
    waits for them, else after the steps' bakes one after another."""
    if any(step.label_gated for step in lifecycle.steps):
        return f"after {count(lifecycle.label_delay_days, 'day')} at the earliest"
    minutes = sum(step.wait_minutes for step in lifecycle.steps)
    if not minutes:
        return "once they pass"
    # In the largest unit that says it exactly: four days, not 5760 minutes.
    for unit, size in (("day", 1440), ("hour", 60)):
        if minutes % size == 0:
            return f"after {count(minutes // size, unit)} at the earliest"
    return f"after {count(minutes, 'minute')} at the earliest"


def _release(design: Design) -> str:
    """The strategy as its lifecycle runs it: the pending mark through the checked steps,
    the production mark set last, and how soon."""
    lifecycle = design.lifecycle
    before = [step for step in lifecycle.steps if not step.sets_production]
    if not before:
        return f"{design.deployment.label}: {lifecycle.production_mark} at once"
    return (
        f"{design.deployment.label}: {lifecycle.pending_mark} for {count(len(before), 'step')}, "
        f"{lifecycle.production_mark} {_earliest(lifecycle)}"
    )


def signing_rows(design: Design) -> tuple[SigningRow, ...]:
    """The decisions a lead signs, each with its basis, in the order they matter."""
    plan = design.deployment
    # The strategy's reason is the deployment section's; the page says the release as the
    # lifecycle table below runs it, so the two cannot disagree.
    release = SigningRow("Release", _release(design), DERIVED if plan.derived else YOUR_ANSWER)
    governance = SigningRow(
        "Governance", _governance(design), row_basis(design, ("governance.regime",))
    )
    return (
        release,
        _promotion(design),
        _approval(design),
        _retraining(design),
        _data_window(design),
        _tools(design),
        governance,
    )


def risk_owner(design: Design) -> str:
    """Who owns the residual risks: the approver the answers name; with none named, the lead
    who signs, since nobody else was given them."""
    return design.promotion.approver or "you"


def signing_risks(design: Design) -> tuple[SigningRisk, ...]:
    owner = risk_owner(design)
    return tuple(SigningRisk(risk.id, risk.severity, risk.title, owner) for risk in design.risks)


def monthly_cost(design: Design) -> str:
    """The design's monthly running cost in one sentence, from its cost fact."""
    cost = design.cost
    if cost is None:
        return ""
    added = [tool.tool_name for tool in cost.tools if tool.new_service]
    text = count(cost.new_services, "new service") + (f" ({join_words(added)})" if added else "")
    unpriced = join_words(cost.unpriced)
    verb = "costs" if len(cost.unpriced) == 1 else "cost"
    if cost.monthly_usd:
        text += f"; about ${number(cost.monthly_usd)} a month in published prices"
        if cost.unpriced:
            text += f", plus what {unpriced} {verb} in use, machines or quotes"
    elif cost.unpriced:
        text += f"; no published price: what {unpriced} {verb} depends on use, machines or quotes"
    else:
        text += "; no published price to add up"
    runner = cost.runner
    free = f", {number(runner.included)} of them free" if runner.included is not None else ""
    text += f"; about {count(runner.per_month, 'runner minute')} a month{free}"
    return text + "."
