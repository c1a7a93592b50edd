"""The roadmap's task texts: each names the chosen (or recommended) tool, a stage the
pipeline has (or says to add it), and a value only where no high or medium risk flags it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from wizard.engine.registry import registry_lifecycle
from wizard.engine.resolve import Effective
from wizard.model.catalog import catalog_entry
from wizard.model.design import Risk
from wizard.model.formatting import join_words
from wizard.model.serving import SERVING_MODES, ServingFacts
from wizard.model.vocabulary import CI_PLATFORM_NAMES
from wizard.model.wording import capitalize_first


class Flags:
    """The answer keys a high or medium risk flags: a task refers to the risk instead of
    prescribing the flagged value."""

    def __init__(self, risks: tuple[Risk, ...]) -> None:
        self._by_key: dict[str, str] = {}
        for risk in risks:
            if risk.severity in ("high", "medium"):
                for key in risk.keys:
                    self._by_key.setdefault(key, risk.id)

    def value(self, key: str, text: str) -> str:
        """``text`` (a value to prescribe), or a pointer to the risk that flags ``key``."""
        risk = self._by_key.get(key)
        return text if risk is None else f"the value {risk} calls for"

    def risk_for(self, key: str) -> str | None:
        return self._by_key.get(key)


def stage_ref(e: Effective, stage: str) -> str:
    """``the evaluate_model stage``, or ``a new evaluate_model stage`` when it is not chosen."""
    return f"the {stage} stage" if stage in e.stages else f"a new {stage} stage"


def data_versioning_task(e: Effective, tool: str, name: str) -> str:
    """The tool's own task; a tool that runs the training pipeline gets its stages named."""
    entry = catalog_entry("data_versioning", tool)
    task = entry.roadmap_task.format(name=name)
    stages = [stage for stage in ("validate_data", "train_model") if stage in e.stages]
    # The commands (`dvc init`, `dvc add`) are the implementer's; the plan names the stages.
    if entry.pipeline_file and stages:
        return f"{task}, with `{entry.pipeline_file}` stages for {join_words(stages)}"
    return task


def registry_task(e: Effective, tools: Mapping[str, str], name: str) -> str:
    """Register models, in the registry's own vocabulary (aliases, approval status, tags)."""
    chosen = replace(e, tools={**e.tools, "model_registry": tools["model_registry"]})
    how = registry_lifecycle(chosen).vocabulary.replace("-", " ")
    # The stages, and whether versions are immutable, are stated once, under Model Registry.
    return f"Register every model in {name}, its stage marked by {how} (Model Registry)"


def capability_tasks(
    e: Effective, tools: Mapping[str, str], names: Mapping[str, str], flags: Flags
) -> dict[str, list[tuple[str, str]]]:
    """Per phase, the (text, capability) tasks that build the seven capabilities."""
    tracker = names["experiment_tracking"]
    runs_a_server = catalog_entry("experiment_tracking", tools["experiment_tracking"]).runs_a_server
    server = " tracking server" if runs_a_server else ""
    platform = CI_PLATFORM_NAMES[e.ci_platform]
    return {
        "foundation": [
            (
                # The items and the experiments are listed under Experiment Tracking.
                f"Set up {tracker}{server} and log every run under its experiment "
                "(Experiment Tracking)",
                "experiment_tracking",
            ),
            (
                data_versioning_task(e, tools["data_versioning"], names["data_versioning"]),
                "data_versioning",
            ),
            (registry_task(e, tools, names["model_registry"]), "model_registry"),
        ],
        "automation": [
            (
                "Write automated tests for data, features and training code, run on every push",
                "automated_tests",
            ),
            (
                # Its file and its stages are under CI/CD Pipeline.
                f"Write the {platform} pipeline "
                + ("(CI/CD Pipeline)" if e.stages else "and choose its stages (none chosen yet)"),
                "ci_cd_for_models",
            ),
        ],
        "operations": [
            (
                monitoring_task(
                    tools["monitoring"], names["monitoring"], psi_alert(e, flags), e.serving_mode
                ),
                "monitoring",
            ),
            # What the serving mode adds to watch (a stream's feature freshness).
            *((task, "monitoring") for task in e.serving_mode.monitoring_tasks),
            (retraining_task(e, names["monitoring"], flags), "automated_retraining"),
        ],
    }


def psi_alert(e: Effective, flags: Flags) -> str:
    # The threshold is stated once, in the trigger table; a flagged one points at its risk.
    features = join_words(e.key_features) if e.key_features else "the key features (name them)"
    threshold = flags.value("retraining.drift.psi_threshold", "the drift threshold")
    return f"PSI of {features} above {threshold}"


def monitoring_task(
    tool: str, name: str, psi: str, serving: ServingFacts = SERVING_MODES["online"]
) -> str:
    """The task for the monitoring ``tool`` (chosen or recommended), alerting on ``psi``,
    reading the inputs ``serving`` lets it see (a device's reach no server)."""
    entry = catalog_entry("monitoring", tool)
    inputs = serving.inputs
    if entry.roadmap_task:
        return entry.roadmap_task.format(name=name, psi=psi).replace("production inputs", inputs)
    if entry.computes_psi:
        return f"Deploy {name} on {inputs}: alert on {psi}"
    # A tool without PSI of its own: the trigger's PSI is the monitoring job's, so the task
    # must not read as if the tool computed it.
    drift = "`mlops-wizard drift`"
    return f"Deploy {name} on {inputs}; the monitoring job's {drift} fires on {psi}"


def _cadence(e: Effective, flags: Flags) -> str | None:
    """How often the schedule retrains, as a task says it; None when it does not (``never``,
    the schedule trigger off, or a locked model)."""
    if not e.retrains_on_schedule:
        return None
    risk = flags.risk_for("retraining.schedule")
    if risk is not None:
        return f"on the schedule {risk} calls for"
    # The cron is stated once, in the trigger table; a keyword reads as itself.
    if e.schedule in ("daily", "weekly", "monthly"):
        return e.schedule
    return "on the schedule trigger's cron"


def _after_cadence(cadence: str | None, rest: str) -> str:
    """``Retrain weekly; rest``, or ``Rest`` when nothing retrains on a schedule."""
    if cadence is None:
        return capitalize_first(rest)
    return f"Retrain {cadence}; {rest}"


def retraining_task(e: Effective, name: str, flags: Flags) -> str:
    if e.locked:
        # A locked model never retrains on a timer or an alert (Governance says why).
        return (
            f"Route {name}'s drift alerts to the model owner as change requests; no "
            "automatic retraining (Governance)"
        )
    cadence = _cadence(e, flags)
    if e.locked:
        # The change-control duty is stated once, under Governance.
        return (
            f"Send {name} alerts to the model owner; nothing retrains on its own: a change "
            "is a new release under change control (Governance)"
        )
    if "drift" not in e.triggers:
        if cadence is None:
            return f"Send {name} alerts to the model owner; nothing retrains on its own"
        return f"Retrain {cadence}; alerts from {name} go to the model owner (drift trigger off)"
    if e.regime == "regulated":
        # Revalidation before promotion is a duty stated once, under Governance.
        alerts = f"let {name} alerts propose a retrain (Governance)"
        return f"Retrain {cadence} and {alerts}" if cadence else capitalize_first(alerts)
    if not e.drift_watched and not e.key_features:
        # The drift trigger stays off, and the CI has no monitoring job, until it has features.
        return _after_cadence(
            cadence, "name key features, then re-export to turn the drift trigger on"
        )
    if not e.drift_watched:
        # The drift trigger stays off, and the CI has no monitoring job, until a tool is chosen.
        return _after_cadence(cadence, f"choose {name} and re-export to turn the drift trigger on")
    # The pipeline's monitoring job fires the trigger (`mlops-wizard drift`); what the team
    # wires is the window of production inputs it reads.
    inputs = f"each window of {e.serving_mode.inputs}"
    return _after_cadence(cadence, f"save {inputs} for the monitoring job (`DRIFT_CURRENT`)")


def gate_text(e: Effective, flags: Flags) -> str:
    """The gate by reference: the criteria are stated once, under Model Registry."""
    flagged = [
        risk
        for key in ("promotion.min_accuracy_gain_pct", "promotion.min_metric_value")
        if (risk := flags.risk_for(key)) is not None
    ]
    if flagged:
        return f"the candidate meets the promotion criteria, with the values {flagged[0]} calls for"
    return "the candidate meets the promotion criteria (Model Registry)"


def rollout_task(e: Effective, flags: Flags) -> str:
    strategy = e.rollout_strategy
    # The steps and the bake time are stated once, in the deployment table.
    steps = flags.value("retraining.canary_stages", "the deployment table's steps")
    if strategy == "canary":
        return (
            f"Roll out through {steps}, each held for its bake time, with health checks and "
            "automatic rollback"
        )
    if strategy == "shadow":
        return "Shadow-deploy each candidate through the deployment table's steps"
    if strategy == "champion-challenger":
        return (
            "Score every batch with the challenger beside the champion and promote after the "
            "comparison window"
        )
    if strategy == "staged-cohorts":
        return f"Release to device cohorts by {steps}, with crash and quality checks per cohort"
    return "Deploy the standby (green) beside production and switch with a fast switch back"


def governance_tasks(e: Effective) -> list[str]:
    # What each entails is stated once, under Governance; each domain names its own tasks
    # (a model inventory is a bank's, change control a medical device's).
    tasks = [task for domain in e.domains for task in domain.roadmap]
    if e.regime == "regulated" and not e.domains:
        tasks.append("Set up independent revalidation of every retrained model (Governance)")
    elif e.governed and not e.domains:
        tasks.append("Have a reviewer other than the model's developer sign off each promotion")
    known = [name for name in e.frameworks if name not in e.unknown_frameworks]
    if known:
        tasks.append(
            f"Map the {join_words(known)} obligations to pipeline evidence (see Risk Assessment)"
        )
    if e.unknown_frameworks:
        tasks.append("List the obligations of the frameworks R36 names (Risk Assessment)")
    return tasks
