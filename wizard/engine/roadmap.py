"""The implementation roadmap: phases of checkbox tasks derived from what is missing.

Below level 3 the phases are the seed design's Foundation (weeks 1-2), Automation (3-4) and
Operations (5-6); a level-3 team gets Optimise (1-2) and Scale (3-4) instead, opened by any
capability still short of ``yes``. Tasks name the chosen tools, or the recommended tool where
the choice is ``none``.

Consistency rule: in the Foundation/Automation/Operations phases a task that builds a
maturity capability is always listed, and is marked ``done`` exactly when that capability is
``yes``; tasks not tied to a capability (gates, canary, calibration) are never marked done,
since no answer says they exist. The Optimise/Scale phases list open work only: a
capability task appears there only while its capability is short of ``yes``.
"""

from __future__ import annotations

from collections.abc import Mapping

from wizard.engine.resolve import Effective
from wizard.engine.schedule import describe_schedule
from wizard.engine.scope import LLM_WHAT_APPLIES
from wizard.model.design import RoadmapPhase, RoadmapTask, ToolRecommendation
from wizard.model.files import CI_PATHS
from wizard.model.formatting import join_words, number
from wizard.model.vocabulary import CI_PLATFORM_NAMES

_SERVER_TRACKERS = ("mlflow", "clearml")


class _Tasks:
    """Collects tasks, marking capability tasks done from the effective capabilities."""

    def __init__(self, capabilities: Mapping[str, str]) -> None:
        self._capabilities = capabilities
        self.items: list[RoadmapTask] = []

    def add(self, text: str, capability: str | None = None) -> None:
        done = capability is not None and self._capabilities[capability] == "yes"
        self.items.append(RoadmapTask(text, done))


def _tool_ids(recommendations: tuple[ToolRecommendation, ...]) -> dict[str, str]:
    """Concern -> the tool the roadmap builds: the chosen one, or the recommended one."""
    return {rec.key.split(".")[1]: rec.tool for rec in recommendations}


def _names(recommendations: tuple[ToolRecommendation, ...]) -> dict[str, str]:
    return {rec.key.split(".")[1]: rec.tool_name for rec in recommendations}


def _data_versioning_task(tool: str, name: str) -> str:
    if tool == "dvc":
        return (
            "Put the training data under DVC: `dvc init`, `dvc add` the raw data, and add "
            "`dvc.yaml` stages for validate_data and train_model"
        )
    if tool == "lakefs":
        return "Create a lakeFS repository over the training bucket and commit every snapshot"
    return f"Store training tables in {name} and log the table version each run reads"


def _capability_tasks(
    e: Effective, tools: Mapping[str, str], names: Mapping[str, str]
) -> dict[str, list[tuple[str, str]]]:
    """Per phase, the (text, capability) tasks that build the seven capabilities."""
    tracker = names["experiment_tracking"]
    server = " tracking server" if tools["experiment_tracking"] in _SERVER_TRACKERS else ""
    stages = " → ".join(e.registry_stages) or "staging → production"
    lock = ", immutable" if e.registry_immutable else ""
    platform = CI_PLATFORM_NAMES[e.ci_platform]
    features = join_words(e.key_features) if e.key_features else "the key features (name them)"
    return {
        "foundation": [
            (
                f"Set up {tracker}{server} and log {join_words(e.tracked)} from every run",
                "experiment_tracking",
            ),
            (
                f"File runs under the experiments {join_words(e.experiments)} in {tracker}",
                "experiment_tracking",
            ),
            (
                _data_versioning_task(tools["data_versioning"], names["data_versioning"]),
                "data_versioning",
            ),
            (
                f"Register every model in {names['model_registry']} with stages {stages} "
                f"({e.registry_versioning} versions{lock})",
                "model_registry",
            ),
        ],
        "automation": [
            (
                "Write automated tests for data, features and training code, run on every push",
                "automated_tests",
            ),
            (
                f"Write the {platform} pipeline `{CI_PATHS[e.ci_platform]}` with stages "
                f"{' → '.join(e.stages) or 'none chosen yet'}",
                "ci_cd_for_models",
            ),
        ],
        "operations": [
            (_monitoring_task(e, names["monitoring"], features), "monitoring"),
            (_retraining_task(e, names["monitoring"]), "automated_retraining"),
        ],
    }


def _monitoring_task(e: Effective, name: str, features: str) -> str:
    psi = f"PSI of {features} above {number(e.psi_threshold)}"
    tool = e.tools["monitoring"]
    if tool == "evidently" or (tool == "none" and name == "Evidently"):
        return f'Deploy {name} on production inputs: alert on {psi} (`stattest="psi"`)'
    if tool == "prometheus":
        return (
            f"Export `mlops-wizard drift` results to {name} as gauges through a custom "
            f"exporter, and alert on {psi}"
        )
    return (
        f"Deploy {name} on production inputs with its own drift method, and run "
        f"`mlops-wizard drift` on the same windows for the trigger: alert on {psi}"
    )


def _retraining_task(e: Effective, name: str) -> str:
    if e.regime == "regulated":
        return (
            f"Retrain {describe_schedule(e.schedule)} and let {name} alerts propose a "
            "retrain: each candidate is revalidated independently before promotion, never "
            "promoted by the pipeline"
        )
    return (
        f"Retrain {describe_schedule(e.schedule)} and wire {name} alerts to the pipeline's "
        "drift trigger"
    )


def _gate_text(e: Effective) -> str:
    if e.first_model:
        floor = "its floor" if e.min_metric_value is None else number(e.min_metric_value)
        gates = [f"{e.primary_metric} reaches {floor} (first model)"]
    else:
        gates = [
            f"{e.primary_metric} gains at least {number(e.min_accuracy_gain_pct)} points over "
            "production"
        ]
    if e.latency_criterion_ms is not None:
        gates.append(f"p95 latency < {number(e.latency_criterion_ms)} ms")
    if e.require_leakage_check:
        gates.append("no data leakage")
    if e.require_bias_checks:
        gates.append("bias checks pass")
    return ", ".join(gates)


def _rollout_task(e: Effective) -> str:
    strategy = e.rollout_strategy
    if strategy == "canary":
        steps = " → ".join(f"{stage} %" for stage in e.canary_stages)
        return (
            f"Roll out through canary steps {steps}, {e.bake_minutes} minutes each, with "
            "health checks and automatic rollback"
        )
    if strategy == "shadow":
        return (
            "Shadow-deploy each candidate on a copy of live traffic, compare it with "
            f"production once labels arrive ({e.label_delay_days} days), then switch with a "
            "sign-off"
        )
    if strategy == "champion-challenger":
        return (
            "Score every batch with the challenger beside the champion and promote after the "
            "comparison window"
        )
    if strategy == "staged-cohorts":
        cohorts = " → ".join(f"{stage} %" for stage in e.canary_stages)
        return f"Release to device cohorts {cohorts} with crash and quality checks per cohort"
    return "Deploy the standby (green) beside production and switch with a fast switch back"


def _governance_tasks(e: Effective) -> list[str]:
    tasks = []
    if e.regime == "regulated":
        tasks += [
            "Enter the model in the model inventory (owner, purpose, production version, "
            "last validation) and update it on every promotion",
            "Set up independent revalidation of every retrained model, by someone other than "
            "its developer, with the report kept beside the registered version",
        ]
    elif e.governed:
        tasks.append("Have a reviewer other than the model's developer sign off each promotion")
    for framework in e.frameworks:
        tasks.append(f"Map the {framework} obligations to pipeline evidence (see Risk Assessment)")
    return tasks


def _below_level_three(
    e: Effective, tools: Mapping[str, str], names: Mapping[str, str]
) -> tuple[RoadmapPhase, ...]:
    phases: list[RoadmapPhase] = []
    capability_tasks = _capability_tasks(e, tools, names)
    foundation = _Tasks(e.capabilities)
    for text, capability in capability_tasks["foundation"]:
        foundation.add(text, capability)
    automation = _Tasks(e.capabilities)
    automation.add(*capability_tasks["automation"][0])
    automation.add(
        f"Check the data with {names['data_validation']} in the validate_data stage, before "
        "training"
    )
    automation.add(*capability_tasks["automation"][1])
    automation.add(f"Make evaluate_model fail the pipeline unless {_gate_text(e)}")
    if tools["orchestrator"] not in ("none", "github-actions"):
        automation.add(
            f"Run train_model through evaluate_model as a {names['orchestrator']} pipeline "
            "started by CI"
        )
    operations = _Tasks(e.capabilities)
    for text, capability in capability_tasks["operations"]:
        operations.add(text, capability)
    operations.add(_rollout_task(e))
    if e.approver is not None:
        operations.add(f"Require {e.approver}'s approval before promote_production")
    elif e.manual_approval:
        operations.add("Name who approves promotion to production, and configure the gate")
    if e.tools["feature_store"] != "none":
        operations.add(f"Serve training and online features from {names['feature_store']}")
    for task in _governance_tasks(e):
        operations.add(task)
    phases.append(
        RoadmapPhase(
            "Foundation",
            "Weeks 1-2",
            "Reproducible experiments: every run tracked, every model and data set versioned.",
            tuple(foundation.items),
        )
    )
    phases.append(
        RoadmapPhase(
            "Automation",
            "Weeks 3-4",
            "Every change validates, trains and evaluates in CI, gated by the criteria.",
            tuple(automation.items),
        )
    )
    phases.append(
        RoadmapPhase(
            "Operations",
            "Weeks 5-6",
            "Production is watched, and drift or decay retrains the model safely.",
            tuple(operations.items),
        )
    )
    return tuple(phases)


def _level_three(
    e: Effective, tools: Mapping[str, str], names: Mapping[str, str]
) -> tuple[RoadmapPhase, ...]:
    optimise = _Tasks(e.capabilities)
    for phase_tasks in _capability_tasks(e, tools, names).values():
        for text, capability in phase_tasks:
            if e.capabilities[capability] != "yes":
                optimise.add(text, capability)
    optimise.add(
        f"Calibrate PSI {number(e.psi_threshold)} and the "
        f"{number(e.accuracy_drop_pct)} % accuracy drop by replaying past "
        f"{names['monitoring']} reports against known incidents"
    )
    if e.window_rule is not None:
        optimise.add(
            f"Review the {e.window_rule[0]}-of-{e.window_rule[1]} window rule against past "
            "alerts: count late and needless retrains"
        )
    else:
        optimise.add("Add a k-of-n window rule (e.g. 2 of 5) so one noisy window never retrains")
    if e.rollout_strategy == "canary":
        optimise.add(
            f"Shadow-deploy candidates before the {e.canary_stages[0]} % canary step to "
            "compare predictions with no user impact"
        )
    for task in _governance_tasks(e):
        optimise.add(task)
    optimise.add(f"Track training cost and duration per run in {names['experiment_tracking']}")
    if not e.require_bias_checks:
        optimise.add("Add bias checks on the important slices to the promotion gates")
    scale = _Tasks(e.capabilities)
    scale.add(
        f"Turn the {CI_PLATFORM_NAMES[e.ci_platform]} pipeline into a template every new "
        "model starts from"
    )
    if e.tools["feature_store"] != "none":
        scale.add(f"Share features across models through {names['feature_store']}")
    elif tools["feature_store"] != "none":
        scale.add(f"Evaluate {names['feature_store']} for features shared across models")
    scale.add(
        f"Publish model cards and lineage (data version → run → {names['model_registry']} "
        "version) for every production model"
    )
    scale.add("Measure commit-to-production time and change failure rate of model releases")
    if e.approver is not None and not e.governed:
        scale.add(
            f"Move promotion to policy: ship automatically when every gate passes and ask "
            f"{e.approver} only above {number(e.human_review_above_pct)} % change"
        )
    return (
        RoadmapPhase(
            "Optimise",
            "Weeks 1-2",
            "Make the automated loop better calibrated, cheaper and safer.",
            tuple(optimise.items),
        ),
        RoadmapPhase(
            "Scale",
            "Weeks 3-4",
            "Serve more models and teams with the same platform.",
            tuple(scale.items),
        ),
    )


def build_roadmap(
    e: Effective, level: int, recommendations: tuple[ToolRecommendation, ...]
) -> tuple[RoadmapPhase, ...]:
    """The roadmap for a team at ``level`` (the effective level, override included)."""
    if not e.covered:
        return (
            RoadmapPhase(
                "What would apply",
                "Weeks 1-2",
                "Practices for an LLM application, outside this design.",
                tuple(RoadmapTask(text) for text in LLM_WHAT_APPLIES),
            ),
        )
    tools = _tool_ids(recommendations)
    names = _names(recommendations)
    if level >= 3:
        return _level_three(e, tools, names)
    return _below_level_three(e, tools, names)
