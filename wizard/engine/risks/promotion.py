"""Risk rules about the promotion gate: who approves, which checks it requires, and what a
first model must clear."""

from __future__ import annotations

from wizard.engine.resolve import Effective
from wizard.model.design import Risk

_STAGES = "cicd.stages"
_APPROVER = "promotion.approver"
_APPROVAL = "cicd.manual_approval"


def unguarded_promotion(e: Effective, level: int) -> Risk | None:
    if "promote_production" not in e.stages or e.approval_requested:
        return None
    return Risk(
        "R08-unguarded-auto-promotion",
        "high",
        "Automatic promotion with no approver",
        "Promotion to production needs neither a manual approval nor an approver: a model "
        "that passes the metric gates ships with no person accountable. Name an approver or "
        "require manual approval, at least until the gates have a track record.",
        (_APPROVER, _APPROVAL),
    )


def approval_without_approver(e: Effective, level: int) -> Risk | None:
    if not e.manual_approval or e.approver is not None:
        return None
    return Risk(
        "R09-approval-without-approver",
        "medium",
        "Manual approval, but who approves?",
        "Promotion waits for a manual approval, but no approver is named: releases stall or "
        "anyone with access approves. Name the approving role (e.g. the ML lead).",
        (_APPROVER, _APPROVAL),
    )


def bias_checks_off(e: Effective, level: int) -> Risk | None:
    if e.require_bias_checks:
        return None
    return Risk(
        "R15-bias-checks-off",
        "medium",
        "Promotion does not require bias checks",
        "A model can reach production without its fairness on important slices being "
        "checked; a regression on a minority slice hides inside a better average. Require "
        "bias checks, or record why the model's decisions need none.",
        ("promotion.require_bias_checks",),
    )


def no_leakage_check(e: Effective, level: int) -> Risk | None:
    if e.require_leakage_check:
        return None
    return Risk(
        "R16-no-leakage-check",
        "medium",
        "Promotion does not require a leakage check",
        "Without a check that no target or future data leaked into the features, a model "
        "that looks better offline can be worse in production. Require the leakage check.",
        ("promotion.require_leakage_check",),
    )


def promote_without_evaluate(e: Effective, level: int) -> Risk | None:
    if "promote_production" not in e.stages or "evaluate_model" in e.stages:
        return None
    return Risk(
        "R19-promote-without-evaluate",
        "high",
        "Promotion with no evaluation stage",
        "The pipeline promotes to production but never runs evaluate_model, so the promotion "
        "criteria are never checked. Add evaluate_model before promotion.",
        (_STAGES,),
    )


def first_model_without_floor(e: Effective, level: int) -> Risk | None:
    if not e.first_model or e.min_metric_value is not None or "evaluate_model" not in e.stages:
        return None
    return Risk(
        "R31-first-model-without-floor",
        "high",
        "A first model has no bar to clear",
        f"Nothing is in production, so there is no baseline to beat, and no "
        f"promotion.min_metric_value sets the {e.primary_metric} a first model must reach: the "
        "gate refuses every candidate. Set the floor the business needs.",
        ("workload.first_model", "promotion.min_metric_value"),
    )


def gain_unit_unknown(e: Effective, level: int) -> Risk | None:
    if e.gain_unit is not None or e.first_model or "evaluate_model" not in e.stages:
        return None
    return Risk(
        "R50-gain-unit-unknown",
        "high",
        "The gate cannot tell how a gain is counted",
        f"{e.primary_metric} is not a metric the wizard knows, and promotion.gain_unit is auto, "
        "so nothing says whether a gain in it is in points (×100 of a 0-1 proportion), in "
        "percent of production (an error or a loss) or in its own units: the gate refuses "
        "every candidate until the answers say which. Set promotion.gain_unit.",
        ("promotion.gain_unit", "workload.primary_metric"),
    )
