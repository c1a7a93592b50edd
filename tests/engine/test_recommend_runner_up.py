"""The runner-up with why not, for this team (issue 12, item 5): Tool Recommendations name the
runner-up with a reason drawn from the answers, never "fits too", and never the chosen tool;
each decision record weighs the runner-up in full, once, and every other option that could fit
against the pick (issue 23)."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given, settings

from tests.engine.conftest import AnswersFactory, without
from tests.strategies import ANSWERS_DATA, EVIDENCE
from wizard.engine import build_design
from wizard.engine.alternatives import runner_up
from wizard.engine.resolve import resolve_answers
from wizard.engine.suggest import suggest
from wizard.model.answers import Answers
from wizard.model.catalog import CATALOG
from wizard.model.decision import DecisionRecord
from wizard.model.design import Design, ToolRecommendation
from wizard.model.evidence import Evidence, EvidenceItem

RUNNER_UP = re.compile(r"Runner-up: (?P<name>[^(]+?) \((?P<reason>.+)\)\.$")


def _runner_up(rec: ToolRecommendation) -> tuple[str, str]:
    match = RUNNER_UP.search(rec.why)
    assert match, rec.why
    return match["name"], match["reason"]


def _row(design: Design, concern: str) -> ToolRecommendation:
    return next(rec for rec in design.recommendations if rec.key.split(".")[1] == concern)


def _decision(design: Design, concern: str) -> DecisionRecord:
    return next(r for r in design.decisions if r.slug == concern.replace("_", "-"))


def _record(design: Design, concern: str) -> str:
    record = _decision(design, concern)
    return " ".join(
        [
            *record.shared,
            *(f"{o.name}: {o.verdict}" for o in record.options),
            *record.not_considered,
            record.outcome,
        ]
    )


def _runner_up_said(record: DecisionRecord) -> str:
    (option,) = [option for option in record.options if option.runner_up]
    return f"{option.name}: {option.verdict}"


@given(data=ANSWERS_DATA, found=EVIDENCE)
def test_no_runner_up_is_a_bare_fits_too_nor_the_chosen_tool(
    data: dict[str, Any], found: Evidence
) -> None:
    design = build_design(Answers.model_validate(data), found)
    for rec in design.recommendations:
        if rec.tool_name == "None needed":
            continue
        name, reason = _runner_up(rec)
        assert name != rec.tool_name
        assert reason.strip() and "fits too" not in reason
    for record in design.decisions:
        assert "fits too" not in record.outcome
        assert all("fits too" not in option.verdict for option in record.options)


# 60: an example weighs a runner-up for every tool of every concern.
@settings(max_examples=60)
@given(data=ANSWERS_DATA, found=EVIDENCE)
def test_every_pick_has_a_weighed_runner_up_for_any_team(
    data: dict[str, Any], found: Evidence
) -> None:
    """Whatever the tool, in whichever concern: the runner-up is another tool, with a reason."""
    e = resolve_answers(Answers.model_validate(data), found, suggest(found)).effective
    for concern, tools in CATALOG.items():
        for chosen in tools:
            if chosen == "none":
                continue
            for level in range(4):
                weighing = runner_up(concern, chosen, e, level)
                assert weighing.option.id not in (chosen, "none")
                assert weighing.first and weighing.full and "fits too" not in weighing.full


def test_a_self_hosted_pick_weighs_the_hosted_proprietary_options_against_it(
    make_answers: AnswersFactory,
) -> None:
    """The brief's example: "W&B Registry: hosted and proprietary, while you self-host MLflow"."""
    design = build_design(make_answers({"components.model_registry.tool": "mlflow"}))
    assert "W&B Registry: hosted and proprietary, while you self-host MLflow Model Registry" in (
        _record(design, "model_registry")
    )


def test_the_tracker_runner_up_is_weighed_against_the_registry_and_the_other_tools(
    make_answers: AnswersFactory,
) -> None:
    design = build_design(
        make_answers(
            {
                "components.experiment_tracking.tool": "mlflow",
                "components.model_registry.tool": "mlflow",
                "components.orchestrator": "airflow",
                "components.data_versioning": "dvc",
            }
        )
    )
    name, reason = _runner_up(_row(design, "experiment_tracking"))
    assert (name, reason) == ("ClearML", "your registry links to MLflow runs")
    record = _decision(design, "experiment_tracking")
    # Said of every option weighed, the tie is said once, above them.
    (tie,) = [line for line in record.shared if "your registry links to MLflow runs" in line]
    assert tie.startswith("Against every option but MLflow: ")
    assert _runner_up_said(record).startswith("ClearML: duplicates Apache Airflow and DVC")
    assert "Runner-up" not in record.outcome


def test_a_cloud_registry_on_its_own_cloud_is_no_extra_vendor(
    make_answers: AnswersFactory,
) -> None:
    design = build_design(
        make_answers({"project.cloud": "aws", "components.model_registry.tool": "sagemaker"})
    )
    row = _row(design, "model_registry")
    assert "proprietary" not in row.why
    assert _runner_up(row)[0] == "MLflow Model Registry"


def test_late_labels_are_said_once_in_the_row_by_the_runner_up(
    make_answers: AnswersFactory,
) -> None:
    """You chose Evidently; NannyML estimates performance while labels are late, but it was
    acquired and looks unmaintained, so it is never the runner-up: the record weighs it."""
    design = build_design(
        make_answers({"components.monitoring": "evidently", "workload.label_delay_days": 45})
    )
    row = _row(design, "monitoring")
    assert _runner_up(row)[0] != "NannyML"
    # No option that may be taken estimates performance: lacking one is no reason here.
    assert "45 days late" not in row.why
    record = _record(design, "monitoring")
    # Acquired, it cannot be taken: named once, not weighed.
    assert "NannyML, acquired" in record
    assert "computes no PSI" in record


def test_without_late_labels_the_runner_up_loses_on_the_drift_triggers_psi(
    make_answers: AnswersFactory,
) -> None:
    design = build_design(
        make_answers({"components.monitoring": "evidently", "workload.label_delay_days": 0})
    )
    assert _runner_up(_row(design, "monitoring")) == ("whylogs", "computes no PSI")


def test_a_team_that_chose_the_tool_is_told_so_in_its_record(make_answers: AnswersFactory) -> None:
    design = build_design(make_answers({"components.orchestrator": "prefect"}))
    record = _decision(design, "orchestration")
    # The title names the tool; the list marks the runner-up and says its reasons, once.
    assert record.outcome == "You chose it."
    assert _runner_up_said(record).count(": ") >= 1


def test_a_nannyml_team_is_told_what_changed_and_what_to_move_to(
    make_answers: AnswersFactory,
) -> None:
    design = build_design(
        make_answers({"components.monitoring": "nannyml", "workload.label_delay_days": 60})
    )
    row = _row(design, "monitoring")
    assert row.why.startswith("What changed: NannyML was acquired by Soda in 2025")
    assert "Still valid for performance estimation before labels arrive" in row.why
    assert "Move to Evidently" in row.why
    assert row.why.count("acquired by Soda") == 1
    assert _runner_up(row) == ("Evidently", "no performance estimate while labels are 60 days late")


def test_what_the_scan_found_weighs_against_the_runner_up(safe_answers: Answers) -> None:
    """The tracker is unanswered and the repository imports MLflow: the record says the scan
    found it, as a reason the runner-up lost."""
    found = Evidence(
        items=(EvidenceItem("experiment_tracking", "mlflow", "train.py", 3, "import mlflow"),),
        root="repo",
        files_scanned=1,
    )
    design = build_design(without(safe_answers, "components.experiment_tracking.tool"), found)
    assert _row(design, "experiment_tracking").chosen_by == "evidence"
    record = _decision(design, "experiment_tracking")
    assert record.outcome == "The repository already uses it (mlflow found at train.py:3)."
    # The reason is the outcome's: the runner-up's item does not say it again.
    assert "the scan found" not in _record(design, "experiment_tracking").lower()
