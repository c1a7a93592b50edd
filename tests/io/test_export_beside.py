"""Export beside a CI the repository already has: the team's file keeps every line and job,
the ML pipeline goes in a file of its own that theirs includes (GitLab), a workflow of its
own (GitHub) or a stages template (Azure); a file no export wrote is never replaced without
--force, and what could not be added is said, line for line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.existing_ci import (
    AZURE_STEPS_ONLY,
    AZURE_WITH_STAGES,
    GITHUB_TESTS,
    GITLAB_WITH_CML,
    GITLAB_WITHOUT_STAGES,
    repository_with,
)
from tests.paths import EXAMPLES
from tests.render.ci.schemas import schema_errors
from wizard.cli import main

RECOMMENDER = EXAMPLES / "recommender.yaml"  # a GitLab CI design
#: The release's jobs (issue 21: canary_10, its check, ...) run in the promote_production
#: stage, ordered by their needs; the rollback comes after them.
ML_STAGES = [
    "check", "validate_data", "train_model", "evaluate_model", "register_model",
    "deploy_staging", "promote_production", "rollback",
]  # fmt: skip


def export(out: Path, *extra: str, answers: Path = RECOMMENDER) -> int:
    return main(["export", "--answers", str(answers), "--out", str(out), *extra])


def lines_kept(original: str, edited: str) -> bool:
    """Every line of ``original`` is in ``edited``, in the same order."""
    remaining = iter(edited.splitlines())
    return all(any(line == other for other in remaining) for line in original.splitlines())


def test_gitlab_export_includes_its_pipeline_beside_the_teams_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = repository_with(tmp_path, {".gitlab-ci.yml": GITLAB_WITH_CML})
    assert export(repo) == 0
    out = capsys.readouterr().out
    assert f"merged {repo}/.gitlab-ci.yml" in out
    assert f"created {repo}/.gitlab/ml-pipeline.yml" in out

    main_file = (repo / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert lines_kept(GITLAB_WITH_CML, main_file)
    data = yaml.safe_load(main_file)
    assert data["include"] == [{"local": ".gitlab/ml-pipeline.yml"}]
    # GitLab takes stages from the main file only: theirs first, then every stage ours uses.
    assert data["stages"] == ["test", *ML_STAGES]
    assert data["cml_report"] == yaml.safe_load(GITLAB_WITH_CML)["cml_report"]
    assert schema_errors("gitlab-ci", main_file) == []

    included_text = (repo / ".gitlab/ml-pipeline.yml").read_text(encoding="utf-8")
    assert schema_errors("gitlab-ci", included_text) == []
    included = yaml.safe_load(included_text)
    # Nothing that would apply to the team's jobs: no workflow, default or stages.
    assert not {"workflow", "default", "stages"} & set(included)
    jobs = {name: job for name, job in included.items() if not name.startswith(".")}
    jobs.pop("variables")
    assert {job["stage"] for job in jobs.values()} <= set(ML_STAGES)
    for job in jobs.values():
        assert job["extends"] == ".mlops-pipeline" and job["inherit"] == {"default": False}
        assert job["rules"], "each job carries the pipeline's triggers as its rules"
    # The first job starts at once, never waiting for the team's stages.
    assert jobs["check"]["needs"] == []
    assert jobs["validate_data"]["needs"] == [{"job": "check", "optional": True}]

    # Exporting again changes nothing.
    assert export(repo) == 0
    assert f"unchanged {repo}/.gitlab-ci.yml" in capsys.readouterr().out
    assert (repo / ".gitlab-ci.yml").read_text(encoding="utf-8") == main_file


def test_gitlab_without_stages_gets_gitlabs_defaults_and_ours(tmp_path: Path) -> None:
    repo = repository_with(tmp_path, {".gitlab-ci.yml": GITLAB_WITHOUT_STAGES})
    assert export(repo) == 0
    data = yaml.safe_load((repo / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert data["stages"] == ["build", "test", "deploy", *ML_STAGES]


@pytest.mark.parametrize(
    ("include", "expected"),
    [
        ("include: 'ci/lint.yml'\n", ["ci/lint.yml", {"local": ".gitlab/ml-pipeline.yml"}]),
        (
            "include:\n  - local: ci/lint.yml   # lint\n",
            [{"local": "ci/lint.yml"}, {"local": ".gitlab/ml-pipeline.yml"}],
        ),
        ("include: [ci/lint.yml]\n", ["ci/lint.yml", {"local": ".gitlab/ml-pipeline.yml"}]),
    ],
    ids=["a-path", "a-block-list", "a-flow-list"],
)
def test_an_include_the_team_has_is_added_to(
    tmp_path: Path, include: str, expected: list[object]
) -> None:
    original = include + GITLAB_WITH_CML
    repo = repository_with(tmp_path, {".gitlab-ci.yml": original})
    assert export(repo) == 0
    text = (repo / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert yaml.safe_load(text)["include"] == expected
    assert text.count("include:") == 1


def test_what_cannot_be_added_is_said_line_for_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # An include written as a mapping (one entry): no list to add to.
    original = "include:\n  local: ci/lint.yml\n" + GITLAB_WITH_CML
    repo = repository_with(tmp_path, {".gitlab-ci.yml": original})
    assert export(repo) == 0
    out = capsys.readouterr().out
    assert (repo / ".gitlab-ci.yml").read_text(encoding="utf-8") == original
    assert (repo / ".gitlab/ml-pipeline.yml").is_file()
    assert f"to do by hand: {repo}/.gitlab-ci.yml: add to .gitlab-ci.yml:" in out
    # Their include: is there already: a second one would be a duplicate key.
    assert "  its include: as a list (- before its entry), and to that list:" in out
    assert "    - local: .gitlab/ml-pipeline.yml" in out
    assert "    - validate_data" in out


def test_a_workflow_of_the_teams_is_said_to_decide_whether_the_ml_jobs_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Merge requests only: no push, schedule or trigger pipeline would ever start, the ML
    # jobs' included from another file as much as theirs.
    workflow = 'workflow:\n  rules:\n    - if: $CI_PIPELINE_SOURCE == "merge_request_event"\n'
    repo = repository_with(tmp_path, {".gitlab-ci.yml": workflow + GITLAB_WITH_CML})
    assert export(repo) == 0
    out = capsys.readouterr().out
    text = (repo / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert yaml.safe_load(text)["include"] == [{"local": ".gitlab/ml-pipeline.yml"}]
    note = out[out.index("to do by hand:") :]
    assert note.startswith(
        f"to do by hand: {repo}/.gitlab-ci.yml: check .gitlab-ci.yml's workflow:"
    )
    push = '$CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH'
    assert f"    - if: {push}\n" in note
    assert '    - if: $CI_PIPELINE_SOURCE == "schedule"\n' in note

    # Without a workflow of theirs there is nothing to check by hand.
    plain = repository_with(tmp_path / "plain", {".gitlab-ci.yml": GITLAB_WITH_CML})
    assert export(plain) == 0
    assert "to do by hand" not in capsys.readouterr().out


def test_stages_in_an_order_that_contradicts_ours_are_left_to_the_team(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = "stages: [train_model, validate_data]\njob:\n  stage: train_model\n  script: [x]\n"
    repo = repository_with(tmp_path, {".gitlab-ci.yml": original})
    assert export(repo) == 0
    assert (repo / ".gitlab-ci.yml").read_text(encoding="utf-8") == original
    assert "to do by hand" in capsys.readouterr().out


def test_the_teams_later_edits_merge_with_a_new_design(tmp_path: Path) -> None:
    repo = repository_with(tmp_path, {".gitlab-ci.yml": GITLAB_WITH_CML})
    stages = "--set=cicd.stages=[validate_data, train_model, evaluate_model]"
    assert export(repo, stages) == 0
    main_file = repo / ".gitlab-ci.yml"
    mine = main_file.read_text(encoding="utf-8") + "\nlint:\n  stage: test\n  script: [ruff]\n"
    main_file.write_text(mine, encoding="utf-8")

    # The design gains a stage: it is added to their stages, their new job stays.
    more = "--set=cicd.stages=[validate_data, train_model, evaluate_model, register_model]"
    assert export(repo, more) == 0
    data = yaml.safe_load(main_file.read_text(encoding="utf-8"))
    assert "register_model" in data["stages"] and data["lint"]["script"] == ["ruff"]
    assert data["stages"].index("register_model") > data["stages"].index("evaluate_model")


def test_an_include_the_team_removed_stays_removed(tmp_path: Path) -> None:
    repo = repository_with(tmp_path, {".gitlab-ci.yml": GITLAB_WITH_CML})
    assert export(repo) == 0
    main_file = repo / ".gitlab-ci.yml"
    without = main_file.read_text(encoding="utf-8").replace(
        "include:\n  - local: .gitlab/ml-pipeline.yml\n", ""
    )
    main_file.write_text(without, encoding="utf-8")
    assert export(repo) == 0
    assert main_file.read_text(encoding="utf-8") == without


def test_with_no_ci_the_pipeline_is_the_gitlab_ci_file_as_before(tmp_path: Path) -> None:
    assert export(tmp_path) == 0
    assert not (tmp_path / ".gitlab").exists()
    first = (tmp_path / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert "workflow" in yaml.safe_load(first)
    # The pipeline file is the export's own: a re-export updates it, never includes it.
    assert export(tmp_path, "--set=retraining.drift.psi_threshold=0.3") == 0
    assert not (tmp_path / ".gitlab").exists()
    assert "DRIFT_PSI_THRESHOLD: '0.3'" in (tmp_path / ".gitlab-ci.yml").read_text("utf-8")


def test_a_file_of_the_teams_where_the_pipeline_goes_is_never_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = repository_with(
        tmp_path,
        {".gitlab-ci.yml": GITLAB_WITH_CML, ".gitlab/ml-pipeline.yml": "theirs:\n  script: [x]\n"},
    )
    assert export(repo) == 3
    assert "ml-pipeline.yml exists and was not written by an export" in capsys.readouterr().err
    assert (repo / ".gitlab-ci.yml").read_text(encoding="utf-8") == GITLAB_WITH_CML
    assert export(repo, "--force") == 0
    assert "theirs" not in (repo / ".gitlab/ml-pipeline.yml").read_text(encoding="utf-8")
    # --force replaces what the export writes; the team's CI file still only gains lines.
    assert lines_kept(GITLAB_WITH_CML, (repo / ".gitlab-ci.yml").read_text(encoding="utf-8"))


def test_check_reads_the_included_pipeline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    beside = repository_with(tmp_path / "beside", {".gitlab-ci.yml": GITLAB_WITH_CML})
    alone = tmp_path / "alone"
    findings = {}
    for repo in (beside, alone):
        assert export(repo, "--only=yaml,ci,answers") == 0
        capsys.readouterr()
        main(["check", "--repo", str(repo)])
        findings[repo] = capsys.readouterr().err.replace(str(repo), "REPO")
    # The gate, the drift job and the approval are found in the included file: check says
    # of the pipeline beside the team's jobs what it says of the pipeline alone, naming the
    # file each job is written in.
    assert "not written yet" in findings[alone]
    assert ".gitlab/ml-pipeline.yml" not in findings[alone]
    included = findings[alone].replace("of REPO/.gitlab-ci.yml", "of REPO/.gitlab/ml-pipeline.yml")
    assert findings[beside] == included
    assert "evaluate_model" not in findings[beside]

    # A job of the included file that left its design is named where the team will find it.
    pipeline = beside / ".gitlab/ml-pipeline.yml"
    data = yaml.safe_load(pipeline.read_text(encoding="utf-8"))
    data["evaluate_model"]["script"] = ["make evaluate_model"]
    pipeline.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert main(["check", "--repo", str(beside)]) == 4
    assert (
        f"{beside}/.gitlab/ml-pipeline.yml: job evaluate_model no longer runs mlops-wizard gate"
        in (capsys.readouterr().err)
    )


def test_github_never_touches_another_workflow(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = repository_with(tmp_path, {".github/workflows/tests.yml": GITHUB_TESTS})
    fraud = EXAMPLES / "fraud-detection.yaml"
    assert export(repo, answers=fraud) == 0
    assert (repo / ".github/workflows/tests.yml").read_text(encoding="utf-8") == GITHUB_TESTS
    assert (repo / ".github/workflows/ml-pipeline.yml").is_file()
    # A workflow of the team's own under the pipeline's name is refused without --force.
    other = repository_with(tmp_path / "other", {".github/workflows/ml-pipeline.yml": "x: 1\n"})
    capsys.readouterr()
    assert export(other, answers=fraud) == 3
    assert "ml-pipeline.yml exists and was not written by an export" in capsys.readouterr().err
    assert (other / ".github/workflows/ml-pipeline.yml").read_text(encoding="utf-8") == "x: 1\n"


CHURN = EXAMPLES / "churn-azure.yaml"  # an Azure Pipelines design, with schedules


def test_azure_lists_its_stages_template_in_the_teams_pipeline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = repository_with(tmp_path, {"azure-pipelines.yml": AZURE_WITH_STAGES})
    assert export(repo, answers=CHURN) == 0
    out = capsys.readouterr().out
    main_file = (repo / "azure-pipelines.yml").read_text(encoding="utf-8")
    assert lines_kept(AZURE_WITH_STAGES, main_file)
    data = yaml.safe_load(main_file)
    assert data["stages"][-1] == {"template": ".azure/ml-pipeline.yml"}
    assert data["stages"][0]["stage"] == "build"
    # The schedules only the team's file can hold are said, ready to paste.
    assert f"to do by hand: {repo}/azure-pipelines.yml: add to azure-pipelines.yml the" in out
    assert "      displayName: Drift monitoring" in out

    template_text = (repo / ".azure/ml-pipeline.yml").read_text(encoding="utf-8")
    assert schema_errors("azure-pipelines", template_text) == []
    assert schema_errors("azure-pipelines", main_file) == []
    template = yaml.safe_load(template_text)
    assert set(template) == {"parameters", "stages"}
    first = template["stages"][0]
    assert first["stage"] == "check" and first["dependsOn"] == []
    # The triggers the team's file holds become the condition the ML stages run on.
    assert "'Schedule'" in first["condition"] and "refs/heads/main" in first["condition"]
    assert all("pool" in stage and "variables" in stage for stage in template["stages"])
    assert "${{ variables." not in template_text


def test_azure_steps_only_is_told_what_to_add(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = repository_with(tmp_path, {"azure-pipelines.yml": AZURE_STEPS_ONLY})
    assert export(repo, answers=CHURN) == 0
    out = capsys.readouterr().out
    assert (repo / "azure-pipelines.yml").read_text(encoding="utf-8") == AZURE_STEPS_ONLY
    assert (repo / ".azure/ml-pipeline.yml").is_file()
    assert "  - template: .azure/ml-pipeline.yml" in out
    # check reads the template once the team lists it.
    fixed = AZURE_STEPS_ONLY.replace(
        "steps:\n  - bash: echo build\n",
        "stages:\n  - stage: build\n    jobs:\n      - job: b\n        steps:\n"
        "          - bash: echo build\n  - template: .azure/ml-pipeline.yml\n",
    )
    (repo / "azure-pipelines.yml").write_text(fixed, encoding="utf-8")
    main(["export", "--answers", str(CHURN), "--out", str(repo), "--only", "yaml,answers"])
    capsys.readouterr()
    main(["check", "--repo", str(repo)])
    findings = capsys.readouterr().err
    assert "target evaluate_model" in findings  # the template's jobs are read...
    assert "no evaluate_model job" not in findings and "no job runs" not in findings
