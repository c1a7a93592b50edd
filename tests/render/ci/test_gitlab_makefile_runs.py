"""The pipeline reaches mlops.mk's targets in a repository without a Makefile, or whose
Makefile does not include mlops.mk: its jobs set ``MAKEFILES=mlops.mk``, which GNU make reads
before (or instead of) the Makefile. gitlab-ci-local runs the sample both ways, green from
the design check to the candidate in shadow."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.render.ci.conftest import Toolchain
from tests.render.ci.sample_project import REVIEWER, commit_all, export_sample
from tests.render.ci.test_gitlab_runs import CHECK, SHADOW, STAGES, run_pipeline


@pytest.mark.parametrize("makefile", ["none", "without the include"])
def test_the_pipeline_runs_without_a_makefile_that_includes_mlops_mk(
    toolchain: Toolchain, tmp_path: Path, makefile: str
) -> None:
    project = export_sample(tmp_path / "sample", "gitlab-ci")
    path = project / "Makefile"
    own = path.read_text(encoding="utf-8")
    assert "include mlops.mk\n" in own
    extra: tuple[str, ...] = ()
    if makefile == "none":
        path.unlink()
        # The sample's Makefile exported PYTHONPATH for its module: a CI variable instead.
        extra = ("PYTHONPATH=src",)
    else:
        path.write_text(own.replace("include mlops.mk\n", ""), encoding="utf-8")
    commit_all(project)
    code, log, verdicts = run_pipeline(
        project, toolchain, tmp_path, f"REVIEWED_BY={REVIEWER}", *extra
    )
    assert code == 0, log
    assert verdicts == dict.fromkeys([*CHECK, *STAGES, *SHADOW], "PASS"), log
    assert "gate: passed: auc" in log
    assert "No rule to make target" not in log
