"""Every label the product shows, defined once: the document, the forms, the reports and
the errors all read them here ("CI/CD for models", never "Ci cd for models")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import get_args

from wizard.model.answers import STAGE_ORDER, Step, TrackedItem
from wizard.model.catalog import CONCERNS
from wizard.model.evidence import Category
from wizard.model.kinds import MODEL_KINDS
from wizard.model.plans import RolloutStrategy
from wizard.model.platforms import PLATFORM_NAMES
from wizard.model.serving import SERVING_MODES

#: Component concern -> its label (each concern's, in the tool catalog).
CONCERN_LABELS: dict[str, str] = {concern.key: concern.label for concern in CONCERNS}

#: Maturity capability -> its label; one that is also a concern reads as the concern does.
CAPABILITY_LABELS: dict[str, str] = {
    "experiment_tracking": CONCERN_LABELS["experiment_tracking"],
    "data_versioning": CONCERN_LABELS["data_versioning"],
    "model_registry": CONCERN_LABELS["model_registry"],
    "automated_tests": "Automated tests",
    "ci_cd_for_models": "CI/CD for models",
    "monitoring": CONCERN_LABELS["monitoring"],
    "automated_retraining": "Automated retraining",
}

#: Maturity level -> its name.
LEVEL_NAMES: dict[int, str] = {0: "Manual", 1: "Tracked", 2: "Automated", 3: "Full MLOps"}

#: Evidence category -> how reports name it; a concern's category reads as the concern.
CATEGORY_LABELS: dict[Category, str] = {
    "experiment_tracking": CONCERN_LABELS["experiment_tracking"],
    "model_registry": CONCERN_LABELS["model_registry"],
    "data_versioning": CONCERN_LABELS["data_versioning"],
    "feature_store": CONCERN_LABELS["feature_store"],
    "data_validation": CONCERN_LABELS["data_validation"],
    "monitoring": CONCERN_LABELS["monitoring"],
    "orchestration": CONCERN_LABELS["orchestrator"],
    "orchestrated_training": "Orchestrated training",
    "serving": "Model serving",
    "ci_cd": "CI/CD pipelines",
    "ci_schedule": "CI schedules",
    "ci_tests": "CI runs tests",
    "ci_training": "CI trains",
    "ci_deploy": "CI deploys",
    "commands": "The repository's own commands",
    "rollout": "Canary and rollout",
    "tests": "Tests",
    "container": "Containers",
    "notebooks": "Notebooks",
    "dependencies": "Dependency files",
    "runtime": "Python version",
    "cloud": "Cloud",
    "training_inputs": "Training inputs",
}

#: Cloud -> its name in a sentence ("on AWS", "native to Google Cloud").
CLOUD_NAMES: dict[str, str] = {
    "aws": "AWS",
    "gcp": "Google Cloud",
    "azure": "Azure",
    "on-prem": "on-premises",
    "other": "your platform",
}
#: "Training and serving run on ...": "other" reads as a place here.
CLOUD_PLACES: dict[str, str] = {**CLOUD_NAMES, "other": "another environment"}

#: The answers' budgets (``project.budget``), as the Project form lists them.
BUDGET_LABELS: dict[str, str] = {
    "minimal": "Minimal: the smallest stack, no service it can do without",
    "standard": "Standard",
    "enterprise": "Enterprise",
}

#: CI platform -> its name, as each platform's identity gives it.
CI_PLATFORM_NAMES: Mapping[str, str] = PLATFORM_NAMES


def _spoken(names: Iterable[str]) -> dict[str, str]:
    """Names as the forms show them: their underscores read as spaces."""
    return {name: name.replace("_", " ") for name in names}


#: Pipeline stage -> its label on forms.
STAGE_LABELS: dict[str, str] = _spoken(STAGE_ORDER)
#: Tracked item -> its label on forms.
TRACKED_ITEM_LABELS: dict[str, str] = _spoken(get_args(TrackedItem))

#: Session step -> its title.
STEP_TITLES: dict[Step, str] = {
    "project": "Project",
    "maturity": "Maturity",
    "components": "Components",
    "thresholds": "Thresholds",
    "cicd": "CI/CD",
    "review": "Review & Export",
}
#: Short names for the footer, where six steps share one line with the other keys.
STEP_SHORT_TITLES: dict[Step, str] = {**STEP_TITLES, "review": "Review"}

#: Where an effective value came from.
SOURCE_LABELS: dict[str, str] = {
    "answer": "your answer",
    "evidence": "repository scan",
    "default": "assumed: not answered",
}
#: Who chose a recommended tool.
CHOSEN_BY_LABELS: dict[str, str] = {
    "you": "you",
    "evidence": "repository scan",
    "recommended": "recommended",
}

#: A yes/no question's choices, as every form offers them.
BOOLEAN_CHOICES: tuple[tuple[str, bool], ...] = (("yes", True), ("no", False))

#: Serving mode -> its label (each mode's, in its table).
SERVING_LABELS: dict[str, str] = {mode.id: mode.label for mode in SERVING_MODES.values()}
#: Model kind -> its label (each kind's, in its table).
MODEL_KIND_LABELS: dict[str, str] = {kind.id: kind.label for kind in MODEL_KINDS.values()}
#: Governance regime -> its label.
REGIME_LABELS: dict[str, str] = {
    "none": "no formal review",
    "internal-review": "internal review",
    "regulated": "regulated",
}
#: Deployment strategy -> its label, as the strategy itself names it ("staged-cohorts" is
#: derived for edge, never answered).
STRATEGY_LABELS: dict[str, str] = {strategy.value: strategy.label for strategy in RolloutStrategy}
#: ``promotion.gain_unit`` -> its label on the form.
GAIN_UNIT_LABELS: dict[str, str] = {
    "auto": "auto (points for 0-1 proportions, percent for errors and losses)",
    "points": "points (×100 of a 0-1 metric)",
    "percent": "percent of production (a relative change)",
    "units": "the metric's own units",
}
