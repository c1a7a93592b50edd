"""``mlops-wizard check``: the exported sample project follows its design (exit 0, one line);
each way of leaving it is one line and exit 4: the gate step deleted, an mlops.mk target
removed or left unwritten, the answers edited without a re-export, the approval removed, the
tracker no longer used. An input it cannot read is exit 2."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.paths import EXAMPLES

SAMPLE = EXAMPLES / "sample-repo"
SETTINGS = ("deployment.strategy=canary", "cicd.install=python -m pip install -r requirements.txt")
CI_FILES = {
    "github-actions": ".github/workflows/ml-pipeline.yml",
    "gitlab-ci": ".gitlab-ci.yml",
    "azure-pipelines": "azure-pipelines.yml",
}


def _export(folder: Path, platform: str) -> Path:
    """The sample project with its answers, spec, pipeline and mlops.mk committed."""
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns(".model-store", "metrics"))
    sets = [f"--set={item}" for item in (f"project.ci_platform={platform}", *SETTINGS)]
    command = [sys.executable, "-m", "wizard", "export", "--answers"]
    command += [str(EXAMPLES / "fraud-detection.yaml"), "--out", str(folder), "--repo"]
    command += [str(folder), "--only", "yaml,ci,answers", *sets]
    completed = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    assert completed.returncode == 0, completed.stderr
    return folder


@pytest.fixture(scope="module", params=sorted(CI_FILES))
def exported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    platform = request.param
    return platform, _export(tmp_path_factory.mktemp(platform) / "sample", platform)


@pytest.fixture
def project(exported, tmp_path: Path) -> tuple[str, Path]:
    """A fresh copy of the exported sample, the test's to break."""
    platform, folder = exported
    copy = tmp_path / "sample"
    shutil.copytree(folder, copy, symlinks=True)
    return platform, copy


def _check(run_cli, folder: Path):
    return run_cli("check", "--repo", str(folder))


def _one_finding(result) -> str:
    assert result.code == 4, (result.out, result.err)
    (line,) = result.err.splitlines()
    assert line.startswith("check: ")
    return line


def _edit_ci(folder: Path, platform: str, edit) -> None:
    path = folder / CI_FILES[platform]
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(document)
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")


def _azure_stage(document: dict, name: str) -> dict:
    return next(stage for stage in document["stages"] if stage["stage"] == name)


def test_the_exported_sample_follows_its_design(project, run_cli) -> None:
    _, folder = project
    result = _check(run_cli, folder)
    assert result.code == 0, result.err
    assert result.out == (
        f"check: {folder} follows its design (mlops-architecture.yaml, "
        f"{Path(CI_FILES[project[0]]).name}, mlops.mk, MLflow)\n"
    )


def test_deleting_the_gate_step_is_found(project, run_cli) -> None:
    platform, folder = project

    def drop_gate(document: dict) -> None:
        if platform == "github-actions":
            job = document["jobs"]["evaluate_model"]
            job["steps"] = [s for s in job["steps"] if "mlops-wizard gate" not in s.get("run", "")]
        elif platform == "gitlab-ci":
            job = document["evaluate_model"]
            job["script"] = [line for line in job["script"] if "mlops-wizard gate" not in line]
        else:
            for job in _azure_stage(document, "evaluate_model")["jobs"]:
                job["steps"] = [
                    s for s in job["steps"] if "mlops-wizard gate" not in s.get("bash", "")
                ]

    _edit_ci(folder, platform, drop_gate)
    line = _one_finding(_check(run_cli, folder))
    assert line == (
        f"check: {folder / CI_FILES[platform]}: job evaluate_model no longer runs "
        "mlops-wizard gate: nothing holds a candidate to the promotion criteria"
    )


def test_removing_an_mlops_mk_target_is_found(project, run_cli) -> None:
    _, folder = project
    makefile = folder / "mlops.mk"
    text = makefile.read_text(encoding="utf-8")
    start = text.index("\nregister_model:")
    end = text.index("\n\n", start + 1)
    makefile.write_text(text[:start] + text[end:], encoding="utf-8")
    line = _one_finding(_check(run_cli, folder))
    assert line.startswith(f"check: {folder / 'mlops.mk'}: no target register_model, which job ")


def test_a_target_still_not_written_is_found(project, run_cli) -> None:
    _, folder = project
    makefile = folder / "mlops.mk"
    text = makefile.read_text(encoding="utf-8")
    start = text.index("\nregister_model:\n") + 1
    end = text.index("\n\n", start)
    unwritten = (
        "register_model:\n\t@echo 'mlops.mk: register_model: not written yet' >&2\n\t@exit 1"
    )
    makefile.write_text(text[:start] + unwritten + text[end:], encoding="utf-8")
    line = _one_finding(_check(run_cli, folder))
    number = text[:start].count("\n") + 1
    assert line.startswith(
        f'check: {makefile}:{number}: target register_model still says "not written yet"'
    )


def test_editing_the_answers_without_re_exporting_is_found(project, run_cli) -> None:
    _, folder = project
    answers = folder / "mlops-answers.yaml"
    text = answers.read_text(encoding="utf-8")
    answers.write_text(text.replace("psi_threshold: 0.1", "psi_threshold: 0.2"), encoding="utf-8")
    line = _one_finding(_check(run_cli, folder))
    assert line == (
        f"check: {folder / 'mlops-architecture.yaml'}: older than {answers}: the answers "
        "changed since the spec was exported; re-export it with mlops-wizard export"
    )
    # A comment is not an answer: the spec is still current.
    answers.write_text("# reviewed\n" + text, encoding="utf-8")
    assert _check(run_cli, folder).code == 0


def test_removing_the_approval_is_found(project, run_cli) -> None:
    platform, folder = project
    # The release's signed job, as the spec records it (under canary: the first share).
    spec = yaml.safe_load((folder / "mlops-architecture.yaml").read_text(encoding="utf-8"))
    signed = spec["ml_pipeline"]["approval_job"]
    assert signed == "canary_10"

    def drop_approval(document: dict) -> None:
        if platform == "github-actions":
            del document["jobs"][signed]["environment"]
        elif platform == "gitlab-ci":
            job = document[signed]
            job.pop("when", None)
            for rule in job.get("rules", []):
                if rule.get("when") == "manual":
                    rule["when"] = "on_success"
        else:
            stage = _azure_stage(document, signed)
            stage["jobs"] = [
                job
                for job in stage["jobs"]
                if not any(
                    str(s.get("task", "")).startswith("ManualValidation")
                    for s in job.get("steps", [])
                )
            ]
            for job in stage["jobs"]:
                job.pop("dependsOn", None)

    _edit_ci(folder, platform, drop_approval)
    line = _one_finding(_check(run_cli, folder))
    assert line.startswith(
        f"check: {folder / CI_FILES[platform]}: job {signed} no longer waits for "
        "its approval (ML lead): the design needs "
    )


def test_a_tracker_no_longer_used_is_found(project, run_cli) -> None:
    _, folder = project
    train = folder / "src" / "fraud" / "train.py"
    text = train.read_text(encoding="utf-8")
    kept = [line for line in text.splitlines() if "mlflow" not in line]
    train.write_text("\n".join(kept) + "\n", encoding="utf-8")
    line = _one_finding(_check(run_cli, folder))
    assert "the design's tracker, MLflow, is no longer used by the code" in line


def test_unreadable_inputs_are_exit_2(project, run_cli) -> None:
    _, folder = project
    (folder / "mlops-answers.yaml").unlink()
    missing = _check(run_cli, folder)
    assert missing.code == 2 and "mlops-answers.yaml" in missing.err
    (folder / "mlops-architecture.yaml").write_text("schema_version: [\n", encoding="utf-8")
    broken = _check(run_cli, folder)
    assert broken.code == 2 and "mlops-architecture.yaml" in broken.err
