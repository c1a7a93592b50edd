"""Designs for the renderer tests: the engine's designs of the bundled examples and of
answers full of hostile text, and a hand-built design for cases the examples do not reach
(evidence, an overridden level)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from tests.render.parts import PARTS, canary_deployment, canary_lifecycle, promotion
from wizard.engine import build_design
from wizard.io.loader import load_answers
from wizard.model.answers import Answers
from wizard.model.design import (
    CapabilityStatus,
    ComponentChoice,
    Confidence,
    Design,
    Gap,
    MaturityAssessment,
    PainPoint,
    PipelineDesign,
    PipelineStage,
    RetrainingPolicy,
    Risk,
    RoadmapPhase,
    RoadmapTask,
    ToolRecommendation,
    TriggerRule,
)
from wizard.model.evidence import Evidence, EvidenceItem
from wizard.model.psi_bands import PsiBand

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

TRACKER_EVIDENCE = EvidenceItem(
    "experiment_tracking", "mlflow", "src/train.py", 5, "mlflow.log_params"
)


def sample_design() -> Design:
    """A level-0 design in the shape the engine produces for examples/fraud-detection.yaml."""
    capabilities = (
        CapabilityStatus(
            "experiment_tracking",
            "Experiment tracking",
            "partial",
            "answer",
            (TRACKER_EVIDENCE,),
            pain=PainPoint("", "Models are hand-copied files."),
        ),
        CapabilityStatus("data_versioning", "Data versioning", "no", "answer"),
        CapabilityStatus("model_registry", "Model registry", "no", "answer"),
        CapabilityStatus("automated_tests", "Automated tests", "partial", "answer"),
        CapabilityStatus("ci_cd_for_models", "CI/CD for models", "no", "default"),
        CapabilityStatus("monitoring", "Monitoring", "no", "answer"),
        CapabilityStatus(
            "automated_retraining", "Automated retraining", "no", "evidence", note="no schedule"
        ),
    )
    stage_names = ("validate_data", "train_model", "evaluate_model", "register_model")
    stages = tuple(
        PipelineStage(
            name,
            name.replace("_", " ").capitalize(),
            f"make {name}",
            stage_names[index - 1] if index else None,
            f"Runs {name}.",
        )
        for index, name in enumerate(stage_names)
    )
    return Design(
        project_name="fraud-detection",
        description="Card-not-present fraud scoring for online payments.",
        ci_platform="github-actions",
        cloud="aws",
        maturity=MaturityAssessment(
            level=0,
            name="Manual",
            computed_level=0,
            overridden=False,
            capabilities=capabilities,
            override_reason="",
            levels_reached=(),
            next_level_missed="Experiment tracking is only partial.",
            next_focus="add experiment tracking",
        ),
        components=(
            ComponentChoice(
                "Experiment tracking",
                "components.experiment_tracking.tool",
                "mlflow",
                "MLflow",
                "answer",
            ),
            ComponentChoice(
                "Model registry", "components.model_registry.tool", "mlflow", "MLflow", "answer"
            ),
            ComponentChoice(
                "Data versioning", "components.data_versioning", "dvc", "DVC", "answer"
            ),
            ComponentChoice("Feature store", "components.feature_store", "none", "none", "answer"),
            ComponentChoice(
                "Orchestration",
                "components.orchestrator",
                "github-actions",
                "GitHub Actions",
                "answer",
            ),
            ComponentChoice(
                "Data validation",
                "components.data_validation",
                "great-expectations",
                "Great Expectations",
                "default",
            ),
            ComponentChoice(
                "Monitoring", "components.monitoring", "evidently", "Evidently", "answer"
            ),
        ),
        tracked=("hyperparameters", "metrics", "artifacts"),
        experiments=("baseline-models", "feature-engineering"),
        registry_stages=("development", "staging", "production", "archived"),
        registry_versioning="semantic",
        registry_immutable=True,
        promotion=promotion(),
        retraining=RetrainingPolicy(
            schedule="weekly",
            cron="0 3 * * 1",
            psi_threshold=0.1,
            band=PsiBand.MODERATE,
            key_features=("amount", "merchant_category"),
            accuracy_drop_pct=2.0,
            window_breaches=2,
            window_count=5,
            data_window_days=30,
            human_review_above_pct=1.0,
            max_missing_pct=50.0,
            triggers=(
                TriggerRule("Schedule", "weekly (0 3 * * 1)", "retrain", True),
                TriggerRule("Drift", "PSI > 0.1 on amount", "retrain", True),
                TriggerRule("Performance", "accuracy drops > 2 %", "alert and retrain", False),
            ),
        ),
        pipeline=PipelineDesign(
            platform="github-actions",
            platform_name="GitHub Actions",
            path=".github/workflows/ml-pipeline.yml",
            triggers=("push", "schedule", "drift"),
            stages=stages,
            manual_approval=True,
            approval_gate=any(stage.name == "promote_production" for stage in stages),
            approver="ML lead",
            environment={"DRIFT_PSI_THRESHOLD": "0.1", "CANARY_STAGES": "10,50,100"},
            install=None,
            runner="ubuntu-latest",
            python="3.11",
        ),
        deployment=canary_deployment(),
        lifecycle=canary_lifecycle(),
        **PARTS,
        risks=(
            Risk("R01-no-versioning", "high", "No data versioning", "Irreproducible.", ("a.b",)),
            Risk("R02-bias", "low", "Bias checks off", "Turn them on.", ()),
        ),
        confidence=Confidence("medium", 55, ("Most answers known.",), 40, 60, 1, 0),
        gaps=(
            Gap("retraining.performance.window_rule", "Retrain on k of n windows?", "2 of 5"),
            Gap("project.cloud", "Where does it run?", ""),
        ),
        caveats=("Thresholds are starting points.",),
        roadmap=(
            RoadmapPhase(
                "Foundation",
                "Weeks 1-2",
                "Track every run.",
                (RoadmapTask("Set up MLflow", False), RoadmapTask("Write tests", True)),
            ),
        ),
        recommendations=(
            ToolRecommendation(
                "Experiment tracking",
                "components.experiment_tracking.tool",
                "mlflow",
                "MLflow",
                "you",
                "Apache-2.0, self-hosted.",
            ),
            ToolRecommendation(
                "Feature store",
                "components.feature_store",
                "feast",
                "Feast",
                "recommended",
                "Open.",
            ),
        ),
        evidence=Evidence(items=(TRACKER_EVIDENCE,), root=".", files_scanned=3),
    )


def with_text(design: Design, text: str) -> Design:
    """``design`` with ``text`` in every place user text reaches the documents."""
    capabilities = tuple(
        replace(capability, note=text) for capability in design.maturity.capabilities
    )
    return replace(
        design,
        project_name=text,
        description=text,
        maturity=replace(design.maturity, capabilities=capabilities),
        experiments=(text, "plain"),
        promotion=replace(design.promotion, approver=text),
        retraining=replace(design.retraining, key_features=(text,)),
        gaps=(Gap("project.name", text, text),),
    )


class MarkdownStructure:
    """Reads Markdown the way GitHub does (CommonMark + tables + strikethrough), to check
    that escaped text keeps the structure of the document."""

    def __init__(self) -> None:
        self.parser = MarkdownIt("commonmark").enable("table").enable("strikethrough")

    def parse(self, text: str) -> list[Token]:
        return self.parser.parse(text)

    @staticmethod
    def plain_text(token: Token) -> str:
        """The text an inline token renders, asserting it holds nothing but plain text."""
        children = token.children or []
        kinds = {child.type for child in children}
        assert kinds <= {"text"}, f"formatting in {token.content!r}: {sorted(kinds)}"
        return "".join(child.content for child in children)

    @staticmethod
    def table_rows(tokens: list[Token]) -> list[list[Token]]:
        """Every row of every table in ``tokens``, as the list of its cells' inline tokens."""
        rows: list[list[Token]] = []
        row: list[Token] = []
        for index, token in enumerate(tokens):
            if token.type == "tr_open":
                row = []
            elif token.type in ("th_open", "td_open"):
                row.append(tokens[index + 1])
            elif token.type == "tr_close":
                rows.append(row)
        return rows

    @staticmethod
    def headings(tokens: list[Token]) -> list[tuple[str, str]]:
        """(tag, text) of every heading, in document order."""
        return [
            (token.tag, tokens[index + 1].content)
            for index, token in enumerate(tokens)
            if token.type == "heading_open"
        ]

    @staticmethod
    def raw_html(tokens: list[Token]) -> list[str]:
        """The content of every raw HTML block or inline tag."""
        found = [token.content for token in tokens if token.type == "html_block"]
        for token in tokens:
            found.extend(
                child.content for child in token.children or [] if child.type == "html_inline"
            )
        return found


@pytest.fixture(scope="session")
def structure() -> MarkdownStructure:
    return MarkdownStructure()


@pytest.fixture(scope="session")
def design() -> Design:
    return sample_design()


@pytest.fixture(scope="session")
def text_design() -> Callable[[str], Design]:
    """Builds the sample design with the given text everywhere user text goes."""
    base = sample_design()
    return lambda text: with_text(base, text)


@pytest.fixture(scope="session")
def example_designs() -> dict[str, Design]:
    """The engine's design of every bundled example, by file stem."""
    return {path.stem: build_design(load_answers(path)) for path in sorted(EXAMPLES.glob("*.yaml"))}


def answers_with_text(text: str) -> Answers:
    """The fraud-detection example with ``text`` in every free-text answer. Names are
    prefixed so they stay non-empty and distinct, as the answers model requires."""
    data = load_answers(EXAMPLES / "fraud-detection.yaml").model_dump(mode="json")
    named = f"p{text}"
    data["project"]["name"] = named
    data["project"]["description"] = text
    data["components"]["experiment_tracking"]["experiments"] = [named, "baseline"]
    data["retraining"]["drift"]["key_features"] = [named, "amount"]
    data["promotion"]["approver"] = named
    # A command is one printable line (the model refuses the rest): hostile lines go elsewhere.
    if named.isprintable():
        data["cicd"]["commands"] = {"train_model": named}
    return Answers.model_validate(data)


@pytest.fixture(scope="session")
def engine_text_design() -> Callable[[str], Design]:
    """The engine's design of the fraud-detection example with ``text`` in every free-text
    answer (see ``answers_with_text``)."""
    return lambda text: build_design(answers_with_text(text))
