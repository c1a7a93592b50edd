"""Governance: what the review regime asks of promotion, and what each named framework adds.

``regulated``: a retrain proposes a candidate and never promotes it; each retrained model is
revalidated by someone independent of its developer. ``internal-review`` keeps the
independent sign-off without the regulatory duties. What else a regulated model must do
depends on its domain, as the frameworks named say (``wizard.model.frameworks``): a bank's
model has an inventory entry and an annual review (SR 11-7), a medical device is locked and
changes under change control (FDA PCCP, EU MDR, IEC 62304), an EU high-risk system logs and
is overseen (AI Act), an automated decision is explained and reviewable (GDPR Art. 22).
"""

from __future__ import annotations

from wizard.engine.resolve import Effective
from wizard.model.design import FrameworkNote, GovernancePlan, ObligationRow
from wizard.model.frameworks import Framework, application_date, known_framework
from wizard.model.platforms import identity
from wizard.model.vocabulary import REGIME_LABELS
from wizard.model.wording import capitalize_first

ENFORCEMENT_LIMIT = (
    "The platform knows who started the run, not who trained the model: keep the model's "
    "developers out of the approver group."
)

#: A regulated model's revalidation, where no domain says it in its own words.
_REVALIDATION = (
    "Each retrained model is revalidated by someone independent of its developer before "
    "promotion, and the validation report is kept with the registered version."
)


def approver_enforcement(ci_platform: str) -> str:
    return f"{identity(ci_platform).approval_enforcement} {ENFORCEMENT_LIMIT}"


def _duties(e: Effective) -> list[str]:
    duties: list[str] = []
    if e.governed or e.locked:
        who = e.approver or "a reviewer"
        duties.append(
            f"Separation of duties: {who} signs off every promotion and must not be the person "
            "who trained the model."
        )
    if e.regime == "regulated" and not e.locked:
        duties.append("A retrain proposes a candidate; it is never promoted by the pipeline alone.")
        # A domain that names its own revalidation (banking's effective challenge) says it.
        if not any("revalidated" in duty for domain in e.domains for duty in domain.duties):
            duties.append(_REVALIDATION)
    elif e.regime == "regulated":
        # A locked model has no retrains: every change is a release, validated as one.
        duties.append(
            "Each new release is validated by someone independent of its developer before "
            "promotion, and the validation report is kept with the registered version."
        )
    for domain in e.domains:
        duties.extend(domain.duties)
    # A domain that locks the model (a medical device) says what locked means in its own words.
    if e.locked and not any(domain.locks_model for domain in e.domains):
        duties.append(
            "Locked: any change (new weights, new code, a new threshold) is a new release "
            "under change control; the pipeline proposes a candidate and never retrains or "
            "promotes on its own, and drift only alerts."
        )
    return duties


def _notes(e: Effective, framework: Framework, name: str) -> list[FrameworkNote]:
    notes = []
    if framework.status and framework.status_source is not None:
        notes.append(
            FrameworkNote(
                name, f"{capitalize_first(framework.status)}.", framework.status_source.url
            )
        )
    # A system inside a product under EU harmonisation law (a medical device) has its own date.
    products = any(domain.id == "medical-device" for domain in e.domains)
    dated = application_date(framework, products)
    if dated is not None:
        notes.append(
            FrameworkNote(
                name,
                f"Applies to {dated.applies_to} from {dated.applies_from.isoformat()} (moved "
                f"from {dated.originally.isoformat()}: check the Official Journal).",
                dated.source.url,
            )
        )
    return notes


def governance_plan(e: Effective) -> GovernancePlan:
    obligations: list[ObligationRow] = []
    notes: list[FrameworkNote] = []
    for name in e.frameworks:
        framework = known_framework(name)
        if framework is None:
            continue  # R36 names it, once.
        obligations.extend(
            ObligationRow(name, framework.name, item.says, item.source.url)
            for item in framework.obligations
        )
        notes.extend(_notes(e, framework, name))
    signoff = e.governed or e.locked
    return GovernancePlan(
        regime=e.regime,
        label=REGIME_LABELS[e.regime],
        frameworks=e.frameworks,
        signoff=signoff,
        proposes_only=e.regime == "regulated" or e.locked,
        duties=tuple(_duties(e)),
        approver_enforcement=approver_enforcement(e.ci_platform) if signoff else "",
        obligations=tuple(obligations),
        domains=tuple(domain.id for domain in e.domains),
        domain_names=tuple(domain.name for domain in e.domains),
        locked=e.locked,
        notes=tuple(notes),
    )
