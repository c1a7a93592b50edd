"""Risk rules about practice rather than thresholds: how the capabilities the team has fit
together, and how much change the design asks of it at once."""

from __future__ import annotations

from wizard.engine.resolve import Effective
from wizard.engine.workload import needs_online_features
from wizard.model.design import Risk

FEATURE_STORE_MIN_KEY_FEATURES = 3

#: More capabilities than this still to build, at level 0 or 1, is a big-bang adoption.
BIG_BANG_MIN_MISSING = 5

_FEATURES = "retraining.drift.key_features"
_TRIGGERS = "cicd.triggers"


def retraining_not_triggered(e: Effective, level: int) -> Risk | None:
    if e.capabilities["automated_retraining"] != "yes":
        return None
    if e.locked:
        return Risk(
            "R23-retraining-not-triggered",
            "medium",
            "Automated retraining, but the model is locked",
            "Retraining is reported as automated, but the model is locked: nothing retrains "
            "on its own, and any change is a new release under change control. Correct the "
            "maturity answer, or unlock the model under its change-control plan.",
            ("maturity.automated_retraining", "governance.locked"),
        )
    if e.retrains_on_schedule or "drift" in e.triggers:
        return None
    return Risk(
        "R23-retraining-not-triggered",
        "medium",
        "Automated retraining with no automatic trigger",
        "Retraining is reported as automated, but the pipeline runs on neither a schedule "
        "nor drift. Add the schedule or drift trigger, or correct the maturity answer.",
        ("maturity.automated_retraining", _TRIGGERS),
    )


def feature_store_missing(e: Effective, level: int) -> Risk | None:
    if level < 2 or e.tools["feature_store"] != "none" or not needs_online_features(e):
        return None
    if len(e.key_features) < FEATURE_STORE_MIN_KEY_FEATURES:
        return None
    return Risk(
        "R24-feature-store-missing",
        "low",
        "Features computed twice, for training and serving",
        f"With {len(e.key_features)} key features and automated pipelines, features are "
        "computed once in training and again in serving; the two drift apart (training/"
        "serving skew). Consider the feature store Tool Recommendations names, or one shared "
        "feature module.",
        ("components.feature_store", _FEATURES),
    )


def big_bang_adoption(e: Effective, level: int) -> Risk | None:
    if level > 1:
        return None
    # Only answers that say a capability is missing count: an unknown is a gap, not a plan.
    missing = [key for key, value in e.capabilities.items() if value in ("no", "partial")]
    if len(missing) < BIG_BANG_MIN_MISSING:
        return None
    return Risk(
        "R25-big-bang-adoption",
        "medium",
        f"{len(missing)} capabilities to build at once from level {level}",
        "Tools adopted all at once are adopted badly. Follow the roadmap's phases in order "
        "and start the next only when the last is in daily use.",
        tuple(f"maturity.{key}" for key in missing),
    )


def deploying_untested(e: Effective, level: int) -> Risk | None:
    if e.capabilities["ci_cd_for_models"] not in ("yes", "partial"):
        return None
    if e.capabilities["automated_tests"] != "no":
        return None
    return Risk(
        "R26-deploying-untested",
        "high",
        "Models are deployed automatically, but nothing is tested",
        "CI/CD deploys models while no automated test covers the data, features or training "
        "code: a broken feature reaches production as fast as a good one. Add tests that run "
        "in the validate_data and train_model stages before automating further.",
        ("maturity.ci_cd_for_models", "maturity.automated_tests"),
    )


def retraining_blind(e: Effective, level: int) -> Risk | None:
    if e.capabilities["automated_retraining"] != "yes" or e.capabilities["monitoring"] != "no":
        return None
    return Risk(
        "R27-retraining-blind",
        "medium",
        "Automated retraining with no monitoring",
        "Retraining is automated but production is not monitored: drift cannot trigger it, "
        "and nobody sees whether a retrained model is better or worse in production. Monitor "
        "inputs and predictions before relying on automated retraining.",
        ("maturity.automated_retraining", "maturity.monitoring"),
    )
