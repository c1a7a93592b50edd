"""The command line as a user meets it: commands, flags, exit codes and messages."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import pytest
import yaml

from tests.conftest import CliRun
from wizard.io.export import MANIFEST_NAME
from wizard.io.loader import load_answers, parse_answers
from wizard.io.saving import explicit_data, starter_answers
from wizard.io.yamlio import AnswersLoader
from wizard.model.defaults import DEFAULTS

Run = Callable[..., CliRun]
FRAUD = Path(__file__).resolve().parents[2] / "examples" / "fraud-detection.yaml"
ALL_FILES = [
    "architecture.md",
    "mlops-architecture.yaml",
    ".github/workflows/ml-pipeline.yml",
    "mlops.mk",
    "mlops-answers.yaml",
    "IMPLEMENTING.md",
    *(
        f"decisions/{number:04d}-{concern}.md"
        for number, concern in enumerate(
            (
                "experiment-tracking",
                "model-registry",
                "data-versioning",
                "feature-store",
                "orchestration",
                "data-validation",
                "monitoring",
            ),
            start=1,
        )
    ),
]


def exported(out_dir: Path) -> dict[str, str]:
    return {
        path.relative_to(out_dir).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(out_dir.rglob("*"))
        if path.is_file()
        and path.name != MANIFEST_NAME
        and ".mlops-wizard" not in path.relative_to(out_dir).parts
    }


def test_export_writes_every_document_and_says_so(tmp_path: Path, run_cli: Run) -> None:
    result = run_cli("export", "--answers", str(FRAUD), "--out", str(tmp_path / "out"))
    assert result.code == 0, result.err
    assert result.err == ""
    assert result.out.splitlines() == [f"created {tmp_path / 'out' / path}" for path in ALL_FILES]
    files = exported(tmp_path / "out")
    assert sorted(files) == sorted(ALL_FILES)
    assert files["architecture.md"].startswith("# MLOps Architecture: fraud-detection")
    assert yaml.safe_load(files["mlops-architecture.yaml"])
    assert parse_answers(files["mlops-answers.yaml"], "x") == load_answers(FRAUD)

    again = run_cli("export", "--answers", str(FRAUD), "--out", str(tmp_path / "out"))
    assert again.code == 0
    assert again.out.splitlines() == [f"unchanged {tmp_path / 'out' / path}" for path in ALL_FILES]


def test_export_reads_standard_input(
    tmp_path: Path, run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_cli("export", "--answers", str(FRAUD), "--out", str(tmp_path / "from-file"))
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(FRAUD.read_bytes())))
    result = run_cli("export", "--answers", "-", "--out", str(tmp_path / "from-stdin"))
    assert result.code == 0, result.err
    assert exported(tmp_path / "from-stdin") == exported(tmp_path / "from-file")


def test_bad_standard_input_is_named_stdin(
    tmp_path: Path, run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = io.BytesIO(b"schema_version: 1\nretraining:\n  data_window_days: 0\n")
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=stdin))
    result = run_cli("export", "--answers", "-", "--out", str(tmp_path / "out"))
    assert result.code == 2
    assert result.err.startswith("<stdin>:3: retraining.data_window_days: 0 is out of range")


def test_only_limits_the_documents(tmp_path: Path, run_cli: Run) -> None:
    result = run_cli("export", "--answers", str(FRAUD), "--out", str(tmp_path), "--only", "ci,md")
    assert result.code == 0, result.err
    assert sorted(exported(tmp_path)) == [
        ".github/workflows/ml-pipeline.yml",
        "architecture.md",
        "mlops.mk",
    ]


@pytest.mark.parametrize("only", ["pdf", "md,pdf", ","])
def test_an_unknown_only_kind_is_bad_input(tmp_path: Path, run_cli: Run, only: str) -> None:
    result = run_cli(
        "export", "--answers", str(FRAUD), "--out", str(tmp_path / "o"), "--only", only
    )
    assert result.code == 2
    assert result.err.startswith("mlops-wizard: error: --only:")
    assert "(allowed: md,yaml,ci,answers" in result.err
    assert not (tmp_path / "o").exists()


def test_set_overrides_reach_the_documents(tmp_path: Path, run_cli: Run) -> None:
    result = run_cli(
        "export",
        "--answers", str(FRAUD),
        "--out", str(tmp_path),
        "--set", "retraining.drift.psi_threshold=0.2",
        "--set", "project.name=fraud-v2",
    )  # fmt: skip
    assert result.code == 0, result.err
    saved = parse_answers((tmp_path / "mlops-answers.yaml").read_text(), "saved")
    assert saved.retraining.drift.psi_threshold == 0.2
    assert saved.project.name == "fraud-v2"
    assert (tmp_path / "architecture.md").read_text().startswith("# MLOps Architecture: fraud-v2")


def test_every_refused_set_is_reported_and_nothing_written(tmp_path: Path, run_cli: Run) -> None:
    result = run_cli(
        "export",
        "--answers", str(FRAUD),
        "--out", str(tmp_path / "out"),
        "--set", "retraining.drift.psi_threshold=2",
        "--set", "retraining.canary_stages=[10, 50]",
        "--set", "retrainng.schedule=daily",
    )  # fmt: skip
    assert result.code == 2
    assert [line.split(": ")[1] for line in result.err.splitlines()] == [
        "retraining.drift.psi_threshold",
        "retraining.canary_stages",
        "retrainng",
    ]
    assert not (tmp_path / "out").exists()


def test_an_edited_file_is_refused_with_exit_3_until_forced(tmp_path: Path, run_cli: Run) -> None:
    run_cli("export", "--answers", str(FRAUD), "--out", str(tmp_path))
    (tmp_path / "architecture.md").write_text("my own notes\n")
    before = exported(tmp_path)
    override = ("--set", "retraining.drift.psi_threshold=0.2")

    refused = run_cli("export", "--answers", str(FRAUD), "--out", str(tmp_path), *override)
    assert refused.code == 3
    assert refused.out == ""
    assert refused.err == (
        f"mlops-wizard: refused: {tmp_path / 'architecture.md'} has your edits and the new "
        "design in conflict; the merge with conflict markers is in "
        f"{tmp_path / 'architecture.md.merge'} (resolve it there, or use --force)\n"
    )
    after = exported(tmp_path)
    merge = after.pop("architecture.md.merge")
    assert after == before
    assert "<<<<<<< yours\nmy own notes\n" in merge and ">>>>>>> new export\n" in merge

    forced = run_cli(
        "export", "--answers", str(FRAUD), "--out", str(tmp_path), *override, "--force"
    )
    assert forced.code == 0
    assert f"overwrote {tmp_path / 'architecture.md'}" in forced.out.splitlines()
    assert not (tmp_path / "architecture.md.merge").exists()
    assert (tmp_path / "architecture.md").read_text().startswith("# MLOps Architecture")


def test_export_into_a_file_is_bad_input(tmp_path: Path, run_cli: Run) -> None:
    (tmp_path / "file").write_text("x")
    result = run_cli("export", "--answers", str(FRAUD), "--out", str(tmp_path / "file"))
    assert result.code == 2
    assert "is a file" in result.err


def test_new_prints_the_commented_defaults(run_cli: Run) -> None:
    result = run_cli("new")
    assert result.code == 0
    assert "# " in result.out
    assert explicit_data(parse_answers(result.out, "new")) == explicit_data(starter_answers()[0])


def test_a_new_file_exported_prints_no_placeholder_as_the_team_s_words(
    tmp_path: Path, run_cli: Run
) -> None:
    """The defaults' name and description are placeholders: new leaves them unanswered, so
    the document neither prints the description placeholder nor calls either "your answer"."""
    target = tmp_path / "answers.yaml"
    assert run_cli("new", "--out", str(target)).code == 0
    out = tmp_path / "out"
    assert run_cli("export", "--answers", str(target), "--out", str(out), "--only", "md").code == 0
    markdown = (out / "architecture.md").read_text(encoding="utf-8")
    assert "What the model predicts, and for whom." not in markdown
    assert markdown.startswith("# MLOps Architecture: my-ml-project\n")
    gaps = markdown.split("## Information Gaps", 1)[1]
    assert "- `project.name`: my-ml-project" in gaps
    assert "- `project.description`: none" in gaps


def test_new_writes_a_file_and_refuses_to_overwrite_it(tmp_path: Path, run_cli: Run) -> None:
    target = tmp_path / "answers.yaml"
    assert run_cli("new", "--out", str(target)).code == 0
    assert load_answers(target) == starter_answers()[0]
    target.write_text("schema_version: 1\n")
    refused = run_cli("new", "--out", str(target))
    assert refused.code == 3
    assert "exists (use --force to overwrite)" in refused.err
    assert target.read_text() == "schema_version: 1\n"
    assert run_cli("new", "--out", str(target), "--force").code == 0
    assert load_answers(target) == starter_answers()[0]


def test_validate_prints_risk_findings_and_exits_0(run_cli: Run, example_files: list[Path]) -> None:
    for path in example_files:
        result = run_cli("validate", str(path))
        assert result.code == 0, result.err
        *findings, summary = result.out.splitlines()
        assert summary.startswith(f"{path}: valid; {len(findings)} risk finding")
        for finding in findings:
            severity, rest = finding.split(" ", 1)
            assert severity in {"HIGH", "MEDIUM", "LOW"}
            assert ": " in rest


def test_validate_of_an_invalid_file_exits_2(tmp_path: Path, run_cli: Run) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nproject:\n  cloud: mars\n")
    result = run_cli("validate", str(bad))
    assert result.code == 2
    assert result.err.startswith(f"{bad}:3: project.cloud: 'mars' is not one of the choices")


def test_schema_is_json_schema_and_validates_the_examples(
    run_cli: Run, example_files: list[Path]
) -> None:
    result = run_cli("schema")
    assert result.code == 0
    schema = json.loads(result.out)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"]
    validator = jsonschema.Draft202012Validator(schema)
    for path in example_files:
        validator.validate(yaml.load(path.read_text(), Loader=AnswersLoader))
    assert list(validator.iter_errors({"schema_version": 1, "retrainng": {}}))
    drift = schema["$defs"]["Drift"]["properties"]["psi_threshold"]
    assert "Population Stability Index" in drift["description"]


@pytest.mark.parametrize(
    "argv",
    [["bogus"], ["export"], ["export", "--answers", "x.yaml"], ["validate"], ["--nope"]],
)
def test_usage_errors_exit_2(run_cli: Run, argv: list[str]) -> None:
    result = run_cli(*argv)
    assert result.code == 2
    assert "usage: mlops-wizard" in result.err


@pytest.mark.parametrize("command", ["export", "new", "validate", "scan", "schema"])
def test_every_command_has_help_with_an_example(run_cli: Run, command: str) -> None:
    result = run_cli(command, "--help")
    assert result.code == 0
    assert "example:\n  mlops-wizard " + command in result.out


def test_version(run_cli: Run) -> None:
    result = run_cli("--version")
    assert result.code == 0
    assert result.out.startswith("mlops-wizard ")


def test_an_unexpected_error_is_one_line_unless_debugging(
    tmp_path: Path, run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    import wizard.pipeline

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("renderer broke\nbadly")

    monkeypatch.setattr(wizard.pipeline, "render_export", explode)
    result = run_cli("export", "--answers", str(FRAUD), "--out", str(tmp_path))
    assert result.code == 1
    assert result.err == "mlops-wizard: error: RuntimeError: renderer broke badly\n"

    monkeypatch.setenv("MLOPS_WIZARD_DEBUG", "1")
    debug = run_cli("export", "--answers", str(FRAUD), "--out", str(tmp_path))
    assert debug.code == 1
    assert "Traceback" in debug.err
    assert debug.err.endswith("mlops-wizard: error: RuntimeError: renderer broke badly\n")


def test_no_command_starts_the_session_with_the_answers_file(
    tmp_path: Path, run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[Path, Path | None]] = []
    fake_app = SimpleNamespace(run_session=lambda path, root: calls.append((path, root)) or 0)
    monkeypatch.setitem(sys.modules, "screens.app", fake_app)
    monkeypatch.chdir(tmp_path)
    assert run_cli().code == 0
    (tmp_path / ".git").mkdir()
    assert run_cli("--answers", "other.yaml").code == 0
    assert calls == [
        (tmp_path / "mlops-answers.yaml", None),
        (Path("other.yaml"), tmp_path),
    ]


def test_export_with_repo_cites_the_scanned_evidence(tmp_path: Path, run_cli: Run) -> None:
    sample = FRAUD.parent / "sample-repo"
    result = run_cli(
        "export", "--answers", str(FRAUD), "--out", str(tmp_path), "--only", "md",
        "--repo", str(sample),
    )  # fmt: skip
    assert result.code == 0, result.err
    document = (tmp_path / "architecture.md").read_text(encoding="utf-8")
    assert "`src/fraud/train.py:3`" in document
    assert "the repository suggests yes" in document
    assert str(sample.resolve()) not in document, "no absolute path in the document"


def test_export_with_a_missing_repo_is_bad_input(tmp_path: Path, run_cli: Run) -> None:
    result = run_cli(
        "export", "--answers", str(FRAUD), "--out", str(tmp_path / "o"), "--repo", "no/such"
    )
    assert result.code == 2
    assert result.err == (
        "mlops-wizard: error: --repo: no/such: no such folder "
        "(allowed: a repository or folder to scan)\n"
    )
    assert not (tmp_path / "o").exists()


def test_export_over_an_mlops_mk_without_the_shadow_targets_names_them(
    tmp_path: Path, run_cli: Run
) -> None:
    """README's `make run` design derives a shadow release: over an mlops.mk written for the
    old canary, export says which targets the CI calls and it lacks, one line each, and puts
    them in mlops.mk.new, never into the team's file."""
    out = tmp_path / "out"
    out.mkdir()
    ours = "train_model:\n\tpython -m train\n"
    (out / "mlops.mk").write_text(ours, encoding="utf-8")
    result = run_cli("export", "--answers", str(FRAUD), "--out", str(out), "--only", "ci")
    assert result.code == 0, result.err
    lacking = [line for line in result.out.splitlines() if ": no target " in line]
    named = [line.split(": no target ", 1)[1].split(",", 1)[0] for line in lacking]
    assert {"shadow-deploy", "shadow-check", "compare", "rollback"} <= set(named)
    assert "train_model" not in named and len(named) == len(set(named))
    assert all(line.endswith(f"it is in {out / 'mlops.mk.new'}") for line in lacking)
    assert (out / "mlops.mk").read_text(encoding="utf-8") == ours
    new = (out / "mlops.mk.new").read_text(encoding="utf-8")
    assert all(f"\n{target}:" in new for target in named)
    assert "not written yet" in new


def test_new_leaves_unanswered_what_a_scan_fills(run_cli: Run) -> None:
    """The tools, the cloud and the jobs' install and Python are null, each comment saying
    what applies when nothing fills it; so are the placeholders (name, description); every
    other key keeps the design card's default."""
    from wizard.model.defaults import SCAN_FILLS
    from wizard.model.dotted_keys import value_at

    result = run_cli("new")
    answers = parse_answers(result.out, "new")
    for key in SCAN_FILLS:
        assert value_at(answers, key) is None, key
    assert value_at(answers, "project.name") is None
    assert value_at(answers, "project.ci_platform") == value_at(DEFAULTS, "project.ci_platform")
    assert "else the default mlflow applies" in " ".join(result.out.split())
    assert "cloud: null" in result.out
