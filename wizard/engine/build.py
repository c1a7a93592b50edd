"""``build_design``: each step of the engine, in order, into one Design."""

from __future__ import annotations

from wizard.engine.confidence import assess_confidence, list_caveats
from wizard.engine.costs import cost_estimate
from wizard.engine.decisions import decision_records
from wizard.engine.governance import governance_plan
from wizard.engine.lifecycle import release_lifecycle
from wizard.engine.maturity import assess_maturity
from wizard.engine.monitoring import monitoring_plan
from wizard.engine.policy import pipeline_design, retraining_policy
from wizard.engine.priorities import answer_first
from wizard.engine.promotion import promotion_criteria
from wizard.engine.recommend import component_choices, recommend_tools
from wizard.engine.registry import registry_lifecycle
from wizard.engine.resolve import resolve_answers
from wizard.engine.risks import assess_risks
from wizard.engine.roadmap import build_roadmap
from wizard.engine.rollout import deployment_plan
from wizard.engine.scope import out_of_scope
from wizard.engine.suggest import suggest
from wizard.engine.watched_paths import watched_paths
from wizard.engine.workload import workload_profile
from wizard.model.answers import Answers
from wizard.model.design import Design, ScanSuggestions
from wizard.model.evidence import NO_EVIDENCE, Evidence
from wizard.model.spec import answers_sha256


def build_design(
    answers: Answers,
    evidence: Evidence = NO_EVIDENCE,
    suggestions: ScanSuggestions | None = None,
) -> Design:
    """Everything the documents say, derived from ``answers`` and ``evidence``.

    ``suggestions`` must be ``suggest(evidence)`` when given: the session passes the value it
    worked out once per scan instead of redoing it on every keystroke.
    """
    if suggestions is None:
        suggestions = suggest(evidence)
    resolution = resolve_answers(answers, evidence, suggestions)
    effective = resolution.effective
    maturity = assess_maturity(resolution)
    recommendations = recommend_tools(resolution, maturity.level)
    risks = assess_risks(effective, maturity.level)
    confidence = assess_confidence(resolution, risks)
    workload = workload_profile(effective)
    # The pipeline alone also reads the evidence: where the code and data it watches are.
    pipeline = pipeline_design(effective, watched_paths(evidence, effective.ci_platform))
    deployment = deployment_plan(effective)
    return Design(
        project_name=effective.project_name,
        description=effective.description,
        ci_platform=effective.ci_platform,
        cloud=effective.cloud,
        tracked=effective.tracked,
        experiments=effective.experiments,
        registry_stages=effective.registry_stages,
        registry_versioning=effective.registry_versioning,
        registry_immutable=effective.registry_immutable,
        maturity=maturity,
        components=component_choices(resolution),
        promotion=promotion_criteria(effective),
        retraining=retraining_policy(effective),
        pipeline=pipeline,
        risks=risks,
        confidence=confidence,
        gaps=resolution.gaps,
        caveats=list_caveats(resolution, maturity, evidence, risks),
        roadmap=build_roadmap(effective, maturity.level, recommendations, risks),
        recommendations=recommendations,
        workload=workload,
        deployment=deployment,
        lifecycle=release_lifecycle(effective),
        governance=governance_plan(effective),
        monitoring=monitoring_plan(effective),
        registry=registry_lifecycle(effective),
        out_of_scope=out_of_scope(effective),
        evidence=evidence,
        suggestions=suggestions,
        calibration=effective.calibration,
        decisions=decision_records(resolution, recommendations, maturity.level),
        # An LLM application is out of scope: no answer would make this design fit it.
        answer_first=answer_first(resolution.gaps, confidence.score) if effective.covered else (),
        answers_sha256=answers_sha256(answers),
        cost=(
            cost_estimate(
                effective,
                recommendations,
                pipeline,
                deployment,
                drift_on=effective.drift_watched,
            )
            if effective.covered
            else None
        ),
    )
