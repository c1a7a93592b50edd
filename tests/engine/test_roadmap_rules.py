"""The roadmap's rules: a risk becomes a task, a flagged value is never prescribed, nothing is
ticked that the answers do not say is done, no task is planned on a stage that does not
exist, and Next focus never names a capability already at yes."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given

from tests.engine.conftest import AnswersFactory
from tests.paths import EXAMPLES
from tests.strategies import ANSWERS_DATA
from wizard.engine import build_design
from wizard.io.loader import load_answers
from wizard.model.answers import CAPABILITIES, STAGE_ORDER, Answers
from wizard.model.design import Design
from wizard.model.evidence import Evidence, EvidenceItem
from wizard.model.vocabulary import CAPABILITY_LABELS
from wizard.render import render_design_files


def _tasks(design: Design) -> list[str]:
    return [task.text for phase in design.roadmap for task in phase.tasks]


def _driving_risks(design: Design) -> list[str]:
    return [risk.id for risk in design.risks if risk.severity in ("high", "medium")]


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda path: path.stem)
def test_each_high_or_medium_risk_is_a_task_naming_it(path: Any) -> None:
    design = build_design(load_answers(path))
    if design.out_of_scope is not None:
        return
    tasks = " ".join(_tasks(design))
    for risk_id in _driving_risks(design):
        assert risk_id in tasks


def test_a_risk_lands_in_the_phase_that_owns_its_keys(make_answers: AnswersFactory) -> None:
    design = build_design(make_answers({"promotion.require_leakage_check": False}))
    automation = next(phase for phase in design.roadmap if phase.title == "Automation")
    leak = next(risk for risk in design.risks if "leakage" in risk.id)
    assert leak.severity in ("high", "medium")
    assert any(leak.id in task.text for task in automation.tasks)


@pytest.mark.parametrize(
    ("values", "flagged"),
    [
        ({"retraining.schedule": "*/5 * * * *"}, "*/5"),
        ({"retraining.drift.psi_threshold": 0.5}, "0.5"),
        ({"retraining.canary_stages": [60, 100]}, "60 %"),
    ],
    ids=["schedule", "psi", "canary"],
)
def test_a_flagged_value_is_never_prescribed(
    make_answers: AnswersFactory, values: dict[str, Any], flagged: str
) -> None:
    design = build_design(make_answers(values))
    keys = {key for risk in design.risks if risk.severity != "low" for key in risk.keys}
    assert set(values) <= keys, "the value is flagged by a high or medium risk"
    assert not any(flagged in task for task in _tasks(design))


def test_no_tick_without_an_answer_that_says_done(make_answers: AnswersFactory) -> None:
    # "registry: yes" with no registry chosen: the registry task is not done, and R34 says why
    design = build_design(
        make_answers({"maturity.model_registry": "yes", "components.model_registry.tool": "none"})
    )
    registry_tasks = [
        task
        for phase in design.roadmap
        for task in phase.tasks
        if "Register every model" in task.text
    ]
    assert registry_tasks and not any(task.done for task in registry_tasks)
    assert "R34-maturity-contradicts-tools" in {risk.id for risk in design.risks}
    unanswered = build_design(Answers(schema_version=1))
    assert not any(task.done for phase in unanswered.roadmap for task in phase.tasks)


def test_a_contradiction_lowers_confidence(make_answers: AnswersFactory) -> None:
    base = build_design(make_answers({"maturity.model_registry": "yes"})).confidence
    contradicted = build_design(
        make_answers({"maturity.model_registry": "yes", "components.model_registry.tool": "none"})
    ).confidence
    assert contradicted.contradictions == base.contradictions + 1
    assert contradicted.score < base.score


def test_no_task_on_a_stage_that_does_not_exist(make_answers: AnswersFactory) -> None:
    design = build_design(make_answers({"cicd.stages": ["validate_data", "train_model"]}))
    tasks = " ".join(_tasks(design))
    assert "the evaluate_model stage" not in tasks
    assert "a new evaluate_model stage" in tasks
    assert "before promote_production" not in tasks


def _check_roadmap(answers: Answers) -> None:
    design = build_design(answers)
    if design.out_of_scope is not None:
        return
    tasks = _tasks(design)
    text = " ".join(tasks)
    for risk_id in _driving_risks(design):
        assert risk_id in text
    stages = {stage.name for stage in design.pipeline.stages}
    for stage in re.findall(r"\bthe (\w+) stage\b", text):
        if stage in STAGE_ORDER:
            assert stage in stages
    capabilities = {c.key: c.value for c in design.maturity.capabilities}
    for name in CAPABILITIES:
        if capabilities[name] == "yes":
            assert f"{CAPABILITY_LABELS[name].lower()} (" not in design.maturity.next_focus.lower()
    unknown = {c.key for c in design.maturity.capabilities if c.value != "yes"}
    if unknown == set(CAPABILITIES):
        assert not any(task.done for phase in design.roadmap for task in phase.tasks)


@given(ANSWERS_DATA)
def test_roadmap_rules_hold_for_any_answers(data: dict[str, Any]) -> None:
    _check_roadmap(Answers.model_validate(data))


@pytest.mark.parametrize("tool", ["nannyml", "whylogs"])
def test_a_tool_without_psi_is_never_told_to_alert_on_psi(
    make_answers: AnswersFactory, tool: str
) -> None:
    """NannyML and whylogs offer other drift methods: the trigger's PSI is the monitoring
    job's `mlops-wizard drift`, and the roadmap says so instead of crediting the tool."""
    design = build_design(make_answers({"components.monitoring": tool}))
    task = next(text for text in _tasks(design) if text.startswith("Deploy "))
    assert "mlops-wizard drift" in task
    assert "alert on" not in task


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda path: path.stem)
def test_the_retrain_task_wires_what_the_pipeline_reads(path: Any) -> None:
    """The monitoring job fires the drift trigger: the task names the window it reads (which
    IMPLEMENTING.md describes), or says the trigger is off until a monitoring tool is chosen."""
    answers = load_answers(path)
    design = build_design(answers)
    if design.out_of_scope is not None:
        return
    tasks = " ".join(_tasks(design))
    assert "alerts to the pipeline's drift trigger" not in tasks
    implementing = next(
        file.text for file in render_design_files(design, answers) if file.path == "IMPLEMENTING.md"
    )
    if "DRIFT_CURRENT" in tasks:
        assert design.retraining.enabled("Drift")
        assert "DRIFT_CURRENT" in implementing
    if "drift" in design.pipeline.triggers and not design.retraining.enabled("Drift"):
        assert "re-export to turn the drift trigger on" in tasks


@pytest.mark.parametrize(("found", "ticked"), [("dvclive", False), ("mlflow", True)])
def test_tracking_is_ticked_only_where_the_scan_found_the_chosen_tracker(
    make_answers: AnswersFactory, found: str, ticked: bool
) -> None:
    # The repository tracks its runs (with DVCLive, say); the design chooses MLflow: setting
    # up MLflow is still to do, whatever the capability's yes.
    evidence = Evidence(
        items=(EvidenceItem("experiment_tracking", found, "src/train.py", 3, f"imports {found}"),),
        root="/repo",
    )
    answers = make_answers(
        {"components.experiment_tracking.tool": "mlflow", "maturity.experiment_tracking": "yes"}
    )
    design = build_design(answers, evidence)
    (task,) = [
        task for phase in design.roadmap for task in phase.tasks if "MLflow tracking" in task.text
    ]
    assert task.done is ticked
