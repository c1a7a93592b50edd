"""One decision record per component: the problem, what drives the choice for this team
(workload, cloud, CI, maturity level, governance), the options that could fit weighed
against the answers (the rest named on one line with why they cannot), the reason for the
outcome and its consequences. Each clause is said once (issue 23)."""

from __future__ import annotations

from dataclasses import replace

from wizard.engine.alternatives import (
    merits,
    objections,
    runner_up,
    status_objection,
    weigh,
)
from wizard.engine.recommend import what_changed
from wizard.engine.resolve import Effective, Resolution
from wizard.engine.workload import labels_text, needs_online_features
from wizard.model.catalog import ToolInfo, catalog_entry, ci_tool, options
from wizard.model.decision import ConsideredOption, DecisionRecord
from wizard.model.design import ToolRecommendation
from wizard.model.formatting import join_words
from wizard.model.vocabulary import CI_PLATFORM_NAMES, CLOUD_PLACES
from wizard.model.wording import capitalize_first, on_place

#: concern -> the problem the component solves.
_PROBLEMS: dict[str, str] = {
    "experiment_tracking": (
        "Runs must be reproducible: which parameters, code and data produced the model in "
        "production?"
    ),
    "model_registry": (
        "A promotion and a rollback must each name one model version, with its lineage and "
        "stage (candidate, production, retired)."
    ),
    "data_versioning": (
        "A model is reproducible only if its exact training data can be read again."
    ),
    "feature_store": (
        "Features computed once for training and again for serving drift apart; a feature "
        "store serves one definition to both."
    ),
    "orchestrator": (
        "Validation, training, evaluation and deployment must run in order, on a schedule or "
        "trigger, with retries."
    ),
    "data_validation": (
        "Bad data (schema, ranges, missing values, distributions) must stop the pipeline "
        "before a model trains on it."
    ),
    "monitoring": (
        "Drift and decay must raise an alert, and start retraining, before users notice."
    ),
}


def _slug(label: str) -> str:
    return label.lower().replace(" ", "-").replace("/", "-")


#: Serving mode -> how it reads before the model's kind ("Batch tabular classification").
_SERVED_AS: dict[str, str] = {
    "online": "Online",
    "batch": "Batch",
    "streaming": "Streaming",
    "edge": "On-device",
}


def _workload(e: Effective) -> str:
    """``Batch tabular classification``: the model and how it serves, in a few words."""
    served = _SERVED_AS.get(e.serving_mode.id)
    if served is None:
        return f"{capitalize_first(e.kind.label)}, served {e.serving_mode.served}"
    return f"{served} {e.kind.label}"


def _drivers(resolution: Resolution, concern: str, level: int) -> tuple[str, ...]:
    """What drives the choice, said once per record: the workload, where it runs and the
    level in one line; the labels' delay where it decides (monitoring); the regime."""
    e = resolution.effective
    drivers = [
        f"{_workload(e)}, {on_place(CLOUD_PLACES[e.cloud])}, CI on "
        f"{CI_PLATFORM_NAMES[e.ci_platform]}, MLOps level {level}."
    ]
    # The labels' delay decides only where a tool that estimates performance may be taken.
    estimator = any(info.estimates_performance and info.recommendable for info in options(concern))
    if concern == "monitoring" and e.late_labels and estimator:
        drivers.append(f"{capitalize_first(labels_text(e))}.")
    if e.regime != "none":
        drivers.append(f"Governance: {e.regime}; the choice must leave evidence for review.")
    return tuple(drivers)


#: Why a tool is not considered where the outcome says why none is needed.
_OUTCOMES_REASON = ("not needed here, as the outcome says", "not needed here, as the outcome says")


def _ruled_out(
    concern: str, info: ToolInfo, e: Effective, level: int, none: bool
) -> tuple[str, str]:
    """Why ``info`` cannot fit this team at all, said of one tool and of several (empty when
    it could fit), the strongest reason first: the record names it on one line instead of
    weighing it in the list."""
    if info.status is not None:
        # What happened and when is for a team that uses it (its outcome says it).
        return info.status.state, info.status.state
    the_ci = ci_tool(e.ci_platform)
    if info.ci_platform and (the_ci is None or the_ci.id != info.id):
        return "another CI platform", "other CI platforms"
    # These two are why no tool is needed at all, where none is: the outcome says it then.
    if concern == "feature_store" and not needs_online_features(e):
        serves = "with no request-time features to serve"
        return _OUTCOMES_REASON if none else (serves, serves)
    if info.tabular_only and not e.kind.columns:
        checks = f"checking table columns, and this model reads {e.kind.inputs}"
        return _OUTCOMES_REASON if none else (checks, checks)
    if e.cloud not in info.cloud_fit:
        return "native to another cloud", "native to other clouds"
    # The objection alternatives.objections raises for a cluster service at level 0 or 1.
    heavy = f"heavy for a level-{level} team"
    if f"a service to run, {heavy}" in objections(concern, info, e, level):
        return f"a service to run, {heavy}", f"services to run, {heavy}"
    return "", ""


def _not_considered(ruled_out: dict[tuple[str, str], list[str]]) -> tuple[str, ...]:
    """``names, reason`` per reason, said of one tool or of several."""
    return tuple(
        f"{join_words(names)}, {one if len(names) == 1 else many}"
        for (one, many), names in ruled_out.items()
    )


def _fit(concern: str, info: ToolInfo, e: Effective, level: int) -> str:
    """How the chosen tool fits: its merits here, else what it is. What speaks against it
    is a consequence ("Bad: ..."), said there once."""
    good = merits(concern, info, e, level)
    if good:
        return "; ".join(good)
    return f"{info.description[:1].lower()}{info.description[1:].rstrip('.')}"


def _considered(
    concern: str, rec: ToolRecommendation, e: Effective, level: int
) -> tuple[tuple[ConsideredOption, ...], tuple[str, ...]]:
    """The options that could fit, each weighed against the pick (the chosen one by how it
    fits), then None; and the rest, named with why they cannot fit."""
    second = "" if rec.tool == "none" else runner_up(concern, rec.tool, e, level).option.id
    considered = []
    ruled_out: dict[tuple[str, str], list[str]] = {}
    for info in options(concern):
        reason = _ruled_out(concern, info, e, level, rec.tool == "none")
        if info.id == rec.tool:
            # A recommendation's reason is the outcome's to give, once.
            text = "" if _recommended_because(rec) else _fit(concern, info, e, level)
        elif reason[0] and info.id != second:
            ruled_out.setdefault(reason, []).append(info.name)
            continue
        elif rec.tool == "none":
            # One clause per merit, so that a merit said of several is said once too.
            good = merits(concern, info, e, level) or (_fit(concern, info, e, level),)
            against = objections(concern, info, e, level)
            text = "; ".join(against or [f"fits: {merit}" for merit in good])
        else:
            # What the scan found is the outcome's reason: the rows do not say it again.
            weighing = weigh(concern, info, catalog_entry(concern, rec.tool), e, level)
            # What the pick covers is its consequence ("Good: covers ..."), said there.
            # One clause per merit, so that a merit said of several is said once too.
            clauses = [*weighing.against, *(_BRINGS + merit for merit in weighing.edge)]
            text = "; ".join(clauses) if clauses else f"covers {info.covers} instead"
        considered.append(
            ConsideredOption(
                name=info.name,
                verdict=text,
                chosen=info.id == rec.tool,
                runner_up=info.id == second,
            )
        )
    considered.append(
        ConsideredOption(
            name="None",
            # The right answer's reason is the outcome's to give.
            verdict="" if rec.tool == "none" else "the problem stays open",
            chosen=rec.tool == "none",
        )
    )
    # The chosen one first, then the runner-up: the rest in catalog order.
    considered.sort(key=lambda option: (not option.chosen, not option.runner_up))
    return tuple(considered), _not_considered(ruled_out)


#: How a weighed option's merit over the pick begins.
_BRINGS = "what it would bring: "


def _clauses(verdict: str) -> list[str]:
    return [part for part in verdict.split("; ") if part]


def _merged(clauses: list[str]) -> str:
    """One option's clauses, its merits after one "what it would bring:"."""
    edge = [clause.removeprefix(_BRINGS) for clause in clauses if clause.startswith(_BRINGS)]
    against = [clause for clause in clauses if not clause.startswith(_BRINGS)]
    return "; ".join([*against, *([_BRINGS + join_words(edge)] if edge else [])])


def said_once(
    considered: tuple[ConsideredOption, ...],
) -> tuple[tuple[ConsideredOption, ...], tuple[str, ...]]:
    """Each clause said once (issue 23: an ADR repeated one clause five times): options
    weighed alike become one item ("Weights & Biases and Comet: ..."), and a clause said of
    several items is taken out of them onto one line above the list ("Against ...", "For
    ..."), naming the options it is said of. The chosen option and None keep their words."""
    groups: dict[str, list[ConsideredOption]] = {}
    for option in considered:
        alike = not (option.chosen or option.runner_up or option.name == "None")
        key = option.verdict if alike else f"\0{option.name}"
        groups.setdefault(key, []).append(option)
    items = [(members[0], [member.name for member in members]) for members in groups.values()]
    weighed = [
        index
        for index, (option, _) in enumerate(items)
        if not option.chosen and option.name != "None"
    ]
    said_of: dict[str, list[int]] = {}
    for index in weighed:
        for clause in dict.fromkeys(_clauses(items[index][0].verdict)):
            said_of.setdefault(clause, []).append(index)
    lifted = {clause: tuple(indices) for clause, indices in said_of.items() if len(indices) > 1}
    # Merits ("what it would bring: ...") and objections apart, per set of options.
    by_items: dict[tuple[bool, tuple[int, ...]], list[str]] = {}
    for clause, indices in lifted.items():
        by_items.setdefault((": " in clause, indices), []).append(clause)
    chosen = [option.name for option, _ in items if option.chosen and option.name != "None"]
    lines = []
    for (merit, indices), clauses in by_items.items():
        names = [name for index in indices for name in items[index][1]]
        rest = [name for index in weighed if index not in indices for name in items[index][1]]
        who = (
            join_words(names)
            if rest
            else f"every option but {join_words(chosen)}"
            if chosen
            else "every option"
        )
        lines.append(f"{'For' if merit else 'Against'} {who}: {'; '.join(clauses)}.")
    kept = tuple(
        replace(
            option,
            name=join_words(group),
            verdict=_merged(
                [
                    clause
                    for clause in _clauses(option.verdict)
                    if option.chosen or clause not in lifted
                ]
            ),
        )
        for option, group in items
    )
    return kept, tuple(lines)


def _outcome(rec: ToolRecommendation, resolution: Resolution) -> str:
    """Why this option, and only that: the title says what was chosen, the table what the
    others have against them."""
    if rec.tool == "none":
        return rec.reason or rec.why
    view = resolution.evidence.get(rec.key)
    if rec.chosen_by == "evidence" and view is not None:
        return f"The repository already uses it ({view.reason})."
    if rec.chosen_by == "you":
        found = ""
        if view is not None:
            found = (
                f" The repository uses it already ({view.reason})."
                if view.value == rec.tool
                else f" The repository uses {view.value} instead ({view.reason})."
            )
        changed = what_changed(catalog_entry(rec.key.split(".")[1], rec.tool))
        return f"You chose it.{found} {changed}".strip()
    return _recommended_because(rec) or f"The default, as `{rec.key}` is not answered."


def _recommended_because(rec: ToolRecommendation) -> str:
    """Why the tool was recommended where the team has none ('' for a tool it has)."""
    if rec.chosen_by != "recommended" or rec.tool == "none":
        return ""
    return rec.reason


def _record(
    number: int, resolution: Resolution, rec: ToolRecommendation, level: int
) -> DecisionRecord:
    e = resolution.effective
    concern = rec.key.split(".")[1]
    needs = licence = ""
    if rec.tool == "none":
        title = f"No {rec.concern.lower()} tool for now"
        consequences: tuple[str, ...] = (
            "Nothing to run or pay for.",
            "Revisit when the reason above no longer holds.",
        )
    else:
        info = catalog_entry(concern, rec.tool)
        title = f"Use {rec.tool_name} for {rec.concern.lower()}"
        # What changed for an acquired product is the outcome's to say.
        against = [
            item for item in objections(concern, info, e, level) if item != status_objection(info)
        ]
        needs, licence = info.needs, info.licence
        consequences = (f"Good: covers {info.covers}.", *(f"Bad: {item}." for item in against))
    weighed, not_considered = _considered(concern, rec, e, level)
    considered, shared = said_once(weighed)
    return DecisionRecord(
        number=number,
        slug=_slug(rec.concern),
        concern=rec.concern,
        title=title,
        status="proposed" if rec.chosen_by == "recommended" else "accepted",
        context=_PROBLEMS[concern],
        drivers=_drivers(resolution, concern, level),
        shared=shared,
        options=considered,
        not_considered=not_considered,
        outcome=_outcome(rec, resolution),
        consequences=consequences,
        needs=needs,
        licence=licence,
    )


def decision_records(
    resolution: Resolution,
    recommendations: tuple[ToolRecommendation, ...],
    level: int,
) -> tuple[DecisionRecord, ...]:
    """One record per recommended concern, numbered in catalog order from 0001."""
    return tuple(
        _record(index, resolution, rec, level) for index, rec in enumerate(recommendations, start=1)
    )
