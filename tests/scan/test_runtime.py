"""The runtime a scan proposes (``cicd.python``, ``project.cloud``, ``cicd.install``), where
each comes from, and the answers overruling it; the exported CI sets up that Python."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.conftest import CliRun
from tests.scan.fixtures import pinned_python_in_a_subfolder, vertex_project
from wizard.engine.suggest import suggest
from wizard.scan import scan_repository

MakeRepo = Callable[..., Path]
WORKFLOW = (
    "on: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
    "      - uses: actions/setup-python@v5\n        with:\n          python-version: '3.10'\n"
)


def _proposed(make_repo: MakeRepo, files: dict[str, str], key: str) -> tuple[str, str] | None:
    suggested = suggest(scan_repository(make_repo(files, git_repo=False)))
    return next(((value, why) for name, value, why in suggested.answers if name == key), None)


@pytest.mark.parametrize(
    ("files", "version", "where"),
    [
        ({".python-version": "3.8.18\n"}, "3.8", ".python-version:1"),  # as minor
        (
            {"pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.9"\n'},
            "3.9",
            "pyproject.toml:3",
        ),
        ({"Dockerfile": "FROM python:3.7-slim\n"}, "3.7", "Dockerfile:1"),
        ({".github/workflows/ci.yml": WORKFLOW}, "3.10", ".github/workflows/ci.yml:8"),
        # The pin wins over what CI sets up, and CI over what a packaging file allows.
        (
            {
                ".python-version": "3.11\n",
                ".github/workflows/ci.yml": WORKFLOW,
                "pyproject.toml": '[project]\nrequires-python = ">=3.8"\n',
            },
            "3.11",
            ".python-version:1",
        ),
        (
            {".github/workflows/ci.yml": WORKFLOW, "pyproject.toml": 'requires-python = ">=3.8"\n'},
            "3.10",
            ".github/workflows/ci.yml:8",
        ),
    ],
)
def test_the_python_comes_from_where_the_repository_pins_it(
    make_repo: MakeRepo, files: dict[str, str], version: str, where: str
) -> None:
    proposed = _proposed(make_repo, files, "cicd.python")
    assert proposed is not None
    assert proposed[0] == version
    assert proposed[1].startswith(f"{where}: ")


def test_nothing_pinned_proposes_no_python(make_repo: MakeRepo) -> None:
    assert _proposed(make_repo, {"train.py": "print(1)\n"}, "cicd.python") is None


def test_the_cloud_is_the_most_cited_and_says_where(make_repo: MakeRepo) -> None:
    proposed = _proposed(make_repo, vertex_project(), "project.cloud")
    assert proposed is not None
    assert proposed[0] == "gcp"
    assert proposed[1] == "gcp found at cloudbuild.yaml (Cloud Build config)"


def test_a_repository_with_no_cloud_gets_no_cloud_login(
    make_repo: MakeRepo, run_cli: Callable[..., CliRun], tmp_path: Path
) -> None:
    """A DVC project on a laptop: a guessed AWS would make every registry job ask for AWS
    credentials on the first push. Finding no cloud proposes none; an answered cloud stands
    (an absence is no evidence against it)."""
    files = {"train.py": "import sklearn\n", "requirements.txt": "scikit-learn\n"}
    root = make_repo(files, git_repo=False)
    proposed = {key: (value, why) for key, value, why in suggest(scan_repository(root)).answers}
    assert proposed["project.cloud"][0] == "other"
    assert "no cloud SDK" in proposed["project.cloud"][1]
    answers = tmp_path / "answers.yaml"
    assert run_cli("new", "--out", str(answers)).code == 0

    def exported(*extra: str) -> tuple[str, str]:
        out = tmp_path / f"out{len(list(tmp_path.iterdir()))}"
        result = run_cli(
            "export", "--answers", str(answers), "--out", str(out), "--repo", str(root),
            "--set", "project.ci_platform=gitlab-ci", "--only", "ci,md", *extra,
        )  # fmt: skip
        assert result.code == 0, result.err
        gitlab = (out / ".gitlab-ci.yml").read_text(encoding="utf-8")
        return gitlab, (out / "architecture.md").read_text(encoding="utf-8")

    gitlab, markdown = exported()
    assert "AWS_ROLE_ARN" not in gitlab and "aws " not in gitlab
    assert "0 contradictions" in markdown
    gitlab, markdown = exported("--set", "project.cloud=aws")
    assert "AWS_ROLE_ARN" in gitlab
    assert "0 contradictions" in markdown


@pytest.mark.parametrize(
    ("platform", "expected"),
    [("github-actions", "3.9"), ("gitlab-ci", "python:3.9")],
)
def test_the_exported_ci_runs_the_repository_s_python_unless_answered(
    make_repo: MakeRepo,
    run_cli: Callable[..., CliRun],
    tmp_path: Path,
    platform: str,
    expected: str,
) -> None:
    root = make_repo(pinned_python_in_a_subfolder("3.9"), git_repo=False)
    answers = tmp_path / "answers.yaml"
    assert run_cli("new", "--out", str(answers)).code == 0

    def exported(*extra: str) -> str:
        out = tmp_path / f"out{len(list(tmp_path.iterdir()))}"
        result = run_cli(
            "export", "--answers", str(answers), "--out", str(out), "--repo", str(root),
            "--set", f"project.ci_platform={platform}", "--only", "ci,md", *extra,
        )  # fmt: skip
        assert result.code == 0, result.err
        ci = out / (
            ".github/workflows/ml-pipeline.yml"
            if platform == "github-actions"
            else ".gitlab-ci.yml"
        )
        document = (out / "architecture.md").read_text()
        assert "service/Dockerfile:1" in document or extra
        return ci.read_text()

    assert _python_of(exported(), platform) == expected
    overruled = _python_of(exported("--set", 'cicd.python="3.12"'), platform)
    assert overruled == expected.replace("3.9", "3.12")


def _python_of(text: str, platform: str) -> str:
    document = yaml.safe_load(text)
    if platform == "gitlab-ci":
        return document["default"]["image"]
    versions = {
        step["with"]["python-version"]
        for job in document["jobs"].values()
        for step in job.get("steps", [])
        if "setup-python" in step.get("uses", "")
    }
    assert len(versions) == 1, versions
    return versions.pop()
