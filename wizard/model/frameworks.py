"""The governance frameworks the wizard knows, one row each: the domain it belongs to, each
obligation it states with the page that states it (and the day that page was read), and,
where a framework's dates have moved before, its application dates as data with their source.

``governance.frameworks`` names frameworks in free text; ``known_framework`` maps a name (or
an alias) to its row. A name it does not map is said to be unknown once, by a risk, never
given obligations the wizard has not read. The domains decide the vocabulary of the
Governance section: "model inventory" is banking's (SR 11-7), "post-market surveillance" a
medical device's, and a medical device is locked: it never retrains automatically.

Facts from ../shared/DOMAIN.md ("Deployment strategies and governance", "Labels and release
kinds"), each page re-read on the day recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from types import MappingProxyType
from typing import Literal

from wizard.model.catalog import Source
from wizard.model.records import record

DomainId = Literal["banking", "medical-device", "eu-ai", "privacy"]

CHECKED = date(2026, 12, 7)


@record
class Domain:
    """A regulated domain: what a model under it must do, in its own words."""

    id: DomainId
    name: str
    """Its name in a sentence: ``banking model risk management``."""
    duties: tuple[str, ...]
    """What the Governance section says a regulated model under it must do, each a sentence."""
    validator: str
    """Who validates a model independently, as an example for ``promotion.approver``."""
    locks_model: bool = False
    """A cleared model is locked: any change is a new release under change control, and it
    never retrains automatically."""
    monitoring_term: str = ""
    """What the regulator calls monitoring ('' where monitoring is its name)."""
    roadmap: tuple[str, ...] = ()
    """What the roadmap adds for it, each a task."""


@record
class Obligation:
    says: str
    """What the framework asks of this model, as a verb phrase."""
    source: Source
    """The page that states it."""


@record
class ApplicationDate:
    """When a framework's obligations apply to a kind of system, as a source set it."""

    applies_to: str
    """The systems it applies to: ``stand-alone high-risk systems (Annex III)``."""
    products: bool
    """It is the date for systems inside products under EU harmonisation law (medical
    devices, machinery): Annex I."""
    applies_from: date
    originally: date
    """The date Article 113 first set."""
    source: Source
    """The page that states the date as it stands."""


@record
class Framework:
    id: str
    """How ``governance.frameworks`` names it: ``sr-11-7``."""
    name: str
    """Its name in a sentence: ``SR 11-7 (Federal Reserve and OCC)``."""
    domain: DomainId
    obligations: tuple[Obligation, ...]
    aliases: tuple[str, ...] = ()
    status: str = ""
    """What changed since, said with the obligations ('' when nothing did)."""
    status_source: Source | None = None
    dates: tuple[ApplicationDate, ...] = ()
    """Its application dates, where they have moved before."""


DOMAINS: Mapping[str, Domain] = MappingProxyType(
    {
        domain.id: domain
        for domain in (
            Domain(
                id="banking",
                name="banking model risk management",
                duties=(),
                validator="Model Risk Management",
                roadmap=(
                    "Enter the model in the model inventory (Governance)",
                    "Set up independent revalidation of every retrained model (Governance)",
                ),
            ),
            Domain(
                id="medical-device",
                name="medical device regulation",
                # What PCCP, MDR and IEC 62304 ask is in the obligations table; this is how
                # the design follows them.
                duties=(
                    "The cleared model is locked: a drift or performance alert opens a change "
                    "request, and a new version is released only under change control, by "
                    "IEC 62304 and the predetermined change control plan's protocol, never "
                    "retrained automatically; monitoring feeds post-market surveillance.",
                ),
                validator="Regulatory Affairs and Quality",
                locks_model=True,
                monitoring_term="post-market surveillance",
                roadmap=(
                    "Write the change request and impact analysis procedure for a new model "
                    "version under IEC 62304 (Governance)",
                    "Check each planned modification against the authorised PCCP before it is "
                    "trained (Governance)",
                    "Feed monitoring into the post-market surveillance plan (Governance)",
                ),
            ),
            Domain(
                id="eu-ai",
                name="EU AI Act high-risk obligations",
                # Its duties are the Act's own, in the obligations table: said once.
                duties=(),
                validator="the risk management function",
                # "Map the obligations to pipeline evidence" is its task: said once.
                roadmap=(),
            ),
            Domain(
                id="privacy",
                name="automated decisions under data protection law",
                # Its duties are Article 22's own, in the obligations table: said once.
                duties=(),
                validator="the data protection officer",
                roadmap=(
                    "Store an explanation with every automated decision and set up the route "
                    "to human review (Governance)",
                ),
            ),
        )
    }
)


def _source(url: str, states: str) -> Source:
    return Source(url=url, checked=CHECKED, states=states)


_SR_11_7 = "https://www.federalreserve.gov/supervisionreg/srletters/sr1107.htm"
_SR_26_2 = (
    "https://risktemplate.com/blog/2026-05-02-occ-fed-fdic-revised-model-risk-management-"
    "guidance-2026"
)
_FDA_PCCP = (
    "https://www.fda.gov/regulatory-information/search-fda-guidance-documents/marketing-"
    "submission-recommendations-predetermined-change-control-plan-artificial-intelligence"
)
_EU_MDR = "https://eur-lex.europa.eu/eli/reg/2017/745/oj"
_IEC_62304 = "https://www.iso.org/standard/38421.html"
_AI_ACT = "https://eur-lex.europa.eu/eli/reg/2024/1689/oj"
_OMNIBUS = (
    "https://www.pubaffairsbruxelles.eu/eu-institution-news/artificial-intelligence-council-"
    "gives-final-green-light-to-simplify-and-streamline-rules/"
)
_GDPR = "https://eur-lex.europa.eu/eli/reg/2016/679/oj"

_BANKING_INVENTORY = Obligation(
    "keep the model in the model inventory, with its owner, use and validation status",
    _source(_SR_11_7, "a comprehensive set of information for models in use (the inventory)"),
)
_BANKING_VALIDATION = Obligation(
    "validate it independently (effective challenge) before use and after every material "
    "change, retraining included",
    _source(_SR_11_7, "validation by staff independent of development; effective challenge"),
)

FRAMEWORKS: tuple[Framework, ...] = (
    Framework(
        id="sr-11-7",
        name="SR 11-7 (Federal Reserve and OCC)",
        domain="banking",
        aliases=("sr11-7", "occ-2011-12"),
        obligations=(
            _BANKING_INVENTORY,
            _BANKING_VALIDATION,
            Obligation(
                "review it at least once a year",
                _source(_SR_11_7, "a periodic review, at least annually, of each model"),
            ),
            Obligation(
                "monitor it against documented thresholds, with outcomes analysis",
                _source(_SR_11_7, "ongoing monitoring and outcomes analysis"),
            ),
        ),
        status="superseded on 2026-04-17 by SR 26-2 (OCC Bulletin 2026-13), keeping them, "
        "scaled to materiality",
        status_source=_source(_SR_26_2, "SR 11-7 rescinded and replaced on 2026-04-17"),
    ),
    Framework(
        id="sr-26-2",
        name="SR 26-2, the Revised Guidance on Model Risk Management (Federal Reserve, OCC, FDIC)",
        domain="banking",
        aliases=("occ-2026-13",),
        obligations=(
            Obligation(
                "keep the model in the model inventory, tiered by its materiality",
                _source(_SR_26_2, "inventories tiered by materiality"),
            ),
            Obligation(
                "validate it with a rigour that follows its materiality, independently of its "
                "development, and again after a material change",
                _source(_SR_26_2, "validation commensurate with the model's risk"),
            ),
            Obligation(
                "monitor it on an ongoing basis against documented thresholds",
                _source(_SR_26_2, "ongoing monitoring kept from SR 11-7"),
            ),
        ),
    ),
    Framework(
        id="fda-samd",
        name="FDA software as a medical device, with a predetermined change control plan",
        domain="medical-device",
        aliases=("fda", "fda-pccp", "samd"),
        obligations=(
            Obligation(
                "keep the cleared model locked: a change the authorised PCCP does not cover "
                "needs a new marketing submission (510(k), De Novo or PMA supplement)",
                _source(
                    _FDA_PCCP, "changes consistent with an authorised PCCP need no new submission"
                ),
            ),
            Obligation(
                "describe each planned modification, the protocol that develops, validates "
                "and implements it (data management, retraining, performance evaluation, "
                "update procedure) and its impact assessment in the PCCP",
                _source(_FDA_PCCP, "the three parts of a PCCP (final guidance, December 2024)"),
            ),
            Obligation(
                "keep version control of every released model and its labelling",
                _source(_FDA_PCCP, "version control and maintenance of PCCP-enabled devices"),
            ),
        ),
    ),
    Framework(
        id="eu-mdr",
        name="EU Medical Device Regulation (EU) 2017/745",
        domain="medical-device",
        aliases=("mdr",),
        obligations=(
            Obligation(
                "run a post-market surveillance system that gathers the device's quality, "
                "performance and safety data over its lifetime (Article 83)",
                _source(_EU_MDR, "Article 83, post-market surveillance system"),
            ),
            Obligation(
                "have a significant change to the certified device assessed before it is released",
                _source(_EU_MDR, "Annex IX: changes to the approved device"),
            ),
        ),
    ),
    Framework(
        id="iec-62304",
        name="IEC 62304, medical device software life-cycle processes",
        domain="medical-device",
        aliases=("iec62304",),
        obligations=(
            Obligation(
                "analyse, approve, verify and trace every change to the software, the model "
                "included, under change control",
                _source(
                    _IEC_62304, "software maintenance and configuration management (change control)"
                ),
            ),
            Obligation(
                "keep the software's configuration (the model version, its data and code) "
                "identified for every release",
                _source(_IEC_62304, "configuration identification"),
            ),
        ),
    ),
    Framework(
        id="eu-ai-act-high-risk",
        name="EU AI Act, high-risk systems (Regulation (EU) 2024/1689)",
        domain="eu-ai",
        aliases=("eu-ai-act",),
        obligations=(
            Obligation(
                "run a risk management system over its life (Article 9)",
                _source(_AI_ACT, "Article 9, risk management system"),
            ),
            Obligation(
                "log its operation automatically (Article 12)",
                _source(_AI_ACT, "Article 12, record-keeping"),
            ),
            Obligation(
                "let people oversee it: understand, override or stop it (Article 14)",
                _source(_AI_ACT, "Article 14, human oversight"),
            ),
            Obligation(
                "declare its accuracy and robustness (Article 15)",
                _source(_AI_ACT, "Article 15, accuracy, robustness and cybersecurity"),
            ),
        ),
        dates=(
            ApplicationDate(
                applies_to="stand-alone high-risk systems (Annex III)",
                products=False,
                applies_from=date(2027, 12, 2),
                originally=date(2026, 8, 2),
                source=_source(
                    _OMNIBUS,
                    "Digital Omnibus on AI, Council's final approval on "
                    "2026-06-29: Annex III from 2027-12-02",
                ),
            ),
            ApplicationDate(
                applies_to="high-risk systems in regulated products such as medical devices "
                "(Annex I)",
                products=True,
                applies_from=date(2028, 8, 2),
                originally=date(2027, 8, 2),
                source=_source(
                    _OMNIBUS,
                    "Digital Omnibus on AI, Council's final approval on "
                    "2026-06-29: Annex I from 2028-08-02",
                ),
            ),
        ),
    ),
    Framework(
        id="gdpr-art-22",
        name="GDPR Article 22, automated individual decisions",
        domain="privacy",
        aliases=("gdpr", "gdpr-22"),
        obligations=(
            Obligation(
                "take no decision with legal or similarly significant effect on a person by "
                "automated processing alone, unless a contract, a law or explicit consent "
                "allows it (Article 22(1)-(2))",
                _source(_GDPR, "Article 22(1) and (2)"),
            ),
            Obligation(
                "let the person obtain human intervention, state their view and contest the "
                "decision (Article 22(3))",
                _source(_GDPR, "Article 22(3)"),
            ),
            Obligation(
                "give meaningful information about the logic involved in the decision "
                "(Articles 13(2)(f) and 15(1)(h))",
                _source(_GDPR, "Articles 13(2)(f) and 15(1)(h)"),
            ),
        ),
    ),
)

_BY_NAME: Mapping[str, Framework] = MappingProxyType(
    {name: framework for framework in FRAMEWORKS for name in (framework.id, *framework.aliases)}
)


def known_framework(name: str) -> Framework | None:
    """The framework ``governance.frameworks`` names by ``name`` (its id or an alias, any
    case), or None when the wizard does not know it."""
    return _BY_NAME.get(name.strip().lower())


def domains_of(names: Iterable[str]) -> tuple[str, ...]:
    """The domains of the known frameworks among ``names``, each once, in table order."""
    named = {framework.domain for name in names if (framework := known_framework(name))}
    return tuple(domain for domain in DOMAINS if domain in named)


def application_date(framework: Framework, products: bool) -> ApplicationDate | None:
    """The date ``framework`` applies from to a system inside a product (``products``) or a
    stand-alone one; None when it records no dates."""
    return next((item for item in framework.dates if item.products == products), None)
