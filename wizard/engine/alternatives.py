"""The options behind each tool decision, weighed against this team's answers: how each
catalog tool fits the cloud, the maturity level and the workload, which one is the
runner-up, and why it was not the pick *for this team*. Tool Recommendations names the
runner-up with one reason; the decision records list every option with all of them.
"""

from __future__ import annotations

from dataclasses import replace

from wizard.engine.resolve import Effective
from wizard.engine.workload import needs_online_features
from wizard.model.catalog import CATALOG, ToolInfo, ci_tool, options
from wizard.model.formatting import join_words
from wizard.model.records import record
from wizard.model.vocabulary import CI_PLATFORM_NAMES, CLOUD_NAMES
from wizard.model.wording import count


def _is_the_ci(info: ToolInfo, e: Effective) -> bool:
    """``info`` is the team's CI platform itself (GitHub Actions as the orchestrator)."""
    the_ci = ci_tool(e.ci_platform)
    return the_ci is not None and the_ci.id == info.id


def _an_estimate_to_take(e: Effective) -> bool:
    """Some monitoring option estimates performance before labels arrive and may be taken
    (recommendable, or the team's own): only then is lacking one a reason against a tool."""
    return any(
        info.estimates_performance and (info.recommendable or info.id == e.tools["monitoring"])
        for info in options("monitoring")
    )


def status_objection(info: ToolInfo) -> str:
    """What a discontinued or acquired product has against it ('' for any other)."""
    # What changed names the state itself ("acquired by ...", "discontinuing operations").
    return info.status.what_changed if info.status else ""


def objections(concern: str, info: ToolInfo, e: Effective, level: int) -> tuple[str, ...]:
    """What speaks against ``info`` for this team, whatever it is compared with (empty: it
    fits)."""
    against = []
    if status := status_objection(info):
        against.append(status)
    if info.ci_platform and not _is_the_ci(info, e):
        against.append(f"not your CI platform ({CI_PLATFORM_NAMES[e.ci_platform]})")
    if e.cloud not in info.cloud_fit:
        native = ", ".join(CLOUD_NAMES[fit] for fit in info.cloud_fit)
        against.append(f"native to {native}, not {CLOUD_NAMES[e.cloud]}")
    if info.tabular_only and not e.kind.columns:
        against.append(f"checks table columns, and this model reads {e.kind.inputs}")
    # Managed on the team's cloud (Kubeflow as Vertex AI Pipelines), nothing is theirs to run.
    if info.cluster_service and level <= 1 and e.cloud not in info.managed_on:
        against.append(f"a service to run, heavy for a level-{level} team")
    # A cloud's own managed service adds no vendor for a team on that cloud.
    own_cloud = info.cloud_fit == (e.cloud,)
    if info.licence.startswith("proprietary") and not _is_the_ci(info, e) and not own_cloud:
        against.append("a proprietary hosted service")
    if (
        concern == "monitoring"
        and e.late_labels
        and _an_estimate_to_take(e)
        and (not info.estimates_performance)
    ):
        against.append(
            f"no performance estimate while labels are {count(e.label_delay_days, 'day')} late"
        )
    if concern == "feature_store" and not needs_online_features(e):
        against.append("no features computed at request time for it to serve")
    return tuple(against)


def merits(concern: str, info: ToolInfo, e: Effective, level: int) -> tuple[str, ...]:
    """What speaks for ``info`` for this team, beyond fitting its cloud."""
    return tuple(merit for merit, _ in _merits(concern, info, e, level))


def _merits(concern: str, info: ToolInfo, e: Effective, level: int) -> list[tuple[str, str]]:
    """(merit, what an option without it lacks) pairs: the second phrase is the contrast a
    runner-up's reasons use ('' where an objection already says it, or nothing new)."""
    where = CLOUD_NAMES[e.cloud]
    found = []
    # The cloud's own service, or one the cloud offers managed (MLflow on SageMaker and in an
    # Azure ML workspace): an option that is neither is the one "not managed" there.
    if info.cloud_fit == (e.cloud,) or e.cloud in info.managed_on:
        found.append((f"managed on {where}", f"not managed on {where}"))
    if _is_the_ci(info, e):
        ci = CI_PLATFORM_NAMES[e.ci_platform]
        found.append(("the CI platform the team already runs", f"a service beside {ci}"))
    if concern == "monitoring" and e.late_labels and info.estimates_performance:
        late = count(e.label_delay_days, "day")
        found.append((f"estimates performance while labels are {late} late", ""))
    tracker = e.tools["experiment_tracking"]
    if concern == "model_registry" and info.id == tracker:
        tracker_name = CATALOG["experiment_tracking"][tracker].name
        found.append(
            (
                "the tracker's own registry, linking versions to runs",
                f"no link to your {tracker_name} runs",
            )
        )
    # The entry's own merits: one for a cloud (Delta Lake on Azure), one for whether a
    # reviewer reads the result (level 2 and up, or any review regime) or a small team writes
    # it in its training code.
    reviewed = level >= 2 or e.regime != "none"
    found += [
        (merit.says, merit.lacking)
        for merit in info.merits
        if (not merit.clouds or e.cloud in merit.clouds) and merit.reviewed in (None, reviewed)
    ]
    return found


def verdict(concern: str, info: ToolInfo, e: Effective, level: int) -> str:
    """How ``info`` fits this team on its own, in a few words."""
    against = objections(concern, info, e, level)
    if against:
        return "; ".join(against)
    good = merits(concern, info, e, level)
    if good:
        return f"fits: {'; '.join(good)}"
    return f"fits: {info.description[:1].lower()}{info.description[1:].rstrip('.')}"


@record
class Weighing:
    """One option set against the pick, for this team."""

    option: ToolInfo
    against: tuple[str, ...]
    """Why it was not the pick for this team, most telling first."""
    edge: tuple[str, ...]
    """What it would bring that the pick does not, here."""
    differs: str
    """How it differs from the pick, for when the answers tell them apart on nothing."""
    restates: str = ""
    """What the table's row says of the pick that ``first`` says again ('' if nothing): the
    row states it once."""

    @property
    def first(self) -> str:
        """The one reason the Tool Recommendations table has room for: what the option would
        bring (a difference, not a verdict), else why it lost, else how it differs."""
        return (self.edge or self.against or (self.differs,))[0]

    @property
    def full(self) -> str:
        """Every reason, for the decision record."""
        brings = f"what it would bring: {'; '.join(self.edge)}" if self.edge else ""
        if not self.against:
            return brings or f"differs: {self.differs}"
        return "; ".join([*self.against, *([brings] if brings else [])])


def weigh(
    concern: str,
    option: ToolInfo,
    pick: ToolInfo,
    e: Effective,
    level: int,
    found: str | None = None,
) -> Weighing:
    """``option`` against ``pick`` for this team; ``found`` is the tool the scan found for
    the concern, if any."""
    # An objection the pick shares is no reason the option lost: it goes last.
    shared = objections(concern, pick, e, level)
    against = [item for item in objections(concern, option, e, level) if item not in shared]
    if self_hosted_pick := ("a proprietary hosted service" in against and bool(pick.needs)):
        against[against.index("a proprietary hosted service")] = (
            f"hosted and proprietary, while you self-host {pick.name}"
        )
    if found == pick.id:
        against.append(f"the scan found {pick.name} already in use")
    if option.drift and option.drift.psi_missing and not (pick.drift and pick.drift.psi_missing):
        against.append(option.drift.psi_missing)
    against += _ties(concern, option, pick, e)
    against += _overlap(concern, option, e)
    option_merits = merits(concern, option, e, level)
    against += [
        lack
        for merit, lack in _merits(concern, pick, e, level)
        if lack and merit not in option_merits
    ]
    if option.needs and option.needs != pick.needs:
        against.append(f"needs {option.needs}")
    against += [item for item in objections(concern, option, e, level) if item in shared]
    pick_merits = merits(concern, pick, e, level)
    edge = tuple(merit for merit in option_merits if merit not in pick_merits)
    if pick.needs and not option.needs and not self_hosted_pick:
        edge += ("nothing to run",)
    differs = f"{option.covers}, where {pick.name} has {pick.covers}"
    weighing = Weighing(option, tuple(dict.fromkeys(against)), edge, differs)
    return replace(weighing, restates=_restated(weighing.first, concern, pick, e, level))


def _restated(first: str, concern: str, pick: ToolInfo, e: Effective, level: int) -> str:
    """The merit or objection of the pick that the runner-up's ``first`` reason mirrors."""
    for merit, lack in _merits(concern, pick, e, level):
        if lack == first:
            return merit
    if first in objections(concern, pick, e, level):
        return first
    # A performance estimate while labels are late (NannyML's) mirrors every other tool's
    # lack of one.
    if not e.late_labels or e.label_delay_days is None:
        return ""
    late = f"while labels are {count(e.label_delay_days, 'day')} late"
    estimate, lack = f"estimates performance {late}", f"no performance estimate {late}"
    if first == estimate and lack in objections(concern, pick, e, level):
        return lack
    if first == lack and estimate in merits(concern, pick, e, level):
        return estimate
    return ""


def _ties(concern: str, option: ToolInfo, pick: ToolInfo, e: Effective) -> list[str]:
    """The pick is the same service as the team's registry, and the option is not."""
    registry = e.tools["model_registry"]
    if concern == "experiment_tracking" and registry == pick.id != option.id:
        return [f"your registry links to {pick.name} runs"]
    return []


def _overlap(concern: str, option: ToolInfo, e: Effective) -> list[str]:
    """The option also covers concerns for which the team runs another tool."""
    taken = [
        CATALOG[other][e.tools[other]].name
        for other in option.also_covers
        if e.tools[other] not in ("none", option.id)
    ]
    return [f"duplicates {join_words(taken)}"] if taken else []


def runner_up(
    concern: str, chosen: str, e: Effective, level: int, found: str | None = None
) -> Weighing:
    """The best option after ``chosen`` (fewest objections, catalog order on ties), weighed
    against it."""
    # A discontinued or acquired product is never the runner-up: it is not an option to take.
    others = [info for info in options(concern) if info.id != chosen and info.recommendable]
    best = min(others, key=lambda info: len(objections(concern, info, e, level)))
    return weigh(concern, best, CATALOG[concern][chosen], e, level, found)
