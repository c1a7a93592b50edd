"""Policies: the retraining policy (with its k-of-n window rule) and the CI/CD pipeline
design, from the effective answers (promotion criteria: ``promotion``; rollout: ``rollout``).

The pipeline's ``environment`` is the contract with the CI generator: exact variable names,
values as deterministic strings (``0.1`` -> ``"0.1"``, ``100.0`` -> ``"100"``, booleans
``"true"``/``"false"``, lists comma-joined without spaces).
"""

from __future__ import annotations

from wizard.engine.monitoring import false_alarms_per_year, noise_floor
from wizard.engine.resolve import Effective
from wizard.engine.schedule import cron_of, describe_schedule
from wizard.engine.scope import suite_stage
from wizard.engine.workload import input_checks_text
from wizard.model.answers import STAGE_ORDER
from wizard.model.catalog import catalog_entry
from wizard.model.design import PipelineDesign, PipelineStage, RetrainingPolicy, TriggerRule
from wizard.model.formatting import boolean, join_words, number
from wizard.model.metrics import GainUnit
from wizard.model.platforms import identity
from wizard.model.psi_bands import PsiBand
from wizard.model.wording import count, in_unit
from wizard.model.workload import NEVER

#: Stage id -> (title, one-sentence description).
STAGE_TEXT: dict[str, tuple[str, str]] = {
    "validate_data": (
        "Validate data",
        "Checks the training data against its expectations before anything trains on it.",
    ),
    "train_model": (
        "Train model",
        "Trains a candidate model on the data window and logs the run to the tracker.",
    ),
    "evaluate_model": (
        "Evaluate model",
        "Compares the candidate with production and fails the pipeline when it misses the "
        "promotion criteria.",
    ),
    "register_model": (
        "Register model",
        "Registers the candidate as a new immutable version in the model registry.",
    ),
    "deploy_staging": (
        "Deploy to staging",
        "Deploys the registered version to staging and runs smoke tests against it.",
    ),
    "promote_production": (
        "Promote to production",
        "Releases the version through the deployment strategy's steps, signed where required; "
        "the last step marks it as production.",
    ),
}


def stage_checks(e: Effective, name: str) -> str:
    """What stage ``name`` checks before the next may start (the seed design's checks)."""
    validator = catalog_entry("data_validation", e.tools["data_validation"])
    registry = catalog_entry("model_registry", e.tools["model_registry"])
    if name == "validate_data":
        # A table validator checks columns; a model that reads images, audio or text has
        # its inputs checked in the stage's own code.
        fits = validator.id != "none" and (e.kind.columns or not validator.tabular_only)
        how = f" with {validator.name}" if fits else " in the stage's own code"
        return f"{input_checks_text(e)}{how}, on the data window"
    if name == "train_model":
        return "the run is logged with its data version"
    if name == "evaluate_model":
        return "the promotion criteria, against production on the same data"
    if name == "register_model":
        if registry.id == "none":
            return "no registry: the model file is stored with its run"
        return f"an immutable version in {registry.name}, marked staging"
    if name == "deploy_staging":
        return e.serving_mode.staging_check
    return "the release below, production marked last"


def gate_statement(e: Effective) -> str:
    """Who or what lets a model into production, decided once from ``Effective``."""
    if not e.covered:
        if "evaluate_model" in e.commands:
            return "your evaluation suite gates every change; this design proposes no promotion"
        return "this design proposes no pipeline for this model"
    if "promote_production" not in e.stages:
        return "no stage promotes to production: a person deploys the registered version by hand"
    if e.approval_gate:
        who = e.approver if e.approver is not None else "a named approver (none named yet)"
        independent = ", never the model's developer," if e.governed else ""
        return (
            f"promotion to production waits for the approval of {who}{independent} once the "
            "criteria pass"
        )
    return "promotion to production is automatic once the criteria pass: no person approves it"


#: What a change above the human-review bound meets, as ``mlops-wizard gate`` applies it:
#: (as a retraining step, as the trigger table's action).
_REVIEW_HOLDS: dict[str, tuple[str, str]] = {
    "approval": ("held for the approver", "Hold promotion until {reviewer} reviews the change"),
    "by hand": (
        "flagged in the run's log for whoever deploys it by hand",
        "Flag the change in the run's log for whoever deploys it by hand",
    ),
    "gate": (
        "stopped at the gate until reviewed (`REVIEWED_BY`)",
        "Stop the run at the gate until a person reviews it (`REVIEWED_BY`)",
    ),
}


def _review_hold(e: Effective) -> tuple[str, str]:
    if e.approval_gate:
        return _REVIEW_HOLDS["approval"]
    # Without an approval, the gate is where the run waits, unless nothing promotes at all.
    return _REVIEW_HOLDS["gate" if e.promotes_automatically else "by hand"]


def retraining_steps(e: Effective) -> tuple[str, ...]:
    """The retraining pipeline as every trigger runs it, step by step."""
    review = _review_hold(e)[0]
    lag = e.training_window_lag_days
    fetch = (
        f"Fetch the data window from the source (it ends {count(lag, 'day')} before today)."
        if lag
        else "Fetch the latest data from the source over the data window."
    )
    if e.locked:
        return (
            "Open a change request: the model is locked, so a new version is trained only "
            "under change control, never by a trigger alone.",
            fetch,
            "Train the candidate from the change request's configuration, logged to the tracker.",
            "Verify it by the change control protocol and the promotion criteria.",
            "Release it as a new version after the sign-off (Model Registry), by the "
            "deployment strategy below.",
        )
    return (
        fetch,
        "Train from the production model's configuration, logged to the tracker.",
        "Evaluate against the production model on the same data, by the promotion criteria.",
        f"Human review: a change above the human-review bound is {review}.",
        "Deploy by the deployment strategy below, after the sign-off (Model Registry).",
    )


def _window_text(e: Effective) -> str:
    # The k-of-n rule itself is stated once, in its own row under the trigger table.
    if e.window_rule is None:
        return "in the latest evaluation window"
    return "under the window rule"


#: What a locked model's triggers do instead of retraining: alert, and leave any change to a
#: new release under change control.
LOCKED_ACTION = "Alert the model owner; no automatic retraining (a change is a new release)"


def _schedule_row(e: Effective, retrain: str) -> tuple[str, str, str, bool]:
    if e.schedule == NEVER:
        return ("Schedule", "never (`retraining.schedule: never`)", "—", False)
    if e.locked:
        return (
            "Schedule",
            describe_schedule(e.schedule),
            "None: the model is locked",
            False,
        )
    return (
        "Schedule",
        describe_schedule(e.schedule),
        # The window by its size: the row says what a scheduled run trains on.
        f"{retrain.capitalize()} on the last {count(e.data_window_days, 'day')}"
        + (f" ending {count(lag, 'day')} ago" if (lag := e.training_window_lag_days) else ""),
        e.retrains_on_schedule,
    )


def _performance_row(e: Effective, retrain: str) -> tuple[str, str, str, bool]:
    metric = e.primary_metric
    if not e.labels_return:
        return (
            "Performance",
            "none: no labels come back from production (offline evaluation and prediction "
            "drift stand in)",
            "—",
            False,
        )
    drop = in_unit(e.accuracy_drop_pct, e.gain_unit)
    return (
        "Performance",
        f"{metric} worsens by more than {drop} {_window_text(e)}{late_text(e)}",
        LOCKED_ACTION if e.locked else f"Alert and {retrain}",
        e.drift_watched,
    )


def late_text(e: Effective) -> str:
    # A late label's delay is stated once, under the Late labels note; here, only the rule.
    return ", on labelled windows" if e.label_delay_days else ""


def retraining_policy(e: Effective) -> RetrainingPolicy:
    cron = None if e.schedule == NEVER else cron_of(e.schedule)
    rows, judged = e.rows_per_window, len(e.key_features)
    windows = e.monitoring_windows_per_year
    features = join_words(e.key_features) if e.key_features else "the key features (none named)"
    reviewer = e.approver or "a person"
    # A regulated retrain proposes a candidate; that it then waits for revalidation is said
    # once, under the table. A locked model never retrains on a trigger: it opens a change.
    if e.locked:
        retrain = "open a change request (no automatic retraining)"
    elif e.regime == "regulated":
        retrain = "propose a retrain"
    else:
        retrain = "retrain"
    metric = e.primary_metric
    # A drift trigger with nothing watching production never fires: off, not on. Monitoring
    # fires the performance trigger through the drift trigger too (wiring: IMPLEMENTING.md).
    watched = e.drift_watched
    review = _review_hold(e)[1].format(reviewer=reviewer)
    # A change the gate stops for review passes only in a run started by hand with
    # REVIEWED_BY: that run must be possible even when manual runs were not asked for.
    rerun = e.promotes_automatically
    # (trigger, condition, action, enabled); the data window is stated once, under the table.
    table: tuple[tuple[str, str, str, bool], ...] = (
        _schedule_row(e, retrain),
        (
            "Drift",
            f"PSI > {number(e.psi_threshold)} on {features}",
            LOCKED_ACTION if e.locked else f"Alert the model owner and {retrain}",
            watched,
        ),
        _performance_row(e, retrain),
        (
            "Human review",
            f"the candidate's {metric} differs from production's by more than "
            f"{in_unit(e.human_review_above_pct, e.gain_unit)}",
            review,
            True,
        ),
        (
            "Manual",
            "someone starts the pipeline by hand"
            + ("" if "manual" in e.triggers or not rerun else ", to pass a reviewed change"),
            "Train a candidate for a new release, under change control"
            if e.locked
            else f"{retrain.capitalize()} now",
            # With no trigger that starts it, a person is the only way the pipeline runs.
            "manual" in e.triggers or rerun or not e.pipeline_triggers,
        ),
    )
    # A locked model's rows alert; only a person starts a run, as a new release.
    triggers = tuple(
        TriggerRule(*row, retrains=not e.locked or row[0] == "Manual") for row in table
    )
    return RetrainingPolicy(
        schedule=e.schedule,
        psi_threshold=e.psi_threshold,
        key_features=e.key_features,
        accuracy_drop_pct=e.accuracy_drop_pct,
        data_window_days=e.data_window_days,
        human_review_above_pct=e.human_review_above_pct,
        max_missing_pct=e.max_missing_pct,
        cron=cron,
        band=PsiBand.of(e.psi_threshold),
        window_breaches=e.window_rule[0] if e.window_rule else None,
        window_count=e.window_rule[1] if e.window_rule else None,
        triggers=triggers,
        gain_unit=e.gain_unit,
        psi_noise_floor=None if rows is None else noise_floor(rows, judged, windows),
        psi_false_alarms_per_year=(
            None if rows is None else false_alarms_per_year(e.psi_threshold, rows, judged, windows)
        ),
        monitoring_windows_per_year=windows,
        steps=retraining_steps(e),
        window_ends_days_ago=e.training_window_lag_days,
    )


def pipeline_environment(e: Effective) -> dict[str, str]:
    """The policy thresholds, by the exact variable names the CI generator passes to jobs.

    Every change in the primary metric is in ``PROMOTION_GAIN_UNIT`` (points, percent or
    units; empty when the design has none yet); ``PROMOTION_MIN_GAIN_POINTS``, the gain's
    earlier name, is kept only while the unit is points, so it never holds anything else."""
    unit = e.gain_unit
    environment = {
        "PROMOTION_PRIMARY_METRIC": e.primary_metric,
        "PROMOTION_HIGHER_IS_BETTER": boolean(e.higher_is_better),
        "PROMOTION_GAIN_UNIT": "" if unit is None else unit.value,
        "PROMOTION_MIN_GAIN": number(e.min_accuracy_gain_pct),
    }
    if unit is GainUnit.POINTS:
        environment["PROMOTION_MIN_GAIN_POINTS"] = number(e.min_accuracy_gain_pct)
    environment["PROMOTION_FIRST_MODEL"] = boolean(e.first_model)
    if e.min_metric_value is not None:
        environment["PROMOTION_MIN_METRIC_VALUE"] = number(e.min_metric_value)
    if e.latency_criterion_ms is not None:
        environment["PROMOTION_MAX_LATENCY_MS"] = number(e.latency_criterion_ms)
    environment |= {
        "PROMOTION_REQUIRE_LEAKAGE_CHECK": boolean(e.require_leakage_check),
        "PROMOTION_REQUIRE_BIAS_CHECKS": boolean(e.require_bias_checks),
        "DRIFT_PSI_THRESHOLD": number(e.psi_threshold),
        "DRIFT_KEY_FEATURES": ",".join(e.key_features),
    }
    if e.labels_return:
        environment["RETRAIN_METRIC_DROP"] = number(e.accuracy_drop_pct)
    if e.window_rule is not None:
        environment["RETRAIN_WINDOW_BREACHES"] = str(e.window_rule[0])
        environment["RETRAIN_WINDOW_COUNT"] = str(e.window_rule[1])
    environment["HUMAN_REVIEW_ABOVE"] = number(e.human_review_above_pct)
    environment["DATA_WINDOW_DAYS"] = str(e.data_window_days)
    if e.training_window_lag_days:
        # The training job's window ends this many days ago: newer rows lack their labels.
        environment["DATA_WINDOW_ENDS_DAYS_AGO"] = str(e.training_window_lag_days)
    environment["DEPLOYMENT_STRATEGY"] = e.rollout_strategy.value
    environment["BAKE_MINUTES"] = str(e.bake_minutes)
    if e.labels_return:
        # When a candidate's labelled predictions can be compared (the comparator's wait).
        environment["LABEL_DELAY_DAYS"] = str(e.label_delay_days)
    if e.rollout_strategy.staged:
        environment["CANARY_STAGES"] = ",".join(str(stage) for stage in e.canary_stages)
    return environment


def pipeline_design(e: Effective, watched: tuple[str, ...] = ()) -> PipelineDesign:
    """The CI/CD pipeline: chosen stages in STAGE_ORDER, each needing the one before;
    ``watched`` the paths a push must change (``wizard.engine.watched_paths``).

    The approval gate follows ``Effective.approval_gate``, the one rule for it.
    """
    stages: list[PipelineStage] = []
    if (suite := suite_stage(e)) is not None:
        stages.append(suite)
    previous: str | None = None
    for name in STAGE_ORDER if e.covered else ():
        if name not in e.stages:
            continue
        title, description = STAGE_TEXT[name]
        stages.append(
            PipelineStage(
                name=name,
                title=title,
                command=e.commands.get(name, f"make {name}"),
                needs=previous,
                description=description,
                checks=stage_checks(e, name),
            )
        )
        previous = name
    platform = identity(e.ci_platform)
    # A locked model is never retrained on a timer or an alert: they start no run. A model the
    # design does not cover keeps only its evaluation suite, run on a push (or by hand).
    if e.covered:
        # A locked model's drift alert opens a change request: it starts no run either.
        triggers = e.pipeline_triggers
    else:
        triggers = tuple(t for t in e.triggers if t in ("push", "manual")) or ("push",)
    return PipelineDesign(
        triggers=triggers,
        install=e.install,
        runner=e.runner,
        python=e.python,
        platform=e.ci_platform,
        platform_name=platform.name,
        path=platform.ci_path,
        stages=tuple(stages),
        manual_approval=e.approval_requested,
        approval_gate=e.approval_gate,
        approver=e.approver,
        environment=pipeline_environment(e) if e.covered else {},
        gate_statement=gate_statement(e),
        watched_paths=watched,
    )
