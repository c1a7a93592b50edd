"""``gate`` and ``drift``: the committed spec's policy enforced at run time, one line per
criterion missed, exit 0 (go), 4 (the policy says no) or 2 (bad input)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.paths import EXAMPLES

GOOD = {
    "candidate": 0.826,
    "production": 0.82,
    "latency_p95_ms": 41.0,
    "leakage_check_passed": True,
    "bias_checks_passed": True,
    "extra": "kept in the report, ignored",
}


@pytest.fixture
def spec(tmp_path: Path, run_cli) -> Path:
    result = run_cli(
        "export", "--answers", str(EXAMPLES / "fraud-detection.yaml"),
        "--out", str(tmp_path / "out"), "--only", "yaml",
    )  # fmt: skip
    assert result.code == 0, result.err
    return tmp_path / "out" / "mlops-architecture.yaml"


def _gate(run_cli, spec: Path, tmp_path: Path, evaluation: dict, *extra: str):
    path = tmp_path / "evaluation.json"
    path.write_text(json.dumps(evaluation))
    return run_cli("gate", str(path), "--spec", str(spec), *extra)


def test_a_good_candidate_passes(spec: Path, tmp_path: Path, run_cli) -> None:
    result = _gate(run_cli, spec, tmp_path, GOOD)
    assert result.code == 0, result.err
    assert result.out == (
        "gate: passed: auc gain 0.6 points (minimum 0.5 points), "
        "candidate 0.826 against production 0.82\n"
    )


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"candidate": 0.8225}, "gain 0.25 points is below the minimum 0.5 points"),
        ({"latency_p95_ms": 140.0}, "p95 latency 140 ms is not below 100 ms"),
        ({"leakage_check_passed": False}, "the data leakage check did not pass"),
        ({"bias_checks_passed": False}, "the bias checks did not pass"),
    ],
)
def test_each_criterion_missed_is_one_line_and_exit_4(
    spec: Path, tmp_path: Path, run_cli, change: dict, words: str
) -> None:
    evaluation = {key: value for key, value in {**GOOD, **change}.items() if value is not None}
    result = _gate(run_cli, spec, tmp_path, evaluation)
    assert result.code == 4
    lines = result.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("gate: missed: ") and words in lines[0]


@pytest.fixture
def unapproved_spec(tmp_path: Path, run_cli) -> Path:
    """The fraud example with nobody approving promotion: it is automatic after the gate."""
    result = run_cli(
        "export", "--answers", str(EXAMPLES / "fraud-detection.yaml"),
        "--out", str(tmp_path / "auto"), "--only", "yaml",
        "--set", "promotion.approver=null", "--set", "cicd.manual_approval=false",
        "--set", "deployment.strategy=canary",
    )  # fmt: skip
    assert result.code == 0, result.err
    return tmp_path / "auto" / "mlops-architecture.yaml"


def test_a_large_change_with_an_approval_passes_and_asks_for_review_there(
    spec: Path, tmp_path: Path, run_cli
) -> None:
    """The approval that follows is where a person reviews it: the gate must let the run
    reach it, not stop a change nobody could then pass."""
    result = _gate(run_cli, spec, tmp_path, {**GOOD, "candidate": 0.9})
    assert result.code == 0, result.err
    review = result.out.splitlines()[-1]
    assert review == (
        "gate: review: auc: the change is above the human-review bound of 1 point: "
        "it is reviewed at the approval before promotion"
    )


def test_a_large_change_nobody_approves_stops_until_reviewed(
    unapproved_spec: Path, tmp_path: Path, run_cli
) -> None:
    large = {**GOOD, "candidate": 0.9}
    result = _gate(run_cli, unapproved_spec, tmp_path, large)
    assert result.code == 4
    (line,) = result.err.splitlines()
    assert line.startswith("gate: missed: auc: the change is above the human-review bound of ")
    assert "1 point and nobody approves the promotion" in line and "REVIEWED_BY" in line
    reviewed = _gate(run_cli, unapproved_spec, tmp_path, large, "--reviewed-by", "Dana")
    assert reviewed.code == 0, reviewed.err


def test_json_reports_every_field(spec: Path, tmp_path: Path, run_cli) -> None:
    result = _gate(run_cli, spec, tmp_path, GOOD, "--json")
    report = json.loads(result.out)
    assert report["passed"] is True and report["evaluation"]["extra"] == GOOD["extra"]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("not json", "not valid JSON"),
        (json.dumps({**GOOD, "candidate": "0.8"}), "candidate: '0.8' is not a number"),
        (json.dumps({**GOOD, "candidate": True}), "candidate: true is not a number"),
        ("[1, 2]", "top level"),
    ],
)
def test_a_bad_evaluation_is_exit_2(
    spec: Path, tmp_path: Path, run_cli, content: str, words: str
) -> None:
    path = tmp_path / "evaluation.json"
    path.write_text(content)
    result = run_cli("gate", str(path), "--spec", str(spec))
    assert result.code == 2
    assert result.err.count("\n") == 1 and words in result.err


def test_a_file_that_is_not_a_spec_is_exit_2(tmp_path: Path, run_cli) -> None:
    (tmp_path / "spec.yaml").write_text("a: 1\n")
    (tmp_path / "evaluation.json").write_text(json.dumps(GOOD))
    result = run_cli(
        "gate", str(tmp_path / "evaluation.json"), "--spec", str(tmp_path / "spec.yaml")
    )
    assert result.code == 2 and "not an mlops-architecture.yaml spec" in result.err


@pytest.fixture
def samples(tmp_path: Path) -> Path:
    rng = np.random.default_rng(3)

    def write(name: str, shift: float) -> None:
        table = {
            "amount": rng.normal(shift, 1, 5000),
            "merchant_category": rng.choice(list("abcd"), 5000),
        }
        pq.write_table(pa.table(table), tmp_path / name)

    write("reference.parquet", 0.0)
    write("stable.parquet", 0.0)
    write("shifted.parquet", 0.7)
    write("shifted-next.parquet", 0.7)  # another window, as shifted
    return tmp_path


def _drift(run_cli, spec: Path, folder: Path, current: str, *extra: str):
    return run_cli(
        "drift", "--reference", str(folder / "reference.parquet"),
        "--current", str(folder / current), "--spec", str(spec), *extra,
    )  # fmt: skip


def test_a_stable_window_calls_for_nothing(spec: Path, samples: Path, run_cli) -> None:
    result = _drift(run_cli, spec, samples, "stable.parquet")
    assert result.code == 0, result.err
    assert result.out.startswith("drift: no key feature above 0.1")


def test_the_window_rule_needs_two_breaching_windows_of_five(
    spec: Path, samples: Path, run_cli
) -> None:
    history = samples / "drift.jsonl"
    first = _drift(run_cli, spec, samples, "shifted.parquet", "--history", str(history))
    assert first.code == 0, first.err
    assert "only 1 of the last 1 windows breached (rule: 2)" in first.out
    second = _drift(
        run_cli, spec, samples, "shifted-next.parquet", "--history", str(history), "--json"
    )
    assert second.code == 4
    report = json.loads(second.out)
    assert report["retrain"] is True and report["drifted"] == ["amount"]
    assert report["breaches"] == 2
    assert len(history.read_text().splitlines()) == 2


def test_a_history_that_is_a_folder_is_exit_2(spec: Path, samples: Path, run_cli) -> None:
    history = samples / "drift.jsonl"
    history.mkdir()
    result = _drift(run_cli, spec, samples, "stable.parquet", "--history", str(history))
    assert result.code == 2 and f"{history}: not a regular file" in result.err
