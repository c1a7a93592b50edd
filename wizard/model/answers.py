"""The answers model: what the user said, saved and resumed as YAML (schema_version 1).

Every answer is optional except ``schema_version``. A missing answer (``None``) is an
*unknown*: the design engine assumes the documented default, reports the gap and counts it
against confidence. Unknown keys are refused so a typo never passes silently.

The models are frozen: a change replaces the whole model (see ``wizard.io.edit``).
Field descriptions feed ``mlops-wizard schema`` and the interactive session's help text.
"""

from __future__ import annotations

import itertools
import re
from typing import Annotated, Any, Literal, get_args

from pydantic import Field, field_validator, model_validator

from wizard.model.calibration import Calibration
from wizard.model.catalog_file import choices_text, tool_ids
from wizard.model.cron import cron_problem
from wizard.model.platforms import answer_choices
from wizard.model.section import (
    Command,
    NonEmptyText,
    Percent,
    Script,
    Section,
    each_once,
    nested,
    unknown,
)
from wizard.model.workload import NEVER, Deployment, Governance, Workload

SCHEMA_VERSION = 1

#: The CI platforms registered when this model is built (``wizard.model.platforms``); a
#: Literal of a tuple is the Literal of its items.
_CI_PLATFORMS = answer_choices()
CIPlatform = Literal[_CI_PLATFORMS]  # type: ignore[valid-type]
Cloud = Literal["aws", "gcp", "azure", "on-prem", "other"]
Budget = Literal["minimal", "standard", "enterprise"]
Capability = Literal["yes", "partial", "no", "unknown"]
# The tools each concern allows are the tool catalog's entries (wizard/model/catalog.toml),
# ``none`` last: adding an entry there adds the value here, to the JSON Schema and to the
# error messages.
TrackerTool = Literal[tool_ids("experiment_tracking")]  # type: ignore[valid-type]
RegistryTool = Literal[tool_ids("model_registry")]  # type: ignore[valid-type]
DataVersioningTool = Literal[tool_ids("data_versioning")]  # type: ignore[valid-type]
FeatureStoreTool = Literal[tool_ids("feature_store")]  # type: ignore[valid-type]
OrchestratorTool = Literal[tool_ids("orchestrator")]  # type: ignore[valid-type]
DataValidationTool = Literal[tool_ids("data_validation")]  # type: ignore[valid-type]
MonitoringTool = Literal[tool_ids("monitoring")]  # type: ignore[valid-type]
TrackedItem = Literal[
    "hyperparameters", "metrics", "artifacts", "code_version", "data_version", "environment"
]
RegistryStage = Literal["development", "staging", "production", "archived"]
Versioning = Literal["semantic", "incremental"]
Trigger = Literal["push", "schedule", "drift", "manual"]
#: Pipeline stages, in the only order in which they can depend on each other.
Stage = Literal[
    "validate_data",
    "train_model",
    "evaluate_model",
    "register_model",
    "deploy_staging",
    "promote_production",
]
Step = Literal["project", "maturity", "components", "thresholds", "cicd", "review"]

# The orders are the types' own, so a stage or step is named once.
STAGE_ORDER: tuple[Stage, ...] = get_args(Stage)
STEPS: tuple[Step, ...] = get_args(Step)
SCHEDULE_KEYWORDS: tuple[str, ...] = ("daily", "weekly", "monthly")
_PYTHON_VERSION = re.compile(r"3\.\d{1,2}(?:\.\d{1,3})?")
#: How a gain in the primary metric is counted (``wizard.model.metrics.gain_unit``).
GainUnitChoice = Literal["auto", "points", "percent", "units"]
#: Keys where null is itself an answer, and what it means; everywhere else null = unknown.
NULL_MEANINGS: dict[str, str] = {
    "promotion.approver": "no manual gate",
    "promotion.max_latency_ms": "no latency criterion",
    "retraining.performance.window_rule": "no k-of-n rule",
}
NULL_IS_AN_ANSWER: frozenset[str] = frozenset(NULL_MEANINGS)


class Project(Section):
    name: NonEmptyText | None = unknown("The project's name, used as the document title.")
    description: str | None = unknown(
        "One or two sentences on what the model does and for whom.", max_length=2000
    )
    ci_platform: CIPlatform | None = unknown(
        f"Where the CI pipeline runs: {', '.join(_CI_PLATFORMS[:-1])} or {_CI_PLATFORMS[-1]}."
    )
    cloud: Cloud | None = unknown(
        "Where training and serving run: aws, gcp, azure, on-prem or other."
    )
    team_size: int | None = unknown(
        "How many people build and run the model (1..10000); three or fewer get the smallest "
        "stack that closes the gaps.",
        ge=1,
        le=10_000,
    )
    budget: Budget | None = unknown(
        "What the team can run and pay for: minimal, standard or enterprise; minimal gets the "
        "smallest stack that closes the gaps."
    )


class Maturity(Section):
    experiment_tracking: Capability | None = unknown(
        "Are experiments (parameters, metrics, artifacts) logged to a tracker?"
    )
    data_versioning: Capability | None = unknown(
        "Is every training data set versioned so a model can be traced to its data?"
    )
    model_registry: Capability | None = unknown(
        "Are models registered with versions and stages rather than copied as files?"
    )
    automated_tests: Capability | None = unknown(
        "Do automated tests cover data, features and training code?"
    )
    ci_cd_for_models: Capability | None = unknown(
        "Does a CI/CD pipeline train, evaluate and deploy models without manual steps?"
    )
    monitoring: Capability | None = unknown(
        "Are production inputs and predictions monitored for drift and decay?"
    )
    automated_retraining: Capability | None = unknown(
        "Does drift, decay or a schedule trigger retraining automatically?"
    )
    level_override: int | None = unknown(
        "0..3 to overrule the computed maturity level; null to use the computed one.", ge=0, le=3
    )


#: The capabilities the maturity level is computed from: the Maturity answers, in their order.
CAPABILITIES: tuple[str, ...] = tuple(
    name for name in Maturity.model_fields if name != "level_override"
)


class ExperimentTracking(Section):
    tool: TrackerTool | None = unknown(
        f"The experiment tracker: {choices_text('experiment_tracking')}."
    )
    track: Annotated[list[TrackedItem], each_once("entries", "entry")] | None = unknown(
        "What every run records."
    )
    experiments: Annotated[list[NonEmptyText], each_once("entries", "entry")] | None = unknown(
        "The experiment groups runs are filed under."
    )


class ModelRegistry(Section):
    tool: RegistryTool | None = unknown(f"The model registry: {choices_text('model_registry')}.")
    stages: Annotated[list[RegistryStage], each_once("stages", "stage")] | None = unknown(
        "The lifecycle stages a model version moves through."
    )
    versioning: Versioning | None = unknown(
        "How model versions are numbered: semantic or incremental."
    )
    immutable: bool | None = unknown("Whether a registered version can never be overwritten.")


class Components(Section):
    experiment_tracking: ExperimentTracking = nested(
        ExperimentTracking, "Experiment tracking: tool, what is tracked, experiment groups."
    )
    model_registry: ModelRegistry = nested(
        ModelRegistry, "Model registry: tool, stages, versioning."
    )
    data_versioning: DataVersioningTool | None = unknown(
        f"Data versioning: {choices_text('data_versioning')}."
    )
    feature_store: FeatureStoreTool | None = unknown(
        f"Feature store: {choices_text('feature_store')}."
    )
    orchestrator: OrchestratorTool | None = unknown(
        f"Pipeline orchestrator: {choices_text('orchestrator')}."
    )
    data_validation: DataValidationTool | None = unknown(
        f"Data validation: {choices_text('data_validation')}."
    )
    monitoring: MonitoringTool | None = unknown(
        f"Production monitoring: {choices_text('monitoring')}."
    )


class Promotion(Section):
    """Criteria a staging model must meet to be promoted to production."""

    min_accuracy_gain_pct: Percent | None = unknown(
        "Promote only when the primary metric beats production by at least this much, in the "
        "gain unit (promotion.gain_unit; 0: at least as good)."
    )
    gain_unit: GainUnitChoice | None = unknown(
        "How a gain in the primary metric is counted, for the promotion gain, the human-review "
        "bound and the performance drop: points (x100, for 0-1 proportions such as AUC), "
        "percent (a change relative to production, for errors and losses such as RMSE), units "
        "(the metric's own units) or auto (points for proportions, percent for errors and "
        "losses; a metric the wizard does not know must be told)."
    )
    min_metric_value: float | None = unknown(
        "The value of the primary metric a first model must reach (no baseline to beat yet)."
    )
    max_latency_ms: float | None = unknown(
        "Promote only when p95 inference latency stays below this many milliseconds; null for "
        "no latency criterion (batch scoring).",
        gt=0,
        le=600_000,
    )
    require_leakage_check: bool | None = unknown(
        "Require a check that no target or future data leaked into the features."
    )
    require_bias_checks: bool | None = unknown(
        "Require fairness and bias checks on the important slices to pass."
    )
    approver: NonEmptyText | None = unknown(
        "Who approves the promotion; null means no manual gate."
    )


#: How often the monitoring job may run, by keyword; a cron may be given instead.
CADENCE_KEYWORDS: tuple[str, ...] = ("hourly", "daily", "weekly")


class Drift(Section):
    psi_threshold: float | None = unknown(
        "Population Stability Index above which a key feature counts as drifted (0 < psi ≤ 1).",
        gt=0,
        le=1,
    )
    key_features: Annotated[list[NonEmptyText], each_once("features", "feature")] | None = unknown(
        "The features whose drift triggers retraining."
    )
    max_missing_pct: Percent | None = unknown(
        "Above this share (percent) of NULL, NaN and infinite values in a key feature, a "
        "monitoring window cannot be judged: drift says so and exits 4 instead of passing it."
    )
    cadence: str | None = unknown(
        "How often the monitoring job checks drift: hourly, daily, weekly, or a 5-field cron "
        "that fires at most once an hour."
    )

    @field_validator("cadence")
    @classmethod
    def _cadence_valid(cls, cadence: str | None) -> str | None:
        if cadence is None:
            return None
        cadence = " ".join(cadence.split())
        if cadence in CADENCE_KEYWORDS:
            return cadence
        allowed = "(allowed: hourly, daily, weekly or a 5-field cron firing at most hourly)"
        problem = cron_problem(cadence)
        if problem:
            raise ValueError(f"{problem} {allowed}")
        # One minute of the hour, or the job runs more than once an hour: the windows get
        # too small to judge, and GitLab.com's free tier runs schedules at most hourly.
        if not cadence.split()[0].isdigit():
            raise ValueError(f"{cadence!r} fires more than once an hour {allowed}")
        return cadence


class WindowRule(Section):
    """Retrain when at least ``breaches`` of the last ``windows`` evaluation windows breach."""

    breaches: int = Field(
        ge=1, le=100, description="How many windows must breach the threshold (k)."
    )
    windows: int = Field(ge=1, le=100, description="How many recent windows are looked at (n).")

    @model_validator(mode="after")
    def _k_not_above_n(self) -> WindowRule:
        if self.breaches > self.windows:
            raise ValueError(
                f"breaches ({self.breaches}) exceeds windows ({self.windows}) "
                "(allowed: 1 ≤ breaches ≤ windows)"
            )
        return self


class Performance(Section):
    accuracy_drop_pct: Percent | None = unknown(
        "The performance trigger fires when the primary metric worsens by more than this "
        "much, in the gain unit (promotion.gain_unit)."
    )
    window_rule: WindowRule | None = unknown(
        "Optional k-of-n rule so one noisy window does not trigger retraining."
    )


class Retraining(Section):
    schedule: str | None = unknown("daily, weekly, monthly, a 5-field cron expression, or never.")
    drift: Drift = nested(Drift, "Drift trigger: PSI threshold and key features.")
    performance: Performance = nested(
        Performance, "Performance trigger: accuracy drop and window rule."
    )
    data_window_days: int | None = unknown(
        "How many days of recent data each retraining uses (1..3650).", ge=1, le=3650
    )
    human_review_above_pct: Percent | None = unknown(
        "A human reviews the new model when the primary metric changes by more than this much, "
        "in the gain unit (promotion.gain_unit)."
    )
    canary_stages: list[int] | None = unknown(
        "Percent of traffic at each canary step; strictly increasing; ends at 100."
    )

    @field_validator("schedule")
    @classmethod
    def _schedule_valid(cls, schedule: str | None) -> str | None:
        if schedule is None:
            return None
        schedule = " ".join(schedule.split())
        if schedule in SCHEDULE_KEYWORDS or schedule == NEVER:
            return schedule
        problem = cron_problem(schedule)
        if problem:
            raise ValueError(
                f"{problem} (allowed: daily, weekly, monthly, never or a 5-field cron)"
            )
        return schedule

    @field_validator("canary_stages")
    @classmethod
    def _canary_valid(cls, stages: list[int] | None) -> list[int] | None:
        if stages is None:
            return None
        allowed = "(allowed: percentages in 1..100, strictly increasing, ending at 100)"
        if not stages:
            raise ValueError(f"is empty {allowed}")
        for stage in stages:
            if not 1 <= stage <= 100:
                raise ValueError(f"stage {stage} is outside 1..100 {allowed}")
        for before, after in itertools.pairwise(stages):
            if after <= before:
                raise ValueError(f"{after} does not increase on {before} {allowed}")
        if stages[-1] != 100:
            raise ValueError(f"ends at {stages[-1]}, not 100 {allowed}")
        return stages


class CICD(Section):
    triggers: Annotated[list[Trigger], each_once("triggers", "trigger")] | None = unknown(
        "What starts the pipeline: push, schedule, drift, manual."
    )
    stages: Annotated[list[Stage], each_once("stages", "stage")] | None = unknown(
        "The pipeline stages, in pipeline order."
    )
    manual_approval: bool | None = unknown(
        "Whether promotion to production waits for a person's approval."
    )
    commands: dict[Stage, Command] | None = unknown(
        "The shell command each stage runs; a stage left out runs `make <stage>`."
    )
    install: Script | None = unknown(
        "What each job runs before its stage, e.g. pip install -r requirements.txt; on "
        "premises, from your own index (PIP_INDEX_URL, see IMPLEMENTING.md).",
        min_length=1,
        max_length=500,
    )
    runner: Command | None = unknown(
        "The runner label jobs run on (ubuntu-latest, self-hosted, gpu, ...)."
    )
    python: str | None = unknown(
        'The Python version every job runs on, quoted (e.g. "3.11"); the scan proposes the '
        "one the repository pins."
    )

    @field_validator("python", mode="before")
    @classmethod
    def _python_version(cls, value: Any) -> Any:
        allowed = '(allowed: a Python 3 version as quoted text, e.g. "3.11" or "3.10.4")'
        if isinstance(value, int | float) and not isinstance(value, bool):
            # YAML reads 3.10 as the number 3.1: a version must be quoted.
            raise ValueError(f"{value} is a number, not a version {allowed}")
        if isinstance(value, str) and not _PYTHON_VERSION.fullmatch(value):
            raise ValueError(f"{value!r} is no Python 3 version {allowed}")
        return value

    @field_validator("stages")
    @classmethod
    def _stages_in_order(cls, stages: list[str] | None) -> list[str] | None:
        if stages is None:
            return None
        positions = [STAGE_ORDER.index(stage) for stage in stages]
        if positions != sorted(positions):
            raise ValueError(f"stages are out of order (allowed order: {', '.join(STAGE_ORDER)})")
        return stages


class WizardState(Section):
    step: Step | None = unknown("The interactive session's step, where it resumes.")


class Answers(Section):
    """Everything the user said. Only ``schema_version`` is required."""

    schema_version: Literal[1] = Field(
        description="Version of this file's format; this release reads 1."
    )
    project: Project = nested(Project, "The project: name, description, CI platform, cloud.")
    maturity: Maturity = nested(
        Maturity, "The seven maturity questions, each yes, partial, no or unknown."
    )
    components: Components = nested(Components, "The chosen tool for each concern.")
    workload: Workload = nested(Workload, "What the model is and how its predictions are used.")
    governance: Governance = nested(Governance, "The review regime and the frameworks that apply.")
    deployment: Deployment = nested(Deployment, "How a new version reaches production.")
    promotion: Promotion = nested(Promotion, "Staging to production promotion criteria.")
    retraining: Retraining = nested(Retraining, "Retraining schedule, triggers and canary rollout.")
    cicd: CICD = nested(CICD, "The CI/CD pipeline: triggers, stages, manual approval, commands.")
    calibration: Calibration | None = unknown(
        "Written by `mlops-wizard calibrate --write`: the thresholds tuned on your data."
    )
    wizard: WizardState = nested(WizardState, "Written by the interactive session.")

    @field_validator("schema_version", mode="before")
    @classmethod
    def _version_is_a_number(cls, value: Any) -> Any:
        # Literal[1] alone takes true, which equals 1 in Python.
        if isinstance(value, bool):
            raise ValueError(
                f"{'true' if value else 'false'} is a boolean, not a schema version (allowed: 1)"
            )
        return value


def empty_answers() -> Answers:
    """An answers model in which everything is unknown."""
    return Answers(schema_version=SCHEMA_VERSION)
