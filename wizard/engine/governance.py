"""Governance: what the review regime asks of promotion, and what each named framework adds.

``regulated`` (model risk management, e.g. SR 11-7): a retrain proposes a candidate and never
promotes it; each retrained model is revalidated by someone independent of its developer; the
model has an entry in the inventory. ``internal-review`` keeps the independent sign-off
without the regulatory duties. Facts from ../shared/DOMAIN.md, "Deployment strategies and
governance".
"""

from __future__ import annotations

from wizard.engine.resolve import Effective
from wizard.model.design import GovernancePlan
from wizard.model.platforms import identity
from wizard.model.vocabulary import REGIME_LABELS

#: Framework id -> its obligations for this design (checked in DOMAIN.md).
FRAMEWORK_OBLIGATIONS: dict[str, tuple[str, ...]] = {
    "sr-11-7": (
        "keep the model in the model inventory, with its owner, use and validation status",
        "validate independently before use and after every material change: a retrained "
        "model is a changed model (effective challenge by people not involved in development)",
        "monitor it on an ongoing basis against documented thresholds",
        "document it so a third party could follow how it was built and validated",
    ),
    "eu-ai-act-high-risk": (
        "run a risk management system over the model's life",
        "govern the training, validation and test data",
        "keep technical documentation of the system",
        "log the system's operation automatically",
        "design for human oversight of its decisions",
        "measure and declare its accuracy and robustness",
    ),
}

ENFORCEMENT_LIMIT = (
    "The platform knows who started the run, not who trained the model: keep the model's "
    "developers out of the approver group."
)


def approver_enforcement(ci_platform: str) -> str:
    return f"{identity(ci_platform).approval_enforcement} {ENFORCEMENT_LIMIT}"


def governance_plan(e: Effective) -> GovernancePlan:
    duties: list[str] = []
    if e.governed:
        who = e.approver or "a reviewer"
        duties.append(
            f"Separation of duties: {who} signs off every promotion and must not be the person "
            "who trained the model."
        )
    if e.regime == "regulated" and not e.locked:
        duties += [
            "A retrain proposes a candidate; it is never promoted by the pipeline alone.",
            "Each retrained model is revalidated by someone independent of its developer before "
            "promotion, and the validation report is kept with the registered version.",
        ]
    elif e.regime == "regulated":
        # A locked model has no retrains: every change is a release, validated as one.
        duties.append(
            "Each new release is validated by someone independent of its developer before "
            "promotion, and the validation report is kept with the registered version."
        )
    if e.regime == "regulated":
        duties += [
            "The model has an entry in the model inventory (owner, purpose, version in "
            "production, last validation), updated on every promotion.",
        ]
    if e.locked:
        duties.append(
            "Locked: any change (new weights, new code, a new threshold) is a new release "
            "under change control; the pipeline proposes a candidate and never retrains or "
            "promotes on its own, and drift only alerts."
        )
    obligations: list[tuple[str, str]] = []
    for framework in e.frameworks:
        known = FRAMEWORK_OBLIGATIONS.get(framework.lower())
        if known is None:
            obligations.append(
                (
                    framework,
                    "not among the wizard's checked facts: list its obligations with your "
                    "compliance team and add them to the risk register",
                )
            )
        else:
            obligations.extend((framework, item) for item in known)
    return GovernancePlan(
        regime=e.regime,
        label=REGIME_LABELS[e.regime],
        frameworks=e.frameworks,
        signoff=e.governed,
        proposes_only=e.regime == "regulated" or e.locked,
        duties=tuple(duties),
        approver_enforcement=approver_enforcement(e.ci_platform) if e.governed else "",
        obligations=tuple(obligations),
        locked=e.locked,
    )
