"""Defaults that hold: the answers `new` writes export to a design with no high risk from
defaults alone, and to a pipeline with no job that cannot run: with no key features named,
the drift trigger is off, no drift job is written, and the design asks for the features.
``drift`` on a spec that names none says so in one line, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

CI_FILES = {
    "github-actions": ".github/workflows/ml-pipeline.yml",
    "gitlab-ci": ".gitlab-ci.yml",
    "azure-pipelines": "azure-pipelines.yml",
}


@pytest.fixture(scope="module")
def new_answers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from wizard.cli import main

    path = tmp_path_factory.mktemp("new") / "mlops-answers.yaml"
    assert main(["new", "--out", str(path)]) == 0
    return path


def test_new_validates_with_no_high_risk(new_answers: Path, run_cli) -> None:
    result = run_cli("validate", str(new_answers))
    assert result.code == 0, result.err
    assert not [line for line in result.out.splitlines() if line.startswith("HIGH ")]
    assert "MEDIUM R03-drift-without-key-features: No key features are named, so PSI" in result.out


@pytest.mark.parametrize("platform", sorted(CI_FILES))
def test_new_then_export_writes_no_drift_job_and_asks_for_key_features(
    new_answers: Path, tmp_path: Path, run_cli, platform: str
) -> None:
    out = tmp_path / "out"
    result = run_cli(
        "export", "--answers", str(new_answers), "--out", str(out),
        "--set", f"project.ci_platform={platform}",
    )  # fmt: skip
    assert result.code == 0, result.err
    spec = yaml.safe_load((out / "mlops-architecture.yaml").read_text(encoding="utf-8"))
    assert [risk["id"] for risk in spec["risks"] if risk["severity"] == "high"] == []
    drift = next(row for row in spec["retraining_triggers"] if row["trigger"] == "Drift")
    assert drift["enabled"] is False
    pipeline = (out / CI_FILES[platform]).read_text(encoding="utf-8")
    assert "mlops-wizard drift" not in pipeline
    document = (out / "architecture.md").read_text(encoding="utf-8")
    assert "the drift trigger is off until key features are named" in document
    assert "name key features, then re-export to turn the drift trigger on" in document


def test_drift_on_a_spec_with_no_key_features_is_one_line(
    new_answers: Path, tmp_path: Path, run_cli
) -> None:
    out = tmp_path / "out"
    assert run_cli("export", "--answers", str(new_answers), "--out", str(out)).code == 0
    spec = out / "mlops-architecture.yaml"
    data = Path(__file__).parents[2] / "examples" / "sample-repo" / "data"
    result = run_cli(
        "drift", "--reference", str(data / "reference.csv"),
        "--current", str(data / "current.csv"), "--spec", str(spec),
    )  # fmt: skip
    assert result.code == 2
    assert result.err == (
        f"mlops-wizard: error: {spec}: retraining_pipeline.drift.key_features: none named, so "
        "drift has nothing to measure (allowed: the features whose shift hurts the model, named "
        "in the answers' retraining.drift.key_features, then re-export the spec)\n"
    )
