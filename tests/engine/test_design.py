"""build_design end to end: gaps, policies, pipeline, roadmap, catalog, recommendations."""

from __future__ import annotations

from collections.abc import Callable
from typing import get_args

import pytest

from wizard.engine import build_design
from wizard.engine import suggest as suggest_module
from wizard.model import answers as answers_module
from wizard.model.answers import STAGE_ORDER, Answers, empty_answers
from wizard.model.catalog import CATALOG, CONCERNS, catalog_entry
from wizard.model.defaults import DEFAULTS
from wizard.model.evidence import Evidence, EvidenceItem
from wizard.model.lifecycle import Role, Signal, When
from wizard.model.psi_bands import PsiBand
from wizard.render.markdown import render_markdown

from .conftest import without

AnswersFactory = Callable[..., Answers]

ENVIRONMENT_NAMES = [
    "PROMOTION_PRIMARY_METRIC",
    "PROMOTION_HIGHER_IS_BETTER",
    "PROMOTION_GAIN_UNIT",
    "PROMOTION_MIN_GAIN",
    "PROMOTION_MIN_GAIN_POINTS",
    "PROMOTION_FIRST_MODEL",
    "PROMOTION_MIN_METRIC_VALUE",
    "PROMOTION_REQUIRE_LEAKAGE_CHECK",
    "PROMOTION_REQUIRE_BIAS_CHECKS",
    "DRIFT_PSI_THRESHOLD",
    "DRIFT_KEY_FEATURES",
    "RETRAIN_METRIC_DROP",
    "RETRAIN_WINDOW_BREACHES",
    "RETRAIN_WINDOW_COUNT",
    "HUMAN_REVIEW_ABOVE",
    "DATA_WINDOW_DAYS",
    "DATA_WINDOW_ENDS_DAYS_AGO",
    "DEPLOYMENT_STRATEGY",
    "BAKE_MINUTES",
    "LABEL_DELAY_DAYS",
]


def _answer_keys(model: type = Answers, prefix: str = "") -> list[str]:
    keys: list[str] = []
    for name, info in model.model_fields.items():
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, answers_module.Section):
            keys.extend(_answer_keys(annotation, f"{prefix}{name}."))
        else:
            keys.append(f"{prefix}{name}")
    return keys


def test_minimal_gaps_cover_every_answer_key(example: Callable[[str], Answers]) -> None:
    design = build_design(example("minimal"))
    not_answers = {"schema_version", "maturity.level_override", "wizard.step", "calibration"}
    expected = set(_answer_keys()) - not_answers
    assert {gap.key for gap in design.gaps} == expected
    for gap in design.gaps:
        assert gap.question.endswith(("?", ".")), gap
    by_key = {gap.key: gap for gap in design.gaps}
    assert by_key["retraining.drift.psi_threshold"].assumed == "0.1"
    assert by_key["promotion.approver"].assumed == "ML lead"
    assert by_key["cicd.commands"].assumed == "each stage runs `make <stage>`"
    assert "counts as no" in by_key["maturity.monitoring"].assumed
    assert design.confidence.known_answers == 0
    assert design.confidence.rating == "low"


def test_fully_answered_example_has_only_the_unanswered_gaps(
    example: Callable[[str], Answers],
) -> None:
    assert [gap.key for gap in build_design(example("recommender")).gaps] == []
    assert [gap.key for gap in build_design(example("churn-azure")).gaps] == ["cicd.commands"]


def test_explicit_null_approver_means_no_gate_and_missing_means_default(
    make_answers: AnswersFactory, safe_answers: Answers
) -> None:
    no_gate = build_design(
        make_answers({"promotion.approver": None, "cicd.manual_approval": False})
    )
    assert no_gate.promotion.approver is None
    assert not no_gate.pipeline.manual_approval
    assert "promotion.approver" not in {gap.key for gap in no_gate.gaps}
    unknown = build_design(without(safe_answers, "promotion.approver"))
    assert unknown.promotion.approver == "ML lead"
    assert "promotion.approver" in {gap.key for gap in unknown.gaps}


def test_an_approver_turns_the_gate_on(make_answers: AnswersFactory) -> None:
    design = build_design(
        make_answers({"cicd.manual_approval": False, "promotion.approver": "Ops"})
    )
    assert design.pipeline.manual_approval
    assert design.pipeline.approver == "Ops"


def test_pipeline_stages_follow_stage_order_with_needs_and_commands(
    example: Callable[[str], Answers],
) -> None:
    pipeline = build_design(example("recommender")).pipeline
    assert pipeline.platform == "gitlab-ci"
    assert pipeline.platform_name == "GitLab CI"
    assert pipeline.path == ".gitlab-ci.yml"
    assert [stage.name for stage in pipeline.stages] == list(STAGE_ORDER)
    assert [stage.needs for stage in pipeline.stages] == [None, *STAGE_ORDER[:-1]]
    commands = {stage.name: stage.command for stage in pipeline.stages}
    assert commands["train_model"] == "python -m recommender.train --config configs/train.yaml"
    assert commands["register_model"] == "make register_model"
    assert all(stage.title and stage.description.endswith(".") for stage in pipeline.stages)


def test_partial_stage_list_needs_the_previous_chosen_stage(make_answers: AnswersFactory) -> None:
    stages = ["validate_data", "train_model", "register_model"]
    pipeline = build_design(make_answers({"cicd.stages": stages})).pipeline
    assert [(stage.name, stage.needs) for stage in pipeline.stages] == [
        ("validate_data", None),
        ("train_model", "validate_data"),
        ("register_model", "train_model"),
    ]


def test_environment_names_and_formatting(example: Callable[[str], Answers]) -> None:
    environment = build_design(example("churn-azure")).pipeline.environment
    assert list(environment) == ENVIRONMENT_NAMES
    # churn-azure scores in batch: no latency criterion, no canary stages.
    assert environment == {
        "PROMOTION_PRIMARY_METRIC": "auc",
        "PROMOTION_HIGHER_IS_BETTER": "true",
        "PROMOTION_GAIN_UNIT": "points",
        "PROMOTION_MIN_GAIN": "0.5",
        "PROMOTION_MIN_GAIN_POINTS": "0.5",
        "PROMOTION_FIRST_MODEL": "false",
        "PROMOTION_MIN_METRIC_VALUE": "0.75",
        "PROMOTION_REQUIRE_LEAKAGE_CHECK": "true",
        "PROMOTION_REQUIRE_BIAS_CHECKS": "true",
        "DRIFT_PSI_THRESHOLD": "0.15",
        "DRIFT_KEY_FEATURES": "tenure_months,monthly_charges,support_tickets_90d",
        "RETRAIN_METRIC_DROP": "1.5",
        "RETRAIN_WINDOW_BREACHES": "2",
        "RETRAIN_WINDOW_COUNT": "4",
        "HUMAN_REVIEW_ABOVE": "1",
        "DATA_WINDOW_DAYS": "365",
        # Churn is known 60 days after the score: the training window ends 60 days ago.
        "DATA_WINDOW_ENDS_DAYS_AGO": "60",
        "DEPLOYMENT_STRATEGY": "champion-challenger",
        "BAKE_MINUTES": "0",
        "LABEL_DELAY_DAYS": "60",
    }


def test_no_window_rule_omits_its_variables(make_answers: AnswersFactory) -> None:
    design = build_design(make_answers({"retraining.performance.window_rule": None}))
    assert "RETRAIN_WINDOW_BREACHES" not in design.pipeline.environment
    assert "RETRAIN_WINDOW_COUNT" not in design.pipeline.environment
    assert (design.retraining.window_breaches, design.retraining.window_count) == (None, None)


def test_retraining_policy_cron_band_and_triggers(
    example: Callable[[str], Answers], make_answers: AnswersFactory
) -> None:
    policy = build_design(example("recommender")).retraining
    assert (policy.schedule, policy.cron) == ("0 2 * * *", "0 2 * * *")
    assert policy.band is PsiBand.MODERATE
    assert policy.band.reading(policy.psi_threshold).startswith("0.2 is in 0.1-0.25 moderate")
    enabled = {rule.trigger: rule.enabled for rule in policy.triggers}
    assert enabled == {
        "Schedule": True,
        "Drift": False,  # no monitoring tool fires it
        "Performance": False,
        "Human review": True,  # nobody approves: the gate stops the change until reviewed
        "Manual": True,  # ... and only a run started by hand can carry the reviewer
    }
    weekly = build_design(make_answers({"retraining.drift.psi_threshold": 0.05})).retraining
    assert weekly.cron == "0 3 * * 1"
    assert weekly.band is PsiBand.NONE
    assert weekly.band.reading(0.05).startswith("0.05 is in < 0.1 no significant change")
    major = build_design(make_answers({"retraining.drift.psi_threshold": 0.4})).retraining
    assert major.band is PsiBand.MAJOR
    assert major.band.reading(0.4).startswith("0.4 is in > 0.25 major shift")


def test_canary_steps_check_what_tells_the_arms_apart(example: Callable[[str], Answers]) -> None:
    lifecycle = build_design(example("recommender")).lifecycle
    canary = [step for step in lifecycle.steps if step.move.mark is Role.CANARY]
    assert [step.move.traffic_percent for step in canary] == [5, 25, 100]
    for step in canary:
        signals = [check.signal for check in step.checks]
        # latency, errors and the prediction distribution against production's; labels
        # (clicks) come back within the bake, so the metric too; never the inputs' PSI
        assert signals == [
            Signal.LATENCY,
            Signal.ERROR_RATE,
            Signal.PREDICTION_DISTRIBUTION,
            Signal.PRIMARY_METRIC,
        ]
        assert {check.when for check in step.checks} == {When.AFTER_BAKE}


def test_level_zero_and_level_three_roadmaps_differ(example: Callable[[str], Answers]) -> None:
    level_zero = build_design(example("fraud-detection")).roadmap
    level_three = build_design(example("churn-azure")).roadmap
    assert [(phase.title, phase.weeks) for phase in level_zero] == [
        ("Foundation", "Weeks 1-2"),
        ("Automation", "Weeks 3-4"),
        ("Operations", "Weeks 5-6"),
    ]
    assert [phase.title for phase in level_three] == ["Optimise", "Scale"]
    zero_tasks = [task.text for phase in level_zero for task in phase.tasks]
    three_tasks = [task.text for phase in level_three for task in phase.tasks]
    assert not set(zero_tasks) & set(three_tasks)
    assert any("Set up MLflow tracking server" in text for text in zero_tasks)
    assert any("`dvc.yaml` stages" in text for text in zero_tasks)
    assert any("NannyML" in text for text in three_tasks)
    assert not any(task.done for phase in level_zero for task in phase.tasks)


def test_roadmap_marks_tasks_of_capabilities_in_place_done(
    example: Callable[[str], Answers],
) -> None:
    roadmap = build_design(example("recommender")).roadmap
    tasks = {task.text: task.done for phase in roadmap for task in phase.tasks}
    assert tasks["Write automated tests for data, features and training code, run on every push"]
    monitoring = next(text for text in tasks if text.startswith("Deploy Evidently"))
    assert not tasks[monitoring], "monitoring is 'no', and Evidently is the recommended tool"


def test_override_to_level_three_gets_the_level_three_roadmap(make_answers: AnswersFactory) -> None:
    design = build_design(make_answers({"maturity.level_override": 3}))
    assert [phase.title for phase in design.roadmap] == ["Optimise", "Scale"]
    optimise = [task.text for task in design.roadmap[0].tasks]
    assert any(text.startswith("Set up MLflow") for text in optimise), "open work comes first"
    assert any("overridden" in caveat for caveat in design.caveats)


def test_catalog_knows_every_tool_of_the_answers_model() -> None:
    fields = {
        "experiment_tracking": answers_module.TrackerTool,
        "model_registry": answers_module.RegistryTool,
        "data_versioning": answers_module.DataVersioningTool,
        "feature_store": answers_module.FeatureStoreTool,
        "orchestrator": answers_module.OrchestratorTool,
        "data_validation": answers_module.DataValidationTool,
        "monitoring": answers_module.MonitoringTool,
    }
    for concern, literal in fields.items():
        assert set(CATALOG[concern]) == set(get_args(literal)), concern
        for tool in get_args(literal):
            info = catalog_entry(concern, tool)
            assert info.name and info.description and info.licence and info.hosting


def test_catalog_entry_names_what_it_does_not_know() -> None:
    with pytest.raises(KeyError, match="monitoring tool 'grafana'"):
        catalog_entry("monitoring", "grafana")
    with pytest.raises(KeyError, match="concern 'serving'"):
        catalog_entry("serving", "kserve")


@pytest.mark.parametrize(
    ("values", "tool"),
    [
        ({"project.cloud": "aws", "maturity.level_override": 2}, "sagemaker"),
        ({"project.cloud": "gcp", "maturity.level_override": 2}, "vertex"),
        ({"project.cloud": "azure", "maturity.level_override": 2}, "azureml"),
        ({"project.cloud": "on-prem", "maturity.level_override": 2}, "mlflow"),
        ({"project.cloud": "aws", "maturity.level_override": 0}, "mlflow"),
    ],
)
def test_none_registry_gets_a_concrete_recommendation(
    make_answers: AnswersFactory, values: dict[str, object], tool: str
) -> None:
    answers = make_answers({**values, "components.model_registry.tool": "none"})
    design = build_design(answers)
    recommendation = next(r for r in design.recommendations if r.concern == "Model registry")
    assert (recommendation.tool, recommendation.chosen_by) == (tool, "recommended")
    assert recommendation.why.startswith("You chose none; recommended:")
    assert design.component("model_registry").tool == "none"


@pytest.mark.parametrize("cloud", ["aws", "gcp", "azure", "on-prem", "other"])
@pytest.mark.parametrize("level", [0, 1, 2, 3])
def test_every_none_choice_gets_a_concrete_tool(
    make_answers: AnswersFactory, cloud: str, level: int
) -> None:
    nothing = {concern.answer_key: "none" for concern in CONCERNS}
    answers = make_answers({**nothing, "project.cloud": cloud, "maturity.level_override": level})
    for recommendation in build_design(answers).recommendations:
        if recommendation.tool == "none":
            # Only where no tool is the right answer, and then it says why.
            assert recommendation.concern == "Feature store" and level < 2
            assert "and that is right here: " in recommendation.why
            continue
        assert recommendation.chosen_by == "recommended"
        assert f"recommended: {recommendation.tool_name}, because " in recommendation.why


def test_recommendations_say_who_chose(example: Callable[[str], Answers]) -> None:
    chosen = {r.concern: r.chosen_by for r in build_design(example("recommender")).recommendations}
    assert chosen["Experiment tracking"] == "you"
    assert chosen["Monitoring"] == "recommended"
    defaults = {r.concern: r for r in build_design(empty_answers()).recommendations}
    assert defaults["Experiment tracking"].chosen_by == "recommended"
    assert defaults["Experiment tracking"].tool == "mlflow"
    assert "Runner-up: " in defaults["Experiment tracking"].why


def test_evidence_fills_an_unknown_tool_and_loses_to_an_answer(
    monkeypatch: pytest.MonkeyPatch, safe_answers: Answers
) -> None:
    evidence = Evidence(
        items=(EvidenceItem("monitoring", "whylogs", "monitor/profile.py", 3, "import whylogs"),)
    )
    monkeypatch.setattr(
        suggest_module, "suggest_components", lambda found: {"monitoring": "whylogs"}
    )
    unknown = without(safe_answers, "components.monitoring")
    filled = build_design(unknown, evidence)
    assert (filled.component("monitoring").tool, filled.component("monitoring").source) == (
        "whylogs",
        "evidence",
    )
    recommendation = next(r for r in filled.recommendations if r.concern == "Monitoring")
    assert recommendation.chosen_by == "evidence"
    assert "monitor/profile.py:3" in recommendation.why
    answered = build_design(safe_answers, evidence)
    assert answered.component("monitoring").tool == "evidently"
    assert answered.confidence.contradictions == 1
    assert any("components.monitoring" in reason for reason in answered.confidence.reasons)


def test_caveats_cite_default_sources_and_limits(example: Callable[[str], Answers]) -> None:
    minimal = build_design(example("minimal")).caveats
    (psi,) = [caveat for caveat in minimal if caveat.startswith("The PSI bands")]
    # The bands and the noise floor, each with its source; no "unverified tradition".
    for source in (
        "Yurdakul & Naranjo 2020",
        "Yurdakul 2018",
        "Potgieter et al., arXiv 2307.11878",
    ):
        assert source in psi
    assert "unverified" not in psi and "tradition" not in psi
    assert "sets the floor a threshold must clear at its window size" in psi
    # with no evidence at all, the confidence says the design is self-reported, once
    assert not any("self-reported" in caveat for caveat in minimal)
    assert any(
        "self-reported" in reason for reason in build_design(example("minimal")).confidence.reasons
    )
    # the window rule's delay is stated once, on its own line under Automated Retraining
    assert not any("window rule" in caveat for caveat in minimal)
    retraining = render_markdown(build_design(example("minimal"))).split(
        "### Automated Retraining"
    )[1]
    assert "but a real decline waits up to 2 windows" in retraining
    # an unanswered key is an Information Gap, and a caveat never restates a gap
    assert not any("was not answered" in caveat for caveat in minimal)


def test_confidence_formula(example: Callable[[str], Answers]) -> None:
    confidence = build_design(example("recommender")).confidence
    # recommender answers 48 of the 61 keys (governance, deployment and a few workload
    # keys unknown) and raises two high risks.
    known, total = confidence.known_answers, confidence.total_answers
    # 58 on main before cicd.python; issue 21 adds promotion.gain_unit and governance.locked
    assert total == 61
    assert confidence.evidence_backed == 0
    high = sum(1 for risk in build_design(example("recommender")).risks if risk.severity == "high")
    assert confidence.score == round(70 * known / total) - 5 * high
    assert confidence.rating == "medium"


def test_same_input_equal_design(example: Callable[[str], Answers]) -> None:
    evidence = Evidence(
        items=(EvidenceItem("experiment_tracking", "mlflow", "train.py", 1, "import mlflow"),)
    )
    for name in ("fraud-detection", "recommender", "churn-azure", "minimal"):
        first = build_design(example(name), evidence)
        assert build_design(example(name), evidence) == first
        assert repr(build_design(example(name), evidence)) == repr(first)


def test_defaults_build() -> None:
    design = build_design(DEFAULTS)
    assert design.project_name == "my-ml-project"
    assert design.maturity.level == 0
