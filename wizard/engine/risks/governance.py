"""Risk rules about the review regime: a regulated model with no independent validator, and
frameworks whose obligations the wizard does not know."""

from __future__ import annotations

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
        f"(e.g. {_validator(e)}).",
        ("governance.regime", "promotion.approver"),
    )


def _validator(e: Effective) -> str:
    """Who validates independently in the model's domain (Model Risk Management in a bank)."""
    return e.domains[0].validator if e.domains else "an independent validation team"


def unknown_frameworks(e: Effective, level: int) -> Risk | None:
    # The one place a framework the wizard does not know is named: the obligations table
    # lists only frameworks whose obligations it has read.
    unknown = list(e.unknown_frameworks)
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
