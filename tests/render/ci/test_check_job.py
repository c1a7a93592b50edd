"""Every exported pipeline runs ``mlops-wizard check`` as its first job, which the first stage
waits for, and keeps the decision log gate and drift append to as an artifact."""

from __future__ import annotations

import pytest

from tests.render.ci.designs import make_design
from tests.render.ci.views import PipelineView
from wizard.render.ci import render_ci
from wizard.render.ci.runtime import CHECK_COMMAND, CHECK_JOB, DECISION_LOG

PLATFORMS = ("github-actions", "gitlab-ci", "azure-pipelines")


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("triggers", [("push",), ("push", "schedule", "drift")])
def test_the_design_check_is_the_first_job(platform: str, triggers: tuple[str, ...]) -> None:
    text = render_ci(make_design(platform, triggers=triggers)).text
    view = PipelineView.parse(platform, text)
    assert view.first_job() == CHECK_JOB
    assert CHECK_COMMAND in view.scripts(CHECK_JOB)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_the_decision_log_is_kept_where_gate_and_drift_write_it(platform: str) -> None:
    text = render_ci(make_design(platform, triggers=("push", "schedule", "drift"))).text
    # The evaluation job (gate) and the monitoring job (drift) each keep it.
    assert text.count(DECISION_LOG) == 2
