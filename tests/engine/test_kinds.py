"""Each model kind and serving mode has its own checks and its own release: the words of one
never reach the document of another. Properties over any answers, with the kind and the
serving mode drawn from their tables, read through the exported documents."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.strategies import ANSWERS_DATA, choice
from wizard.engine import build_design
from wizard.model.answers import Answers
from wizard.model.design import Design
from wizard.model.kinds import MODEL_KINDS
from wizard.model.serving import SERVING_MODES
from wizard.model.workload import ModelKind, Serving
from wizard.render.documents import render_design_files
from wizard.render.lifecycle_words import rollback_duty

#: The documents a reader reads: not the answers file (the user's own words) nor the spec's
#: Information Gaps, which name the default kind by its id.
READ = ("md", "impl", "adr", "ci")


def _with_workload(data: dict[str, Any], **workload: Any) -> Answers:
    data = {**data, "workload": {**(data.get("workload") or {}), **workload}}
    return Answers.model_validate(data)


def _documents(design: Design, answers: Answers) -> str:
    return "\n".join(
        file.text for file in render_design_files(design, answers) if file.kind in READ
    )


def _user_text(answers: Answers) -> str:
    """What the user typed, which may say anything (a project named "tabular")."""
    return answers.model_dump_json().lower()


@settings(max_examples=60)
@given(data=ANSWERS_DATA, kind=choice(ModelKind), serving=choice(Serving))
def test_no_tabular_words_outside_their_kinds(
    data: dict[str, Any], kind: str, serving: str
) -> None:
    answers = _with_workload(data, model_kind=kind, serving=serving)
    design = build_design(answers)
    text = _documents(design, answers).lower()
    typed = _user_text(answers)
    if "tabular" not in typed and not kind.startswith("tabular"):
        assert "tabular" not in text
    if "text length" not in typed and kind != "nlp":
        assert "text length" not in text
    if "dicom" not in typed and kind != "computer-vision":
        assert "dicom" not in text
    if "sample rate" not in typed and kind != "audio":
        assert "sample rate" not in text


@settings(max_examples=60)
@given(data=ANSWERS_DATA, kind=choice(ModelKind), serving=st.sampled_from(["batch", "edge"]))
def test_no_canary_advice_for_batch_or_edge(data: dict[str, Any], kind: str, serving: str) -> None:
    answers = _with_workload(data, model_kind=kind, serving=serving)
    design = build_design(answers)
    assert design.deployment.strategy in SERVING_MODES[serving].strategies
    assert not {"R06-canary-first-step-large", "R07-no-canary"} & {r.id for r in design.risks}
    text = _documents(design, answers)
    assert "Use steps such as" not in text
    assert "% of traffic" not in text
    assert "error rate" not in text.lower()


@settings(max_examples=60)
@given(data=ANSWERS_DATA, kind=choice(ModelKind))
def test_an_edge_rollback_moves_no_traffic(data: dict[str, Any], kind: str) -> None:
    answers = _with_workload(data, model_kind=kind, serving="edge")
    design = build_design(answers)
    # Issue 21: each step of the release says how it is undone (the lifecycle's undo), and a
    # device release is undone by the remote configuration, never by moving traffic.
    duty = rollback_duty(design)
    assert "traffic" not in duty
    assert "remote configuration" in duty
    if not design.workload.covered:
        return  # no deployment section: the design proposes no release for it
    markdown = _documents(design, answers)
    rollback = [line for line in markdown.splitlines() if "runs `make rollback`" in line]
    assert rollback and all("traffic" not in line.split("make rollback")[1] for line in rollback)
    # No live labels from devices unless the answers say when they come.
    if "label_delay_days" not in (data.get("workload") or {}):
        assert not design.workload.labels_return
        assert not design.retraining.enabled("Performance")


@settings(max_examples=60)
@given(data=ANSWERS_DATA, delay=st.integers(1, 365))
def test_the_streaming_window_ends_before_the_label_delay(data: dict[str, Any], delay: int) -> None:
    answers = _with_workload(data, serving="streaming", label_delay_days=delay)
    design = build_design(answers)
    if not design.workload.covered:
        return
    assert design.retraining.window_ends_days_ago == delay
    assert design.pipeline.environment["DATA_WINDOW_ENDS_DAYS_AGO"] == str(delay)
    markdown = _documents(design, answers)
    days = design.retraining.data_window_days
    ending = f"ending {delay} day{'s' if delay != 1 else ''} before today"
    assert ending in markdown
    row = markdown.split("| Data window |")[1].split("\n")[0]
    assert ending in row and f"the last {days} day" not in row


def test_labels_that_arrive_the_same_day_move_no_window() -> None:
    answers = _with_workload({"schema_version": 1}, serving="streaming", label_delay_days=0)
    design = build_design(answers)
    assert design.retraining.window_ends_days_ago == 0
    assert "DATA_WINDOW_ENDS_DAYS_AGO" not in design.pipeline.environment


@pytest.mark.parametrize("kind", list(MODEL_KINDS))
def test_each_kind_checks_its_own_inputs(kind: str) -> None:
    answers = _with_workload({"schema_version": 1}, model_kind=kind)
    design = build_design(answers)
    facts = MODEL_KINDS[kind]
    if not facts.covered:
        assert design.out_of_scope is not None and not design.pipeline.stages
        return
    validate = next(stage for stage in design.pipeline.stages if stage.name == "validate_data")
    for check in facts.input_checks:
        assert check in validate.checks
    # A table validator is named only for a model that reads table columns.
    assert ("Great Expectations" in validate.checks) is facts.columns


@pytest.mark.parametrize("kind", [k for k, facts in MODEL_KINDS.items() if facts.covered])
def test_the_feature_store_sentence_follows_the_kind(kind: str) -> None:
    answers = _with_workload(
        {"schema_version": 1, "components": {"feature_store": "none"}},
        model_kind=kind,
        serving="online",
    )
    design = build_design(answers)
    (row,) = [r for r in design.recommendations if r.concern == "Feature store"]
    facts = MODEL_KINDS[kind]
    if not facts.engineered_features:
        assert facts.no_features in row.why
    assert "tabular" not in row.why or kind.startswith("tabular")


@pytest.mark.parametrize(
    ("kind", "metric", "higher", "serving"),
    [
        ("forecasting", "wape", False, "batch"),
        ("tabular-regression", "rmse", False, "online"),
        ("tabular-classification", "accuracy", True, "online"),
    ],
)
def test_an_unknown_metric_and_serving_default_to_what_fits_the_kind(
    kind: str, metric: str, higher: bool, serving: str
) -> None:
    design = build_design(_with_workload({"schema_version": 1}, model_kind=kind))
    workload = design.workload
    assert (workload.primary_metric, workload.higher_is_better) == (metric, higher)
    assert workload.serving == serving
    # A forecast scored in batch has no latency gate.
    assert (design.promotion.max_latency_ms is None) is (serving == "batch")
    gap = next(gap for gap in design.gaps if gap.key == "workload.primary_metric")
    if kind != "tabular-classification":
        assert "what fits" in gap.assumed


def test_a_stream_is_watched_hourly_unless_answered() -> None:
    design = build_design(_with_workload({"schema_version": 1}, serving="streaming"))
    assert (design.monitoring.cadence, design.monitoring.cron) == ("hourly", "17 * * * *")
    online = build_design(_with_workload({"schema_version": 1}, serving="online"))
    assert (online.monitoring.cadence, online.monitoring.cron) == ("daily", "17 5 * * *")


@pytest.mark.parametrize(("serving", "answered"), [("batch", "canary"), ("edge", "blue-green")])
def test_a_strategy_that_cannot_run_is_replaced_and_said(serving: str, answered: str) -> None:
    data = {"schema_version": 1, "deployment": {"strategy": answered}}
    design = build_design(_with_workload(data, serving=serving))
    assert design.deployment.strategy == SERVING_MODES[serving].strategies[0]
    (risk,) = [risk for risk in design.risks if risk.id == "R35-strategy-does-not-fit"]
    assert SERVING_MODES[serving].misfit in risk.message


def test_an_edge_release_is_gated_on_conversion_parity_and_device_benchmarks() -> None:
    design = build_design(_with_workload({"schema_version": 1}, serving="edge"))
    assert design.promotion.require_conversion_parity
    assert any("conversion parity" in check for check in design.promotion.serving_checks)
    assert any("on-device benchmarks" in check for check in design.promotion.serving_checks)
    assert "phased release" in " ".join(design.deployment.release)
    assert "kill switch" in " ".join(design.deployment.release)
