"""IMPLEMENTING.md tells the person wiring the pipeline what the generated files need from
them, and only what applies to the chosen platform and cloud."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.paths import EXAMPLES
from wizard.engine import build_design
from wizard.io.loader import load_answers
from wizard.model.answers import Answers
from wizard.model.evidence import Evidence, EvidenceItem
from wizard.render.implementing import render_implementing


def _guide(example: str = "fraud-detection", **project: Any) -> str:
    answers = load_answers(EXAMPLES / f"{example}.yaml")
    cicd = {key: project.pop(key) for key in ("install",) if key in project}
    answers = answers.model_copy(
        update={
            "project": answers.project.model_copy(update=project),
            "cicd": answers.cicd.model_copy(update=cicd),
        }
    )
    return render_implementing(build_design(Answers.model_validate(answers.model_dump())))


def _section(text: str, heading: str) -> str:
    return text.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]


def test_gitlab_names_the_variables_the_clouds_sdk_reads() -> None:
    login = _section(_guide(ci_platform="gitlab-ci", cloud="aws"), "Cloud login")
    assert "`id_tokens`" in login and "`.cloud-id-token`" in login
    assert "`AWS_ROLE_ARN`" in login and "`AWS_WEB_IDENTITY_TOKEN_FILE`" in login
    assert "vars." not in login


@pytest.mark.parametrize(
    ("platform", "cloud", "ids"),
    [
        ("github-actions", "gcp", ("GCP_WORKLOAD_IDENTITY_PROVIDER", "GCP_SERVICE_ACCOUNT")),
        ("gitlab-ci", "azure", ("AZURE_CLIENT_ID", "AZURE_FEDERATED_TOKEN_FILE")),
        ("azure-pipelines", "azure", ("AZURE_SERVICE_CONNECTION",)),
    ],
)
def test_cloud_login_only_where_a_job_logs_in(
    platform: str, cloud: str, ids: tuple[str, ...]
) -> None:
    login = _section(_guide(ci_platform=platform, cloud=cloud), "Cloud login")
    assert all(f"`{name}`" in login for name in ids)
    on_premises = _guide(ci_platform=platform, cloud="on-prem")
    assert "## Cloud login" not in on_premises
    assert "GCP_" not in on_premises and "AZURE_" not in on_premises


def test_on_premises_gitlab_pulls_no_image() -> None:
    setup = _section(_guide(ci_platform="gitlab-ci", cloud="on-prem"), "Each job's set-up")
    assert "no image is pulled" in setup and "python:3.11" not in setup


def test_the_install_step_is_the_answer_or_a_request_for_one() -> None:
    setup = _section(_guide(install="make deps"), "Each job's set-up")
    assert "`make deps` (`cicd.install`)" in setup
    assert "set `cicd.install`" in _section(_guide(), "Each job's set-up")


@pytest.mark.parametrize(
    ("platform", "how"),
    [
        ("github-actions", "the `reviewed_by` input of **Run workflow**"),
        ("gitlab-ci", "the `REVIEWED_BY` variable of **Run pipeline**"),
        ("azure-pipelines", "the `reviewedBy` parameter of **Run pipeline**"),
    ],
)
def test_a_change_above_the_review_bound_meets_a_person(platform: str, how: str) -> None:
    """Nobody approves the recommender's promotion: the gate stops the change until a run
    started by hand carries the reviewer. The fraud model's approver weighs it instead."""
    unapproved = _section(_guide("recommender", ci_platform=platform), "The evaluation file")
    assert "fails the gate until a person has reviewed it" in unapproved
    assert how in unapproved
    approved = _section(_guide(ci_platform=platform), "The evaluation file")
    assert "passes the gate with a `gate: review:` line" in approved
    assert "fails the gate" not in approved


def test_gitlab_monitoring_runs_from_its_own_schedule() -> None:
    monitoring = _section(_guide(ci_platform="gitlab-ci"), "Drift monitoring")
    assert "`MLOPS_PIPELINE` set to `monitoring`" in monitoring
    for name in ("DRIFT_REFERENCE", "DRIFT_CURRENT", "DRIFT_HISTORY"):
        assert f"`{name}`" in monitoring
    assert "cache" in monitoring


def test_the_gain_variable_says_what_it_measures() -> None:
    guide = _guide()
    assert "`PROMOTION_MIN_GAIN` is the gain over production the candidate needs" in guide
    assert "both in `PROMOTION_GAIN_UNIT`: in points (the difference ×100)" in guide
    assert "`PROMOTION_MIN_GAIN_POINTS`, the gain's earlier name, is kept" in guide
    assert "MIN_ACCURACY_GAIN_PCT" not in guide


def test_an_error_metric_names_its_gain_in_percent_and_drops_the_points_name() -> None:
    answers = load_answers(EXAMPLES / "demand-forecast.yaml")
    guide = render_implementing(build_design(answers))
    assert "in percent of production's wape (a relative change)" in guide
    assert "| `PROMOTION_GAIN_UNIT` | `percent` |" in guide
    assert "PROMOTION_MIN_GAIN_POINTS" not in guide and "_PCT`" not in guide


def test_a_hostile_folder_name_cannot_break_the_trigger_table() -> None:
    folder = "a|b`\n| Push | x |/"
    evidence = Evidence(
        items=(EvidenceItem("training_inputs", "data", folder, None, "data file"),), root="r"
    )
    answers = load_answers(EXAMPLES / "fraud-detection.yaml")
    guide = render_implementing(build_design(answers, evidence))
    table = _section(guide, "What starts it")
    rows = [line for line in table.splitlines() if line.startswith("| Push |")]
    assert len(rows) == 1
    assert len(re.split(r"(?<!\\)\|", rows[0].strip().strip("|"))) == 3
