"""retraining.drift.cadence: hourly, daily, weekly or a cron that fires at most once an hour;
whatever is answered sets the monitoring job's schedule in every platform's CI file."""

from __future__ import annotations

import pytest
import yaml
from pydantic import ValidationError

from wizard.engine import build_design
from wizard.model.answers import Answers
from wizard.render.documents import render_design_files


def _answers(cadence: str | None, platform: str = "github-actions") -> Answers:
    return Answers.model_validate(
        {
            "schema_version": 1,
            "project": {"ci_platform": platform},
            "components": {"monitoring": "evidently"},
            "retraining": {"drift": {"key_features": ["amount"], "cadence": cadence}},
            "cicd": {"triggers": ["push", "drift"]},
        }
    )


@pytest.mark.parametrize(
    ("answered", "kept"),
    [("hourly", "hourly"), ("weekly", "weekly"), ("5  */2 * * *", "5 */2 * * *")],
)
def test_a_keyword_or_an_hourly_cron_is_accepted(answered: str, kept: str) -> None:
    assert _answers(answered).retraining.drift.cadence == kept


@pytest.mark.parametrize(
    ("answered", "says"),
    [
        ("*/5 * * * *", "more than once an hour"),
        ("0,30 * * * *", "more than once an hour"),
        ("every minute", "allowed: hourly, daily, weekly"),
        ("minutely", "allowed: hourly, daily, weekly"),
    ],
)
def test_anything_finer_than_hourly_is_refused_with_what_is_allowed(
    answered: str, says: str
) -> None:
    with pytest.raises(ValidationError, match=says):
        _answers(answered)


@pytest.mark.parametrize(
    ("platform", "path"),
    [
        ("github-actions", ".github/workflows/ml-pipeline.yml"),
        ("gitlab-ci", ".gitlab-ci.yml"),
        ("azure-pipelines", "azure-pipelines.yml"),
    ],
)
@pytest.mark.parametrize(("cadence", "cron"), [("hourly", "17 * * * *"), ("7 */4 * * *", None)])
def test_the_monitoring_job_runs_on_the_cadence_answered(
    platform: str, path: str, cadence: str, cron: str | None
) -> None:
    answers = _answers(cadence, platform)
    design = build_design(answers)
    expected = cron or cadence
    assert design.monitoring.cron == expected
    (ci,) = [f for f in render_design_files(design, answers) if f.kind == "ci" and f.path == path]
    document = yaml.safe_load(ci.text)
    assert expected in yaml.safe_dump(document, width=1000)
