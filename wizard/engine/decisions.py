"""One decision record per component: the problem, what drives the choice for this team
(cloud, maturity level, workload, governance, what the scan found), every catalog option
weighed against the answers, the outcome and its consequences."""

from __future__ import annotations

from wizard.engine.alternatives import objections, runner_up, verdict, weigh
from wizard.engine.recommend import found_tool
from wizard.engine.resolve import Resolution
from wizard.model.catalog import catalog_entry, options
from wizard.model.decision import ConsideredOption, DecisionRecord
from wizard.model.design import ToolRecommendation, WorkloadProfile
from wizard.model.formatting import join_words
from wizard.model.vocabulary import CI_PLATFORM_NAMES, CLOUD_PLACES, LEVEL_NAMES
from wizard.model.wording import on_place

#: A clause said of more options than this is said once, above the table (issue 23: an ADR
#: repeated one clause five times).
_SAID_ONCE_FROM = 3

#: concern -> the problem the component solves.
_PROBLEMS: dict[str, str] = {
    "experiment_tracking": (
        "Runs must be compared and reproduced: which parameters, code and data produced the "
        "model in production?"
    ),
    "model_registry": (
        "Every deployable model needs a version, its lineage and a record of where it is "
        "(candidate, production, retired), so a promotion and a rollback name one artefact."
    ),
    "data_versioning": (
        "A model is reproducible only if the exact data it learned from can be read again."
    ),
    "feature_store": (
        "Features computed once for training and again for serving drift apart; a feature "
        "store serves one definition to both."
    ),
    "orchestrator": (
        "Validation, training, evaluation and deployment must run in order, on a schedule or "
        "a trigger, with retries, and not by hand."
    ),
    "data_validation": (
        "Bad data must stop the pipeline before a model trains on it: schema, ranges, "
        "missing values and distributions."
    ),
    "monitoring": (
        "Drift and decay in production must raise an alert, and start retraining, before "
        "users notice."
    ),
}


def _slug(label: str) -> str:
    return label.lower().replace(" ", "-").replace("/", "-")


def _drivers(
    resolution: Resolution, rec: ToolRecommendation, level: int, workload: WorkloadProfile
) -> tuple[str, ...]:
    e = resolution.effective
    drivers = [
        f"Runs {on_place(CLOUD_PLACES[e.cloud])}, with CI on {CI_PLATFORM_NAMES[e.ci_platform]}.",
        f"Maturity level {level} ({LEVEL_NAMES[level]}): what the team can operate now.",
        f"Workload: {workload.summary}",
    ]
    if e.regime != "none":
        drivers.append(f"Governance: {e.regime}; the choice must leave evidence for review.")
    view = resolution.evidence.get(rec.key)
    if view is not None:
        drivers.append(f"The scan found {view.value} in the repository ({view.reason}).")
    return tuple(drivers)


def _considered(
    concern: str, rec: ToolRecommendation, resolution: Resolution, level: int
) -> tuple[ConsideredOption, ...]:
    """Every catalog option, each weighed for this team: the pick by how it fits, the
    others by why they were not the pick."""
    e = resolution.effective
    found = found_tool(resolution, concern)
    considered = []
    for info in options(concern):
        if rec.tool in (info.id, "none"):
            text = verdict(concern, info, e, level)
        else:
            text = weigh(concern, info, catalog_entry(concern, rec.tool), e, level, found).full
        considered.append(ConsideredOption(info.name, text, info.id == rec.tool))
    considered.append(
        ConsideredOption(
            "None",
            "no tool: "
            + ("the right answer here" if rec.tool == "none" else "the problem stays open"),
            rec.tool == "none",
        )
    )
    return tuple(considered)


def _clauses(verdict: str) -> list[str]:
    return [part for part in verdict.split("; ") if part]


def shared_clauses(
    options_weighed: tuple[ConsideredOption, ...],
) -> tuple[tuple[ConsideredOption, ...], tuple[str, ...]]:
    """The options with each clause said of many of them taken out, and one line per such
    clause naming the options it is said of: the table then shows what tells them apart."""
    tools = [option for option in options_weighed if option.name != "None"]
    counts: dict[str, list[str]] = {}
    for option in tools:
        for clause in dict.fromkeys(_clauses(option.verdict)):
            counts.setdefault(clause, []).append(option.name)
    # Only objections are lifted: a merit ("fits: ...") belongs to its own row.
    lifted = {
        clause: names
        for clause, names in counts.items()
        if len(names) > _SAID_ONCE_FROM and ":" not in clause.split(" ", 2)[0]
    }
    if not lifted:
        return options_weighed, ()
    lines = []
    for clause, names in lifted.items():
        rest = [option.name for option in tools if option.name not in names]
        who = (
            "every option"
            if not rest
            else f"every option but {join_words(rest)}"
            if len(rest) < len(names)
            else join_words(names)
        )
        lines.append(f"Against {who}: {clause}.")
    kept = []
    for option in options_weighed:
        clauses = [clause for clause in _clauses(option.verdict) if clause not in lifted]
        # A verdict left empty has nothing beyond the lines above the table.
        text = "; ".join(clauses) if clauses else "only what the drivers above say against it"
        kept.append(ConsideredOption(option.name, text, option.chosen))
    return tuple(kept), tuple(lines)


def _outcome(concern: str, rec: ToolRecommendation, resolution: Resolution, level: int) -> str:
    """The table's reason, then the runner-up weighed in full: the table has room for one
    reason, the record for all of them."""
    if rec.tool == "none":
        return rec.why
    weighing = runner_up(
        concern, rec.tool, resolution.effective, level, found_tool(resolution, concern)
    )
    chose = f"You chose {rec.tool_name}. " if rec.chosen_by == "you" else ""
    # The table's runner-up sentence ends the reason; the record gives it in full instead.
    short = f"Runner-up: {weighing.option.name} ({weighing.first})."
    why = rec.why.removesuffix(short).rstrip()
    full = f"Runner-up: {weighing.option.name}, for this team: {weighing.full}."
    return f"{chose}{why} {full}" if why else f"{chose}{full}"


def _record(
    number: int,
    resolution: Resolution,
    rec: ToolRecommendation,
    level: int,
    workload: WorkloadProfile,
) -> DecisionRecord:
    e = resolution.effective
    concern = rec.key.split(".")[1]
    if rec.tool == "none":
        title = f"No {rec.concern.lower()} tool for now"
        consequences = (
            "Nothing to run or pay for.",
            "Revisit when the reason above no longer holds.",
        )
    else:
        info = catalog_entry(concern, rec.tool)
        title = f"Use {rec.tool_name} for {rec.concern.lower()}"
        against = objections(concern, info, e, level)
        consequences = (
            f"Good: covers {info.covers}.",
            *(f"Bad: {item}." for item in against),
            *((f"Needs {info.needs}.",) if info.needs else ()),
            f"Licence {info.licence}; {info.hosting}.",
        )
    considered, lifted = shared_clauses(_considered(concern, rec, resolution, level))
    return DecisionRecord(
        number=number,
        slug=_slug(rec.concern),
        concern=rec.concern,
        title=title,
        status="proposed" if rec.chosen_by == "recommended" else "accepted",
        context=_PROBLEMS[concern],
        drivers=(*_drivers(resolution, rec, level, workload), *lifted),
        options=considered,
        outcome=_outcome(concern, rec, resolution, level),
        consequences=consequences,
    )


def decision_records(
    resolution: Resolution,
    recommendations: tuple[ToolRecommendation, ...],
    level: int,
    workload: WorkloadProfile,
) -> tuple[DecisionRecord, ...]:
    """One record per recommended concern, numbered in catalog order from 0001."""
    return tuple(
        _record(index, resolution, rec, level, workload)
        for index, rec in enumerate(recommendations, start=1)
    )
