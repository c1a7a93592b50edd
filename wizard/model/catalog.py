"""The tool catalog: every fact about every tool the wizard can choose, one entry per tool.

The facts live in ``catalog.toml`` beside this module (its header lists every field), each
entry with the vendor pages it rests on and the day each was checked. Scan, engine and
render ask an entry for a fact (``entry.computes_psi``, ``entry.registry.vocabulary``,
``entry.runs_a_server``, ``entry.picks`` ...) and never compare a tool's id: adding a tool
is adding its entry. The answers model's allowed values are the entries' ids, ``none``
included (``catalog_file.tool_ids``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import field
from datetime import date
from types import MappingProxyType
from typing import Any, Literal

from wizard.model.catalog_file import CATALOG_FILE, TABLES
from wizard.model.evidence import Category
from wizard.model.records import record

ALL_CLOUDS: tuple[str, ...] = ("aws", "gcp", "azure", "on-prem", "other")


class CatalogError(ValueError):
    """An entry of ``catalog.toml`` that breaks a rule of the catalog (names it)."""


@record
class Concern:
    """One concern of the pipeline, each with one chosen tool."""

    key: str
    """Short key, e.g. ``experiment_tracking``."""
    label: str
    """Human label, e.g. ``Experiment tracking``."""
    answer_key: str
    """Dotted answers key of the chosen tool."""
    evidence_category: Category
    """The Evidence category whose findings name this concern's tools."""


# The vocabulary takes the concerns' labels from here: it reads the answers model, which
# reads the catalog's ids, so nothing here may import either.
CONCERNS: tuple[Concern, ...] = tuple(
    Concern(key, TABLES[key]["label"], answer_key, category)
    for key, answer_key, category in (
        ("experiment_tracking", "components.experiment_tracking.tool", "experiment_tracking"),
        ("model_registry", "components.model_registry.tool", "model_registry"),
        ("data_versioning", "components.data_versioning", "data_versioning"),
        ("feature_store", "components.feature_store", "feature_store"),
        ("orchestrator", "components.orchestrator", "orchestration"),
        ("data_validation", "components.data_validation", "data_validation"),
        ("monitoring", "components.monitoring", "monitoring"),
    )
)


@record
class Source:
    """A page a fact rests on, and the day it was last read."""

    url: str
    checked: date
    """The day the page was last read and found to state the fact."""
    states: str
    """The fact it is cited for, as the entry words it."""


@record
class Pick:
    """When the recommendation picks the tool for a team that has none, and why: the pick
    with the lowest rank whose conditions all hold."""

    rank: int
    because: str
    """The reason, completing "recommended: X, because ..."; ``{where}`` names the cloud."""
    clouds: tuple[str, ...] = ()
    own_cloud: bool = False
    min_level: int = 0
    max_level: int = 3
    is_the_ci: bool = False
    linked: bool = False
    tracker_runs_a_server: bool | None = None
    small_team: bool | None = None
    """True: only for a small team (``Effective.small_team``); False: only for the others."""

    @property
    def unconditional(self) -> bool:
        """It holds for every team: the concern's last resort."""
        return self == Pick(self.rank, self.because)


@record
class Merit:
    """What speaks for the tool for this team, beyond fitting its cloud."""

    says: str
    lacking: str = ""
    """What an option without it lacks, as a runner-up's reason ('' where nothing new)."""
    clouds: tuple[str, ...] = ()
    reviewed: bool | None = None
    """True: only for a team at level 2 or up, or under review; False: only for the others."""


@record
class Drift:
    """A monitoring tool's drift statistic, and whether it computes the trigger's PSI."""

    method: str
    psi_source: str
    """Where the PSI of the drift trigger is computed."""
    computes_psi: bool = False
    psi_missing: str = ""
    """Why the trigger's PSI cannot be its own ('' when it computes it)."""
    estimates: Mapping[str, str] = field(default_factory=dict)
    """Task (classification, regression) -> how it estimates performance before labels."""


#: How a tool is paid for: ``free`` (a library that runs inside the pipeline's jobs, no
#: licence fee), ``infrastructure`` (self-hosted: no licence fee, the machine it runs on is
#: the cost), ``usage`` (a cloud service billed by use on the cloud's price list),
#: ``published`` (a subscription whose monthly price the vendor publishes: ``monthly_usd``),
#: ``unpublished`` (no public price: the vendor quotes it), ``unchecked`` (a subscription whose
#: price page the catalog has not read), ``ci`` (the CI platform's own runner minutes).
Pricing = Literal["free", "infrastructure", "usage", "published", "unpublished", "unchecked", "ci"]
#: What a tool asks the team to run: ``library`` (nothing: code in the jobs), ``server`` (a
#: service the team hosts), ``managed`` (a service a cloud or vendor runs), ``ci`` (the CI
#: platform itself).
Runs = Literal["library", "server", "managed", "ci"]


@record
class Cost:
    """What a tool costs to run, as facts: the document words them."""

    runs: Runs
    pricing: Pricing
    monthly_usd: int | None = None
    """The vendor's published monthly price, as an order of magnitude (``published`` only)."""
    included_minutes: int | None = None
    """A CI platform's runner minutes included each month on its free plan (``ci`` only)."""
    minute_usd: float | None = None
    """A CI platform's price of one runner minute beyond them, where it publishes one."""

    @property
    def new_service(self) -> bool:
        """Adopting it adds a service to run or to pay for (a library or the CI does not)."""
        return self.runs in ("server", "managed")


#: A product's state when it is no longer a safe recommendation.
ProductState = Literal["discontinued", "acquired"]


@record
class Status:
    """What changed for a product that is discontinued or acquired: it is never
    recommended, and a team that uses it is told what changed and what to move to."""

    state: ProductState
    what_changed: str
    """Completes "Neptune: ..." with what happened, as the vendor or its users report it."""
    move_to: tuple[str, ...]
    """The ids (same concern) a team using it should move to, first the nearest."""
    still_valid_for: str = ""
    """What it still does well for a team that keeps it ('' when nothing)."""


@record
class RegistryFacts:
    """A registry's own vocabulary for the answers' stages, and how it promotes and serves."""

    vocabulary: str
    versions: str
    """How versions are numbered."""
    promote: str
    """How a version is promoted to production."""
    stages: Mapping[str, str]
    """Answers' stage -> what the registry records for it."""
    promoted_by: tuple[str, ...] = ()
    """The calls whose scan findings show promotion; empty: any finding of the registry."""
    rollout_strategies: tuple[str, ...] = ()
    rollout_note: str = ""
    """The advice for those deployment strategies, which its platform serves natively."""
    pending: str = ""
    """How a candidate is marked while it is released, with ``{role}`` where the release's
    role goes (``canary``, ``shadow`` ...): e.g. ``alias `{role}```. A release finds its
    pending candidates by this mark."""

    def pending_mark(self, role: str) -> str:
        """The mark of a candidate in ``role``, in the registry's own terms."""
        return self.pending.format(role=role)


@record
class Credential:
    """A variable a tool's client reads to reach it from a job (its URI, its key)."""

    name: str
    holds: str
    """What it holds, completing "`NAME`: ..."."""
    secret: bool
    """It is a credential: kept in the platform's secret store, never printed."""


@record
class ToolInfo:
    """One tool: every fact the wizard knows about it, with the pages they rest on."""

    id: str
    """Catalog id, the value used in the answers file."""
    concern: str
    name: str
    licence: str
    hosting: str
    """Self-hosted, SaaS or managed cloud (or several)."""
    covers: str
    integrates: tuple[str, ...]
    description: str
    """One line, shown beside the choice on the Components step."""
    sources: tuple[Source, ...] = ()
    cost: Cost | None = None
    """What it costs to run (every real entry has one; ``none`` has none)."""
    cloud_fit: tuple[str, ...] = ALL_CLOUDS
    """The clouds where it runs natively or is offered managed."""
    managed_on: tuple[str, ...] = ()
    """The clouds that offer it as a managed service (MLflow on SageMaker and Azure ML):
    there, nothing of it is the team's to run."""
    status: Status | None = None
    """Set for a discontinued or acquired product: it is never recommended."""
    needs: str = ""
    """What the team must run for it beyond the library or the account ('' for nothing)."""
    cloud_vendor: str = ""
    """The cloud whose own service it is (SageMaker: ``aws``)."""
    ci_platform: str = ""
    """The CI platform it is (the GitHub Actions orchestrator); see ``ci_tool``."""
    runs_a_server: bool = False
    """A tracker the team hosts as a server."""
    cluster_service: bool = False
    """A service the team operates on a cluster: heavy for a level-0 or level-1 team."""
    tabular_only: bool = False
    """It checks table columns only: no fit for images or text."""
    also_covers: tuple[str, ...] = ()
    """The other concerns it covers too, as ``covers`` says."""
    roadmap_task: str = ""
    """Its roadmap task ({name}: its name; {psi}: the drift alert); '' for the usual one."""
    pipeline_file: str = ""
    train_command: str = ""
    """A data versioning tool that runs the training pipeline: its file and command."""
    pull_command: str = ""
    """How a fresh checkout fetches the pipeline's inputs and earlier outputs first."""
    push_command: str = ""
    """How the outputs a job produced reach the remote, for the jobs after it."""
    lock_file: str = ""
    """The file that records the pipeline's outputs, handed from the training job on."""
    project_file: str = ""
    project_command: str = ""
    """A tracker that runs a project's entry points: the file naming them (``MLproject``)
    and the command that runs one, ``{entry}``, in the job's own environment."""
    picks: tuple[Pick, ...] = ()
    merits: tuple[Merit, ...] = ()
    drift: Drift | None = None
    """A monitoring tool's drift facts."""
    registry: RegistryFacts | None = None
    """A registry's vocabulary and promotion."""
    credentials: tuple[Credential, ...] = ()
    """The variables a job needs to reach it (a tracker's URI, an API key); none where the
    cloud login is all it takes."""
    scan: Mapping[str, Any] = field(default_factory=dict)
    """How the scan recognises it: the entry's ``scan`` table, which ``wizard.scan.tools``
    reads (imports, packages, files, manifests, call patterns)."""

    @property
    def source(self) -> str:
        """The page the entry is cited to ('' only for ``none``)."""
        return self.sources[0].url if self.sources else ""

    @property
    def recommendable(self) -> bool:
        """It may be recommended: not discontinued, not acquired."""
        return self.status is None

    def runs_itself_on(self, cloud: str) -> bool:
        """Nothing of it is the team's to operate on ``cloud``: managed there, or a library."""
        return cloud in self.managed_on or (self.cost is not None and not self.cost.new_service)

    @property
    def computes_psi(self) -> bool:
        return self.drift is not None and self.drift.computes_psi

    @property
    def estimates_performance(self) -> bool:
        """It estimates the model's performance before the labels arrive."""
        return self.drift is not None and bool(self.drift.estimates)


def _tuples(data: dict[str, Any], *names: str) -> dict[str, Any]:
    return {**data, **{name: tuple(data[name]) for name in names if name in data}}


def _entry(concern: Concern, data: dict[str, Any]) -> ToolInfo:
    data = _tuples(data, "integrates", "cloud_fit", "also_covers", "managed_on")
    data["sources"] = tuple(Source(**source) for source in data.get("sources", ()))
    data["picks"] = tuple(Pick(**_tuples(pick, "clouds")) for pick in data.get("picks", ()))
    data["merits"] = tuple(Merit(**_tuples(item, "clouds")) for item in data.get("merits", ()))
    if "drift" in data:
        drift = data["drift"]
        data["drift"] = Drift(
            **{**drift, "estimates": MappingProxyType(drift.get("estimates", {}))}
        )
    if "registry" in data:
        registry = _tuples(data["registry"], "promoted_by", "rollout_strategies")
        data["registry"] = RegistryFacts(
            **{**registry, "stages": MappingProxyType(registry["stages"])}
        )
    if "scan" in data:
        data["scan"] = MappingProxyType(data["scan"])
    data["credentials"] = tuple(Credential(**item) for item in data.get("credentials", ()))
    if "cost" in data:
        data["cost"] = Cost(**data["cost"])
    if "status" in data:
        data["status"] = Status(**_tuples(data["status"], "move_to"))
    return ToolInfo(concern=concern.key, **data)


def _none(concern: Concern, table: dict[str, Any]) -> ToolInfo:
    drift = table.get("none_drift")
    return ToolInfo(
        id="none",
        concern=concern.key,
        name="None",
        licence="-",
        hosting="-",
        covers="nothing",
        integrates=(),
        description=f"No {concern.label.lower()} tool: {table['none']}",
        drift=Drift(**drift) if drift else None,
    )


def _checked(entry: ToolInfo) -> None:
    """The rules an entry must keep so that no consumer falls back to another tool's words."""
    problems = []
    if not entry.sources:
        problems.append("cites no source")
    if entry.concern == "monitoring" and (
        entry.drift is None or entry.drift.computes_psi == bool(entry.drift.psi_missing)
    ):
        problems.append("needs a drift table with computes_psi = true or psi_missing")
    if entry.concern == "model_registry" and entry.registry is None:
        problems.append("needs a registry table")
    if entry.registry is not None and "{role}" not in entry.registry.pending:
        problems.append("needs registry.pending, the mark of a candidate with {role} in it")
    if entry.concern == "data_versioning" and not entry.roadmap_task:
        problems.append("needs a roadmap_task")
    if entry.cost is None:
        problems.append("needs a cost table (runs, pricing)")
    elif (entry.cost.pricing == "published") != (entry.cost.monthly_usd is not None):
        problems.append("states monthly_usd exactly when its pricing is published")
    if entry.status is not None and not entry.status.move_to:
        problems.append("is discontinued or acquired and names nothing to move to")
    if entry.status is not None and entry.picks:
        problems.append("is discontinued or acquired, so it may have no picks")
    if problems:
        raise CatalogError(f"{CATALOG_FILE.name}: {entry.concern} tool {entry.id!r} {problems[0]}")


def load_catalog(tables: Mapping[str, Any]) -> Mapping[str, Mapping[str, ToolInfo]]:
    """Concern key -> tool id -> entry, from the parsed ``catalog.toml`` (``tables``).

    Raises CatalogError naming the entry that breaks a rule of the catalog."""
    catalog: dict[str, Mapping[str, ToolInfo]] = {}
    for concern in CONCERNS:
        table = tables[concern.key]
        entries = {}
        for data in table["tools"]:
            try:
                entry = _entry(concern, dict(data))
            except (TypeError, KeyError) as error:
                raise CatalogError(
                    f"{CATALOG_FILE.name}: {concern.key} tool {data.get('id')!r}: {error}"
                ) from None
            _checked(entry)
            entries[entry.id] = entry
        if not any(pick.unconditional for entry in entries.values() for pick in entry.picks):
            raise CatalogError(f"{CATALOG_FILE.name}: {concern.key} has no pick without conditions")
        for entry in entries.values():
            moves = entry.status.move_to if entry.status else ()
            if unknown := [tool for tool in moves if tool not in entries]:
                raise CatalogError(
                    f"{CATALOG_FILE.name}: {concern.key} tool {entry.id!r} moves to unknown "
                    f"{unknown[0]!r}"
                )
        catalog[concern.key] = MappingProxyType({**entries, "none": _none(concern, table)})
    return MappingProxyType(catalog)


CATALOG: Mapping[str, Mapping[str, ToolInfo]] = load_catalog(TABLES)
"""Concern key -> tool id -> entry, in the order the Components step lists them."""


def catalog_entry(concern: str, tool: str) -> ToolInfo:
    """The facts about ``tool`` for ``concern`` (short key, e.g. ``monitoring``).

    Raises KeyError naming the concern or tool when the catalog does not know it.
    """
    try:
        tools = CATALOG[concern]
    except KeyError:
        raise KeyError(f"unknown concern {concern!r}") from None
    try:
        return tools[tool]
    except KeyError:
        raise KeyError(f"unknown {concern} tool {tool!r}") from None


def concern(key: str) -> Concern:
    """The concern with short key ``key``."""
    for item in CONCERNS:
        if item.key == key:
            return item
    raise KeyError(f"unknown concern {key!r}")


def options(concern: str) -> tuple[ToolInfo, ...]:
    """Every real tool the catalog offers for ``concern`` (``none`` left out)."""
    return tuple(info for tool, info in CATALOG[concern].items() if tool != "none")


_CI_TOOLS: Mapping[str, ToolInfo] = MappingProxyType(
    {info.ci_platform: info for info in options("orchestrator") if info.ci_platform}
)


def ci_tool(platform: str) -> ToolInfo | None:
    """The orchestrator that is the CI platform ``platform`` itself (GitHub Actions), if any:
    a team whose CI runs there has it already."""
    return _CI_TOOLS.get(platform)


def all_entries() -> Iterator[ToolInfo]:
    """Every real tool of every concern, in catalog order."""
    for item in CONCERNS:
        yield from options(item.key)
