"""``gate`` and ``drift`` read the committed spec into the one Spec model strictly: an
unknown key, a missing key or a value of the wrong type is one line (file:line, key, what is
allowed) and exit 2, never a coerced or ignored value."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.paths import EXAMPLES
from tests.strategies import ANSWERS_DATA
from wizard.engine import build_design
from wizard.io.policy_files import load_spec
from wizard.model.answers import Answers
from wizard.render.spec import build_spec, render_spec

EVALUATION = {
    "candidate": 0.83,
    "production": 0.82,
    "latency_p95_ms": 41.0,
    "leakage_check_passed": True,
    "bias_checks_passed": True,
}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> str:
    from wizard.cli import main

    out = tmp_path_factory.mktemp("spec")
    answers = str(EXAMPLES / "fraud-detection.yaml")
    code = main(["export", "--answers", answers, "--out", str(out), "--only", "yaml"])
    assert code == 0
    return (out / "mlops-architecture.yaml").read_text(encoding="utf-8")


def _line(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line == needle)


def _gate(run_cli, tmp_path: Path, spec_text: str):
    spec = tmp_path / "spec.yaml"
    spec.write_text(spec_text, encoding="utf-8")
    evaluation = tmp_path / "evaluation.json"
    evaluation.write_text(json.dumps(EVALUATION), encoding="utf-8")
    return run_cli("gate", str(evaluation), "--spec", str(spec)), spec


def test_the_exported_spec_is_read_back(exported: str, tmp_path: Path, run_cli) -> None:
    result, _ = _gate(run_cli, tmp_path, exported)
    assert result.code == 0, result.err


@pytest.mark.parametrize(
    ("line", "replacement", "words"),
    [
        (
            "    min_gain_points: 0.5",
            "    min_gain_points: '0.5'",
            "model_registry.promotion_criteria.min_gain_points: '0.5' is not allowed here "
            "(allowed: a number, 0 ≤ x ≤ 100)",
        ),
        (
            "    min_gain_points: 0.5",
            "    min_gain_pointz: 0.5",
            "model_registry.promotion_criteria.min_gain_pointz: unknown key (allowed: a section "
            "with keys from, to, primary_metric,",
        ),
        (
            "    psi_threshold: 0.1",
            "    psi_threshold: .nan",
            "retraining_pipeline.drift.psi_threshold: NaN is not allowed here "
            "(allowed: a number, 0 < x ≤ 1)",
        ),
        (
            "    require_bias_checks: true",
            "    require_bias_checks: 'yes'",
            "require_bias_checks: 'yes' is not allowed here (allowed: true or false)",
        ),
        (
            "    severity: medium",
            "    severity: huge",
            "risks[0].severity: 'huge' is not allowed here (allowed: high, medium, low)",
        ),
    ],
)
def test_a_wrong_value_or_key_is_one_line_with_its_line(
    exported: str, tmp_path: Path, run_cli, line: str, replacement: str, words: str
) -> None:
    number = _line(exported, line)
    text = exported.replace(f"\n{line}\n", f"\n{replacement}\n", 1)
    result, spec = _gate(run_cli, tmp_path, text)
    assert result.code == 2
    (printed,) = result.err.splitlines()
    assert printed.startswith(f"mlops-wizard: error: {spec}:{number}: ")
    assert words in printed


def test_a_missing_key_names_it_and_says_to_re_export(
    exported: str, tmp_path: Path, run_cli
) -> None:
    text = exported.replace("\n    higher_is_better: true\n", "\n", 1)
    result, spec = _gate(run_cli, tmp_path, text)
    assert result.code == 2
    (printed,) = result.err.splitlines()
    assert f"{spec}:" in printed
    assert "model_registry.promotion_criteria.higher_is_better: missing" in printed
    assert "re-export it with mlops-wizard export" in printed


def test_a_duplicate_key_is_refused(exported: str, tmp_path: Path, run_cli) -> None:
    text = exported.replace(
        "\n    min_gain_points: 0.5\n", "\n    min_gain_points: 0.5\n    min_gain_points: 0\n"
    )
    result, spec = _gate(run_cli, tmp_path, text)
    assert result.code == 2 and str(spec) in result.err
    assert "duplicate key" in result.err and result.err.count("\n") == 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANSWERS_DATA)
def test_every_spec_export_writes_is_read_back_strictly(data: dict) -> None:
    """The one model, both ways: whatever the answers, the strict reader takes the spec the
    renderer wrote, value for value."""
    design = build_design(Answers.model_validate(data))
    text = render_spec(design)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mlops-architecture.yaml"
        path.write_text(text, encoding="utf-8")
        spec = load_spec(path)
    assert spec.data() == build_spec(design).data()
