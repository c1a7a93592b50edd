"""Confidence ratings: self-reported answers cannot earn a high rating; evidence can."""

from __future__ import annotations

from wizard.engine import build_design
from wizard.io.loader import load_answers
from wizard.model.answers import CAPABILITIES
from wizard.model.evidence import Evidence, EvidenceItem

from .conftest import EXAMPLES


def test_fully_answered_but_self_reported_design_is_medium() -> None:
    design = build_design(load_answers(EXAMPLES / "churn-azure.yaml"))
    assert design.confidence.known_answers >= design.confidence.total_answers - 1
    assert design.confidence.evidence_backed == 0
    assert design.confidence.rating == "medium"
    assert any("self-reported" in reason for reason in design.confidence.reasons)


def test_unanswered_design_is_low() -> None:
    design = build_design(load_answers(EXAMPLES / "minimal.yaml"))
    assert design.confidence.rating == "low"
    assert len(design.gaps) == design.confidence.total_answers - design.confidence.known_answers


def test_evidence_that_contradicts_answers_lowers_the_score() -> None:
    answers = load_answers(EXAMPLES / "fraud-detection.yaml")
    tracked = EvidenceItem("experiment_tracking", "mlflow", "src/train.py", 16, "logs parameters")
    registered = EvidenceItem("model_registry", "mlflow", "src/train.py", 30, "register_model")
    evidence = Evidence(items=(tracked, registered), root=".", files_scanned=2)
    alone = build_design(answers)
    contradicted = build_design(answers, evidence)
    assert contradicted.confidence.contradictions >= 1
    assert contradicted.confidence.score < alone.confidence.score
    assert set(CAPABILITIES) == {c.key for c in contradicted.maturity.capabilities}
