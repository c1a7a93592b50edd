"""The GitLab pipeline beside a ``.gitlab-ci.yml`` the team already has: the same jobs in
``.gitlab/ml-pipeline.yml``, which their file includes (``include: local``), so their own
jobs (a CML report, their tests) keep running in the same pipeline.

GitLab merges an included file into the main one key by key, the main file winning, and the
top-level keys apply to every job of the pipeline. So the included file keeps to its own
jobs: no ``workflow`` (its rules become each job's), no ``default`` (a hidden job the jobs
extend instead, and ``inherit: default: false`` keeps the team's defaults out of ours), only
the variables **Run pipeline** offers at the top level, and no ``stages``: the main file's
``stages:`` replaces an included file's entirely (gitlab.com/gitlab-org/gitlab-ee/issues/
29980), so the stages are added to the main file's list, beside the include. Jobs that
waited for the stages before theirs wait for the ML pipeline's own jobs only (``needs``),
never for the team's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from wizard.model.files import Included
from wizard.render.ci.splice import add_to_lists, root_mapping

PATH = ".gitlab/ml-pipeline.yml"
MAIN = ".gitlab-ci.yml"
#: The hidden job the ML pipeline's jobs extend: what ``default`` holds in a file of its own.
TEMPLATE = ".mlops-pipeline"
#: The stages GitLab has when a file names none (``.pre`` and ``.post`` are always there).
DEFAULT_STAGES = ("build", "test", "deploy")
_ALWAYS = frozenset({".pre", ".post"})
#: Top-level keys of a .gitlab-ci.yml that are not jobs.
KEYWORDS = frozenset(
    {
        "workflow",
        "default",
        "stages",
        "variables",
        "include",
        "image",
        "services",
        "before_script",
        "after_script",
        "cache",
        "spec",
    }
)


def included_document(document: Mapping[str, Any], main_path: str = MAIN) -> dict[str, Any]:
    """The pipeline ``document`` (a ``.gitlab-ci.yml`` of its own) as the file the team's
    ``.gitlab-ci.yml`` includes."""
    workflow = list(document.get("workflow", {}).get("rules", []))
    stages: list[str] = list(document.get("stages", []))
    variables = dict(document.get("variables", {}))
    # Only variables with a description show in **Run pipeline**, and only at the top level.
    offered = {
        name: value
        for name, value in variables.items()
        if isinstance(value, Mapping) and "description" in value
    }
    template: dict[str, Any] = dict(document.get("default", {}))
    own = {name: value for name, value in variables.items() if name not in offered}
    if own:
        template["variables"] = own
    jobs = {name: job for name, job in document.items() if name not in KEYWORDS}
    included: dict[str, Any] = {}
    if offered:
        included["variables"] = offered
    included[TEMPLATE] = template
    sources = _one_rule_per_filter(_watching_this_file(workflow, main_path))
    for name, job in jobs.items():
        folded: dict[str, Any] = {"extends": TEMPLATE, "inherit": {"default": False}}
        folded["stage"] = job.get("stage")
        folded["needs"] = job.get("needs", _needs_of_stage(job.get("stage"), stages, jobs))
        folded |= {key: value for key, value in job.items() if key not in folded}
        _fold_rules(folded, sources)
        included[name] = folded
    return included


def _one_rule_per_filter(rules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rules that only test a condition as one (``||``), so each job lists one rule per
    path filter instead of one per pipeline source."""
    filtered = [rule for rule in rules if set(rule) != {"if"}]
    plain = [rule["if"] for rule in rules if set(rule) == {"if"}]
    if len(plain) > 1:
        return [*filtered, {"if": " || ".join(f"({condition})" for condition in plain)}]
    return [*filtered, *({"if": condition} for condition in plain)]


def _watching_this_file(rules: list[dict[str, Any]], main_path: str) -> list[dict[str, Any]]:
    """The rules with the included file watched wherever the main file is."""
    watched = []
    for rule in rules:
        changes = rule.get("changes")
        if isinstance(changes, list) and main_path in changes:
            rule = {**rule, "changes": [*changes, PATH]}
        watched.append(rule)
    return watched


def _fold_rules(job: dict[str, Any], workflow: list[dict[str, Any]]) -> None:
    """The workflow's rules (which pipeline sources start the ML pipeline) as the job's own,
    each combined with what the job's rules already said."""
    rules = job.pop("rules", None)
    if rules is None:
        when = job.pop("when", None)
        rules = [{"when": when}] if when is not None else [{}]
    folded: list[dict[str, Any]] = []
    for rule in rules:
        if rule.get("when") == "never":
            folded.append(rule)
            continue
        for source in workflow:
            combined = dict(source)
            if "if" in rule:
                combined["if"] = f"({rule['if']}) && ({source['if']})"
            combined |= {key: value for key, value in rule.items() if key != "if"}
            folded.append(combined)
    if not any(rule.get("when") != "never" for rule in folded):
        folded.append({"when": "never"})
    job["rules"] = folded


def _needs_of_stage(
    stage: str | None, stages: Sequence[str], jobs: Mapping[str, Mapping[str, Any]]
) -> list[Any]:
    """What waiting for the stages before ``stage`` meant, among the ML pipeline's jobs
    only: its jobs of the nearest earlier stage that has any (each optional, as the rules
    may leave it out of a pipeline); none for the first."""
    if stage not in stages:
        return []
    for earlier in reversed(stages[: stages.index(stage)]):
        names = [name for name, job in jobs.items() if job.get("stage") == earlier]
        if names:
            return [{"job": name, "optional": True} for name in names]
    return []


def _job_stages(data: Mapping[str, Any]) -> list[str]:
    """The stages the team's own jobs name, in the order they first appear."""
    found: list[str] = []
    for name, job in data.items():
        if name in KEYWORDS or not isinstance(job, Mapping):
            continue
        stage = job.get("stage", "test")
        if isinstance(stage, str) and stage not in found and stage not in _ALWAYS:
            found.append(stage)
    return found


def _stage_additions(data: Mapping[str, Any], ours: Sequence[str]) -> list[str] | None:
    """The stages to add to the main file's ``stages:``: ours it lacks (with GitLab's
    defaults and its own jobs' stages first when it names none); None when its order would
    put two of ours the other way round, or stages come from files it includes."""
    declared = data.get("stages")
    if declared is None:
        if data.get("include") is not None:
            return None  # an included file may name the stages; only the team knows
        base = [*DEFAULT_STAGES, *(s for s in _job_stages(data) if s not in DEFAULT_STAGES)]
        return [*base, *(stage for stage in ours if stage not in base)]
    if not isinstance(declared, list):
        return None
    added = [stage for stage in ours if stage not in declared]
    final = [*declared, *added]
    positions = [final.index(stage) for stage in ours]
    return added if positions == sorted(positions) else None


def _include_entry() -> dict[str, str]:
    return {"local": PATH}


def _already_included(data: Mapping[str, Any]) -> bool:
    include = data.get("include")
    entries = include if isinstance(include, list) else [include]
    for entry in entries:
        if entry == PATH or entry == f"/{PATH}":
            return True
        if isinstance(entry, Mapping) and entry.get("local") in (PATH, f"/{PATH}"):
            return True
    return False


def _include_lines(data: Mapping[str, Any] | None) -> str:
    """How to add the include, by what the team's file already has."""
    entry = f"    - local: {PATH}\n"
    include = None if data is None else data.get("include")
    if include is None:
        return f"  include:\n{entry}"
    if isinstance(include, list):
        return f"  to its include: list:\n{entry}"
    return f"  its include: as a list (- before its entry), and to that list:\n{entry}"


def by_hand(stages: Sequence[str], data: Mapping[str, Any] | None = None) -> str:
    """The lines a team adds to its ``.gitlab-ci.yml`` where the export could not."""
    listed = "\n".join(f"    - {stage}" for stage in stages)
    return (
        f"add to {MAIN}:\n{_include_lines(data)}"
        f"  and these stages to its stages: (in this order, after the ones it has):\n{listed}"
    )


def _workflow_note(data: Mapping[str, Any], sources: Sequence[Mapping[str, Any]]) -> str:
    """What to check where the team's ``workflow:`` decides which pipelines run at all: it
    applies to the whole pipeline, the included jobs too, so a rule of theirs that stops
    one of the ML pipeline's pipelines (a push to the default branch, a schedule, a
    trigger) stops its jobs silently."""
    workflow = data.get("workflow")
    if not isinstance(workflow, Mapping) or not workflow.get("rules"):
        return ""
    listed = "\n".join(f"    - if: {source['if']}" for source in sources if "if" in source)
    return (
        f"check {MAIN}'s workflow: rules: they decide which pipelines run at all, the ML "
        "jobs' too; add these before a rule of yours that would stop them (each ML job's "
        f"own rules keep it to these pipelines):\n{listed}"
    )


def include_into(text: str, document: Mapping[str, Any]) -> Included:
    """The team's ``.gitlab-ci.yml`` including the ML pipeline ``document`` (a file of its
    own): one ``include:`` entry (added to the include it has) and the pipeline's ``stages``
    added to its ``stages:``."""
    stages: list[str] = list(document.get("stages", []))
    data = root_mapping(text)
    if data is None:
        return Included(None, by_hand(stages))
    note = _workflow_note(data, document.get("workflow", {}).get("rules", []))
    additions: dict[str, list[Any]] = {}
    if not _already_included(data):
        additions["include"] = [_include_entry()]
    stage_additions = _stage_additions(data, stages)
    if stage_additions is None:
        return Included(None, _joined(by_hand(stages, data), note))
    additions["stages"] = stage_additions
    if not any(additions.values()):
        return Included(text, note)
    edited = add_to_lists(text, additions)
    if edited is None:
        return Included(None, _joined(by_hand(stages, data), note))
    return Included(edited, note)


def _joined(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def local_includes(document: Mapping[str, Any]) -> tuple[str, ...]:
    """The repository's files a ``.gitlab-ci.yml`` includes (``include: local``, or a path
    written alone), for ``check``; remote, project and template includes are not ours to
    read."""
    include = document.get("include")
    entries = include if isinstance(include, list) else [include]
    found: list[str] = []
    for entry in entries:
        path = entry.get("local") if isinstance(entry, Mapping) else entry
        if isinstance(path, str) and "://" not in path and "*" not in path and "$" not in path:
            found.append(path.lstrip("/"))
    return tuple(found)
