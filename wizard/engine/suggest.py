"""Evidence -> suggestions: the maturity answers and tools the repository suggests.

Pure functions of ``Evidence``; the design engine uses them to fill what the user left
unknown, and the interactive session offers them as defaults.

How each capability is judged (a finding is *use* when code calls the tool or a config file
sets it up, *declared* when the tool is only imported or listed as a dependency):

- experiment_tracking: yes when runs are logged (``log_param``, ``autolog``, ``wandb.init``
  ...); partial when a tracker is only declared; no when nothing mentions one.
- model_registry: yes when model versions are promoted through stages or aliases, or pushed
  to a cloud registry (W&B links, SageMaker packages, Vertex, Azure ML); partial when MLflow
  versions are registered but never promoted, or models are only logged; else no.
- data_versioning: yes with a DVC pipeline or DVC-tracked data, lakeFS or Delta in use;
  partial when DVC is only initialised or declared; else no.
- automated_tests: yes when test files exist and CI runs tests; partial with one of the two.
  A test folder is said to be run by CI only when a CI test command runs it (or runs the
  runner's default); otherwise the reason names both apart.
- ci_cd_for_models: yes when CI (or a DAG, flow or pipeline whose task calls training code)
  trains and CI deploys a model; partial with one of the two; no when CI only builds and
  tests, or there is no CI. An orchestrator that only materialises features or scores
  batches trains nothing; publishing documentation deploys no model.
- monitoring: yes when code or config monitors (drift reports, metric exporters, scrape
  configs); partial when a monitoring tool is only declared. Nothing found says nothing:
  monitoring often lives outside the repository, so no suggestion is made.
- automated_retraining: yes when a CI pipeline, or a DAG or flow whose task calls training
  code, trains on a schedule; partial when training is automated but not scheduled (in CI, or
  in an orchestrated pipeline), or a schedule runs
  without training; no when CI exists and nothing retrains; nothing without CI or an
  orchestrator.

"no" is only suggested when a scan actually read files. The level comes from the engine's
own rule (``wizard.engine.levels.compute_level``), so scan and design never disagree. Each
suggestion carries the findings it rests on and cites the first in its reason.

The runtime answers (install, Python, cloud) are ``wizard.engine.suggest_runtime``'s, the
stage commands ``wizard.engine.suggest_commands``'.
"""

from __future__ import annotations

from wizard.engine.levels import compute_level
from wizard.engine.suggest_commands import suggest_commands
from wizard.engine.suggest_runtime import suggest_cloud, suggest_install, suggest_python
from wizard.model.answers import CAPABILITIES
from wizard.model.catalog import CATALOG, CONCERNS, ci_tool, concern
from wizard.model.design import ScanSuggestions, SuggestedAnswer, Suggestion
from wizard.model.evidence import Evidence, EvidenceItem

_DECLARED_PREFIXES = ("imports ", "depends on ")


def _declared(item: EvidenceItem) -> bool:
    return item.detail.startswith(_DECLARED_PREFIXES)


def _used(items: tuple[EvidenceItem, ...]) -> tuple[EvidenceItem, ...]:
    return tuple(item for item in items if not _declared(item))


def _cite(item: EvidenceItem) -> str:
    return f"{item.where}: {item.detail}"


def _by_use(
    found: tuple[EvidenceItem, ...], used: tuple[EvidenceItem, ...], yes: str, but: str
) -> Suggestion | None:
    """The rule of the tools judged by use: yes when ``used`` is not empty (``yes``, then the
    first use cited), partial when the tool is only found (cited, then ``but``); else None."""
    if used:
        return Suggestion("yes", f"{yes}: {_cite(used[0])}", found)
    if found:
        return Suggestion("partial", f"{_cite(found[0])}, but {but}", found)
    return None


def _first(value: str, found: tuple[EvidenceItem, ...], reason: str) -> Suggestion | None:
    """``value`` when anything is ``found``, ``reason`` naming its first item ``{found}``."""
    return Suggestion(value, reason.format(found=found[0]), found) if found else None


def _none_found(scanned: bool, reason: str) -> Suggestion | None:
    """A "no" only when a scan read files: without one, finding nothing says nothing."""
    return Suggestion("no", reason, ()) if scanned else None


def _experiment_tracking(evidence: Evidence, scanned: bool) -> Suggestion | None:
    found = evidence.of("experiment_tracking")
    return _by_use(found, _used(found), "runs are logged", "no run logs anything") or _none_found(
        scanned, "no experiment tracker is imported, called or declared"
    )


def _model_registry(evidence: Evidence, scanned: bool) -> Suggestion | None:
    found = evidence.of("model_registry")
    promoting = tuple(item for item in found if _promotes(item))
    judged = _by_use(
        found,
        promoting,
        "model versions are promoted",
        "no version is moved through stages or aliases",
    )
    logged = tuple(
        item for item in evidence.of("experiment_tracking") if "log_model" in item.detail
    )
    return (
        judged
        or _first(
            "partial",
            logged,
            "models are logged ({found.where}: {found.detail}) but never registered",
        )
        or _none_found(scanned, "no model registry call was found; models are files")
    )


def _promotes(item: EvidenceItem) -> bool:
    """A registry finding shows promotion, unless its registry names the calls that do (the
    stage and alias moves of MLflow, where registering a version promotes nothing)."""
    registry = CATALOG["model_registry"].get(item.tool)
    if registry is None or registry.registry is None:
        return False  # declared in a file of a tool that is no registry of the catalog
    calls = registry.registry.promoted_by
    return not calls or any(call in item.detail for call in calls)


def _data_versioning(evidence: Evidence, scanned: bool) -> Suggestion | None:
    found = evidence.of("data_versioning")
    used = tuple(item for item in _used(found) if item.path != ".dvc/config")
    return _by_use(found, used, "data is versioned", "no data set is tracked") or _none_found(
        scanned, "no DVC, lakeFS or Delta Lake use was found"
    )


def _halves(
    first: tuple[EvidenceItem, ...],
    second: tuple[EvidenceItem, ...],
    both: str,
    first_only: str,
    second_only: str,
) -> Suggestion | None:
    """The rule of a capability made of two halves: yes when both are found (``both`` names
    the first finding of each as ``{a}`` and ``{b}``), partial with one (``{found}``)."""
    if first and second:
        return Suggestion("yes", both.format(a=first[0], b=second[0]), first + second)
    return _first("partial", first, first_only) or _first("partial", second, second_only)


def _runs(run: EvidenceItem, folder: EvidenceItem) -> bool:
    """Whether the CI test command ``run`` runs the tests in ``folder``: it names the folder,
    a path inside it, or no path at all (the runner's default finds every test folder)."""
    paths = run.value.split()
    if not paths:
        return True
    root = folder.path.rstrip("/")
    return any(path.rstrip("/") == root or path.startswith(f"{root}/") for path in paths)


def _automated_tests(evidence: Evidence, scanned: bool) -> Suggestion | None:
    folders, runs = evidence.of("tests"), evidence.of("ci_tests")
    paired = next(((folder, run) for run in runs for folder in folders if _runs(run, folder)), None)
    if paired is not None:
        folder, run = paired
        reason = f"{folder.where} has {folder.detail}, run by CI at {run.where}"
        return Suggestion("yes", reason, folders + runs)
    if folders and runs:
        reason = (
            f"CI runs tests at {runs[0].where} and {folders[0].where} has {folders[0].detail} "
            "(CI runs other tests than these)"
        )
        return Suggestion("yes", reason, folders + runs)
    return _halves(
        folders,
        runs,
        "{a.where} has {a.detail}, run by CI at {b.where}",
        "{found.where} has {found.detail}, but no CI pipeline runs them",
        "CI runs tests at {found.where}, but no test files were found",
    ) or _none_found(scanned, "no test files and no CI step that runs tests")


def _ci_cd_for_models(evidence: Evidence, scanned: bool) -> Suggestion | None:
    judged = _halves(
        evidence.of("ci_training") or evidence.of("orchestrated_training"),
        evidence.of("ci_deploy"),
        "training at {a.where} and deployment at {b.where} are automated",
        "{found.detail} at {found.where}, but nothing automated deploys the model",
        "{found.detail} at {found.where}, but nothing automated trains the model",
    )
    pipelines = evidence.of("ci_cd")
    return (
        judged
        or _first("no", pipelines, "CI at {found.where} neither trains nor deploys a model")
        or _none_found(scanned, "no CI/CD pipeline was found")
    )


def _monitoring(evidence: Evidence, scanned: bool) -> Suggestion | None:
    found = evidence.of("monitoring")
    # Nothing found says nothing: monitoring often lives outside the repository.
    return _by_use(found, _used(found), "production is monitored", "nothing uses it")


def _automated_retraining(evidence: Evidence, scanned: bool) -> Suggestion | None:
    schedules, trains = evidence.of("ci_schedule"), evidence.of("ci_training")
    training_paths = {item.path for item in trains}
    scheduled = tuple(item for item in schedules if item.path in training_paths)
    if scheduled:
        training = next(item for item in trains if item.path == scheduled[0].path)
        reason = (
            f"{scheduled[0].where} trains ({training.where}) on a schedule ({scheduled[0].detail})"
        )
        return Suggestion("yes", reason, (*scheduled, training))
    orchestrated = evidence.of("orchestrated_training")
    on_schedule = next((item for item in orchestrated if item.value), None)
    if on_schedule is not None:
        reason = f"{on_schedule.detail} at {on_schedule.where}, on a schedule ({on_schedule.value})"
        return Suggestion("yes", reason, (on_schedule,))
    if trains or schedules or orchestrated:
        cited = (trains or schedules or orchestrated)[0]
        reason = f"{cited.detail} at {cited.where}, but no scheduled or triggered retraining"
        return Suggestion("partial", reason, trains + schedules + orchestrated)
    return _first("no", evidence.of("ci_cd"), "CI at {found.where} never retrains a model")


_RULES = {
    "experiment_tracking": _experiment_tracking,
    "data_versioning": _data_versioning,
    "model_registry": _model_registry,
    "automated_tests": _automated_tests,
    "ci_cd_for_models": _ci_cd_for_models,
    "monitoring": _monitoring,
    "automated_retraining": _automated_retraining,
}


def suggest_maturity(evidence: Evidence) -> dict[str, Suggestion]:
    """Suggested answer per maturity capability key, only where evidence says something."""
    scanned = evidence.files_scanned > 0
    suggestions: dict[str, Suggestion] = {}
    for capability in CAPABILITIES:
        suggestion = _RULES[capability](evidence, scanned)
        if suggestion is not None:
            suggestions[capability] = suggestion
    return suggestions


def suggested_answers(evidence: Evidence) -> dict[str, str]:
    """Every capability key -> yes | partial | no | unknown, in the answers file's order."""
    suggestions = suggest_maturity(evidence)
    return {
        capability: suggestions[capability].value if capability in suggestions else "unknown"
        for capability in CAPABILITIES
    }


def suggest_components(evidence: Evidence) -> dict[str, str]:
    """Suggested tool per component key (``components.<key>`` / ``.tool``) from evidence.

    The most cited catalog tool of the matching category; for the orchestrator, one that is
    a CI platform (GitHub Actions) when its pipelines train or deploy and no dedicated
    orchestrator was found.
    """
    suggestions: dict[str, str] = {}
    for item in CONCERNS:
        allowed = CATALOG[item.key]
        tool = next(
            (tool for tool in evidence.tools(item.evidence_category) if tool in allowed), None
        )
        if tool is not None:
            suggestions[item.key] = tool
    if "orchestrator" not in suggestions:
        automated = evidence.of("ci_training") + evidence.of("ci_deploy")
        the_ci = next((tool for item in automated if (tool := ci_tool(item.tool))), None)
        if the_ci is not None:
            suggestions["orchestrator"] = the_ci.id
    return dict(sorted(suggestions.items()))


def suggest(evidence: Evidence) -> ScanSuggestions:
    """Everything the scan suggests, worked out once: the design, the scan report and the
    session all read this one value."""
    maturity = suggest_maturity(evidence)
    components = suggest_components(evidence)
    answers: list[SuggestedAnswer] = [
        (f"maturity.{key}", suggestion.value, suggestion.reason)
        for key, suggestion in sorted(maturity.items())
    ]
    for key, tool in components.items():
        answers.append((concern(key).answer_key, tool, "found in the repository"))
    cloud = suggest_cloud(evidence)
    for runtime in (suggest_install(evidence), suggest_python(evidence), cloud and cloud[0]):
        if runtime:
            answers.append(runtime)
    commands, data_pipeline = suggest_commands(evidence)
    return ScanSuggestions(
        level=compute_level(suggested_answers(evidence)),
        maturity=maturity,
        components=components,
        answers=tuple(answers),
        commands=commands,
        data_pipeline=data_pipeline,
    )
