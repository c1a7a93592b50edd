"""Risk rules about the review regime: a regulated model with no independent validator, and
frameworks whose obligations the wizard does not know."""

from __future__ import annotations

from wizard.engine.governance import FRAMEWORK_OBLIGATIONS
from wizard.engine.resolve import Effective
from wizard.model.design import Risk
from wizard.model.formatting import join_words


def regulated_without_validator(e: Effective, level: int) -> Risk | None:
    if e.regime != "regulated" or e.approver is not None:
        return None
    return Risk(
        "R33-regulated-without-validator",
        "high",
        "No independent validator named",
        "The model is regulated, so every promotion needs a sign-off by someone independent of "
        "its developer, but promotion.approver names nobody. Name the validation function "
        "(e.g. Model Risk Management).",
        ("governance.regime", "promotion.approver"),
    )


def unknown_frameworks(e: Effective, level: int) -> Risk | None:
    unknown = [name for name in e.frameworks if name.lower() not in FRAMEWORK_OBLIGATIONS]
    if not unknown:
        return None
    return Risk(
        "R36-framework-obligations-unlisted",
        "medium",
        "Framework obligations not listed",
        f"{join_words(unknown)}: not among the wizard's checked facts, so this design lists "
        "none of its obligations. Record them with your compliance team before relying on the "
        "design.",
        ("governance.frameworks",),
    )
