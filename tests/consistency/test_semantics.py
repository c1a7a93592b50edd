"""What an answer means, followed everywhere it is said (issue 21, items 5-7), over
hypothesis-generated answers:

- ``retraining.schedule: never`` and a locked model (``governance.locked``): no document
  retrains on a schedule, no schedule row is on, no CI file schedules a retraining; a locked
  model retrains nothing automatically and its drift only alerts;
- ``workload.label_delay_days: never``: no check of the primary metric on live predictions,
  and the document says what stands in;
- the PSI threshold: no advice ever lowers it below its noise floor (a lower bound, not a
  target), and a risk fires exactly when the threshold is below it;
- the gain unit the documents say is the one ``gate`` applies, read back from the spec.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from tests.render.ci.views import PipelineView
from tests.strategies import ANSWERS_DATA
from wizard.engine import build_design
from wizard.engine.gate import cannot_judge, judge
from wizard.engine.monitoring import noise_floor
from wizard.engine.resolve import resolve_answers
from wizard.engine.suggest import suggest
from wizard.model.answers import Answers
from wizard.model.design import Design
from wizard.model.dotted_keys import with_values
from wizard.model.evidence import NO_EVIDENCE
from wizard.model.policy import promotion_policy
from wizard.model.spec import SPEC_STRICT, Spec
from wizard.model.wording import in_unit
from wizard.render import render_design_files
from wizard.render.escape import cell_prose

#: Retraining on a schedule, as any document would say it.
_SCHEDULED_RETRAINING = re.compile(
    r"\bretrain(?:s|ed)? (?:daily|weekly|monthly|hourly|on the schedule|on cron)\b"
    r"|Scheduled retraining \(|schedule: (?:daily|weekly|monthly)",
    re.IGNORECASE,
)
#: An automatic retrain, as an action or a task says it (the noun "retraining" in a heading
#: or a negation is not one).
_AUTOMATIC_RETRAIN = re.compile(r"\bRetrain\b|\b(?:and|to|propose a) retrain\b")
#: A check of the primary metric on live predictions, or a wait for labels that never come.
_LIVE_LABELS = re.compile(
    r"labelled live traffic|labels arrive within|once (?:its |the batch's )?labels? (?:have )?"
    r"arrived?|until labels arrive|before the labels arrive|labels of \S+ arrive|"
    r"on labelled windows|Until labels arrive",
    re.IGNORECASE,
)


def _documents(design: Design, answers: Answers) -> dict[str, str]:
    return {file.path: file.text for file in render_design_files(design, answers)}


def _texts(files: dict[str, str]) -> dict[str, str]:
    """The documents a person reads (the CI file is checked through its view)."""
    return {path: text for path, text in files.items() if path.endswith((".md", ".yaml"))}


def _trigger_table(markdown: str) -> dict[str, list[str]]:
    section = markdown.split("### Automated Retraining", 1)[1].split("\n\n**", 2)[1]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split(" | ")]
    rows = {}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split(" | ")]
        rows[cells[0]] = cells
    return {"header": header, **rows}


def _answers(data: dict[str, Any], **values: Any) -> Answers:
    answers = Answers.model_validate(data)
    assume(answers.project.name is None or answers.project.name.strip() != "")
    return with_values(answers, values) if values else answers


@settings(max_examples=40)
@given(data=ANSWERS_DATA, locked=st.booleans())
def test_a_schedule_of_never_or_a_locked_model_retrains_on_no_schedule(
    data: dict[str, Any], locked: bool
) -> None:
    # Either never, or locked whatever the schedule says.
    answers = _answers(data, **({"governance.locked": True} if locked else {}))
    if not locked:
        answers = with_values(answers, {"retraining.schedule": "never"})
    design = build_design(answers)
    assume(design.out_of_scope is None)
    files = _documents(design, answers)
    assert not design.retraining.enabled("Schedule")
    assert "schedule" not in design.pipeline.triggers
    table = _trigger_table(files["architecture.md"])
    on = table["header"].index("On")
    assert table["Schedule"][on] == "no"
    for path, text in _texts(files).items():
        if path.endswith(".md"):  # the spec's schedule key holds the answer as given
            found = _SCHEDULED_RETRAINING.search(text)
            assert not found, (path, text[max(0, found.start() - 80) : found.end() + 80])
    spec = yaml.safe_load(files["mlops-architecture.yaml"])
    schedule = next(rule for rule in spec["retraining_triggers"] if rule["trigger"] == "Schedule")
    assert schedule["enabled"] is False
    if not locked:
        assert spec["retraining_pipeline"]["cron"] is None
    if design.pipeline.stages:
        view = PipelineView.parse(design.pipeline.platform, files[design.pipeline.path])
        assert view.schedule_cron() is None


@settings(max_examples=40)
@given(data=ANSWERS_DATA)
def test_a_locked_model_retrains_and_promotes_nothing_automatically(
    data: dict[str, Any],
) -> None:
    answers = _answers(data, **{"governance.locked": True})
    design = build_design(answers)
    assume(design.out_of_scope is None)
    files = _documents(design, answers)
    policy = design.retraining
    for trigger in ("Schedule", "Drift", "Performance"):
        assert not policy.retrains_on(trigger), trigger
    assert not design.promotion.promotes_automatically
    assert design.governance.locked and design.governance.proposes_only
    for path, text in _texts(files).items():
        found = _AUTOMATIC_RETRAIN.search(text)
        assert not found, (path, text[max(0, found.start() - 80) : found.end() + 80])
    assert "drift" not in design.pipeline.triggers
    if policy.enabled("Drift") and design.pipeline.stages:
        # The monitoring job runs and alerts, and starts no pipeline.
        ci = files[design.pipeline.path]
        assert "mlops-wizard drift" in ci
        assert "the model is locked: open a change request; nothing retrains automatically" in ci
        assert not PipelineView.parse(design.pipeline.platform, ci).has_drift_trigger()


@settings(max_examples=40)
@given(data=ANSWERS_DATA)
def test_labels_that_never_come_back_are_never_waited_for(data: dict[str, Any]) -> None:
    answers = _answers(data, **{"workload.label_delay_days": "never"})
    design = build_design(answers)
    assume(design.out_of_scope is None)
    files = _documents(design, answers)
    assert not design.retraining.enabled("Performance")
    for path, text in _texts(files).items():
        found = _LIVE_LABELS.search(text)
        assert not found, (path, text[max(0, found.start() - 80) : found.end() + 80])
    markdown = files["architecture.md"]
    # What stands in is said: prediction drift, proxy metrics, offline evaluation.
    assert "**No labels come back:**" in markdown
    assert "offline evaluation" in markdown and "prediction drift" in markdown
    spec = yaml.safe_load(files["mlops-architecture.yaml"])
    assert spec["workload"]["label_delay_days"] == "never"
    assert spec["retraining_pipeline"]["performance"]["enabled"] is False
    assert "RETRAIN_METRIC_DROP" not in design.pipeline.environment


@settings(max_examples=60)
@given(data=ANSWERS_DATA)
@example(
    data={"schema_version": 1, "workload": {"rows_per_window": 1}, "governance": {"locked": True}}
)
def test_no_advice_lowers_a_threshold_below_its_noise_floor(data: dict[str, Any]) -> None:
    answers = _answers(data)
    design = build_design(answers)
    files = _documents(design, answers)
    for path, text in _texts(files).items():
        assert "Lower it towards" not in text and "blind at" not in text, path
        assert "R29-psi-blind" not in text, path
    policy = design.retraining
    rows = design.workload.rows_per_window
    below = [risk for risk in design.risks if risk.id.startswith("R28-")]
    if rows is None or design.out_of_scope is not None:
        assert not below
        return
    floor = noise_floor(rows, len(policy.key_features), policy.monitoring_windows_per_year)
    assert policy.psi_noise_floor == floor
    # Drift chosen is watched even when a locked model's pipeline drops the trigger: its
    # drift check still alerts the owner, so a noisy threshold still costs false alarms.
    chosen = resolve_answers(answers, NO_EVIDENCE, suggest(NO_EVIDENCE)).effective.triggers
    watched = bool(policy.key_features) or "drift" in chosen
    # The one finding: a threshold under the floor; its advice raises it, never lowers it.
    assert bool(below) is (watched and policy.psi_threshold < floor)
    for risk in below:
        assert "Raise the threshold to at least the floor" in risk.message
        assert "lower" not in risk.message.lower().replace("lower bound", "")
    line = next(
        line
        for line in files["architecture.md"].splitlines()
        if line.startswith(f"- **PSI {policy.psi_threshold:g}") or line.startswith("- **PSI ")
    )
    if policy.psi_threshold >= floor:
        assert "the floor is a lower bound, not a target" in line
    else:
        assert "so it is noise (R28)" in line
    assert "`mlops-wizard calibrate`" in line  # its backtest chooses the threshold


@settings(max_examples=60)
@given(data=ANSWERS_DATA, candidate=st.floats(0, 1), production=st.floats(0.01, 1))
def test_the_unit_the_document_says_is_the_one_the_gate_applies(
    data: dict[str, Any], candidate: float, production: float
) -> None:
    answers = _answers(data)
    design = build_design(answers)
    promotion = design.promotion
    assume(design.out_of_scope is None and not promotion.first_model)
    files = _documents(design, answers)
    spec = Spec.model_validate(yaml.safe_load(files["mlops-architecture.yaml"]), strict=SPEC_STRICT)
    criteria = promotion_policy(spec)
    assert criteria.gain_unit == promotion.gain_unit
    minimum = in_unit(promotion.min_accuracy_gain_pct, promotion.gain_unit)
    registry = files["architecture.md"].split("### Model Registry", 1)[1]
    gain_row = next(line for line in registry.splitlines() if line.startswith("| Gain in "))
    assert f"≥ {cell_prose(minimum)}" in gain_row
    unit = design.pipeline.environment.get("PROMOTION_GAIN_UNIT")
    assert unit == ("" if promotion.gain_unit is None else promotion.gain_unit.value)
    if promotion.gain_unit is None:
        assert any(risk.id == "R50-gain-unit-unknown" for risk in design.risks) or (
            "evaluate_model" not in {stage.name for stage in design.pipeline.stages}
        )
        return
    evaluation = {
        "candidate": candidate,
        "production": production,
        "latency_p95_ms": 1.0,
        "leakage_check_passed": True,
        "bias_checks_passed": True,
        "conversion_parity_passed": True,  # on devices (edge serving) the gate reads it too
    }
    assert not cannot_judge(criteria, evaluation)
    (gain, *_) = judge(criteria, evaluation)
    # The gate's line counts the gain in the unit the document names, against its minimum.
    assert gain.text.endswith(minimum) or gain.text.endswith(f"(minimum {minimum})")
    review = in_unit(design.retraining.human_review_above_pct, promotion.gain_unit)
    table = _trigger_table(files["architecture.md"])
    assert review in " ".join(table["Human review"])
