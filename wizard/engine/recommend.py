"""Tool recommendations: for each concern, the tool and why.

A chosen tool is explained with its catalog facts and how it fits the cloud. A ``none``
choice gets a concrete tool instead, picked by ``suggest_tool`` from the cloud, the CI
platform, the maturity level and the other choices, with the reasons for the pick.
"""

from __future__ import annotations

from wizard.engine.alternatives import merits, objections, runner_up
from wizard.engine.practice_risks import TABULAR_KINDS, needs_online_features
from wizard.engine.resolve import Effective, Resolution
from wizard.model.catalog import CONCERNS, Concern, ToolInfo, catalog_entry
from wizard.model.catalog import concern as concern_info
from wizard.model.design import ComponentChoice, ToolRecommendation
from wizard.model.platforms import identity
from wizard.model.vocabulary import CLOUD_NAMES
from wizard.model.wording import capitalize_first, count

_MANAGED_REGISTRY = {"aws": "sagemaker", "gcp": "vertex", "azure": "azureml"}


def suggest_tool(
    concern: str, cloud: str, ci_platform: str, level: int, tools: dict[str, str]
) -> tuple[str, str]:
    """A concrete tool for ``concern`` and the reason, given the rest of the design."""
    where = CLOUD_NAMES[cloud]
    if concern == "experiment_tracking":
        if tools["model_registry"] == "wandb":
            return "wandb", "your registry is W&B, so runs and model versions stay linked"
        return "mlflow", (
            f"it is open source and offered managed on {where}"
            if cloud in ("aws", "azure")
            else "it is open source, runs anywhere, and can host the registry too"
        )
    if concern == "model_registry":
        tracker = tools["experiment_tracking"]
        if tracker == "wandb":
            return "wandb", "your tracker is W&B, so versions link back to their runs"
        if cloud in _MANAGED_REGISTRY and (level >= 2 or tracker not in ("mlflow", "clearml")):
            return _MANAGED_REGISTRY[cloud], (
                f"you run on {where}: its managed registry plugs into its endpoints and "
                "pipelines with nothing to operate"
            )
        if tracker == "mlflow":
            return "mlflow", "one server for tracking and registry is the least to run"
        return "mlflow", "it is open source, self-hosted anywhere, and the most widely supported"
    if concern == "data_versioning":
        if cloud == "azure":
            return "delta", "Delta Lake's time travel is built into Databricks and Synapse on Azure"
        if level >= 2 and cloud in ("aws", "gcp"):
            return "lakefs", (
                f"it branches over your {where} object store without copying data, at a level "
                "where pipelines read it automatically"
            )
        return "dvc", "it versions data next to the code in git, with no server to run"
    if concern == "feature_store":
        if level >= 3 and cloud in ("aws", "gcp", "azure"):
            return "hopsworks", (
                f"it is managed on {where}, with an online store for real-time serving "
                "at full automation"
            )
        return "feast", "it is open source and runs on storage you already have"
    if concern == "orchestrator":
        native = identity(ci_platform).orchestrator
        if native is not None and level < 2:
            return native, "your CI already runs on it, so the pipeline needs no new service"
        if cloud == "gcp":
            return "kubeflow", "Vertex AI Pipelines runs Kubeflow pipelines managed on Google Cloud"
        if level >= 2:
            managed = " and offered managed on AWS (MWAA)" if cloud == "aws" else ""
            return (
                "airflow",
                f"it is the standard for scheduled DAGs with retries and backfills{managed}",
            )
        return "prefect", "its plain Python flows are the smallest step from scripts to a pipeline"
    if concern == "data_validation":
        if level <= 1:
            return "pandera", "a schema takes a few lines of the training code and no extra service"
        if cloud == "gcp":
            return "tfdv", "its statistics and skew checks run in Vertex AI Pipelines"
        return (
            "great-expectations",
            "its expectation suites run as the validate_data stage and document the data",
        )
    if level >= 3:
        return "nannyml", "it estimates performance before labels arrive, so decay shows up early"
    return "evidently", 'its `stattest="psi"` computes the drift trigger\'s PSI directly'


def none_needed(concern: str, e: Effective, level: int) -> str | None:
    """Why no tool is the right answer for ``concern``, or None when one is worth adding."""
    if concern == "feature_store":
        if not needs_online_features(e):
            return (
                "no features are computed at request time for a tabular model, so there is "
                "no training/serving skew for a feature store to remove"
            )
        if level < 2:
            return (
                "until several models share features or serving must match training, one "
                "shared feature module is enough"
            )
    if concern == "data_validation" and e.model_kind not in TABULAR_KINDS:
        return (
            "Great Expectations, Pandera and TFDV check table columns; validate this model's "
            "own inputs (decodable files, sizes, label set, text length and language) in the "
            "validate_data stage's code"
        )
    return None


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
    against = [item for item in objections(concern, info, e, level) if item != said]
    good = [item for item in merits(concern, info, e, level) if item != said]
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
        )
    if tool == "none":
        if e.tools["monitoring"] == "none" and concern.key == "monitoring" and e.late_labels:
            info = catalog_entry("monitoring", "nannyml")
            return ToolRecommendation(
                concern.label,
                concern.answer_key,
                "nannyml",
                info.name,
                "recommended",
                _with_runner_up(
                    f"No monitoring tool; recommended: {info.name}, because labels arrive "
                    f"{count(e.label_delay_days, 'day')} late and it estimates performance "
                    "before they do.",
                    "monitoring",
                    "nannyml",
                    resolution,
                    level,
                    fit=False,
                ),
                info.source,
            )
        pick, reason = suggest_tool(concern.key, e.cloud, e.ci_platform, level, dict(e.tools))
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
            concern.label, concern.answer_key, pick, info.name, "recommended", why, info.source
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
    why = _with_runner_up(lead, concern.key, tool, resolution, level)
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
