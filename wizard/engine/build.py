"""``build_design``: each step of the engine, in order, into one Design."""

from __future__ import annotations

from collections.abc import Callable

from wizard.engine.calibration_view import calibration_risks, calibration_view
from wizard.engine.confidence import assess_confidence, list_caveats
from wizard.engine.costs import cost_estimate
from wizard.engine.decisions import decision_records
from wizard.engine.governance import governance_plan
from wizard.engine.maturity import assess_maturity
from wizard.engine.monitoring import monitoring_plan
from wizard.engine.paths import watched_paths
from wizard.engine.policy import pipeline_design, retraining_policy
from wizard.engine.priorities import answer_first
from wizard.engine.promotion import promotion_criteria
from wizard.engine.recommend import component_choices, recommend_tools
from wizard.engine.registry import registry_lifecycle
from wizard.engine.resolve import Effective, resolve_answers
from wizard.engine.risks import SEVERITY_RANK, assess_risks
from wizard.engine.roadmap import build_roadmap
from wizard.engine.rollout import canary_plan, deployment_plan
from wizard.engine.scope import out_of_scope
from wizard.engine.suggest import suggest
from wizard.engine.workload import workload_profile
from wizard.model.answers import Answers
from wizard.model.design import Design, ScanSuggestions
from wizard.model.evidence import NO_EVIDENCE, Evidence
from wizard.model.records import carried
from wizard.model.spec import answers_sha256

#: The Design's parts that are pure functions of the effective answers alone.
_PARTS_OF_EFFECTIVE: dict[str, Callable[[Effective], object]] = {
    "promotion": promotion_criteria,
    "retraining": retraining_policy,
    "canary": canary_plan,
    "deployment": deployment_plan,
    "governance": governance_plan,
    "monitoring": monitoring_plan,
    "registry": registry_lifecycle,
    "out_of_scope": out_of_scope,
}


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
    calibration = calibration_view(answers.calibration, effective.psi_threshold)
    risks = tuple(
        sorted(
            assess_risks(effective, maturity.level) + calibration_risks(calibration),
            key=lambda risk: (SEVERITY_RANK[risk.severity], risk.id),
        )
    )
    confidence = assess_confidence(resolution, risks)
    workload = workload_profile(effective)
    parts = {name: part(effective) for name, part in _PARTS_OF_EFFECTIVE.items()}
    # The pipeline alone also reads the evidence: where the code and data it watches are.
    pipeline = pipeline_design(effective, watched_paths(evidence, effective.ci_platform))
    drift_on = effective.drift_watched and effective.covered
    # The project, tracking and registry settings are the effective answers of those names.
    return carried(
        Design,
        effective,
        maturity=maturity,
        components=component_choices(resolution),
        **parts,
        pipeline=pipeline,
        risks=risks,
        confidence=confidence,
        gaps=resolution.gaps,
        caveats=list_caveats(resolution, maturity, evidence, risks),
        roadmap=build_roadmap(effective, maturity.level, recommendations, risks),
        recommendations=recommendations,
        workload=workload,
        evidence=evidence,
        suggestions=suggestions,
        calibration=calibration,
        decisions=decision_records(resolution, recommendations, maturity.level, workload),
        # An LLM application is out of scope: no answer would make this design fit it.
        answer_first=answer_first(resolution.gaps, confidence.score) if effective.covered else (),
        answers_sha256=answers_sha256(answers),
        cost=(
            cost_estimate(effective, recommendations, pipeline, parts["deployment"], drift_on)
            if effective.covered
            else None
        ),
    )
