"""``gate`` counts a gain in the unit that fits its metric: points (x100) of a 0-1 proportion
such as AUC, percent of production for an error or a loss (RMSE, MAE, log loss, WAPE), or the
metric's own units when the answers say so. The minimum gain and the human-review bound are in
that same unit, and every line the gate prints says which.

Each case exports the fraud example's spec with the metric set (minimum gain 0.5, review bound
1, an approver: a change above the bound passes with a review line for the approver)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.spec_export import export_spec

CHECKS = {"latency_p95_ms": 41.0, "leakage_check_passed": True, "bias_checks_passed": True}


def _lower_is_better(metric: str) -> tuple[str, ...]:
    return (
        f"workload.primary_metric={metric}",
        "workload.higher_is_better=false",
        "workload.model_kind=tabular-regression",
    )


#: metric -> the answers that make it the primary metric (auto unit).
METRICS: dict[str, tuple[str, ...]] = {
    "rmse": _lower_is_better("rmse"),
    "mae": _lower_is_better("mae"),
    "logloss": _lower_is_better("logloss"),
    "wape": _lower_is_better("wape"),
    "auc": (),
}


@pytest.fixture(scope="module")
def specs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {metric: export_spec(tmp_path_factory, *sets) for metric, sets in METRICS.items()}


def _gate(run_cli, spec: Path, tmp_path: Path, candidate: float, production: float | None):
    evaluation = {"candidate": candidate, **CHECKS}
    if production is not None:
        evaluation["production"] = production
    path = tmp_path / "evaluation.json"
    path.write_text(json.dumps(evaluation))
    return run_cli("gate", str(path), "--spec", str(spec))


@pytest.mark.parametrize(
    ("metric", "production", "candidate", "passed_line"),
    [
        # RMSE 25.0 -> 24.85 is 0.6 % better: not "15 points".
        (
            "rmse",
            25.0,
            24.85,
            "gate: passed: rmse gain 0.6 % (minimum 0.5 %), candidate 24.85 against production 25",
        ),
        # MAE on parcel counts: 120 -> 119 is 0.83 % better.
        (
            "mae",
            120.0,
            119.0,
            "gate: passed: mae gain 0.833333333 % (minimum 0.5 %), candidate 119 against "
            "production 120",
        ),
        (
            "logloss",
            0.4,
            0.398,
            "gate: passed: logloss gain 0.5 % (minimum 0.5 %), candidate 0.398 against "
            "production 0.4",
        ),
        (
            "wape",
            0.2,
            0.1988,
            "gate: passed: wape gain 0.6 % (minimum 0.5 %), candidate 0.1988 against "
            "production 0.2",
        ),
        (
            "auc",
            0.82,
            0.826,
            "gate: passed: auc gain 0.6 points (minimum 0.5 points), candidate 0.826 against "
            "production 0.82",
        ),
    ],
)
def test_a_better_candidate_passes_with_its_gain_in_the_metric_unit(
    specs: dict[str, Path],
    tmp_path: Path,
    run_cli,
    metric: str,
    production: float,
    candidate: float,
    passed_line: str,
) -> None:
    result = _gate(run_cli, specs[metric], tmp_path, candidate, production)
    assert result.code == 0, result.err
    assert result.out.splitlines() == [passed_line]


@pytest.mark.parametrize(
    ("metric", "production", "candidate", "missed"),
    [
        # 25.0 -> 24.9 is 0.4 % better, short of the 0.5 % minimum (the old rule said
        # "10 points" and passed it).
        ("rmse", 25.0, 24.9, "rmse gain 0.4 % is below the minimum 0.5 %"),
        # Worse: the error grew.
        ("rmse", 25.0, 25.5, "rmse gain -2 % is below the minimum 0.5 %"),
        ("mae", 120.0, 126.0, "mae gain -5 % is below the minimum 0.5 %"),
        ("logloss", 0.4, 0.42, "logloss gain -5 % is below the minimum 0.5 %"),
        ("wape", 0.2, 0.21, "wape gain -5 % is below the minimum 0.5 %"),
        ("auc", 0.82, 0.81, "auc gain -1 point is below the minimum 0.5 points"),
        ("auc", 0.82, 0.824, "auc gain 0.4 points is below the minimum 0.5 points"),
    ],
)
def test_a_worse_or_too_small_gain_is_missed_in_the_metric_unit(
    specs: dict[str, Path],
    tmp_path: Path,
    run_cli,
    metric: str,
    production: float,
    candidate: float,
    missed: str,
) -> None:
    result = _gate(run_cli, specs[metric], tmp_path, candidate, production)
    assert result.code == 4
    assert result.err.splitlines() == [f"gate: missed: {missed}"]


@pytest.mark.parametrize(
    ("metric", "production", "candidate", "bound"),
    [
        ("rmse", 25.0, 24.0, "1 %"),  # 4 % better
        ("mae", 120.0, 100.0, "1 %"),
        ("logloss", 0.4, 0.3, "1 %"),
        ("wape", 0.2, 0.15, "1 %"),
        ("auc", 0.82, 0.9, "1 point"),
    ],
)
def test_a_change_above_the_review_bound_meets_a_person_in_the_same_unit(
    specs: dict[str, Path],
    tmp_path: Path,
    run_cli,
    metric: str,
    production: float,
    candidate: float,
    bound: str,
) -> None:
    result = _gate(run_cli, specs[metric], tmp_path, candidate, production)
    assert result.code == 0, result.err
    assert result.out.splitlines()[-1] == (
        f"gate: review: {metric}: the change is above the human-review bound of {bound}: it "
        "is reviewed at the approval before promotion"
    )


def test_a_change_within_the_review_bound_meets_nobody(
    specs: dict[str, Path], tmp_path: Path, run_cli
) -> None:
    # RMSE 25.0 -> 24.85 is 0.6 %: the old rule made it 15 points, far above the bound.
    result = _gate(run_cli, specs["rmse"], tmp_path, 24.85, 25.0)
    assert result.code == 0, result.err
    assert "review" not in result.out


def test_the_metric_own_units_when_the_answers_say_so(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, run_cli
) -> None:
    spec = export_spec(tmp_path_factory, *METRICS["rmse"], "promotion.gain_unit=units")
    passed = _gate(run_cli, spec, tmp_path, 24.3, 25.0)
    assert passed.code == 0, passed.err
    assert passed.out.splitlines()[0] == (
        "gate: passed: rmse gain 0.7 units (minimum 0.5 units), candidate 24.3 against "
        "production 25"
    )
    missed = _gate(run_cli, spec, tmp_path, 24.9, 25.0)
    assert missed.err.splitlines() == [
        "gate: missed: rmse gain 0.1 units is below the minimum 0.5 units"
    ]


def test_points_when_the_answers_say_so_for_an_error(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, run_cli
) -> None:
    """An answer other than auto stands: WAPE counted in points of its 0-1 value."""
    spec = export_spec(tmp_path_factory, *METRICS["wape"], "promotion.gain_unit=points")
    result = _gate(run_cli, spec, tmp_path, 0.19, 0.2)
    assert result.code == 0, result.err
    assert result.out.startswith("gate: passed: wape gain 1 point (minimum 0.5 points)")


@pytest.mark.parametrize(
    ("metric", "floor", "candidate", "code", "line"),
    [
        ("rmse", 30.0, 28.0, 0, "gate: passed: rmse 28 (first model, ceiling 30)"),
        ("rmse", 30.0, 31.0, 4, "gate: missed: rmse 31 is above the ceiling 30"),
        ("auc", 0.8, 0.83, 0, "gate: passed: auc 0.83 (first model, floor 0.8)"),
        ("auc", 0.8, 0.79, 4, "gate: missed: auc 0.79 is below the floor 0.8"),
    ],
)
def test_a_first_model_is_judged_on_its_floor_in_no_unit(
    tmp_path_factory: pytest.TempPathFactory,
    tmp_path: Path,
    run_cli,
    metric: str,
    floor: float,
    candidate: float,
    code: int,
    line: str,
) -> None:
    spec = export_spec(
        tmp_path_factory,
        *METRICS[metric],
        "workload.first_model=true",
        f"promotion.min_metric_value={floor}",
    )
    result = _gate(run_cli, spec, tmp_path, candidate, None)
    assert result.code == code, result.err
    lines = (result.out if code == 0 else result.err).splitlines()
    assert lines[0] == line


def test_a_relative_gain_from_zero_cannot_be_judged(
    specs: dict[str, Path], tmp_path: Path, run_cli
) -> None:
    result = _gate(run_cli, specs["mae"], tmp_path, 0.5, 0.0)
    assert result.code == 2
    (line,) = result.err.splitlines()
    assert line.endswith(
        "evaluation.json: production: 0 leaves no base for a change in percent of production "
        "(allowed: a production mae other than 0, or promotion.gain_unit: units in the "
        "answers, then re-export the spec)"
    )
