"""Each risk rule fires on a minimal triggering change and stays silent otherwise."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from typing import Any

import pytest

import wizard.engine.risks as package
from tests.engine.conftest import with_values
from wizard.engine import build_design
from wizard.engine.risks import RULES, SEVERITY_RANK
from wizard.model.answers import Answers
from wizard.model.defaults import DEFAULTS

TRIGGERS: list[tuple[str, dict[str, Any]]] = [
    ("R01-psi-too-loose", {"retraining.drift.psi_threshold": 0.3}),
    ("R02-psi-too-tight", {"retraining.drift.psi_threshold": 0.01}),
    ("R03-drift-without-key-features", {"retraining.drift.key_features": []}),
    ("R04-drift-without-monitoring", {"components.monitoring": "none"}),
    (
        "R05-review-bound-above-retrain-drop",
        {"retraining.human_review_above_pct": 3.0, "retraining.performance.accuracy_drop_pct": 2.0},
    ),
    ("R06-canary-first-step-large", {"retraining.canary_stages": [30, 100]}),
    ("R07-no-canary", {"retraining.canary_stages": [100]}),
    ("R08-unguarded-auto-promotion", {"cicd.manual_approval": False, "promotion.approver": None}),
    ("R09-approval-without-approver", {"cicd.manual_approval": True, "promotion.approver": None}),
    ("R10-retraining-without-data-versioning", {"components.data_versioning": "none"}),
    ("R11-promotion-without-registry", {"components.model_registry.tool": "none"}),
    (
        "R12-schedule-overlaps-window",
        {"retraining.schedule": "0 */2 * * *", "retraining.data_window_days": 365},
    ),
    ("R13-schedule-too-frequent", {"retraining.schedule": "*/5 * * * *"}),
    ("R28-psi-noise-at-window-size", {"workload.rows_per_window": 100}),
    # Locked: no retraining is automated, whatever the maturity answer says.
    (
        "R23-retraining-not-triggered",
        {"maturity.automated_retraining": "yes", "governance.locked": True},
    ),
    ("R50-gain-unit-unknown", {"workload.primary_metric": "uplift_score"}),
    ("R31-first-model-without-floor", {"workload.first_model": True}),
    (
        "R33-regulated-without-validator",
        {
            "governance.regime": "regulated",
            "promotion.approver": None,
            "cicd.manual_approval": False,
        },
    ),
    ("R35-strategy-does-not-fit", {"deployment.strategy": "canary", "workload.serving": "batch"}),
    ("R36-framework-obligations-unlisted", {"governance.frameworks": ["iso-42001"]}),
    (
        "R14-data-window-shorter-than-schedule",
        {"retraining.schedule": "monthly", "retraining.data_window_days": 7},
    ),
    ("R15-bias-checks-off", {"promotion.require_bias_checks": False}),
    ("R16-no-leakage-check", {"promotion.require_leakage_check": False}),
    ("R17-no-data-validation", {"components.data_validation": "none"}),
    (
        "R17-no-data-validation",
        {"cicd.stages": ["train_model", "evaluate_model", "register_model", "promote_production"]},
    ),
    (
        "R18-tracker-missing-versions",
        {"components.experiment_tracking.track": ["metrics", "code_version"]},
    ),
    (
        "R19-promote-without-evaluate",
        {"cicd.stages": ["validate_data", "train_model", "promote_production"]},
    ),
    (
        "R20-registry-without-stages",
        {"components.model_registry.stages": ["development", "production"]},
    ),
    (
        "R21-window-rule-degenerate",
        {"retraining.performance.window_rule": {"breaches": 1, "windows": 1}},
    ),
    (
        "R21-window-rule-degenerate",
        {"retraining.performance.window_rule": {"breaches": 3, "windows": 3}},
    ),
    ("R22-mutable-registry", {"components.model_registry.immutable": False}),
    (
        "R34-maturity-contradicts-tools",
        {"maturity.experiment_tracking": "yes", "components.experiment_tracking.tool": "none"},
    ),
    (
        "R23-retraining-not-triggered",
        {"maturity.automated_retraining": "yes", "cicd.triggers": ["push", "manual"]},
    ),
    (
        "R24-feature-store-missing",
        {
            "maturity.level_override": 2,
            "retraining.drift.key_features": ["amount", "country", "merchant"],
        },
    ),
    (
        "R25-big-bang-adoption",
        {
            f"maturity.{key}": "no"
            for key in ("data_versioning", "model_registry", "ci_cd_for_models", "monitoring")
        }
        | {"maturity.automated_tests": "partial"},
    ),
    (
        "R26-deploying-untested",
        {"maturity.ci_cd_for_models": "partial", "maturity.automated_tests": "no"},
    ),
    (
        "R27-retraining-blind",
        {
            "maturity.automated_retraining": "yes",
            "maturity.monitoring": "no",
            "cicd.triggers": ["schedule"],
        },
    ),
]

SILENT: list[tuple[str, dict[str, Any]]] = [
    ("PSI at the major band's edge", {"retraining.drift.psi_threshold": 0.25}),
    ("PSI at the fatigue bound", {"retraining.drift.psi_threshold": 0.05}),
    # Above the noise floor (about 0.0031 at 20,000 rows, two features judged daily), a
    # threshold is the size of shift chosen: never a finding, however far above.
    ("PSI far above the noise floor", {"workload.rows_per_window": 20000}),
    (
        "a small PSI over large windows is a small shift chosen, not noise",
        {"workload.rows_per_window": 30_000_000, "retraining.drift.psi_threshold": 0.001},
    ),
    (
        "an unknown metric with its unit given",
        {"workload.primary_metric": "uplift_score", "promotion.gain_unit": "units"},
    ),
    (
        "an unknown metric on a first model has no gain to count",
        {
            "workload.primary_metric": "uplift_score",
            "workload.first_model": True,
            "promotion.min_metric_value": 0.3,
        },
    ),
    (
        "a review bound above a drop that never fires (no labels)",
        {
            "retraining.human_review_above_pct": 3.0,
            "retraining.performance.accuracy_drop_pct": 2.0,
            "workload.label_delay_days": "never",
        },
    ),
    (
        "a frequent cron that never runs (locked)",
        {"retraining.schedule": "*/5 * * * *", "governance.locked": True},
    ),
    ("no schedule at all", {"retraining.schedule": "never"}),
    (
        "review bound equal to the retrain drop",
        {"retraining.human_review_above_pct": 2.0, "retraining.performance.accuracy_drop_pct": 2.0},
    ),
    ("canary starting at 25 %", {"retraining.canary_stages": [25, 100]}),
    (
        "daily retraining on 14 days",
        {"retraining.schedule": "daily", "retraining.data_window_days": 14},
    ),
    (
        "twice a day on a week of data",
        {"retraining.schedule": "0 3,15 * * *", "retraining.data_window_days": 7},
    ),
    (
        "monthly retraining on a month of data",
        {"retraining.schedule": "monthly", "retraining.data_window_days": 30},
    ),
    (
        "frequent cron with the schedule trigger off",
        {"retraining.schedule": "*/5 * * * *", "cicd.triggers": ["push", "drift"]},
    ),
    (
        "no drift trigger, no key features, no monitoring",
        {
            "cicd.triggers": ["push", "schedule"],
            "retraining.drift.key_features": [],
            "components.monitoring": "none",
        },
    ),
    (
        "no promotion stage, so no approval needed",
        {
            "cicd.stages": ["validate_data", "train_model", "evaluate_model"],
            "cicd.manual_approval": False,
            "promotion.approver": None,
            "components.model_registry.tool": "none",
        },
    ),
    ("approver without manual approval", {"cicd.manual_approval": False}),
    (
        "no tracker, nothing to track",
        {"components.experiment_tracking.tool": "none", "components.experiment_tracking.track": []},
    ),
    ("a real k-of-n rule", {"retraining.performance.window_rule": {"breaches": 2, "windows": 5}}),
    ("explicitly no window rule", {"retraining.performance.window_rule": None}),
    (
        "automated retraining with a schedule",
        {"maturity.automated_retraining": "yes", "cicd.triggers": ["schedule"]},
    ),
    (
        "many key features at level 1",
        {
            "maturity.level_override": 1,
            "retraining.drift.key_features": ["amount", "country", "merchant"],
        },
    ),
    ("two key features at level 3", {"maturity.level_override": 3}),
    (
        "four capabilities missing is a plan, not a big bang",
        {
            f"maturity.{key}": "no"
            for key in ("data_versioning", "model_registry", "ci_cd_for_models", "monitoring")
        },
    ),
    (
        "five capabilities missing at level 2 is the next step",
        {f"maturity.{key}": "no" for key in ("data_versioning", "model_registry", "monitoring")}
        | {"maturity.automated_retraining": "partial", "maturity.automated_tests": "partial"}
        | {"maturity.level_override": 2},
    ),
    (
        "CI/CD without tests answered unknown",
        {"maturity.ci_cd_for_models": "yes"},
    ),
    (
        "automated retraining with monitoring unknown",
        {"maturity.automated_retraining": "yes", "cicd.triggers": ["schedule"]},
    ),
]


def _risk_ids(answers: Answers) -> list[str]:
    return [risk.id for risk in build_design(answers).risks]


def test_the_safe_base_has_no_risk(safe_answers: Answers) -> None:
    assert _risk_ids(safe_answers) == []


@pytest.mark.parametrize(
    ("risk_id", "values"), TRIGGERS, ids=[f"{r}-{i}" for i, (r, _) in enumerate(TRIGGERS)]
)
def test_rule_fires_alone_on_its_trigger(
    make_answers: Callable[..., Answers], risk_id: str, values: dict[str, Any]
) -> None:
    design = build_design(make_answers(values))
    assert [risk.id for risk in design.risks] == [risk_id]
    risk = design.risks[0]
    assert risk.title and risk.message.endswith(".")
    assert set(risk.keys) & set(values), "a risk names the keys it concerns"


@pytest.mark.parametrize(("case", "values"), SILENT, ids=[case for case, _ in SILENT])
def test_rules_stay_silent_below_their_bound(
    make_answers: Callable[..., Answers], case: str, values: dict[str, Any]
) -> None:
    assert _risk_ids(make_answers(values)) == []


def test_every_rule_is_exercised_and_there_are_at_least_fifteen() -> None:
    fired = {risk_id for risk_id, _ in TRIGGERS}
    assert len(RULES) >= 15
    assert len(fired) == len(RULES)


def test_window_rule_messages_differ_for_one_and_for_all_windows(
    make_answers: Callable[..., Answers],
) -> None:
    single = build_design(
        make_answers({"retraining.performance.window_rule": {"breaches": 1, "windows": 1}})
    )
    every = build_design(
        make_answers({"retraining.performance.window_rule": {"breaches": 4, "windows": 4}})
    )
    assert "no rule" in single.risks[0].message
    assert "4 windows" in every.risks[0].message


def test_data_validation_message_names_what_is_missing(
    make_answers: Callable[..., Answers],
) -> None:
    no_tool = build_design(make_answers({"components.data_validation": "none"}))
    no_stage = build_design(make_answers({"cicd.stages": ["train_model", "evaluate_model"]}))
    assert "no data validation tool" in no_tool.risks[0].message
    assert "no validate_data stage" in no_stage.risks[0].message


def test_risks_sorted_by_severity_then_id(make_answers: Callable[..., Answers]) -> None:
    answers = make_answers(
        {
            "retraining.drift.psi_threshold": 0.01,
            "components.monitoring": "none",
            "components.model_registry.tool": "none",
            "promotion.require_bias_checks": False,
            "retraining.performance.window_rule": {"breaches": 1, "windows": 1},
            "cicd.manual_approval": False,
            "promotion.approver": None,
        }
    )
    risks = build_design(answers).risks
    keys = [(SEVERITY_RANK[risk.severity], risk.id) for risk in risks]
    assert keys == sorted(keys)
    assert risks[0].severity == "high"
    assert risks[-1].severity == "low"
    assert len(risks) == 6


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # 45-day chargeback labels: the 30-day window ends 45 days ago, so no R32 (retired).
        ("fraud-detection", ["R25-big-bang-adoption"]),
        # 0.15 at 250,000 rows a window is far above the noise floor (about 0.0002): the
        # size of shift the team chose to act on, which is no risk.
        ("churn-azure", []),
        (
            "recommender",
            [
                "R04-drift-without-monitoring",
                "R08-unguarded-auto-promotion",
                "R15-bias-checks-off",
                "R18-tracker-missing-versions",
                "R24-feature-store-missing",
            ],
        ),
        (
            "minimal",
            ["R03-drift-without-key-features", "R10-retraining-without-data-versioning"],
        ),
    ],
)
def test_examples_raise_exactly_their_risks(
    example: Callable[[str], Answers], name: str, expected: list[str]
) -> None:
    assert _risk_ids(example(name)) == expected


def test_defaults_only_miss_key_features_and_data_versioning() -> None:
    """No data versioning is assumed where nobody said one is used: R10 names the gap, at
    medium, until the answers or a scan say whether the data is versioned."""
    assert _risk_ids(DEFAULTS) == [
        "R03-drift-without-key-features",
        "R10-retraining-without-data-versioning",
    ]
    risk = next(risk for risk in build_design(DEFAULTS).risks if risk.id.startswith("R10"))
    assert risk.severity == "medium"
    scanned_none = with_values(DEFAULTS, {"maturity.data_versioning": "no"})
    high = next(risk for risk in build_design(scanned_none).risks if risk.id.startswith("R10"))
    assert high.severity == "high"


def test_every_rule_in_the_package_is_in_the_one_registry() -> None:
    """A rule written in a module of ``wizard.engine.risks`` but not listed would never run."""
    registered = set(RULES) | set(package.RULES_FOR_EVERY_MODEL)
    written = set()
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for _, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and (
                list(inspect.signature(function).parameters) == ["e", "level"]
            ):
                written.add(function)
    assert written == registered
    assert len(written) == 37  # main's 36 (R32 retired) and the gain unit left unknown
