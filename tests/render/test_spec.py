"""mlops-architecture.yaml: plain YAML any safe loader reads, with the documented keys."""

from __future__ import annotations

from dataclasses import replace

import yaml
from hypothesis import given
from hypothesis import strategies as st

from wizard.model.design import Design
from wizard.render.spec import render_spec

TOP_LEVEL_KEYS = [
    "schema_version",
    "answers_sha256",
    "project",
    "out_of_scope",
    "workload",
    "governance",
    "maturity",
    "experiment_tracking",
    "model_registry",
    "ml_pipeline",
    "retraining_triggers",
    "retraining_pipeline",
    "deployment",
    "monitoring",
    "components",
    "risks",
    "confidence",
    "information_gaps",
    "caveats",
    "roadmap",
    "recommendations",
    "evidence",
]


def test_the_spec_parses_with_safe_load_and_has_every_key(design: Design) -> None:
    spec = yaml.safe_load(render_spec(design))
    assert list(spec) == TOP_LEVEL_KEYS
    assert spec["schema_version"] == 1
    assert set(spec["maturity"]) >= {
        "level",
        "name",
        "computed",
        "overridden",
        "capabilities",
        "reasons",
        "pain_points",
        "next_focus",
    }
    assert "promotion_criteria" in spec["model_registry"]
    assert set(spec["retraining_pipeline"]) >= {"schedule", "cron", "data_window_days", "canary"}


def test_the_spec_carries_the_designs_values(design: Design) -> None:
    spec = yaml.safe_load(render_spec(design))
    pipeline = spec["ml_pipeline"]
    assert pipeline["platform"] == "github-actions"
    assert pipeline["file"] == ".github/workflows/ml-pipeline.yml"
    assert [stage["name"] for stage in pipeline["stages"]] == [
        stage.name for stage in design.pipeline.stages
    ]
    assert pipeline["stages"][0]["needs"] is None
    assert pipeline["stages"][1]["needs"] == "validate_data"
    assert pipeline["stages"][1]["command"] == "make train_model"
    assert pipeline["manual_approval"] is True and pipeline["approver"] == "ML lead"
    assert pipeline["environment"]["DRIFT_PSI_THRESHOLD"] == "0.1"
    criteria = spec["model_registry"]["promotion_criteria"]
    assert criteria["min_accuracy_gain_pct"] == 0.5 and criteria["max_latency_ms"] == 100
    assert spec["retraining_pipeline"]["window_rule"] == {"breaches": 2, "windows": 5}
    assert [step["percent"] for step in spec["retraining_pipeline"]["canary"]] == [10, 50, 100]
    assert spec["retraining_triggers"][2]["enabled"] is False
    assert spec["maturity"]["capabilities"][0]["evidence"] == ["src/train.py:5"]
    assert spec["evidence"][0] == {
        "category": "experiment_tracking",
        "tool": "mlflow",
        "path": "src/train.py",
        "line": 5,
        "detail": "mlflow.log_params",
    }
    assert spec["roadmap"][0]["tasks"][1] == {"task": "Write tests", "done": True}


def test_no_window_rule_is_null(design: Design) -> None:
    retraining = replace(design.retraining, window_breaches=None, window_count=None)
    spec = yaml.safe_load(render_spec(replace(design, retraining=retraining)))
    assert spec["retraining_pipeline"]["window_rule"] is None


def test_yes_and_no_stay_strings_for_yaml_1_1_readers(design: Design) -> None:
    text = render_spec(design)
    assert "value: 'no'" in text
    assert yaml.safe_load(text)["maturity"]["capabilities"][1]["value"] == "no"


def test_rendering_twice_gives_the_same_bytes(design: Design) -> None:
    assert render_spec(design).encode() == render_spec(design).encode()
    assert "!!python" not in render_spec(design)


@given(st.text(max_size=60))
def test_any_user_text_round_trips(text_design, text: str) -> None:
    spec = yaml.safe_load(render_spec(text_design(text)))
    assert spec["project"]["name"] == text
    assert spec["project"]["description"] == text
    assert spec["experiment_tracking"]["experiments"][0] == text
    assert spec["model_registry"]["promotion_criteria"]["approver"] == text


def test_every_example_spec_carries_its_design(example_designs) -> None:
    for name, design in example_designs.items():
        text = render_spec(design)
        spec = yaml.safe_load(text)
        assert list(spec) == TOP_LEVEL_KEYS, name
        assert spec["maturity"]["level"] == design.maturity.level
        assert spec["ml_pipeline"]["file"] == design.pipeline.path
        assert [stage["command"] for stage in spec["ml_pipeline"]["stages"]] == [
            stage.command for stage in design.pipeline.stages
        ]
        assert spec["ml_pipeline"]["environment"] == design.pipeline.environment
        assert [gap["key"] for gap in spec["information_gaps"]] == [gap.key for gap in design.gaps]
        assert render_spec(design) == text


@given(st.text(max_size=60))
def test_any_answered_text_round_trips_through_the_engine(engine_text_design, text: str) -> None:
    design = engine_text_design(text)
    spec = yaml.safe_load(render_spec(design))
    assert spec["project"]["name"] == design.project_name
    assert spec["project"]["description"] == design.description
    assert spec["ml_pipeline"]["stages"][1]["command"] == design.pipeline.stages[1].command
