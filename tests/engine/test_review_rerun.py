"""A change above the human-review bound meets a person: at the approval, or, when nobody
approves promotion, in a run started by hand with REVIEWED_BY, which the CI must accept."""

from __future__ import annotations

import pytest

from tests.engine.conftest import AnswersFactory
from wizard.engine import build_design
from wizard.render.ci import pipeline_document

PLATFORMS = ("github-actions", "gitlab-ci", "azure-pipelines")


@pytest.mark.parametrize("platform", PLATFORMS)
def test_a_change_the_gate_stops_for_review_can_be_run_again_by_hand(
    make_answers: AnswersFactory, platform: str
) -> None:
    """With nobody approving promotion the gate stops a change above the review bound until
    a run started by hand carries REVIEWED_BY: the design turns the Manual trigger on (and
    says why), and the CI file accepts that run, even with push as the only trigger."""
    answers = make_answers(
        {
            "project.ci_platform": platform,
            "cicd.triggers": ["push"],
            "cicd.manual_approval": False,
            "promotion.approver": None,
            "deployment.strategy": "canary",
            "governance.regime": "none",
        }
    )
    design = build_design(answers)
    assert design.promotion.promotes_automatically
    manual = next(rule for rule in design.retraining.triggers if rule.trigger == "Manual")
    assert manual.enabled and "reviewed change" in manual.condition
    document = pipeline_document(design)
    if platform == "github-actions":
        assert "reviewed_by" in document["on"]["workflow_dispatch"]["inputs"]
    elif platform == "gitlab-ci":
        rules = [rule["if"] for rule in document["workflow"]["rules"]]
        assert '$CI_PIPELINE_SOURCE == "web"' in rules
    else:
        assert "reviewedBy" in [parameter["name"] for parameter in document["parameters"]]
    approved = build_design(
        make_answers({"project.ci_platform": platform, "cicd.triggers": ["push"]})
    )
    assert not approved.retraining.enabled("Manual")  # the approval is where a person looks
