"""The decision log: ``gate`` and ``drift`` append one JSON line per decision (when, the run,
the model version, the spec's and the inputs' digests, each criterion with its value and
verdict, the reviewer), and ``mlops-wizard log`` prints them as a table."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import EXAMPLES

GOOD = {
    "candidate": 0.83,
    "production": 0.82,
    "latency_p95_ms": 41.0,
    "leakage_check_passed": True,
    "bias_checks_passed": True,
}


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from wizard.cli import main

    out = tmp_path_factory.mktemp("spec")
    answers = str(EXAMPLES / "fraud-detection.yaml")
    assert main(["export", "--answers", answers, "--out", str(out), "--only", "yaml"]) == 0
    return out / "mlops-architecture.yaml"


def _evaluation(tmp_path: Path, name: str, fields: dict) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(fields), encoding="utf-8")
    return path


def _decisions(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def test_gate_decisions_round_trip_through_the_log(
    spec: Path, tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "audit" / "decisions.jsonl"
    log.parent.mkdir()
    monkeypatch.setenv("RUN_ID", "run-17")
    monkeypatch.setenv("MODEL_VERSION", "3")
    monkeypatch.setenv("GITHUB_RUN_ID", "9001")
    good = _evaluation(tmp_path, "good.json", GOOD)
    worse = _evaluation(tmp_path, "worse.json", {**GOOD, "candidate": 0.81})
    broken = _evaluation(tmp_path, "broken.json", {**GOOD, "candidate": -1})
    spec_arg = ("--spec", str(spec), "--log", str(log))
    assert run_cli("gate", str(good), *spec_arg, "--reviewed-by", "Dana").code == 0
    assert run_cli("gate", str(worse), *spec_arg).code == 4
    assert run_cli("gate", str(broken), *spec_arg).code == 2

    passed, missed, unjudged = _decisions(log)
    assert passed["command"] == "gate" and passed["verdict"] == "passed"
    assert passed["run_id"] == "run-17" and passed["model_version"] == "3"
    assert passed["ci_run"] == "GITHUB_RUN_ID=9001"
    assert passed["reviewer"] == "Dana" and passed["approver"] == "ML lead"
    assert passed["spec"] == {
        "path": str(spec),
        "sha256": hashlib.sha256(spec.read_bytes()).hexdigest(),
    }
    assert passed["inputs"]["evaluation"]["sha256"] == hashlib.sha256(good.read_bytes()).hexdigest()
    assert [(c["criterion"], c["value"], c["verdict"]) for c in passed["criteria"]] == [
        ("gain", 1.0, "passed"),
        ("latency", 41.0, "passed"),
        ("leakage_check", True, "passed"),
        ("bias_checks", True, "passed"),
    ]
    assert missed["verdict"] == "missed"
    assert missed["criteria"][0] == {
        "criterion": "gain",
        "value": -1.0,
        "bound": 0.5,
        "verdict": "missed",
        "text": "auc gain -1 point is below the minimum 0.5 points",
    }
    assert unjudged["verdict"] == "cannot judge"
    assert "candidate: -1 is out of range" in unjudged["problems"][0]

    table = run_cli("log", str(log))
    assert table.code == 0, table.err
    header, *rows = table.out.splitlines()
    assert header.split() == ["time", "command", "run", "model", "verdict", "reviewer", "criteria"]
    assert len(rows) == 3
    assert "run-17" in rows[0] and " passed " in rows[0] and "Dana" in rows[0]
    assert rows[0].endswith(
        "gain 1 (passed); latency 41 (passed); leakage_check true (passed); "
        "bias_checks true (passed)"
    )
    assert " missed " in rows[1] and "gain -1 (missed)" in rows[1]
    assert "cannot judge" in rows[2]


def test_the_environment_names_the_log_and_a_drift_decision_is_in_it(
    spec: Path, tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "env-log.jsonl"
    monkeypatch.setenv("MLOPS_DECISION_LOG", str(log))
    sample = EXAMPLES / "sample-repo" / "data"
    result = run_cli(
        "drift", "--reference", str(sample / "reference.csv"),
        "--current", str(sample / "current.csv"), "--spec", str(spec),
    )  # fmt: skip
    assert result.code == 0, result.err
    (entry,) = _decisions(log)
    assert entry["command"] == "drift" and entry["verdict"] == "no retrain"
    digest = hashlib.sha256((sample / "current.csv").read_bytes()).hexdigest()
    assert entry["inputs"]["current"]["data_sha256"] == digest
    assert [c["criterion"] for c in entry["criteria"]] == [
        "psi amount",
        "psi merchant_category",
        "missing amount",
        "missing merchant_category",
        "window rule",
    ]
    assert all(c["bound"] == 0.1 for c in entry["criteria"][:2])
    # Each key feature's missing share (a percentage) against the spec's bound.
    assert all(c["bound"] == 20.0 and c["verdict"] == "within" for c in entry["criteria"][2:4])
    assert set(entry["missing_values"]) == {"amount", "merchant_category"}
    table = run_cli("log")
    assert table.code == 0 and "psi amount" in table.out and "no retrain" in table.out


def test_a_line_that_is_not_a_decision_is_reported_and_skipped(tmp_path: Path, run_cli) -> None:
    log = tmp_path / "log.jsonl"
    log.write_text('{"command": "gate", "verdict": "passed"}\nnot json\n', encoding="utf-8")
    result = run_cli("log", str(log))
    assert result.code == 0
    assert result.err == f"mlops-wizard: warning: {log}:2: not a decision; skipped\n"
    assert len(result.out.splitlines()) == 2


def test_text_from_the_log_reaches_the_terminal_escaped(tmp_path: Path, run_cli) -> None:
    log = tmp_path / "log.jsonl"
    entry = {"command": "gate", "verdict": "passed", "reviewer": "\x1b[31mEve\x1b[0m"}
    log.write_text(json.dumps(entry) + "\n", encoding="utf-8")
    result = run_cli("log", str(log))
    assert result.code == 0 and "\x1b" not in result.out


def test_an_empty_or_missing_log_says_so(tmp_path: Path, run_cli) -> None:
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    assert run_cli("log", str(tmp_path / "empty.jsonl")).out == "no decisions logged yet\n"
    missing = run_cli("log", str(tmp_path / "missing.jsonl"))
    assert missing.code == 2 and "cannot open the decision log" in missing.err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_as_the_log_is_one_line_never_a_hang(spec: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "log.jsonl"
    os.mkfifo(fifo)
    good = _evaluation(tmp_path, "good.json", GOOD)
    for command in (
        ["gate", str(good), "--spec", str(spec), "--log", str(fifo)],
        ["log", str(fifo)],
    ):
        completed = subprocess.run(
            [sys.executable, "-m", "wizard", *command],
            capture_output=True, text=True, timeout=20, check=False,
        )  # fmt: skip
        assert completed.returncode == 2, completed.stderr
        assert completed.stderr.count("\n") == 1 and str(fifo) in completed.stderr
