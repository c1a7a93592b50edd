"""An LLM application is out of this design's scope: no pipeline that only echoes. With the
team's own evaluation suite given, the CI file runs it as its one gate; without it, no CI
file is written and the documents say why. Through ``mlops-wizard export``."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from wizard.cli import main

SUITE = "python -m evals.run --suite regression"


#: Where each platform's CI file is written.
CI_FILES = {
    "github-actions": ".github/workflows/ml-pipeline.yml",
    "gitlab-ci": ".gitlab-ci.yml",
    "azure-pipelines": "azure-pipelines.yml",
}


def _export(
    tmp_path: Path, commands: dict[str, str] | None, platform: str = "github-actions"
) -> Path:
    answers = {
        "schema_version": 1,
        "project": {"name": "helpdesk-bot", "ci_platform": platform},
        "workload": {"model_kind": "llm-application"},
        "cicd": {"commands": commands} if commands else {},
    }
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(answers), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["export", "--answers", str(path), "--out", str(out)]) == 0
    return out


def test_without_a_suite_no_ci_file_is_written_and_the_document_says_why(
    tmp_path: Path,
) -> None:
    out = _export(tmp_path, None)
    assert not any((out / path).exists() for path in CI_FILES.values())
    architecture = (out / "architecture.md").read_text(encoding="utf-8")
    assert "No CI pipeline is written" in architecture
    assert "cicd.commands.evaluate_model" in architecture
    assert "echo" not in (out / "IMPLEMENTING.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("platform", ["github-actions", "gitlab-ci", "azure-pipelines"])
def test_with_a_suite_the_pipeline_runs_it_as_its_gate(tmp_path: Path, platform: str) -> None:
    out = _export(tmp_path, {"evaluate_model": SUITE}, platform)
    text = (out / CI_FILES[platform]).read_text(encoding="utf-8")
    assert SUITE in text
    assert "echo 'This design does not cover" not in text
    architecture = (out / "architecture.md").read_text(encoding="utf-8")
    assert f"your own evaluation suite (`{SUITE}`)" in architecture
