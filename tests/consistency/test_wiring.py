"""IMPLEMENTING.md describes the pipeline that is generated: its "What starts it" lists
exactly the CI file's push filter, every variable the CI file reads that the team must set
(``vars.X`` on GitHub, ``$X`` on GitLab, ``variables.X`` / ``$X`` on Azure) is described,
and it names each target of mlops.mk as a real command or as one still to write.
Run over every example, on every platform, with and without a scan, and over hypothesis
answers and evidence."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from tests.paths import EXAMPLES, REPO_ROOT
from tests.render.ci.views import PipelineView
from tests.strategies import ANSWERS_DATA
from wizard.engine import build_design
from wizard.io.loader import load_answers
from wizard.model.answers import Answers
from wizard.model.evidence import NO_EVIDENCE, Evidence, EvidenceItem
from wizard.model.files import IMPLEMENTING_MD, STAGE_TARGETS
from wizard.model.platforms import identity, platform_ids
from wizard.render import render_design_files
from wizard.scan import scan_repository

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
_CODE_SPAN = re.compile(r"`([^`]+)`")
_GITHUB_VARS = re.compile(r"\bvars\.([A-Za-z_]\w*)")
_AZURE_VARS = re.compile(r"\bvariables\.([A-Za-z_]\w*)")
_SHELL_VARS = re.compile(r"\$\{?([A-Z_][A-Z0-9_]*)")
#: Names the platform sets in every job.
_PREDEFINED = {
    "github-actions": ("GITHUB_",),
    "gitlab-ci": ("CI_",),
    "azure-pipelines": ("SYSTEM_", "BUILD_", "AGENT_"),
}


@cache
def _sample_evidence() -> Evidence:
    return scan_repository(REPO_ROOT / "examples" / "sample-repo")


def _files(answers: Answers, evidence: Evidence) -> dict[str, str]:
    design = build_design(answers, evidence)
    return {file.path: file.text for file in render_design_files(design, answers)}


def _push_row(implementing: str) -> list[str] | None:
    """The paths the Push row of "What starts it" names; [] for any push; None: no row."""
    section = implementing.split("## What starts it", 1)[1].split("\n## ", 1)[0]
    row = next((line for line in section.splitlines() if line.startswith("| Push |")), None)
    if row is None:
        return None
    how = row.strip("|").split(" | ")[2]
    return [] if how.startswith("any push") else _CODE_SPAN.findall(how)


def _defined(document: Any) -> set[str]:
    """Every variable name the file gives a value itself (env, variables, id_tokens)."""
    names: set[str] = set()
    if isinstance(document, dict):
        for key, value in document.items():
            if key in ("env", "variables", "id_tokens") and isinstance(value, dict):
                names |= set(value)
            if key == "variables" and isinstance(value, list):
                names |= {item["name"] for item in value if isinstance(item, dict)}
            names |= _defined(value)
    elif isinstance(document, list):
        for item in document:
            names |= _defined(item)
    return names


def team_set_variables(platform: str, text: str) -> set[str]:
    """The variables the CI file reads that the team must set (or may override)."""
    if platform == "github-actions":
        return set(_GITHUB_VARS.findall(text))
    defined = _defined(yaml.safe_load(text))
    # GitLab's `$$` is a literal dollar, never a reference.
    literal = text.replace("$$", "") if platform == "gitlab-ci" else text
    read = set(_SHELL_VARS.findall(literal)) - defined
    read = {name for name in read if not name.startswith(_PREDEFINED[platform])}
    if platform == "azure-pipelines":
        # Compile-time references: the value is in the file, the team names its own.
        read |= set(_AZURE_VARS.findall(text)) - {"reason", "reviewedBy"}
    return read


_TARGET = re.compile(r"^([\w.-]+):", re.M)


def check_stage_targets(stage_targets: str, implementing: str) -> None:
    """Each target mlops.mk defines is named where IMPLEMENTING.md tells of the file: the
    ones that fail until written among those it says fail, the others with their command."""
    paragraph = next(line for line in implementing.splitlines() if "`include mlops.mk`" in line)
    real, _, failing = paragraph.partition(" fail with a line saying what to put there")
    recipes = re.split(r"^(?=[\w.-]+:)", stage_targets, flags=re.M)
    for recipe in recipes:
        target = _TARGET.match(recipe)
        if target is None or target[1] == ".PHONY":
            continue
        name = f"`{target[1]}`"
        if "not written yet" in recipe:
            assert failing and name in real.rsplit(".", 1)[-1], (name, paragraph)
        else:
            command = recipe.splitlines()[1].strip().split()[0]
            assert f"{name} runs `{command}" in real, (name, paragraph)


def check_wiring(answers: Answers, evidence: Evidence) -> None:
    design = build_design(answers, evidence)
    if design.out_of_scope is not None or not design.pipeline.stages:
        return
    files = _files(answers, evidence)
    platform = design.pipeline.platform
    ci_text = files[identity(platform).ci_path]
    implementing = files[IMPLEMENTING_MD]
    view = PipelineView.parse(platform, ci_text)
    row = _push_row(implementing)
    assert (row is not None) is view.has_push_trigger()
    if row is not None:
        assert row == view.push_paths(), (row, view.push_paths())
    for name in team_set_variables(platform, ci_text):
        assert f"`{name}`" in implementing, (platform, name)
    check_stage_targets(files[STAGE_TARGETS], implementing)


@pytest.mark.parametrize("scanned", [False, True], ids=["no-scan", "sample-repo"])
@pytest.mark.parametrize("platform", platform_ids())
@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: path.stem)
def test_every_example_on_every_platform(path: Path, platform: str, scanned: bool) -> None:
    answers = load_answers(path)
    project = answers.project.model_copy(update={"ci_platform": platform})
    answers = answers.model_copy(update={"project": project})
    check_wiring(answers, _sample_evidence() if scanned else NO_EVIDENCE)


def test_the_sample_projects_pipeline_describes_its_variables() -> None:
    """The parse is not vacuous: the GitHub sample reads ids the team must set, the
    tracker's URI among them (the jobs that read the registry reach it)."""
    answers = load_answers(REPO_ROOT / "examples" / "fraud-detection.yaml")
    files = _files(answers, _sample_evidence())
    found = team_set_variables("github-actions", files[identity("github-actions").ci_path])
    assert {"MLOPS_WIZARD_REQUIREMENT", "MLFLOW_TRACKING_URI", "AWS_ROLE_ARN"} <= found
    assert "data/**" in (_push_row(files[IMPLEMENTING_MD]) or [])


_FOLDERS = st.sampled_from(["src", "data", "recs", "pipelines", "features"])
_NAMES = st.sampled_from(["train.py", "params.yaml", "x.csv", "dvc.yaml", "a.dvc", "Dockerfile"])
_PATHS = st.one_of(_NAMES, st.builds(lambda folder, name: f"{folder}/{name}", _FOLDERS, _NAMES))
_CATEGORIES = st.sampled_from(
    ["experiment_tracking", "data_versioning", "training_inputs", "dependencies"]
)
_TOOLS = st.sampled_from(["mlflow", "dvc", "data", "params", "script", "pip"])
#: Findings at folders and files a scan may report, as (category, tool, path).
EVIDENCE = st.lists(st.tuples(_CATEGORIES, _TOOLS, _PATHS), max_size=5).map(
    lambda rows: Evidence(
        items=tuple(EvidenceItem(*row, None, "found") for row in rows), root="repo"
    )
)


# 40: an example builds and cross-checks a whole design with evidence (~0.2 s each).
@settings(max_examples=40)
@given(ANSWERS_DATA, EVIDENCE)
# A key feature named like a variable reference: GitLab (and gitlab-ci-local) would expand
# `$YA` inside the policy variable, a reference IMPLEMENTING.md does not list.
@example(
    {
        "schema_version": 1,
        "project": {"ci_platform": "gitlab-ci"},
        "retraining": {"drift": {"key_features": ["$YA"]}},
    },
    NO_EVIDENCE,
)
# A locked model on Azure: no run starts by hand, so the gate reads no REVIEWED_BY.
@example(
    {
        "schema_version": 1,
        "governance": {"locked": True},
        "project": {"ci_platform": "azure-pipelines"},
    },
    NO_EVIDENCE,
)
def test_any_answers_and_evidence(data: dict[str, Any], evidence: Evidence) -> None:
    answers = Answers.model_validate(data)
    assume(answers.project.name is None or answers.project.name.strip() != "")
    check_wiring(answers, evidence)
