"""The scan's precision and recall on the fixture repositories (``tests/scan/fixtures.py``).

The table is the expected claims per fixture: every (category, tool, path) the scan should
find in the categories a suggestion rests on. A finding outside the table lowers precision,
a row not found lowers recall. Each fixture must be exact; the summary states both numbers
over all fixtures. A second table says what the design takes from each fixture: the level,
the proposed Python and cloud, and the command of the training stage.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliRun
from tests.scan.fixtures import BUILDERS
from wizard.engine.suggest import suggest
from wizard.io.export import MANIFEST_NAME
from wizard.model.design import ScanSuggestions
from wizard.model.evidence import Category, Evidence
from wizard.scan import scan_repository

MakeRepo = Callable[..., Path]
Claim = tuple[Category, str, str]

#: The categories a maturity suggestion, a proposed answer or a stage command rests on.
CLAIMS: frozenset[Category] = frozenset(
    {
        "experiment_tracking",
        "data_versioning",
        "model_registry",
        "orchestration",
        "orchestrated_training",
        "serving",
        "monitoring",
        "ci_tests",
        "ci_training",
        "ci_deploy",
        "ci_schedule",
        "cloud",
        "runtime",
    }
)

EXPECTED: dict[str, set[Claim]] = {
    "dvc pipeline with a remote": {
        ("cloud", "aws", ".dvc/config"),  # the remote is on s3://
        ("data_versioning", "dvc", ".dvc/config"),
        ("data_versioning", "dvc", "data/data.csv.dvc"),
        ("data_versioning", "dvc", "dvc.yaml"),
        ("data_versioning", "dvc", "src/requirements.txt"),
        ("experiment_tracking", "dvc", "dvc.yaml"),  # a stage's metrics
        ("model_registry", "dvc", "dvc.yaml"),  # artifacts: declares the model
    },
    "mlflow through a callback": {
        ("experiment_tracking", "mlflow", "requirements.txt"),
        ("experiment_tracking", "mlflow", "trainer/train.py"),  # Lightning's MLFlowLogger
        ("experiment_tracking", "mlflow", "trainer/tune.py"),  # Ray's MLflowLoggerCallback
    },
    "mlproject": {
        ("experiment_tracking", "mlflow", "MLproject"),
        ("experiment_tracking", "mlflow", "conda.yaml"),
        ("experiment_tracking", "mlflow", "evaluate.py"),
        ("experiment_tracking", "mlflow", "train.py"),
        ("runtime", "python", "conda.yaml"),
    },
    "makefile-driven": {
        ("ci_tests", "github-actions", ".github/workflows/ci.yml"),  # make test
        ("experiment_tracking", "wandb", "churn/train.py"),
        ("experiment_tracking", "wandb", "requirements.txt"),
    },
    "existing gitlab ci with cml": {
        ("ci_tests", "gitlab-ci", ".gitlab-ci.yml"),
        ("runtime", "python", ".gitlab-ci.yml"),  # image: python:3.10
    },
    "pinned python in a sub-folder": {
        ("cloud", "gcp", "service/requirements.txt"),
        ("cloud", "gcp", "service/train.py"),
        ("runtime", "python", "service/Dockerfile"),
    },
    "vertex sdk project": {
        ("ci_tests", "cloud-build", "cloudbuild.yaml"),
        ("cloud", "gcp", "cloudbuild.yaml"),
        ("cloud", "gcp", "infra/main.tf"),
        ("cloud", "gcp", "pipeline/run.py"),
        ("cloud", "gcp", "pipeline/serve.py"),
        ("cloud", "gcp", "requirements.txt"),
        ("experiment_tracking", "vertex", "pipeline/run.py"),  # Vertex AI Experiments
        ("monitoring", "vertex", "pipeline/serve.py"),  # Model Monitoring
        ("orchestrated_training", "tfx", "pipeline/tfx_pipeline.py"),  # Trainer component
        ("orchestration", "kubeflow", "pipeline/run.py"),  # PipelineJob: KFP on Vertex
        ("orchestration", "tfx", "pipeline/tfx_pipeline.py"),
        ("runtime", "python", "cloudbuild.yaml"),
        ("serving", "vertex", "pipeline/serve.py"),  # an endpoint deployed
    },
    # A docstring, a comment, third_party/ and vendor/: nothing.
    "docstring and vendored traps": set(),
    # cohorts/, homework/, course-materials/: nothing.
    "homework folders": set(),
    # mkdocs gh-deploy, deploy/jobs/..., training_results.json read by a report: nothing.
    "docs and reports": set(),
    "orchestrated": {
        ("orchestrated_training", "airflow", "dags/retrain.py"),  # not dags/features.py
        ("orchestration", "airflow", "dags/features.py"),
        ("orchestration", "airflow", "dags/retrain.py"),
    },
    "serving": {
        ("cloud", "aws", "lambda/handler.py"),
        ("serving", "aws-lambda", "lambda/handler.py"),
        ("serving", "fastapi", "api/main.py"),  # not api/health.py: it serves no model
        ("serving", "kserve", "k8s/isvc.yaml"),
    },
}

#: fixture -> (level, cicd.python, project.cloud, the training stage's first command line);
#: None where the scan proposes nothing; a cloud found nowhere is ``other`` (no cloud login).
DESIGN: dict[str, tuple[int, str | None, str | None, str | None]] = {
    "dvc pipeline with a remote": (1, None, "aws", "dvc repro --pull train"),
    "mlflow through a callback": (1, None, "other", None),
    "mlproject": (1, "3.10", "other", "mlflow run . --env-manager local --entry-point main"),
    "makefile-driven": (1, None, "other", "make train"),
    "existing gitlab ci with cml": (0, "3.10", "other", None),
    "pinned python in a sub-folder": (0, "3.9", "gcp", None),
    "vertex sdk project": (1, "3.9", "gcp", None),
    "docstring and vendored traps": (0, None, "other", None),
    "homework folders": (0, None, "other", None),
    "docs and reports": (0, None, "other", None),
    "orchestrated": (0, None, "other", None),
    "serving": (0, None, "aws", None),
}


def _scan(make_repo: MakeRepo, name: str) -> Evidence:
    return scan_repository(make_repo(BUILDERS[name](), git_repo=False))


def _claims(evidence: Evidence) -> set[Claim]:
    return {
        (item.category, item.tool, item.path) for item in evidence.items if item.category in CLAIMS
    }


def _answer(suggested: ScanSuggestions, key: str) -> str | None:
    return next((value for answer, value, _ in suggested.answers if answer == key), None)


def test_the_table_covers_every_fixture() -> None:
    assert set(EXPECTED) == set(BUILDERS) == set(DESIGN)


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_the_scan_finds_exactly_the_table(make_repo: MakeRepo, name: str) -> None:
    found = _claims(_scan(make_repo, name))
    assert found - EXPECTED[name] == set(), "false positives"
    assert EXPECTED[name] - found == set(), "missed"


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_what_the_design_takes_from_each_fixture(make_repo: MakeRepo, name: str) -> None:
    suggested = suggest(_scan(make_repo, name))
    train = suggested.command("train_model")
    taken = (
        suggested.level,
        _answer(suggested, "cicd.python"),
        _answer(suggested, "project.cloud"),
        train.lines[0] if train else None,
    )
    assert taken == DESIGN[name]


def test_precision_and_recall_over_all_fixtures(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """The numbers the report quotes; both are 1.0 while each fixture is exact."""
    true_positives = found_total = expected_total = 0
    for name in sorted(BUILDERS):
        root = make_repo(BUILDERS[name](), git_repo=False, name=name.replace(" ", "-"))
        found = _claims(scan_repository(root))
        true_positives += len(found & EXPECTED[name])
        found_total += len(found)
        expected_total += len(EXPECTED[name])
    precision = true_positives / found_total
    recall = true_positives / expected_total
    with capsys.disabled():
        print(f"\nscan on {len(BUILDERS)} fixtures: precision {precision:.2f}, recall {recall:.2f}")
    assert (precision, recall) == (1.0, 1.0)


@pytest.mark.parametrize("name", ["makefile-driven", "dvc pipeline with a remote"])
def test_an_exported_design_is_no_evidence_of_itself(
    make_repo: MakeRepo, run_cli: Callable[..., CliRun], tmp_path: Path, name: str
) -> None:
    """scan -> export into the repository -> scan: the level and the suggested maturity
    stay as they were, and no finding points at a file the export wrote."""
    root = make_repo(BUILDERS[name](), git_repo=False)
    before = suggest(scan_repository(root))
    answers = tmp_path / "answers.yaml"
    assert run_cli("new", "--out", str(answers)).code == 0
    exported = run_cli("export", "--answers", str(answers), "--out", str(root), "--repo", str(root))
    assert exported.code == 0, exported.err
    manifest = json.loads((root / MANIFEST_NAME).read_text())
    written = set(manifest["files"])
    assert any(path.endswith((".yml", ".yaml")) and "workflows" in path for path in written)
    evidence = scan_repository(root)
    after = suggest(evidence)
    assert after.level == before.level
    assert {key: s.value for key, s in after.maturity.items()} == {
        key: s.value for key, s in before.maturity.items()
    }
    assert not {item.path for item in evidence.items} & (written | {MANIFEST_NAME})
    assert any("written by an mlops-wizard export" in line for line in evidence.set_aside)


def test_the_report_says_what_it_set_aside_and_what_it_proposes(
    make_repo: MakeRepo, run_cli: Callable[..., CliRun]
) -> None:
    root = make_repo(
        {**BUILDERS["homework folders"](), **BUILDERS["dvc pipeline with a remote"]()},
        git_repo=False,
    )
    report = run_cli("scan", str(root))
    assert report.code == 0
    assert "  cohorts/: 2 files not read (course homework)\n" in report.out
    assert (
        "  train_model: dvc repro --pull train && dvc push --run-cache  (dvc.yaml:13)\n"
        in report.out
    )
    assert "  project.cloud: aws  (aws found at .dvc/config:4" in report.out
    data = json.loads(run_cli("scan", str(root), "--json").out)
    assert "homework/: 1 file not read (course homework)" in data["set_aside"]
    assert data["stage_commands"]["evaluate_model"]["lines"] == ["dvc repro --pull evaluate"]
    assert data["runtime"]["cicd.install"]["value"] == (
        "python -m pip install -r src/requirements.txt"
    )


def test_only_the_dag_that_trains_counts_and_its_schedule_retrains(make_repo: MakeRepo) -> None:
    maturity = suggest(_scan(make_repo, "orchestrated")).maturity
    retraining = maturity["automated_retraining"]
    assert retraining.value == "yes"
    assert retraining.reason.endswith("at dags/retrain.py:4, on a schedule (@weekly)")
    assert {item.path for item in retraining.evidence} == {"dags/retrain.py"}
    features_only = {"dags/features.py": BUILDERS["orchestrated"]()["dags/features.py"]}
    root = make_repo(features_only, git_repo=False, name="features-only")
    assert "automated_retraining" not in suggest(scan_repository(root)).maturity


def test_the_dvc_fixture_s_mlops_mk_runs_its_stages_and_pushes(
    make_repo: MakeRepo, run_cli: Callable[..., CliRun], tmp_path: Path
) -> None:
    root = make_repo(BUILDERS["dvc pipeline with a remote"](), git_repo=False)
    answers = tmp_path / "answers.yaml"
    assert run_cli("new", "--out", str(answers)).code == 0
    out = tmp_path / "out"
    result = run_cli("export", "--answers", str(answers), "--out", str(out), "--repo", str(root))
    assert result.code == 0, result.err
    recipe = (out / "mlops.mk").read_text().split("\ntrain_model:\n", 1)[1].split("\n\n", 1)[0]
    assert recipe.splitlines() == [
        "\tdvc repro --pull train",
        "\tdvc push --run-cache",
        '\techo "RUN_ID=$$(sha256sum dvc.lock | cut -c1-12)" >> "$(MLOPS_OUTPUTS)"',
    ]
    assert "\nevaluate_model:\n\tdvc repro --pull evaluate\n" in (out / "mlops.mk").read_text()
