"""Each corrected vendor fact (issue 22 item 5), read through the exported documents, as a
lead reads them: architecture.md, the decision records and IMPLEMENTING.md."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from wizard.cli import main

BASE: dict[str, Any] = {
    "schema_version": 1,
    "project": {"name": "facts", "ci_platform": "github-actions", "cloud": "aws"},
    "retraining": {"drift": {"key_features": ["amount"]}},
}


def _merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in changes.items():
        merged[key] = _merge(merged.get(key, {}), value) if isinstance(value, dict) else value
    return merged


def export(tmp_path: Path, **sections: Any) -> dict[str, str]:
    """The exported documents of BASE with ``sections`` merged in: path -> text."""
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump(_merge(BASE, sections)), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["export", "--answers", str(answers), "--out", str(out)]) == 0
    return {
        path.relative_to(out).as_posix(): path.read_text(encoding="utf-8")
        for path in out.rglob("*.md")
        if ".mlops-wizard" not in path.parts
    }


def everything(documents: dict[str, str]) -> str:
    return "\n".join(documents.values())


def decision(documents: dict[str, str], slug: str) -> str:
    return next(text for path, text in documents.items() if path.endswith(f"-{slug}.md"))


@pytest.mark.parametrize("cloud", ["aws", "azure"])
@pytest.mark.parametrize(
    ("tracker", "registry"), [("mlflow", "mlflow"), ("wandb", None)], ids=["chosen", "weighed"]
)
def test_mlflow_is_managed_on_aws_and_azure_never_not_managed(
    tmp_path: Path, cloud: str, tracker: str, registry: str | None
) -> None:
    """Chosen, MLflow runs managed there; weighed against the cloud's own registry or another
    tracker, it is never called unmanaged."""
    own_registry = {"aws": "sagemaker", "azure": "azureml"}[cloud]
    documents = export(
        tmp_path,
        project={"cloud": cloud},
        components={
            "experiment_tracking": {"tool": tracker},
            "model_registry": {"tool": registry or own_registry},
        },
    )
    # "MLflow Model Registry (not managed on AWS/Azure)" was wrong: no MLflow option row
    # and no MLflow runner-up says so (other tools may truly not be managed there).
    for line in everything(documents).splitlines():
        if line.startswith("| MLflow"):
            assert "not managed on" not in line, line
        for runner_up in line.split("Runner-up: MLflow")[1:]:
            assert "not managed on" not in runner_up.split(")")[0], line
    if tracker == "mlflow":
        assert "Running cost: a managed service on" in decision(documents, "experiment-tracking")
    else:
        assert "Runner-up: MLflow (managed on" in documents["architecture.md"]


@pytest.mark.parametrize("cloud", ["aws", "gcp", "azure", "on-prem", "other"])
@pytest.mark.parametrize("level", [0, 3])
def test_whylabs_and_nannyml_are_never_recommended(tmp_path: Path, cloud: str, level: int) -> None:
    documents = export(
        tmp_path,
        project={"cloud": cloud},
        maturity={"level_override": level},
        workload={"label_delay_days": 60},
        components={"monitoring": "none"},
    )
    monitoring = _tool_row(documents, "Monitoring")
    assert "WhyLabs" not in monitoring
    assert "NannyML" not in monitoring


def _tool_row(documents: dict[str, str], concern: str) -> str:
    table = documents["architecture.md"].split("## Tool Recommendations")[1].split("\n## ")[0]
    return next(line for line in table.splitlines() if line.startswith(f"| {concern}"))


def test_a_whylabs_team_is_told_what_changed_and_what_to_move_to(tmp_path: Path) -> None:
    documents = export(tmp_path, components={"monitoring": "whylabs"})
    row = _tool_row(documents, "Monitoring")
    assert "What changed: WhyLabs platform was acquired by Apple in 2025" in row
    assert "the open-source whylogs library remains" in row
    assert "Move to Evidently or whylogs" in row


def test_a_neptune_team_gets_the_migration_note(tmp_path: Path) -> None:
    documents = export(tmp_path, components={"experiment_tracking": {"tool": "neptune"}})
    architecture = documents["architecture.md"]
    assert "acquired by OpenAI" in architecture
    assert "model registry was deactivated on 2025-04-01" in architecture
    assert "Move to MLflow or Weights & Biases" in architecture
    assert "acquired by OpenAI" in decision(documents, "experiment-tracking")


def test_neptune_is_not_a_registry_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        yaml.safe_dump(_merge(BASE, {"components": {"model_registry": {"tool": "neptune"}}})),
        encoding="utf-8",
    )
    assert main(["validate", str(answers)]) == 2
    assert "components.model_registry.tool" in capsys.readouterr().err


def test_a_nannyml_team_is_told_it_looks_unmaintained_but_still_estimates(tmp_path: Path) -> None:
    documents = export(
        tmp_path, components={"monitoring": "nannyml"}, workload={"label_delay_days": 30}
    )
    architecture = documents["architecture.md"]
    assert "acquired by Soda in 2025" in architecture
    assert "looks unmaintained" in architecture
    assert "Still valid for performance estimation before labels arrive" in architecture


def test_sagemaker_archived_is_a_model_lifecycle_stage_never_rejected(tmp_path: Path) -> None:
    documents = export(tmp_path, components={"model_registry": {"tool": "sagemaker"}})
    registry = documents["architecture.md"].split("### Model Registry")[1].split("\n## ")[0]
    archived = next(line for line in registry.splitlines() if "archived" in line.lower())
    assert "Stage `Archived`" in archived
    assert "Rejected" not in archived
    assert "`ModelLifeCycle`" in registry


def test_evidently_is_cited_from_its_current_docs_with_the_0_7_api(tmp_path: Path) -> None:
    documents = export(tmp_path, components={"monitoring": "evidently"})
    text = everything(documents)
    assert "docs-old.evidentlyai.com" not in text
    assert "stattest" not in text
    assert 'method="psi"' in text
    assert "https://docs.evidentlyai.com/" in documents["architecture.md"]


def test_kubeflow_on_google_cloud_is_no_service_to_run(tmp_path: Path) -> None:
    documents = export(
        tmp_path,
        project={"cloud": "gcp"},
        maturity={"level_override": 1},
        components={"orchestrator": "kubeflow"},
    )
    record = decision(documents, "orchestration")
    assert "a service to run" not in record
    # How this team runs it is the running cost's to say (Vertex AI Pipelines runs it).
    assert "Running cost: a managed service on Google Cloud" in record


@pytest.mark.parametrize(
    ("cloud", "options", "foreign"),
    [
        (
            "aws",
            ("SageMaker Model Monitor", "SageMaker Feature Store"),
            "Vertex AI Model Monitoring",
        ),
        (
            "gcp",
            ("Vertex AI Model Monitoring", "Vertex AI Feature Store", "Vertex AI Experiments"),
            "Azure ML model monitoring",
        ),
        (
            "azure",
            ("Azure ML model monitoring", "Azure ML managed feature store"),
            "SageMaker Model Monitor",
        ),
    ],
)
def test_the_clouds_own_options_are_weighed_where_the_cloud_is_known(
    tmp_path: Path, cloud: str, options: tuple[str, ...], foreign: str
) -> None:
    """Each decision record's considered options: the cloud's own are weighed on their merits
    there, another cloud's are named once, on the "Not considered" line, as native elsewhere."""
    documents = export(tmp_path, project={"cloud": cloud})
    records = [text for path, text in documents.items() if path.startswith("decisions/")]
    sections = [text.split("## Considered options")[1].split("\n## ")[0] for text in records]
    items = {
        line.removeprefix("- ").split(" (")[0].split(":")[0]: line
        for section in sections
        for line in section.splitlines()
        if line.startswith("- ")
    }
    for option in options:
        assert option in items, option
        assert "native to" not in items[option], items[option]
    (line,) = [line for section in sections for line in section.splitlines() if foreign in line]
    assert line.startswith("Not considered: ") and "native to other clouds" in line, line


def test_azure_ml_monitoring_computes_the_triggers_psi(tmp_path: Path) -> None:
    documents = export(
        tmp_path,
        project={"cloud": "azure", "ci_platform": "azure-pipelines"},
        components={"monitoring": "azureml-monitoring"},
    )
    architecture = documents["architecture.md"]
    # A tool that computes the PSI alerts on it; one that does not leaves it to the job.
    assert "Deploy Azure ML model monitoring on production inputs: alert on PSI" in architecture


@pytest.mark.parametrize(
    ("platform", "name"), [("gitlab-ci", "GitLab"), ("azure-pipelines", "Azure")]
)
def test_the_orchestrator_follows_the_ci_platform(tmp_path: Path, platform: str, name: str) -> None:
    documents = export(tmp_path, project={"ci_platform": platform})
    text = everything(documents)
    assert "orchestrated by GitHub Actions" not in text
    assert "Use GitHub Actions for orchestration" not in text
    assert f"Use {name}" in decision(documents, "orchestration")


def test_an_on_premises_site_installs_from_its_own_index(tmp_path: Path) -> None:
    documents = export(tmp_path, project={"cloud": "on-prem"})
    implementing = documents["IMPLEMENTING.md"]
    assert "PIP_INDEX_URL" in implementing
    assert "MLOPS_WIZARD_REQUIREMENT" in implementing
    (tmp_path / "cloud").mkdir()
    assert "PIP_INDEX_URL" not in everything(export(tmp_path / "cloud", project={"cloud": "aws"}))
