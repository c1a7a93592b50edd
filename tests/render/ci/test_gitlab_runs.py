"""The sample project's exported .gitlab-ci.yml, run by gitlab-ci-local (shell executor) in a
fresh git repository, installing the wheel of this tree: a good candidate goes green end to
end under canary, shadow and champion-challenger (the scheduled comparator completing the
release where labels come late), a worse one stops at the gate, a worse pending shadow is
rolled back by the comparator, a drifted window makes the monitoring job call for a
retraining run (received by a local stand-in for GitLab's API).

gitlab-ci-local 4.60 has no option for delayed jobs: it starts a ``when: delayed`` job as
soon as its needs pass (its ``start_in`` is not waited), which is what a test run wants; the
signed (manual) jobs run through ``--manual``."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from tests.render.ci.conftest import Toolchain
from tests.render.ci.graph import read_graph
from tests.render.ci.sample_project import (
    REVIEWER,
    WORSE_PARAMS,
    commit_all,
    drifted,
    export_sample,
    job_environment,
)
from wizard.cli import main
from wizard.render.ci.runtime import DECISION_LOG

GITLAB_CI_LOCAL = shutil.which("gitlab-ci-local")
SUMMARY = re.compile(r"^ (?P<verdict>PASS|FAIL) +(?P<job>\w+)", re.M)
STAGES = ["validate_data", "train_model", "evaluate_model", "register_model", "deploy_staging"]
#: The pipeline's first job: the repository still follows its committed design.
CHECK = ["check"]
#: The sample's own design (README's `make run`): a shadow, compared once labels are back.
SHADOW = ["shadow", "shadow_check"]
CANARY = [
    "canary_10", "canary_10_check", "canary_50", "canary_50_check", "canary_100",
    "canary_100_check", "promote_production",
]  # fmt: skip
COMPARATOR = ["compare", "promote_production"]


def test_gitlab_ci_local_and_rsync_are_installed() -> None:
    """Missing tools fail here, never skip: `make test` installs them."""
    assert GITLAB_CI_LOCAL, "gitlab-ci-local is missing: make test installs it (npm)"
    assert shutil.which("rsync"), "rsync is missing: make test installs it (apt-get)"


#: The CI/CD variables the cloud's SDK reads (set by the team; nothing here logs in).
CLOUD_VARIABLES = ("AWS_ROLE_ARN=arn:aws:iam::123456789012:role/ml",
                   "AWS_WEB_IDENTITY_TOKEN_FILE=.cloud-id-token")  # fmt: skip


def run_pipeline(
    project: Path,
    toolchain: Toolchain,
    tmp_path: Path,
    *arguments: str,
    cloud: tuple[str, ...] = CLOUD_VARIABLES,
) -> tuple[int, str, dict[str, str]]:
    """gitlab-ci-local's exit code, its log, and each job's verdict."""
    if GITLAB_CI_LOCAL is None:
        pytest.fail("gitlab-ci-local is missing: make test installs it")
    variables = [f"MLOPS_WIZARD_REQUIREMENT={toolchain.wheel}", *cloud, *arguments]
    command = [GITLAB_CI_LOCAL, "--force-shell-executor"]
    for variable in variables:
        command += ["--variable", variable]
    # Every signed job is signed (gitlab-ci-local runs a manual job only when named).
    graph = read_graph("gitlab-ci", (project / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    for job in graph.jobs.values():
        if job.signed:
            command += ["--manual", job.name]
    environment = job_environment(toolchain.python, tmp_path / "model-store")
    # The jobs write the decision log where the pipeline keeps it: their own folder.
    environment.pop("MLOPS_DECISION_LOG", None)
    completed = subprocess.run(
        command,
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        # A bound against a hung run, not a timing check: the canary runs 13 jobs, each
        # installing the wheel, on a machine others share.
        timeout=1200,
        check=False,
    )
    log = completed.stdout + completed.stderr
    verdicts = {match["job"]: match["verdict"] for match in SUMMARY.finditer(log)}
    return completed.returncode, log, verdicts


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return export_sample(tmp_path / "sample", "gitlab-ci")


def _aliases(store: Path) -> dict[str, str]:
    """The fake registry's aliases, each to its version."""
    path = store / "registry" / "aliases.json"
    found = json.loads(path.read_text()) if path.exists() else {}
    return {alias: entry["version"] for alias, entry in found.items()}


def _production(store: Path) -> str | None:
    path = store / "deployments" / "production.json"
    return json.loads(path.read_text())["version"] if path.exists() else None


def run_comparator(project: Path, toolchain: Toolchain, tmp_path: Path) -> tuple[int, str, dict]:
    """The comparator's scheduled pipeline, its labels back at once (no label delay)."""
    return run_pipeline(
        project, toolchain, tmp_path, "MLOPS_PIPELINE=comparator", "LABEL_DELAY_DAYS=0"
    )


def test_a_good_candidate_goes_green_through_the_gate_and_waits_in_shadow_for_its_labels(
    project: Path, toolchain: Toolchain, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """README's `make run` design as derived (shadow): the pipeline's run leaves the
    candidate in shadow, never production; the comparator completes it once, and a second
    comparator run changes nothing."""
    store = tmp_path / "model-store"
    commit_all(project)
    code, log, verdicts = run_pipeline(project, toolchain, tmp_path, f"REVIEWED_BY={REVIEWER}")
    assert code == 0, log
    assert verdicts == dict.fromkeys([*CHECK, *STAGES, *SHADOW], "PASS"), log
    assert "check: . follows its design" in log
    assert "gate: passed: auc" in log
    # Promoted last: after the pipeline's run the candidate carries only its shadow mark.
    assert _aliases(store) == {"shadow": "v1"}
    assert _production(store) is None
    # The run id reached evaluation and registration through the dotenv reports.
    run_id = re.search(r"RUN_ID=(\w+)", log)
    assert run_id is not None
    # The gate's decision is in the decision log the evaluation job keeps as an artifact.
    log_file = project / ".gitlab-ci-local" / "artifacts" / "evaluate_model" / DECISION_LOG
    (decision,) = [json.loads(line) for line in log_file.read_text().splitlines()]
    assert decision["command"] == "gate" and decision["verdict"] == "passed"
    assert decision["run_id"] == run_id.group(1) and decision["reviewer"] == REVIEWER
    assert [item["criterion"] for item in decision["criteria"]] == [
        "gain", "latency", "leakage_check", "bias_checks",
    ]  # fmt: skip
    capsys.readouterr()
    assert main(["log", str(log_file)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert len(table) == 2 and f" {run_id.group(1)} " in table[1]
    assert " passed " in table[1] and "gain " in table[1]
    # The comparator: labels back, the shadow compared, switched and made production.
    code, log, verdicts = run_comparator(project, toolchain, tmp_path)
    assert code == 0, log
    assert verdicts == dict.fromkeys(COMPARATOR, "PASS"), log
    assert "compare: v1 (shadow)" in log
    assert _aliases(store) == {"champion": "v1"}
    assert _production(store) == "v1"
    # Idempotent: nothing is pending, a second run finds nothing and changes nothing.
    before = sorted((p.name, p.read_bytes()) for p in store.rglob("*.json"))
    code, log, verdicts = run_comparator(project, toolchain, tmp_path)
    assert code == 0 and verdicts == dict.fromkeys(COMPARATOR, "PASS"), log
    assert "no candidate is due" in log
    assert sorted((p.name, p.read_bytes()) for p in store.rglob("*.json")) == before


def test_the_comparator_rolls_back_a_worse_shadow(
    project: Path, toolchain: Toolchain, tmp_path: Path
) -> None:
    """A pending shadow worse than production on its labelled traffic: the comparator's gate
    stops it and its rollback removes the shadow; production is untouched."""
    store = tmp_path / "model-store"
    environment = job_environment(toolchain.python, store)
    commit_all(project)
    code, log, _ = run_pipeline(project, toolchain, tmp_path, f"REVIEWED_BY={REVIEWER}")
    assert code == 0, log
    code, log, _ = run_comparator(project, toolchain, tmp_path)
    assert code == 0 and _production(store) == "v1", log
    # A worse candidate put in shadow by hand, as a release of it would have left it.
    (project / "params.json").write_text(WORSE_PARAMS, encoding="utf-8")
    ids = {"PYTHONPATH": str(project / "src"), "MLOPS_OUTPUTS": str(tmp_path / "outputs.env")}
    for step in (["fraud.train"], ["fraud.deploy", "register"], ["fraud.deploy", "shadow"]):
        completed = subprocess.run(
            [str(toolchain.python), "-m", *step],
            cwd=project,
            env={**environment, **ids},
            capture_output=True,
            text=True,
            check=False,
        )
        assert completed.returncode == 0, completed.stderr
        ids |= dict(re.findall(r"^(RUN_ID|MODEL_VERSION)=(\w+)$", completed.stdout, re.M))
    assert _aliases(store) == {"champion": "v1", "shadow": "v2"}
    code, log, verdicts = run_comparator(project, toolchain, tmp_path)
    assert code != 0
    assert verdicts == {"compare": "FAIL", "rollback_comparison": "PASS"}, log
    assert "compare: v2 (shadow)" in log and "gate: missed" in log
    assert _aliases(store) == {"champion": "v1"}
    assert _production(store) == "v1"
    assert not (store / "deployments" / "shadow.json").exists()


@pytest.mark.parametrize(
    ("strategy", "main_run", "comparator"),
    [
        ("canary", CANARY, False),
        ("champion-challenger", ["challenger"], True),
    ],
)
def test_a_good_candidate_is_released_under_each_strategy(
    strategy: str,
    main_run: list[str],
    comparator: bool,
    toolchain: Toolchain,
    tmp_path: Path,
) -> None:
    """Canary: the checks after each bake (delayed jobs) pass, then production; a challenger:
    it scores the batch beside the champion, and the comparator promotes it."""
    store = tmp_path / "model-store"
    project = export_sample(tmp_path / "sample", "gitlab-ci", f"deployment.strategy={strategy}")
    commit_all(project)
    code, log, verdicts = run_pipeline(project, toolchain, tmp_path, f"REVIEWED_BY={REVIEWER}")
    assert code == 0, log
    assert verdicts == dict.fromkeys([*CHECK, *STAGES, *main_run], "PASS"), log
    if comparator:
        assert _aliases(store) == {"challenger": "v1"} and _production(store) is None
        code, log, verdicts = run_comparator(project, toolchain, tmp_path)
        assert code == 0 and verdicts == dict.fromkeys(COMPARATOR, "PASS"), log
    assert _aliases(store) == {"champion": "v1"}
    assert _production(store) == "v1"


def test_a_first_push_without_the_cloud_variables_fails_first_naming_them(
    project: Path, toolchain: Toolchain, tmp_path: Path
) -> None:
    commit_all(project)
    code, log, verdicts = run_pipeline(project, toolchain, tmp_path, cloud=())
    assert code != 0
    assert verdicts == {"check": "PASS", "validate_data": "FAIL"}, log
    assert (
        "AWS_ROLE_ARN is not set: set it as a CI/CD variable (Settings > CI/CD > Variables)" in log
    )


def test_a_worse_candidate_stops_at_the_gate(
    project: Path, toolchain: Toolchain, tmp_path: Path
) -> None:
    (project / "params.json").write_text(WORSE_PARAMS, encoding="utf-8")
    commit_all(project)
    code, log, verdicts = run_pipeline(project, toolchain, tmp_path)
    assert code != 0
    assert verdicts == {
        "check": "PASS",
        "validate_data": "PASS",
        "train_model": "PASS",
        "evaluate_model": "FAIL",
    }, log
    assert "gate: missed: auc gain" in log
    assert not (tmp_path / "model-store" / "registry").exists()


class _TriggerApi(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[str, bytes]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        self.received.append((self.path, body))
        self.send_response(201)
        self.end_headers()
        self.wfile.write(b'{"id": 1}')

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def trigger_api() -> Iterator[tuple[str, list[tuple[str, bytes]]]]:
    server = HTTPServer(("127.0.0.1", 0), _TriggerApi)
    received: list[tuple[str, bytes]] = []
    _TriggerApi.received = received
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/api/v4", received
    server.shutdown()


def test_a_drifted_window_makes_the_monitoring_job_start_a_retraining(
    project: Path,
    toolchain: Toolchain,
    tmp_path: Path,
    trigger_api: tuple[str, list[tuple[str, bytes]]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, received = trigger_api
    drifted(project)
    # One breaching window (the day before: other rows) is already in the history the
    # cache keeps: this one is the second of the spec's 2-of-5 rule.
    history = project / "monitoring" / "drift-history.jsonl"
    history.parent.mkdir()
    data = project / "data"
    day_before = tmp_path / "day-before.csv"
    day_before.write_text(
        "".join((data / "current.csv").read_text(encoding="utf-8").splitlines(True)[:-1]),
        encoding="utf-8",
    )
    first = main(
        ["drift", "--reference", str(data / "reference.csv"), "--current",
         str(day_before), "--spec", str(project / "mlops-architecture.yaml"),
         "--history", str(history)]
    )  # fmt: skip
    assert first == 0 and "no retraining yet" in capsys.readouterr().out
    commit_all(project)
    code, log, verdicts = run_pipeline(
        project, toolchain, tmp_path, "MLOPS_PIPELINE=monitoring", f"CI_API_V4_URL={url}"
    )
    assert code == 0, log
    assert verdicts == {"monitor_drift": "PASS"}, log
    assert "drift: retraining called for" in log
    assert len(received) == 1
    path, body = received[0]
    assert path.endswith("/trigger/pipeline")
    assert b"drift-detected" in body


def test_a_stable_window_starts_nothing(
    project: Path,
    toolchain: Toolchain,
    tmp_path: Path,
    trigger_api: tuple[str, list[tuple[str, bytes]]],
) -> None:
    url, received = trigger_api
    commit_all(project)
    code, log, verdicts = run_pipeline(
        project, toolchain, tmp_path, "MLOPS_PIPELINE=monitoring", f"CI_API_V4_URL={url}"
    )
    assert code == 0 and verdicts == {"monitor_drift": "PASS"}, log
    assert received == []
