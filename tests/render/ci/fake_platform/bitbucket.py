"""A fourth CI platform, Bitbucket Pipelines, written as a platform module would be: the one
module (plus its partial, ``bitbucket-pipelines.md.j2``) that ``test_fake_platform`` copies
into a copy of the package as ``wizard/render/ci/bitbucket.py``. Not imported by the test
process itself, so the real registry never sees it.

Its pipeline is deliberately small (a step per stage, the gate after evaluation): enough to
show that the document, the spec, the guide and the CI file all come from this value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wizard.model.ci_jobs import CiJob, script_lines
from wizard.model.design import Design
from wizard.model.platforms import PlatformIdentity
from wizard.model.text import collapse_whitespace
from wizard.render.ci import common, runtime
from wizard.render.ci.platform import Platform, Triggers, Variables, Waiting

BITBUCKET_PIPELINES = PlatformIdentity(
    id="bitbucket-pipelines",
    name="Bitbucket Pipelines",
    ci_path="bitbucket-pipelines.yml",
    approval_enforcement=(
        "Bitbucket: a deployment environment with required approvers (Premium); whoever "
        "started the pipeline cannot approve it."
    ),
    approval_mechanism="a deployment environment with required approvers",
)


def pipeline_document(design: Design) -> dict[str, Any]:
    steps: list[dict[str, Any]] = []
    for stage in common.stages_to_run(design):
        script = [runtime.INSTALL_WIZARD, stage.command]
        if stage.name == common.EVALUATION_STAGE:
            script.append(runtime.GATE_COMMAND)
        steps.append({"step": {"name": collapse_whitespace(stage.title), "script": script}})
    return {
        "image": "python:3.11",
        "pipelines": {"branches": {common.DEFAULT_BRANCH: steps}},
    }


def read_jobs(document: Mapping[str, Any]) -> list[CiJob]:
    steps = document.get("pipelines", {}).get("branches", {}).get(common.DEFAULT_BRANCH, [])
    return [
        CiJob(item["step"]["name"], tuple(script_lines(item["step"]["script"])), False)
        for item in steps
    ]


PLATFORM = Platform(
    identity=BITBUCKET_PIPELINES,
    build=pipeline_document,
    finish=lambda text: text,
    triggers=Triggers(
        push_branch=f"`{common.DEFAULT_BRANCH}`",
        folder_glob=lambda folder: f"{folder}**",
    ),
    variables=Variables(
        policy_env="repository variables",
        where_set="a repository variable of that name",
        overridable=(runtime.REQUIREMENT_VARIABLE,),
        reviewer_input="the `REVIEWED_BY` variable of **Run pipeline**",
        declares_reviewer=lambda design: False,
        file_variables=lambda design: (),
    ),
    hands_ids="artifacts",
    rollback="an `after-script`",
    runs_on=lambda runner: "a runner with those labels",
    logins={
        "aws": {"AWS_ROLE_ARN": "the role the OpenID Connect token assumes"},
        "gcp": {},
        "azure": {},
    },
    read_jobs=read_jobs,
    guide_facts=lambda design: {},
    waiting=Waiting(
        mechanism="none of its own",
        max_wait_minutes=0,
        default_job_minutes=120,
    ),
    beside=None,
    includes=lambda document: (),
)
