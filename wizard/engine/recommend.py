"""Tool recommendations: for each concern, the tool and why.

A chosen tool is explained with its catalog facts and how it fits the cloud. A ``none``
choice gets a concrete tool instead, picked by ``suggest_tool`` from the cloud, the CI
platform, the maturity level and the other choices, with the reasons for the pick.
"""

from __future__ import annotations

from collections.abc import Mapping

from wizard.engine.alternatives import merits, objections, runner_up, status_objection
from wizard.engine.resolve import Effective, Resolution
from wizard.engine.workload import no_feature_store_reason
from wizard.model.catalog import (
    CONCERNS,
    Concern,
    Pick,
    ToolInfo,
    catalog_entry,
    ci_tool,
    options,
)
from wizard.model.catalog import concern as concern_info
from wizard.model.design import ComponentChoice, ToolRecommendation
from wizard.model.formatting import join_words
from wizard.model.records import record
from wizard.model.vocabulary import CLOUD_NAMES
from wizard.model.wording import capitalize_first, count


def suggest_tool(
    concern: str,
    cloud: str,
    ci_platform: str,
    level: int,
    tools: dict[str, str],
    small_team: bool = False,
) -> tuple[str, str]:
    """A concrete tool for ``concern`` and the reason, given the rest of the design: the
    catalog's pick with the lowest rank whose conditions hold for this team (catalog order,
    then the entry's own order, on ties). A discontinued or acquired product has no picks."""
    team = _Team(cloud, ci_platform, level, tools, small_team)
    held = [
        (pick.rank, index, info, pick)
        for index, info in enumerate(options(concern))
        for pick in info.picks
        if info.recommendable and team.holds(pick, info)
    ]
    _, _, info, pick = min(held, key=lambda candidate: candidate[:2])
    return info.id, pick.because.format(where=CLOUD_NAMES[cloud])


@record
class _Team:
    """What a pick's conditions look at."""

    cloud: str
    ci_platform: str
    level: int
    tools: Mapping[str, str]
    small_team: bool = False

    def holds(self, pick: Pick, info: ToolInfo) -> bool:
        tracker = catalog_entry("experiment_tracking", self.tools["experiment_tracking"])
        return (
            (not pick.clouds or self.cloud in pick.clouds)
            and (not pick.own_cloud or info.cloud_vendor == self.cloud)
            and pick.min_level <= self.level <= pick.max_level
            and (not pick.is_the_ci or self.runs_as_ci(info))
            and (not pick.linked or self.runs_linked(info))
            and pick.tracker_runs_a_server in (None, tracker.runs_a_server)
            and pick.small_team in (None, self.small_team)
        )

    def runs_as_ci(self, info: ToolInfo) -> bool:
        """The team's CI platform is ``info`` itself."""
        the_ci = ci_tool(self.ci_platform)
        return the_ci is not None and the_ci.id == info.id

    def runs_linked(self, info: ToolInfo) -> bool:
        """The team runs ``info``'s product for another concern that product covers too
        (a W&B tracker for a W&B registry, ...)."""
        return any(
            tool == info.id
            and (
                other in info.also_covers or info.concern in catalog_entry(other, tool).also_covers
            )
            for other, tool in self.tools.items()
            if other != info.concern
        )


def none_needed(concern: str, e: Effective, level: int) -> str | None:
    """Why no tool is the right answer for ``concern``, or None when one is worth adding."""
    if concern == "feature_store":
        # What the model reads decides first: no team size gives pixels features to serve.
        if reason := no_feature_store_reason(e):
            return reason
        if e.small_team:
            return (
                f"{_small_team(e)} runs no feature store: one shared feature module, imported "
                "by training and serving alike, keeps them from drifting apart"
            )
        if level < 2:
            return (
                "until several models share features or serving must match training, one "
                "shared feature module is enough"
            )
    if concern == "data_validation" and not e.kind.columns:
        return (
            f"the catalog's validators check table columns, and this model reads "
            f"{e.kind.inputs}: the validate_data stage checks them in its own code (CI/CD "
            "Pipeline)"
        )
    return None


def what_changed(info: ToolInfo) -> str:
    """For a discontinued or acquired product the team uses: what changed, what it still
    does well, and what to move to ('' for any other tool)."""
    if info.status is None:
        return ""
    status = info.status
    targets = join_words([catalog_entry(info.concern, tool).name for tool in status.move_to], "or")
    kept = f" Still valid for {status.still_valid_for}." if status.still_valid_for else ""
    return f"What changed: {info.name} was {status.what_changed}.{kept} Move to {targets}."


def _small_team(e: Effective) -> str:
    """``a team of 2``, ``a team on a minimal budget``: why the stack is the smallest."""
    if e.team_size is not None and e.small_team and e.budget != "minimal":
        return f"a team of {e.team_size}"
    return "a team on a minimal budget"


def _performance_estimator(concern: str) -> ToolInfo | None:
    """The monitoring tool that estimates performance before labels arrive, for a team
    whose labels are late and that chose no monitoring tool."""
    if concern != "monitoring":
        return None
    return next(
        (info for info in options(concern) if info.estimates_performance and info.recommendable),
        None,
    )


def found_tool(resolution: Resolution, concern: str) -> str | None:
    """The tool the repository scan found for ``concern`` (short key), if any."""
    view = resolution.evidence.get(concern_info(concern).answer_key)
    return view.value if view is not None else None


def _with_runner_up(
    lead: str, concern: str, tool: str, resolution: Resolution, level: int, fit: bool = True
) -> str:
    """``lead``, how the tool fits this team (unless ``fit`` is off), and the runner-up with
    its reason; what that reason says again of the tool is said once, by the runner-up."""
    e = resolution.effective
    weighing = runner_up(concern, tool, e, level, found_tool(resolution, concern))
    info = catalog_entry(concern, tool)
    text = f"{lead} {_fit(concern, info, e, level, weighing.restates)}" if fit else lead
    return f"{text.strip()} Runner-up: {weighing.option.name} ({weighing.first}).".lstrip()


def _fit(concern: str, info: ToolInfo, e: Effective, level: int, said: str) -> str:
    """How the chosen tool fits this team: its cloud, its level, its workload (leaving out
    ``said``, which the runner-up's reason says)."""
    # What changed for a discontinued or acquired product leads the row already.
    against = [
        item
        for item in objections(concern, info, e, level)
        if item not in (said, status_objection(info))
    ]
    # "managed on AWS" of a tool the cloud merely offers (MLflow) keeps it from being weighed
    # as "not managed" there; the row says it only of the cloud's own service.
    offered = f"managed on {CLOUD_NAMES[e.cloud]}" if info.cloud_fit != (e.cloud,) else ""
    good = [item for item in merits(concern, info, e, level) if item not in (said, offered)]
    # With no specific merit, the fit is the team's level and cloud: the table's legend
    # says that once instead of on every row.
    lead = f"{capitalize_first('; '.join(good))}." if good else ""
    if against:
        return f"{lead} Against it here: {'; '.join(against)}.".lstrip()
    return lead


def _recommend(concern: Concern, resolution: Resolution, level: int) -> ToolRecommendation:
    e = resolution.effective
    tool = e.tools[concern.key]
    source = resolution.sources[concern.answer_key]
    if tool == "none" and (reason := none_needed(concern.key, e, level)) is not None:
        chosen = "You chose none" if source == "answer" else "Not answered, so none"
        return ToolRecommendation(
            concern.label,
            concern.answer_key,
            "none",
            "None needed",
            "you" if source == "answer" else "recommended",
            f"{chosen}, and that is right here: {reason}.",
            reason=capitalize_first(f"{reason}."),
        )
    if tool == "none":
        estimator = _performance_estimator(concern.key)
        if estimator is not None and e.late_labels:
            info = estimator
            reason = (
                f"labels arrive {count(e.label_delay_days, 'day')} late and it estimates "
                "performance before they do."
            )
            return ToolRecommendation(
                concern.label,
                concern.answer_key,
                info.id,
                info.name,
                "recommended",
                _with_runner_up(
                    f"No monitoring tool; recommended: {info.name}, because {reason}",
                    "monitoring",
                    info.id,
                    resolution,
                    level,
                    fit=False,
                ),
                info.source,
                reason=capitalize_first(reason),
            )
        pick, reason = suggest_tool(
            concern.key, e.cloud, e.ci_platform, level, dict(e.tools), e.small_team
        )
        the_ci = ci_tool(e.ci_platform)
        if (
            concern.key == "orchestrator"
            and source == "answer"
            and the_ci is not None
            and pick != the_ci.id
        ):
            # The team answered no orchestrator, and its CI runs the pipeline's jobs already:
            # a service beside it would be one the team declined (issue 23).
            pick = the_ci.id
            reason = "your CI already runs the pipeline's jobs, and you asked for nothing beside it"
        info = catalog_entry(concern.key, pick)
        chosen = "You chose none" if source == "answer" else "Not answered, and the default is none"
        why = _with_runner_up(
            f"{chosen}; recommended: {info.name}, because {reason}.",
            concern.key,
            pick,
            resolution,
            level,
            fit=False,
        )
        return ToolRecommendation(
            concern.label,
            concern.answer_key,
            pick,
            info.name,
            "recommended",
            why,
            info.source,
            reason=capitalize_first(f"{reason}."),
        )
    info = catalog_entry(concern.key, tool)
    view = resolution.evidence.get(concern.answer_key)
    if source == "answer":
        chosen_by = "you"
        lead = ""
        if view is not None and view.value != tool:
            lead += f" The repository uses {view.value} instead ({view.reason})."
    elif source == "evidence":
        chosen_by = "evidence"
        lead = f"Found in the repository: {view.reason}." if view else "Found in the repository."
    else:
        chosen_by = "recommended"
        lead = ""  # "recommended" in the Chosen-by column: the legend says it is the default
    # The catalog's description is not a reason: the reason is how it fits this team.
    why = _with_runner_up(
        f"{lead} {what_changed(info)}".strip(), concern.key, tool, resolution, level
    )
    return ToolRecommendation(
        concern.label, concern.answer_key, tool, info.name, chosen_by, why, info.source
    )


def recommend_tools(resolution: Resolution, level: int) -> tuple[ToolRecommendation, ...]:
    """One recommendation per concern, in catalog order; none for a design that does not
    cover the model (an LLM application gets no tabular tools)."""
    if not resolution.effective.covered:
        return ()
    return tuple(_recommend(concern, resolution, level) for concern in CONCERNS)


def component_choices(resolution: Resolution) -> tuple[ComponentChoice, ...]:
    """The effective tool per concern (``none`` stays ``none``), with its source."""
    return tuple(
        ComponentChoice(
            concern=concern.label,
            key=concern.answer_key,
            tool=resolution.effective.tools[concern.key],
            tool_name=catalog_entry(concern.key, resolution.effective.tools[concern.key]).name,
            source=resolution.sources[concern.answer_key],
        )
        for concern in CONCERNS
    )
