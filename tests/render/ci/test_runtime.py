"""What makes each job able to run: the installs, the runner, the cloud login, the ids handed
from job to job, the monitoring job, the bake as a job the platform starts later and a
concurrency that never cancels a pending retrain. Read back through the pipeline's data, per
platform."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from tests.render.ci.designs import make_design
from tests.render.ci.graph import read_graph
from tests.render.ci.schemas import schema_errors
from wizard.model.design import Design
from wizard.model.platforms import platform_ids
from wizard.render.ci import render_ci
from wizard.render.ci.runtime import (
    DRIFT_COMMAND,
    DRIFT_FILES,
    GATE_COMMAND,
    INSTALL_WIZARD,
    requirement,
)

PLATFORMS = platform_ids()


def document(design: Design) -> dict[str, Any]:
    text = render_ci(design).text
    assert schema_errors(design.pipeline.platform, text) == []
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


def github_steps(doc: dict[str, Any], job: str) -> list[dict[str, Any]]:
    return list(doc["jobs"][job]["steps"])


def azure_steps(doc: dict[str, Any], stage: str) -> list[dict[str, Any]]:
    found = next(item for item in doc["stages"] if item["stage"] == stage)
    return [step for job in found["jobs"] for step in job.get("steps", [])]


#: What each job installs of mlops-wizard: the package alone, then its command's extras.
HEADLESS = (
    'python -m pip install --no-deps "$MLOPS_WIZARD_REQUIREMENT"\n'
    "python -m pip install --no-warn-conflicts $(python -m wizard.requirements headless)\n"
)
WITH_DATA = HEADLESS.replace("requirements headless", "requirements headless data")


def test_github_jobs_install_only_what_their_command_needs() -> None:
    doc = document(
        make_design(install="pip install -r requirements.txt", runner="gpu", triggers=("drift",))
    )
    # The pin, unless a repository variable of the same name says otherwise.
    assert doc["env"]["MLOPS_WIZARD_REQUIREMENT"] == (
        f"${{{{ vars.MLOPS_WIZARD_REQUIREMENT || '{requirement()}' }}}}"
    )
    installs = {}
    for name, job in doc["jobs"].items():
        assert job["runs-on"] == "gpu"
        steps = job["steps"]
        python = next(step for step in steps if "setup-python@" in step.get("uses", ""))
        assert python["with"]["cache"] == "pip", name  # pip's cache on every job
        installs[name] = [step["run"] for step in steps if "Install" in step.get("name", "")]
    assert installs["check"] == [HEADLESS]  # the design check: no Textual, Git or DuckDB
    assert installs["monitor_drift"] == [WITH_DATA]  # drift reads data with DuckDB
    assert installs["evaluate_model"] == [HEADLESS, "pip install -r requirements.txt"]
    assert installs["train_model"] == ["pip install -r requirements.txt"]  # no wizard command


def test_gitlab_and_azure_install_only_what_their_command_needs() -> None:
    gitlab = document(make_design("gitlab-ci", install="pip install .", runner="gpu"))
    assert "before_script" not in gitlab["default"]
    assert gitlab["default"]["cache"] == {"key": "pip", "paths": [".cache/pip"]}
    assert gitlab["variables"]["PIP_CACHE_DIR"] == "$CI_PROJECT_DIR/.cache/pip"
    assert gitlab["default"]["tags"] == ["gpu"]
    assert "\n".join(gitlab["check"]["before_script"]) + "\n" == HEADLESS
    assert gitlab["train_model"]["before_script"][1:] == ["pip install ."]  # after the guard
    # Evaluation reads production's model from the registry (issue 21 item 8): it logs in,
    # so the guard comes first there too.
    assert gitlab["evaluate_model"]["before_script"][1:] == [
        *HEADLESS.splitlines(),
        "pip install .",
    ]
    azure = document(make_design("azure-pipelines", install="pip install .", runner="gpu"))
    assert azure["pool"] == {"name": "gpu"}
    assert azure["variables"]["PIP_CACHE_DIR"] == "$(Pipeline.Workspace)/.pip"
    for stage in ("check", "train_model", "evaluate_model"):
        steps = azure_steps(azure, stage)
        assert any(step.get("task") == "Cache@2" for step in steps), stage
    bash = [step.get("bash") for step in azure_steps(azure, "train_model")]
    assert "pip install ." in bash and HEADLESS not in bash and INSTALL_WIZARD not in bash
    bash = [step.get("bash") for step in azure_steps(azure, "check")]
    assert HEADLESS in bash and "pip install ." not in bash


@pytest.mark.parametrize("platform", ["github-actions", "gitlab-ci"])
def test_a_job_that_logs_in_first_checks_the_cloud_variables(platform: str) -> None:
    text = render_ci(make_design(platform, cloud="aws")).text
    doc = yaml.safe_load(text)
    if platform == "github-actions":
        steps = doc["jobs"]["train_model"]["steps"]
        first, login_at = (
            steps[0],
            next(
                i
                for i, step in enumerate(steps)
                if "configure-aws-credentials" in step.get("uses", "")
            ),
        )
        assert first["name"] == "Cloud variables are set" and login_at > 0
        script, env = first["run"], first["env"]
        assert env == {
            "AWS_ROLE_ARN": "${{ vars.AWS_ROLE_ARN }}",
            "AWS_REGION": "${{ vars.AWS_REGION }}",
        }
    else:
        script, env = doc["train_model"]["before_script"][0], {}
        assert "AWS_WEB_IDENTITY_TOKEN_FILE" in script
    assert "AWS_ROLE_ARN is not set: set it as" in script
    assert "exit 0" not in script
    # Evaluation logs in too (it reads production's model from the registry, issue 21 item
    # 8), so it checks the variables first; the design check logs in nowhere, so has no guard.
    assert "AWS_ROLE_ARN is not set" in str(
        doc["jobs"]["evaluate_model"] if "jobs" in doc else doc["evaluate_model"]
    )
    assert "is not set" not in str(doc["jobs"]["check"] if "jobs" in doc else doc["check"])


def test_github_asks_for_an_id_token_only_where_a_job_logs_in() -> None:
    doc = document(make_design(cloud="aws"))
    assert doc["permissions"] == {}
    for name, job in doc["jobs"].items():
        logs_in = any("configure-aws-credentials" in step.get("uses", "") for step in job["steps"])
        assert ("id-token" in job["permissions"]) is logs_in, name
        assert job["permissions"]["contents"] in ("read", "write")
    # Evaluation reads production from the registry to score it beside the candidate (item 8).
    assert doc["jobs"]["evaluate_model"]["permissions"]["id-token"] == "write"
    assert "id-token" not in doc["jobs"]["check"]["permissions"]
    login = next(s for s in github_steps(doc, "train_model") if "aws" in s.get("uses", ""))
    assert login["with"]["role-to-assume"] == "${{ vars.AWS_ROLE_ARN }}"


@pytest.mark.parametrize(
    ("cloud", "action"), [("gcp", "google-github-actions/auth"), ("azure", "azure/login")]
)
def test_github_logs_in_to_each_cloud_by_openid_connect(cloud: str, action: str) -> None:
    doc = document(make_design(cloud=cloud))
    uses = [step.get("uses", "") for step in github_steps(doc, "train_model")]
    assert any(item.startswith(f"{action}@") for item in uses)


def test_github_pins_every_action_by_commit_and_keeps_no_checkout_token() -> None:
    text = render_ci(make_design(cloud="aws")).text
    uses = [line.split("uses: ", 1)[1] for line in text.splitlines() if "uses: " in line]
    assert uses
    for item in uses:
        reference, comment = item.split(" # ")
        assert len(reference.split("@")[1]) == 40 and comment.startswith("v"), item
    for job in yaml.safe_load(text)["jobs"].values():
        checkout = next(
            s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")
        )
        assert checkout["with"]["persist-credentials"] is False


def test_gitlab_gets_an_id_token_only_where_a_job_logs_in_and_never_prints_it() -> None:
    doc = document(make_design("gitlab-ci", cloud="aws"))
    assert doc["train_model"]["id_tokens"] == {"CLOUD_ID_TOKEN": {"aud": "sts.amazonaws.com"}}
    assert doc["evaluate_model"]["id_tokens"] == doc["train_model"]["id_tokens"]
    assert "id_tokens" not in doc["check"]
    for line in doc["train_model"]["script"]:
        assert 'echo "$CLOUD_ID_TOKEN' not in line and "echo $CLOUD_ID_TOKEN" not in line


def test_azure_runs_cloud_stages_under_a_service_connection() -> None:
    doc = document(make_design("azure-pipelines", cloud="azure"))
    tasks = [step.get("task") for step in azure_steps(doc, "train_model")]
    assert "AzureCLI@2" in tasks
    task = next(s for s in azure_steps(doc, "train_model") if s.get("task") == "AzureCLI@2")
    assert task["inputs"]["azureSubscription"] == "${{ variables.AZURE_SERVICE_CONNECTION }}"
    assert task["inputs"]["inlineScript"] == "make train_model"
    assert "AzureCLI@2" in [s.get("task") for s in azure_steps(doc, "evaluate_model")]
    assert "AzureCLI@2" not in [s.get("task") for s in azure_steps(doc, "check")]


def test_on_premises_gitlab_pulls_no_image_from_docker_hub() -> None:
    assert "image" not in document(make_design("gitlab-ci", cloud="on-prem"))["default"]
    assert document(make_design("gitlab-ci", cloud="aws"))["default"]["image"] == "python:3.11"


def test_ids_pass_from_job_to_job() -> None:
    github = document(make_design())
    evaluate = github["jobs"]["evaluate_model"]
    assert evaluate["env"]["RUN_ID"] == "${{ needs.train_model.outputs.RUN_ID }}"
    assert evaluate["outputs"]["RUN_ID"] == "${{ steps.ids.outputs.RUN_ID }}"
    assert github_steps(github, "evaluate_model")[-1]["id"] == "ids"
    gitlab = document(make_design("gitlab-ci"))
    assert gitlab["train_model"]["artifacts"]["reports"]["dotenv"] == "mlops-outputs.env"
    azure = document(make_design("azure-pipelines"))
    stage = next(item for item in azure["stages"] if item["stage"] == "evaluate_model")
    assert stage["variables"]["RUN_ID"] == (
        "$[ stageDependencies.train_model.train_model.outputs['ids.RUN_ID'] ]"
    )


def scripts_of(data: Any) -> list[str]:
    """Every string in the pipeline's data."""
    if isinstance(data, dict):
        return [text for value in data.values() for text in scripts_of(value)]
    if isinstance(data, list):
        return [text for item in data for text in scripts_of(item)]
    return [data] if isinstance(data, str) else []


@pytest.mark.parametrize("platform", PLATFORMS)
def test_the_gate_and_drift_are_the_cli_on_the_committed_spec(platform: str) -> None:
    texts = scripts_of(document(make_design(platform, triggers=("push", "drift"))))
    assert GATE_COMMAND in texts
    assert any(DRIFT_COMMAND in text for text in texts)
    assert not any("promotion gate:" in text for text in texts)  # no policy pasted in
    quiet = scripts_of(document(make_design(platform, triggers=("push",))))
    assert not any("mlops-wizard drift" in text for text in quiet)


def test_github_monitoring_job_fires_the_retrain_and_only_on_its_schedule() -> None:
    doc = document(make_design(triggers=("schedule", "drift")))
    crons = [item["cron"] for item in doc["on"]["schedule"]]
    assert crons == ["0 3 * * 1", "17 5 * * *"]
    monitor = doc["jobs"]["monitor_drift"]
    assert monitor["if"] == "github.event.schedule == '17 5 * * *'"
    assert doc["jobs"]["validate_data"]["if"] == "github.event.schedule != '17 5 * * *'"
    script = next(step["run"] for step in monitor["steps"] if DRIFT_COMMAND in step.get("run", ""))
    assert DRIFT_COMMAND in script and "event_type=drift-detected" in script
    assert monitor["permissions"]["contents"] == "write"


def _history_folder_kept(steps: list[dict[str, Any]], drift_at: int) -> tuple[str, str]:
    """What is restored before the drift check and saved after it (or by Cache@2's post-job)."""
    restored = [
        step
        for step in steps[:drift_at]
        if "cache" in str(step.get("uses", step.get("task", ""))).lower()
        and "drift-history" in str(step)
    ]
    assert restored, "nothing restores the past windows before the drift check"
    return restored[0]["with" if "uses" in restored[0] else "inputs"]["path"], str(restored[0])


def test_the_drift_history_outlives_each_monitoring_run() -> None:
    """The k-of-n rule reads the past windows: each platform keeps the history's folder."""
    folder = DRIFT_FILES["DRIFT_HISTORY"].rsplit("/", 1)[0]
    github = document(make_design(triggers=("drift",)))["jobs"]["monitor_drift"]["steps"]
    drift_at = next(i for i, step in enumerate(github) if DRIFT_COMMAND in step.get("run", ""))
    assert _history_folder_kept(github, drift_at)[0] == folder
    saved = [step for step in github[drift_at:] if "actions/cache/save@" in step.get("uses", "")]
    assert saved and saved[0]["with"]["path"] == folder and saved[0]["if"] == "always()"
    assert "github.run_id" in saved[0]["with"]["key"]  # an entry per run: entries are immutable
    azure = azure_steps(
        document(make_design("azure-pipelines", triggers=("drift",))), "monitor_drift"
    )
    drift_at = next(i for i, step in enumerate(azure) if DRIFT_COMMAND in step.get("bash", ""))
    path, step = _history_folder_kept(azure, drift_at)
    assert path == folder and "Build.BuildId" in step
    gitlab = document(make_design("gitlab-ci", triggers=("drift",)))["monitor_drift"]
    assert gitlab["cache"][0]["paths"] == [f"{folder}/"]


def test_gitlab_monitoring_runs_alone_in_its_pipeline() -> None:
    doc = document(make_design("gitlab-ci", triggers=("drift",)))
    assert doc["monitor_drift"]["rules"] == [{"if": '$MLOPS_PIPELINE == "monitoring"'}]
    # A pipeline whose schedule names a side run (monitoring, the comparator) runs none of
    # the pipeline's own jobs.
    assert doc["train_model"]["rules"][0] == {"if": "$MLOPS_PIPELINE", "when": "never"}
    assert "trigger/pipeline" in doc["monitor_drift"]["script"][-1]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_each_canary_share_is_a_job_and_its_check_a_job_the_platform_starts_later(
    platform: str,
) -> None:
    graph = read_graph(platform, render_ci(make_design(platform)).text)
    for percent in (10, 50, 100):
        move, check = graph.jobs[f"canary_{percent}"], graph.jobs[f"canary_{percent}_check"]
        assert move.commands == (f"make canary PERCENT={percent}",)
        assert check.commands == (f"make canary-check PERCENT={percent}",)
        assert check.needs == (move.name,)
        assert (check.delay_minutes, move.delay_minutes) == (30, 0)
    assert not any("sleep" in script for script in graph.scripts())


def test_no_concurrency_rule_cancels_a_pending_retrain() -> None:
    github = document(make_design())
    assert "concurrency" not in github
    for job in github["jobs"].values():
        assert job.get("concurrency", {}).get("cancel-in-progress", False) is False
        if "concurrency" in job:  # only the release waiting for its sign-off
            assert job is github["jobs"]["canary_10"]
    gitlab = document(make_design("gitlab-ci"))
    assert gitlab["default"]["interruptible"] is False
    assert gitlab["promote_production"]["resource_group"] == "production"
    assert gitlab["canary_10_check"]["resource_group"] == "production"


def test_github_workflow_keeps_its_name_beside_the_overridable_values() -> None:
    doc = document(make_design(environment={"BAKE_MINUTES": "30"}))
    assert doc["name"] == "ML pipeline: fraud-detection"
    # The bake is the platform's wait now, not a sleep a variable could shorten.
    assert doc["env"]["BAKE_MINUTES"] == "30"
