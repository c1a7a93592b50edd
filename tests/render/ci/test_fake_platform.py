"""A CI platform is one module and one partial: a fourth one (Bitbucket Pipelines, in
``fake_platform/``), added to a copy of the package through the registry's public hook, is
offered by the answers and the schema, and named in architecture.md, the spec, the guide
and its own CI file, with no other file of the package changed."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from tests.cli.test_installed_wheel import _run
from tests.paths import EXAMPLES, REPO_ROOT

FAKE = Path(__file__).parent / "fake_platform"

#: Registers the fake platform before anything builds the answers model, then runs the CLI.
_DRIVER = """\
import sys

from wizard.render.ci import bitbucket
from wizard.render.ci.registry import register_platform

register_platform(bitbucket.PLATFORM)

from wizard.cli import main  # noqa: E402

sys.exit(main(sys.argv[1:]))
"""


@pytest.fixture(scope="module")
def package_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package and its templates, copied, with the fake platform's two files added."""
    root = tmp_path_factory.mktemp("package")
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(REPO_ROOT / "wizard", root / "wizard", ignore=ignore)
    shutil.copytree(REPO_ROOT / "templates", root / "templates", ignore=ignore)
    shutil.copy(FAKE / "bitbucket.py", root / "wizard" / "render" / "ci" / "bitbucket.py")
    shutil.copy(
        FAKE / "bitbucket-pipelines.md.j2",
        root / "templates" / "implementing" / "platforms" / "bitbucket-pipelines.md.j2",
    )
    (root / "driver.py").write_text(_DRIVER, encoding="utf-8")
    return root


def _cli(package: Path, *args: str) -> str:
    """The CLI of the copy, with the fake platform registered; its standard output."""
    env = {**os.environ, "PYTHONPATH": str(package), "XDG_CACHE_HOME": str(package / "cache")}
    return _run(sys.executable, package / "driver.py", *args, cwd=package, env=env)


def test_the_copy_runs_the_copied_package(package_copy: Path) -> None:
    # Without this, a copy shadowed by the installed package would prove nothing.
    env = {**os.environ, "PYTHONPATH": str(package_copy)}
    probe = _run(
        sys.executable, "-c", "import wizard; print(wizard.__file__)", cwd=package_copy, env=env
    )
    assert Path(probe.strip()).is_relative_to(package_copy)


def test_the_schema_offers_the_registered_platform(package_copy: Path) -> None:
    schema = json.loads(_cli(package_copy, "schema"))
    project = schema["$defs"]["Project"]["properties"]["ci_platform"]
    choices = next(item["enum"] for item in project["anyOf"] if "enum" in item)
    assert choices[-1] == "bitbucket-pipelines"
    assert "bitbucket-pipelines." in project["description"]


def test_a_design_on_the_registered_platform_exports_everywhere(
    package_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _cli(
        package_copy,
        "export",
        "--answers",
        str(EXAMPLES / "fraud-detection.yaml"),
        "--out",
        str(out),
        "--set",
        "project.ci_platform=bitbucket-pipelines",
    )
    architecture = (out / "architecture.md").read_text(encoding="utf-8")
    assert "CI/CD runs on Bitbucket Pipelines" in architecture
    assert "[`bitbucket-pipelines.yml`](bitbucket-pipelines.yml)" in architecture

    spec = yaml.safe_load((out / "mlops-architecture.yaml").read_text(encoding="utf-8"))
    pipeline = spec["ml_pipeline"]
    assert (pipeline["platform"], pipeline["platform_name"], pipeline["file"]) == (
        "bitbucket-pipelines",
        "Bitbucket Pipelines",
        "bitbucket-pipelines.yml",
    )

    ci = yaml.safe_load((out / "bitbucket-pipelines.yml").read_text(encoding="utf-8"))
    steps = [item["step"]["name"] for item in ci["pipelines"]["branches"]["main"]]
    assert steps[0] == "Validate data"
    assert not (out / ".github").exists() and not (out / ".gitlab-ci.yml").exists()
    assert not (out / "azure-pipelines.yml").exists()

    guide = (out / "IMPLEMENTING.md").read_text(encoding="utf-8")
    assert "on **Bitbucket Pipelines**" in guide
    assert "hands them to the later jobs as variables (artifacts)" in guide
    assert "Bitbucket deployment permissions let only" in guide
    for other in ("GitHub", "GitLab", "Azure Pipelines", "workflow_dispatch", "pool: server"):
        assert other not in guide, other
