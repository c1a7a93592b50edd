"""The wizard's defaults: what the engine assumes for an unknown answer, and what
``mlops-wizard new`` writes. Where a default comes from a public source, ``DEFAULT_SOURCES``
says which, so the document can cite it; a default without one is called what it is, a
starting value for the team to replace (never a source by another name).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wizard.model.answers import STAGE_ORDER, Answers
from wizard.model.catalog import CONCERNS
from wizard.model.kinds import MODEL_KINDS
from wizard.model.psi_bands import PSI_BANDS_CITATION, bands_in_words
from wizard.model.serving import SERVING_MODES

DEFAULTS = Answers.model_validate(
    {
        "schema_version": 1,
        "project": {
            "name": "my-ml-project",
            "description": "What the model predicts, and for whom.",
            "ci_platform": "github-actions",
            "cloud": "aws",
            # Unknown until answered: the design is sized for a team that can run a service.
            "team_size": None,
            "budget": "standard",
        },
        "maturity": {
            "experiment_tracking": "unknown",
            "data_versioning": "unknown",
            "model_registry": "unknown",
            "automated_tests": "unknown",
            "ci_cd_for_models": "unknown",
            "monitoring": "unknown",
            "automated_retraining": "unknown",
            "level_override": None,
        },
        "components": {
            "experiment_tracking": {
                "tool": "mlflow",
                "track": [
                    "hyperparameters",
                    "metrics",
                    "artifacts",
                    "code_version",
                    "data_version",
                    "environment",
                ],
                "experiments": ["baseline-models", "feature-engineering", "hyperparameter-tuning"],
            },
            "model_registry": {
                "tool": "mlflow",
                "stages": ["development", "staging", "production", "archived"],
                "versioning": "semantic",
                "immutable": True,
            },
            # No data versioning unless the scan finds it: a pipeline must never call a tool
            # the repository does not have.
            "data_versioning": "none",
            "feature_store": "none",
            "orchestrator": "github-actions",
            "data_validation": "great-expectations",
            "monitoring": "evidently",
        },
        "workload": {
            "serving": "online",
            "model_kind": "tabular-classification",
            "primary_metric": "accuracy",
            "higher_is_better": True,
            "label_delay_days": 0,
            # Unknown until answered: the PSI threshold is not judged against a window size.
            "rows_per_window": None,
            "first_model": False,
        },
        "governance": {"regime": "none", "frameworks": [], "locked": False},
        "deployment": {"strategy": "auto", "bake_minutes": 30},
        "promotion": {
            "min_accuracy_gain_pct": 0.5,
            "gain_unit": "auto",
            "min_metric_value": None,
            "max_latency_ms": 100,
            "require_leakage_check": True,
            "require_bias_checks": True,
            "approver": "ML lead",
        },
        "retraining": {
            "schedule": "weekly",
            "drift": {
                "psi_threshold": 0.1,
                "key_features": [],
                "max_missing_pct": 50.0,
                "cadence": "daily",
            },
            "performance": {"accuracy_drop_pct": 2.0, "window_rule": {"breaches": 2, "windows": 5}},
            "data_window_days": 30,
            "human_review_above_pct": 1.0,
            "canary_stages": [10, 50, 100],
        },
        "cicd": {
            "triggers": ["push", "schedule", "drift"],
            "stages": list(STAGE_ORDER),
            "manual_approval": True,
            "commands": {},
            "install": None,
            "runner": "ubuntu-latest",
            "python": "3.11",
        },
        "wizard": {"step": "project"},
    }
)

#: The answers a repository scan proposes (``wizard.engine.suggest``): ``mlops-wizard new``
#: leaves them unanswered, so that ``--repo`` fills them and the document never says "you
#: chose" of a default.
SCAN_FILLS: tuple[str, ...] = (
    *(concern.answer_key for concern in CONCERNS),
    "project.cloud",
    "cicd.install",
    "cicd.python",
)
#: Of those, the ones the scan only fills: an answer written another way (an install command,
#: a Python the team chose) is no disagreement with the repository.
FILLED_ONLY: frozenset[str] = frozenset({"cicd.install", "cicd.python"})

#: Where a default threshold comes from (cited in the generated document). The starting
#: values of the schedule, the window, the accuracy bounds, the canary steps and the latency
#: bound have no published source, so they are absent here and read as unsourced.
DEFAULT_SOURCES: dict[str, str] = {
    "retraining.drift.psi_threshold": (
        f"the PSI bands of credit-risk practice, {bands_in_words()} ({PSI_BANDS_CITATION}); "
        'Evidently 0.7\'s PSI (`method="psi"`, not its default method) flags drift at 0.1'
    ),
    "retraining.performance.window_rule": (
        "Databricks MLOps Stacks retrains when at least 2 of the last 5 windows breach"
    ),
    "deployment.bake_minutes": (
        "Argo Rollouts and Flagger hold each canary step for a set time before analysis"
    ),
}

#: The monitoring job's cron for each cadence keyword (UTC): at 17 minutes past, away from
#: the top of the hour, when the CI platforms' schedulers are busiest.
CADENCE_CRON: dict[str, str] = {
    "hourly": "17 * * * *",
    "daily": "17 5 * * *",
    "weekly": "17 5 * * 1",
}

#: The documented cron for each schedule keyword (UTC).
SCHEDULE_CRON: dict[str, str] = {
    "daily": "0 3 * * *",
    "weekly": "0 3 * * 1",
    "monthly": "0 3 1 * *",
}


def stated_description(description: str) -> str:
    """The project's description as a document states it: the default is a prompt ("What the
    model predicts, and for whom."), not a description, so it states nothing."""
    return "" if description == DEFAULTS.project.description else description


def fitting_defaults(answers: Answers) -> Mapping[str, tuple[Any, str]]:
    """Answer key -> (the default, what it fits) where the model kind or the serving mode
    has a better default than the design card's: a forecast is judged on WAPE and scored in
    batch, a stream is watched hourly. The kind and the mode are the answered ones, else
    their defaults (a kind's default serving mode included)."""
    workload = answers.workload
    kind = MODEL_KINDS[workload.model_kind or DEFAULTS.workload.model_kind or ""]
    fitting: dict[str, tuple[Any, str]] = {
        key: (value, f"a {kind.label} model") for key, value in kind.defaults.items()
    }
    serving_id = workload.serving or kind.defaults.get("workload.serving")
    mode = SERVING_MODES[serving_id or DEFAULTS.workload.serving or ""]
    fitting |= {key: (value, f"{mode.label} serving") for key, value in mode.defaults.items()}
    return fitting
