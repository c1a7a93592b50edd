"""The promotion gate, run for real: the script a generated pipeline carries passes a
candidate that meets the criteria and fails, one line per miss, one that does not."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.render.ci.designs import make_design
from tests.render.ci.views import PipelineView
from tests.render.parts import promotion
from wizard.engine.promotion import missed_criteria
from wizard.render.ci import pipeline_document, render_ci
from wizard.render.ci.gate import GATE_STEP_NAME

GOOD = {
    "candidate": 0.83,
    "production": 0.82,
    "latency_p95_ms": 42.0,
    "leakage_check_passed": True,
    "bias_checks_passed": True,
}
BASH = shutil.which("bash")


def gate_step(**design_options: Any) -> dict[str, Any]:
    document = pipeline_document(make_design("github-actions", **design_options))
    steps = document["jobs"]["evaluate_model"]["steps"]
    return next(step for step in steps if step.get("name") == GATE_STEP_NAME)


def run_gate(
    tmp_path: Path, evaluation: object, **design_options: Any
) -> subprocess.CompletedProcess[str]:
    """Run the gate as the runner would: bash, the step's env, the repository as cwd."""
    step = gate_step(**design_options)
    tmp_path.mkdir(parents=True, exist_ok=True)
    if evaluation is not None:
        report = tmp_path / "metrics" / "evaluation.json"
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(evaluation if isinstance(evaluation, str) else json.dumps(evaluation))
    # The script calls python3; make it this interpreter, whatever the machine has.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "python3").symlink_to(sys.executable)
    env = {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", **step["env"]}
    assert BASH is not None
    return subprocess.run(
        [BASH, "-e", "-c", step["run"]], cwd=tmp_path, env=env, capture_output=True, text=True
    )


pytestmark = pytest.mark.skipif(BASH is None, reason="the gate is a bash step")


def test_candidate_meeting_the_criteria_passes(tmp_path: Path) -> None:
    result = run_gate(tmp_path, GOOD)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "meets the promotion criteria" in result.stdout


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"candidate": 0.824}, "accuracy gain 0.4 points is below the minimum 0.5"),
        ({"candidate": 0.81}, "accuracy gain -1.0 points is below the minimum 0.5"),
        ({"latency_p95_ms": 100}, "p95 latency 100.0 ms is not below 100.0 ms"),
        ({"leakage_check_passed": False}, "the data leakage check did not pass"),
        ({"bias_checks_passed": False}, "the bias checks did not pass"),
    ],
)
def test_each_missed_criterion_fails_with_its_line(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    result = run_gate(tmp_path, {**GOOD, **change})
    assert result.returncode == 1
    assert f"promotion gate: {message}" in result.stdout.splitlines()


def test_every_miss_is_reported(tmp_path: Path) -> None:
    bad = {**GOOD, "latency_p95_ms": 500, "bias_checks_passed": False}
    lines = run_gate(tmp_path, bad).stdout.splitlines()
    assert lines == [
        "promotion gate: p95 latency 500.0 ms is not below 100.0 ms",
        "promotion gate: the bias checks did not pass",
    ]


def test_checks_not_required_are_not_enforced(tmp_path: Path) -> None:
    relaxed = promotion(None, require_leakage_check=False, require_bias_checks=False)
    report = {"candidate": 0.83, "production": 0.82, "latency_p95_ms": 42}
    assert run_gate(tmp_path / "relaxed", report, promotion=relaxed).returncode == 0
    strict = run_gate(tmp_path / "strict", report)
    assert strict.returncode == 1
    assert "leakage_check_passed must be true or false, got None" in strict.stderr


@pytest.mark.parametrize(
    ("evaluation", "message"),
    [
        (None, "promotion gate: cannot read metrics/evaluation.json"),
        ("{not json", "promotion gate: cannot read metrics/evaluation.json"),
        ("[1, 2]", "must hold a JSON object"),
        ({**GOOD, "candidate": "high"}, "candidate must be a number, got 'high'"),
        ({**GOOD, "latency_p95_ms": True}, "latency_p95_ms must be a number, got True"),
    ],
)
def test_a_broken_report_fails_with_a_clear_line(
    tmp_path: Path, evaluation: object, message: str
) -> None:
    result = run_gate(tmp_path, evaluation)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_big_change_asks_for_review(tmp_path: Path) -> None:
    result = run_gate(tmp_path, {**GOOD, "candidate": 0.85})
    assert result.returncode == 0
    assert "accuracy changed by 3.0 points (> 1.0): review at the approval" in result.stdout


def test_an_equal_candidate_passes_when_the_minimum_gain_is_zero(tmp_path: Path) -> None:
    criteria = promotion(min_accuracy_gain_pct=0.0)
    equal = {**GOOD, "candidate": 0.82}
    assert run_gate(tmp_path / "zero", equal, promotion=criteria).returncode == 0
    assert missed_criteria(criteria, equal) == ()
    assert run_gate(tmp_path / "half", equal).returncode == 1


def test_lower_is_better_counts_a_drop_as_a_gain(tmp_path: Path) -> None:
    wape = promotion(primary_metric="wape", higher_is_better=False, max_latency_ms=None)
    checks = {"leakage_check_passed": True, "bias_checks_passed": True}
    better = {"candidate": 0.10, "production": 0.12, **checks}
    assert run_gate(tmp_path / "better", better, promotion=wape).returncode == 0
    worse_report = {"candidate": 0.12, "production": 0.10, **checks}
    worse = run_gate(tmp_path / "worse", worse_report, promotion=wape)
    assert "promotion gate: wape gain -2.0 points is below the minimum 0.5" in worse.stdout


def test_batch_gate_needs_no_latency(tmp_path: Path) -> None:
    batch = promotion(max_latency_ms=None)
    report = {key: value for key, value in GOOD.items() if key != "latency_p95_ms"}
    assert run_gate(tmp_path, report, promotion=batch).returncode == 0
    assert gate_step(promotion=batch)["env"]["PROMOTION_MAX_LATENCY_MS"] == ""


def test_a_first_model_passes_on_its_floor(tmp_path: Path) -> None:
    first = promotion(first_model=True, min_metric_value=0.8)
    report = {**GOOD, "candidate": 0.81}
    del report["production"]
    assert run_gate(tmp_path / "ok", report, promotion=first).returncode == 0
    low = run_gate(tmp_path / "low", {**report, "candidate": 0.79}, promotion=first)
    assert "promotion gate: accuracy 0.79 is below the floor 0.8" in low.stdout
    no_floor = promotion(first_model=True)
    result = run_gate(tmp_path / "none", report, promotion=no_floor)
    assert "needs promotion.min_metric_value" in result.stdout


@pytest.mark.parametrize(
    "evaluation",
    [
        GOOD,
        {**GOOD, "candidate": 0.82},
        {**GOOD, "candidate": 0.825},
        {**GOOD, "candidate": 0.70, "latency_p95_ms": 300},
        {**GOOD, "bias_checks_passed": False},
    ],
)
@pytest.mark.parametrize("gain", [0.0, 0.5])
def test_the_script_and_the_engine_rule_agree(
    tmp_path: Path, evaluation: dict[str, object], gain: float
) -> None:
    criteria = promotion(min_accuracy_gain_pct=gain)
    result = run_gate(tmp_path, evaluation, promotion=criteria)
    assert (result.returncode == 0) == (missed_criteria(criteria, evaluation) == ())


@pytest.mark.parametrize("platform", ["gitlab-ci", "azure-pipelines"])
def test_every_platform_carries_the_same_gate(platform: str) -> None:
    github = PipelineView.parse("github-actions", render_ci(make_design("github-actions")).text)
    other = PipelineView.parse(platform, render_ci(make_design(platform)).text)
    assert other.scripts("evaluate_model")[1] == github.scripts("evaluate_model")[1]
