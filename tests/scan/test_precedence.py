"""Evidence against answers through the real engine: an explicit answer always wins (and the
disagreement is said), an unknown is filled from the repository."""

from __future__ import annotations

from wizard.engine import build_design
from wizard.model.answers import Answers
from wizard.scan import scan_repository

TRAIN = """\
import mlflow
from mlflow.tracking import MlflowClient

mlflow.log_param("alpha", 0.5)
MlflowClient().transition_model_version_stage("churn", 1, "Production")
"""


def _design(make_repo, maturity: dict[str, str], components: dict[str, object]):
    evidence = scan_repository(
        make_repo({"src/train.py": TRAIN, "dvc.yaml": "stages:\n  train:\n    cmd: x\n"})
    )
    answers = Answers.model_validate(
        {"schema_version": 1, "maturity": maturity, "components": components}
    )
    return build_design(answers, evidence)


def test_unknown_answers_are_filled_from_evidence(make_repo) -> None:
    design = _design(make_repo, {}, {})
    status = {item.key: item for item in design.maturity.capabilities}
    assert (status["experiment_tracking"].value, status["experiment_tracking"].source) == (
        "yes",
        "evidence",
    )
    assert status["experiment_tracking"].evidence[0].path == "src/train.py"
    assert (status["data_versioning"].value, status["data_versioning"].source) == (
        "yes",
        "evidence",
    )
    chosen = {choice.key: (choice.tool, choice.source) for choice in design.components}
    assert chosen["components.experiment_tracking.tool"] == ("mlflow", "evidence")
    assert chosen["components.data_versioning"] == ("dvc", "evidence")


def test_explicit_answer_wins_and_the_disagreement_is_said(make_repo) -> None:
    design = _design(
        make_repo,
        {"experiment_tracking": "no"},
        {"experiment_tracking": {"tool": "wandb"}, "data_versioning": "lakefs"},
    )
    status = {item.key: item for item in design.maturity.capabilities}
    tracking = status["experiment_tracking"]
    assert (tracking.value, tracking.source) == ("no", "answer")
    assert "suggests yes" in tracking.note
    chosen = {choice.key: (choice.tool, choice.source) for choice in design.components}
    assert chosen["components.experiment_tracking.tool"] == ("wandb", "answer")
    assert chosen["components.data_versioning"] == ("lakefs", "answer")
    assert design.confidence.contradictions >= 1
