"""``gate`` judges only what it can: a value that is missing, not a finite number, out of its
metric's range, or given twice is exit 2 with one line naming the key and what is allowed;
nothing it could not judge ever passes (exit 0)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.spec_export import export_spec

GOOD = {
    "candidate": 0.83,
    "production": 0.82,
    "latency_p95_ms": 41.0,
    "leakage_check_passed": True,
    "bias_checks_passed": True,
}


@pytest.fixture(scope="module")
def auc_spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_spec(tmp_path_factory)


@pytest.fixture(scope="module")
def rmse_spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_spec(
        tmp_path_factory,
        "workload.primary_metric=rmse",
        "workload.higher_is_better=false",
        "workload.model_kind=tabular-regression",
    )


@pytest.fixture(scope="module")
def first_model_spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_spec(
        tmp_path_factory, "workload.first_model=true", "promotion.min_metric_value=0.8"
    )


@pytest.fixture(scope="module")
def unknown_metric_spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_spec(
        tmp_path_factory, "workload.primary_metric=uplift_score", "promotion.gain_unit=units"
    )


def _gate(run_cli, spec: Path, tmp_path: Path, text: str):
    path = tmp_path / "evaluation.json"
    path.write_text(text, encoding="utf-8")
    return run_cli("gate", str(path), "--spec", str(spec)), path


def _one_error(result, path: Path) -> str:
    assert result.code == 2, (result.out, result.err)
    assert result.out == ""
    (line,) = result.err.splitlines()
    assert line.startswith(f"mlops-wizard: error: {path}")
    return line


def _with(value: str, key: str = "candidate") -> str:
    """The good evaluation with ``key`` written as the raw JSON text ``value``."""
    text = json.dumps(GOOD)
    return text.replace(f'"{key}": {json.dumps(GOOD[key])}', f'"{key}": {value}')


@pytest.mark.parametrize(
    ("key", "raw", "words"),
    [
        ("candidate", "NaN", "candidate: NaN is not a number JSON allows (allowed: a finite"),
        ("production", "NaN", "production: NaN is not a number JSON allows"),
        ("candidate", "Infinity", "candidate: Infinity is not a number JSON allows"),
        ("production", "-Infinity", "production: -Infinity is not a number JSON allows"),
        ("candidate", "1e999", "candidate: 1e999 is too large for a number"),
        ("latency_p95_ms", "1e999", "latency_p95_ms: 1e999 is too large for a number"),
        ("candidate", "1" + "0" * 5000, "candidate: a number of 5001 digits is too large"),
        ("candidate", "-0.1", "candidate: -0.1 is out of range (allowed: the candidate's auc: "
         "a finite number in 0-1, as auc is a proportion)"),
        ("candidate", "1.2", "candidate: 1.2 is out of range"),
        ("production", "7", "production: 7 is out of range"),
        ("latency_p95_ms", "-3", "latency_p95_ms: -3 (allowed: the candidate's p95 latency"),
        ("bias_checks_passed", '"yes"', "bias_checks_passed: 'yes' is not true or false"),
    ],
)  # fmt: skip
def test_a_value_the_gate_cannot_judge_is_exit_2(
    auc_spec: Path, tmp_path: Path, run_cli, key: str, raw: str, words: str
) -> None:
    result, path = _gate(run_cli, auc_spec, tmp_path, _with(raw, key))
    assert words in _one_error(result, path)


def test_a_negative_error_metric_is_out_of_range(rmse_spec: Path, tmp_path: Path, run_cli) -> None:
    text = json.dumps({**GOOD, "candidate": -0.5, "production": 1.5})
    result, path = _gate(run_cli, rmse_spec, tmp_path, text)
    line = _one_error(result, path)
    assert line.endswith(
        "candidate: -0.5 is out of range (allowed: the candidate's rmse: a finite number, "
        "0 or more, as rmse is an error or a loss)"
    )
    # An RMSE above 1 is an RMSE: only proportions stop at 1.
    good = json.dumps({**GOOD, "candidate": 1.4, "production": 1.5})
    assert _gate(run_cli, rmse_spec, tmp_path, good)[0].code == 0


def test_a_duplicate_key_is_refused_with_its_line(auc_spec: Path, tmp_path: Path, run_cli) -> None:
    text = '{\n  "candidate": 0.5,\n  "production": 0.82,\n  "candidate": 0.9,\n'
    text += '  "latency_p95_ms": 4, "leakage_check_passed": true, "bias_checks_passed": true\n}\n'
    result, path = _gate(run_cli, auc_spec, tmp_path, text)
    line = _one_error(result, path)
    assert line == (
        f"mlops-wizard: error: {path}:4: candidate: duplicate key (allowed: each key once)"
    )


@pytest.mark.parametrize(
    ("missing", "words"),
    [
        ("latency_p95_ms", "latency_p95_ms: missing (allowed: the candidate's p95 latency"),
        ("production", "production: missing (allowed: the production model's auc"),
        ("candidate", "candidate: missing (allowed: the candidate's auc"),
        ("leakage_check_passed", "leakage_check_passed: missing (allowed: true or false)"),
    ],
)
def test_a_value_a_criterion_needs_is_missing(
    auc_spec: Path, tmp_path: Path, run_cli, missing: str, words: str
) -> None:
    text = json.dumps({key: value for key, value in GOOD.items() if key != missing})
    result, path = _gate(run_cli, auc_spec, tmp_path, text)
    assert words in _one_error(result, path)


def test_a_first_model_needs_no_production_but_a_finite_candidate(
    first_model_spec: Path, tmp_path: Path, run_cli
) -> None:
    first = {key: value for key, value in GOOD.items() if key != "production"}
    passed, _ = _gate(run_cli, first_model_spec, tmp_path, json.dumps(first))
    assert passed.code == 0, passed.err
    assert "(first model, floor 0.8)" in passed.out
    result, path = _gate(run_cli, first_model_spec, tmp_path, _with("NaN"))
    assert "candidate: NaN" in _one_error(result, path)


def test_several_values_are_one_line_each(auc_spec: Path, tmp_path: Path, run_cli) -> None:
    text = json.dumps({"candidate": 2, "production": -1})
    result, _ = _gate(run_cli, auc_spec, tmp_path, text)
    assert result.code == 2
    keys = [line.split(": ")[3] for line in result.err.splitlines()]
    assert keys == [
        "candidate",
        "production",
        "latency_p95_ms",
        "leakage_check_passed",
        "bias_checks_passed",
    ]


def test_an_unknown_metric_is_checked_for_finiteness_only_and_says_so(
    unknown_metric_spec: Path, tmp_path: Path, run_cli
) -> None:
    text = json.dumps({**GOOD, "candidate": 3.5, "production": 3.0})
    result, _ = _gate(run_cli, unknown_metric_spec, tmp_path, text)
    assert result.code == 0, result.err
    assert result.out.splitlines()[-1] == (
        "gate: note: uplift_score is not a metric the gate knows: its values are checked for "
        "being finite numbers only, not for a range"
    )
    nan, path = _gate(run_cli, unknown_metric_spec, tmp_path, _with("NaN"))
    assert "candidate: NaN" in _one_error(nan, path)


def test_an_unknown_metric_with_no_unit_is_never_judged(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, run_cli
) -> None:
    """``auto`` cannot place a metric the vocabulary does not know: the gate refuses to count
    a gain it has no unit for, exit 2, naming the answer that would give it one."""
    spec = export_spec(tmp_path_factory, "workload.primary_metric=uplift_score")
    result, _ = _gate(run_cli, spec, tmp_path, json.dumps({**GOOD, "production": 0.5}))
    assert result.code == 2 and result.out == ""
    (line,) = result.err.splitlines()
    assert line.endswith(
        "mlops-architecture.yaml: model_registry.promotion_criteria.gain_unit: null: "
        "uplift_score is not a metric the gate knows, so `auto` cannot tell how a gain in it "
        "is counted (allowed: promotion.gain_unit points, percent or units in the answers, "
        "then re-export the spec)"
    )
