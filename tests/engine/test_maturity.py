"""Maturity levels 0-3 from the answers, the partial rule, the override, and evidence."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from wizard.engine import build_design
from wizard.engine.suggest import suggest_maturity
from wizard.model.answers import CAPABILITIES, Answers
from wizard.model.evidence import Evidence, EvidenceItem

AnswersFactory = Callable[..., Answers]


def _capabilities(**values: str) -> dict[str, str]:
    answered = {f"maturity.{name}": "no" for name in CAPABILITIES}
    answered.update({f"maturity.{name}": value for name, value in values.items()})
    return answered


LEVEL_CASES = [
    (0, {}),
    (0, {"experiment_tracking": "partial"}),
    (1, {"experiment_tracking": "yes"}),
    (
        1,
        {
            "experiment_tracking": "yes",
            "model_registry": "yes",
            "data_versioning": "yes",
            "automated_tests": "partial",
            "ci_cd_for_models": "partial",
        },
    ),
    (
        2,
        {
            "experiment_tracking": "yes",
            "model_registry": "yes",
            "data_versioning": "yes",
            "automated_tests": "yes",
            "ci_cd_for_models": "partial",
        },
    ),
    (
        2,
        {
            "experiment_tracking": "yes",
            "model_registry": "yes",
            "data_versioning": "yes",
            "automated_tests": "yes",
            "ci_cd_for_models": "yes",
            "monitoring": "yes",
            "automated_retraining": "partial",
        },
    ),
    (3, dict.fromkeys(CAPABILITIES, "yes")),
    (1, {**dict.fromkeys(CAPABILITIES, "yes"), "model_registry": "no"}),
    (0, {**dict.fromkeys(CAPABILITIES, "yes"), "experiment_tracking": "unknown"}),
]


@pytest.mark.parametrize(("level", "values"), LEVEL_CASES)
def test_level_from_answers(
    make_answers: AnswersFactory, level: int, values: dict[str, str]
) -> None:
    maturity = build_design(make_answers(_capabilities(**values))).maturity
    assert (maturity.level, maturity.computed_level, maturity.overridden) == (level, level, False)


@pytest.mark.parametrize(
    ("name", "level"),
    [("fraud-detection", 0), ("recommender", 2), ("churn-azure", 3), ("minimal", 0)],
)
def test_examples_levels(example: Callable[[str], Answers], name: str, level: int) -> None:
    assert build_design(example(name)).maturity.level == level


def test_reasons_say_what_meets_and_what_misses(example: Callable[[str], Answers]) -> None:
    maturity = build_design(example("recommender")).maturity
    reasons = " ".join(maturity.reasons)
    assert "Level 2 (Automated) reached" in reasons
    assert "CI/CD for models is partial" in reasons
    assert "Level 3 (Full MLOps) not reached" in reasons
    # What is short, and how far, is said once, by the next focus (and the table).
    assert "monitoring is no" not in reasons
    assert maturity.next_focus == (
        "Reach level 3 (Full MLOps): bring monitoring (no), automated retraining (no) to yes."
    )


def test_partial_and_no_are_pain_points_yes_is_not(make_answers: AnswersFactory) -> None:
    values = _capabilities(experiment_tracking="yes", model_registry="partial")
    pains = build_design(make_answers(values)).maturity.pain_points
    assert len(pains) == len(CAPABILITIES) - 1
    assert any("registered only sometimes" in pain for pain in pains)
    assert not any("not tracked" in pain for pain in pains)
    assert any("Training data is not versioned" in pain for pain in pains)


def test_level_three_has_no_pain_points(example: Callable[[str], Answers]) -> None:
    maturity = build_design(example("churn-azure")).maturity
    assert maturity.pain_points == ()
    assert (
        maturity.next_focus
        == "Optimise and scale: every capability it needs is at yes; follow the roadmap."
    )
    assert {status.note for status in maturity.capabilities} == {""}, "no evidence, nothing to note"


def test_override_is_used_and_reported(make_answers: AnswersFactory) -> None:
    answers = make_answers(
        {**_capabilities(experiment_tracking="yes"), "maturity.level_override": 3}
    )
    maturity = build_design(answers).maturity
    assert (maturity.level, maturity.name, maturity.computed_level) == (3, "Full MLOps", 1)
    assert maturity.overridden
    assert "level_override" in maturity.reasons[0] and "compute level 1" in maturity.reasons[0]


def test_override_equal_to_computed_is_not_an_override(make_answers: AnswersFactory) -> None:
    answers = make_answers({**_capabilities(), "maturity.level_override": 0})
    maturity = build_design(answers).maturity
    assert maturity.level == 0 and not maturity.overridden
    assert "confirms" in maturity.reasons[0]


def _tracking_evidence() -> Evidence:
    return Evidence(
        items=(
            EvidenceItem("experiment_tracking", "mlflow", "src/train.py", 5, "mlflow.log_params"),
            EvidenceItem("data_versioning", "dvc", "dvc.yaml", None, "DVC pipeline"),
        ),
        root="repo",
        files_scanned=12,
    )


def test_evidence_fills_unknown_capabilities(make_answers: AnswersFactory) -> None:
    evidence = _tracking_evidence()
    suggested = suggest_maturity(evidence)
    answers = make_answers({"maturity.experiment_tracking": "unknown"})
    design = build_design(answers, evidence)
    statuses = {status.key: status for status in design.maturity.capabilities}
    tracking = statuses["experiment_tracking"]
    assert tracking.value == suggested["experiment_tracking"].value
    assert tracking.source == "evidence"
    assert tracking.evidence == suggested["experiment_tracking"].evidence
    assert "src/train.py:5" in tracking.note
    gap = next(gap for gap in design.gaps if gap.key == "maturity.experiment_tracking")
    assert "suggested by the repository" in gap.assumed
    assert statuses["monitoring"].source == "default"
    assert statuses["monitoring"].value == "unknown"
    assert design.confidence.evidence_backed >= 2


def test_explicit_answer_beats_evidence_and_the_disagreement_is_reported(
    make_answers: AnswersFactory,
) -> None:
    evidence = _tracking_evidence()
    assert suggest_maturity(evidence)["data_versioning"].value != "no"
    design = build_design(make_answers({"maturity.data_versioning": "no"}), evidence)
    status = next(s for s in design.maturity.capabilities if s.key == "data_versioning")
    assert (status.value, status.source) == ("no", "answer")
    assert "repository suggests" in status.note
    assert design.confidence.contradictions == 1
    assert any(
        "disagree" in caveat and "maturity.data_versioning" in caveat for caveat in design.caveats
    )
    # The disagreement itself is set out once, under Confidence Assessment, not again here.
    reason = next(text for text in design.confidence.reasons if "repository suggests" in text)
    assert not any(reason.rstrip(".") in caveat for caveat in design.caveats)
    value = suggest_maturity(evidence)["data_versioning"].value
    agreeing = build_design(make_answers({"maturity.data_versioning": value}), evidence)
    assert design.confidence.score < agreeing.confidence.score


def test_agreeing_evidence_backs_the_answer(make_answers: AnswersFactory) -> None:
    evidence = _tracking_evidence()
    value = suggest_maturity(evidence)["data_versioning"].value
    design = build_design(make_answers({"maturity.data_versioning": value}), evidence)
    status = next(s for s in design.maturity.capabilities if s.key == "data_versioning")
    assert status.note.startswith("Backed by the repository")
    assert design.confidence.contradictions == 0
    alone = build_design(make_answers({"maturity.data_versioning": value}))
    assert design.confidence.score > alone.confidence.score
