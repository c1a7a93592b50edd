"""The existing-CI fixture (``tests/scan/fixtures.py``: a ``.gitlab-ci.yml`` with a unit-test
job and a CML report) scanned and exported: gitlab-ci-local runs the team's own job in the
same pipeline as the included ML pipeline, and it stays green. (The ML pipeline's design
check fails on purpose: the fixture has no command yet for its stages, ``not written yet``.)"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.render.ci.conftest import Toolchain
from tests.render.ci.sample_project import job_environment
from tests.render.ci.test_gitlab_beside_runs import _pushed_onto_an_empty_main
from tests.render.ci.test_gitlab_runs import CLOUD_VARIABLES, GITLAB_CI_LOCAL
from tests.scan.conftest import write_files
from tests.scan.fixtures import EXISTING_JOB, existing_gitlab_ci_with_cml

#: Each job's verdict in gitlab-ci-local's summary (the team's job has a hyphen).
SUMMARY = re.compile(r"^ (?P<verdict>PASS|FAIL) +(?P<job>[\w-]+)", re.M)


def test_the_fixture_s_own_job_runs_beside_the_ml_pipeline(
    toolchain: Toolchain, tmp_path: Path
) -> None:
    if GITLAB_CI_LOCAL is None:
        pytest.fail("gitlab-ci-local is missing: make test installs it")
    project = tmp_path / "team"
    write_files(project, existing_gitlab_ci_with_cml())
    answers = tmp_path / "answers.yaml"
    wizard = [sys.executable, "-m", "wizard"]
    subprocess.run([*wizard, "new", "--out", str(answers)], check=True, capture_output=True)
    text = answers.read_text(encoding="utf-8")
    answers.write_text(text.replace("ci_platform: github-actions", "ci_platform: gitlab-ci"))
    export = [*wizard, "export", "--answers", str(answers), "--out", str(project)]
    exported = subprocess.run(
        [*export, "--repo", str(project), "--only", "yaml,ci,answers"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert exported.returncode == 0, exported.stderr
    main_file = yaml.safe_load((project / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert main_file["include"] == [{"local": ".gitlab/ml-pipeline.yml"}]
    assert EXISTING_JOB in main_file
    _pushed_onto_an_empty_main(project)
    command = [GITLAB_CI_LOCAL, "--force-shell-executor"]
    # gitlab-ci-local runs a manual job only when named: name every one the ML pipeline has.
    included = yaml.safe_load((project / ".gitlab/ml-pipeline.yml").read_text(encoding="utf-8"))
    for name, job in included.items():
        rules = job.get("rules", []) if isinstance(job, dict) else []
        if any(isinstance(rule, dict) and rule.get("when") == "manual" for rule in rules):
            command += ["--manual", name]
    for variable in (f"MLOPS_WIZARD_REQUIREMENT={toolchain.wheel}", *CLOUD_VARIABLES):
        command += ["--variable", variable]
    environment = job_environment(toolchain.python, tmp_path / "model-store")
    completed = subprocess.run(
        command, cwd=project, env=environment, capture_output=True, text=True, timeout=300
    )
    log = completed.stdout + completed.stderr
    verdicts = {match["job"]: match["verdict"] for match in SUMMARY.finditer(log)}
    assert verdicts.get(EXISTING_JOB) == "PASS", log
    assert "1 passed" in log  # the fixture's own unit test
    # The ML pipeline ran in the same pipeline: its first job, the design check, read the
    # included file and stops it where the fixture has no command yet, as it should.
    assert verdicts.get("check") == "FAIL", log
    assert "(job validate_data of .gitlab/ml-pipeline.yml runs it)" in log
