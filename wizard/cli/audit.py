"""The decision log, from the command line: what ``gate`` and ``drift`` append (one JSON line
per decision: when, which run and model version, on which spec and inputs, each criterion with
its value and verdict, who reviewed it) and ``mlops-wizard log``, which prints it as a table."""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from wizard.cli.command import Command
from wizard.cli.output import EXIT_OK, PROG, BadInput, say

if TYPE_CHECKING:
    from wizard.data.verdict import DriftVerdict
    from wizard.engine.gate import CriterionResult

#: Where the run's id comes from: the pipeline's own RUN_ID (handed from job to job), else
#: the CI platform's run of the pipeline (GitHub Actions, GitLab CI, Azure Pipelines).
CI_RUN_VARIABLES = ("GITHUB_RUN_ID", "CI_PIPELINE_ID", "BUILD_BUILDID")


def log_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--log",
        metavar="FILE",
        help="the decision log this decision is appended to (default: $MLOPS_DECISION_LOG, "
        "else mlops-decisions.jsonl)",
    )


def _ci_run() -> str | None:
    for name in CI_RUN_VARIABLES:
        if os.environ.get(name):
            return f"{name}={os.environ[name]}"
    return None


def decision(command: str, spec_path: str, spec_sha256: str, reviewer: str | None) -> dict:
    """The fields every decision carries."""
    return {
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": command,
        "run_id": os.environ.get("RUN_ID") or None,
        "ci_run": _ci_run(),
        "model_version": os.environ.get("MODEL_VERSION") or None,
        "spec": {"path": spec_path, "sha256": spec_sha256},
        "reviewer": reviewer,
    }


def criterion_entry(result: CriterionResult) -> dict[str, Any]:
    return {
        "criterion": result.criterion,
        "value": result.value,
        "bound": result.bound,
        "verdict": "passed" if result.passed else "missed",
        "text": result.text,
    }


def reference_input(path: str | None, table: str | None) -> dict[str, Any]:
    """The reference as the decision log names it: a file with its digest, or a table."""
    if path is None:
        return {"table": table}
    return {"path": path, "sha256": data_sha256(path, "reference")}


def drift_decision(
    spec_path: str,
    spec_sha256: str,
    reference: dict[str, Any],
    window: dict[str, Any],
    verdict: DriftVerdict,
) -> dict[str, Any]:
    """The decision ``drift`` took on one ``window`` (its identity, as the history records
    it): PSI per key feature against the threshold, each key feature's missing share against
    the spec's bound, then the window rule. A window with a key feature missing past the
    bound is logged as "cannot judge", whatever its PSI."""
    report = verdict.report
    rule = report.get("window_rule")
    criteria: list[dict[str, Any]] = [
        {
            "criterion": f"psi {feature}",
            "value": psi,
            "bound": report["threshold"],
            "verdict": "breach" if feature in report["drifted"] else "within",
        }
        for feature, psi in report["psi"].items()
    ]
    criteria += [
        {
            "criterion": f"missing {feature}",
            # A percentage, as the bound is (None: a window without rows).
            "value": None if missing["share"] is None else missing["share"] * 100,
            "bound": report["max_missing_pct"],
            "verdict": "cannot judge" if feature in report["cannot_judge"] else "within",
        }
        for feature, missing in report["missing_values"].items()
    ]
    criteria.append(
        {
            "criterion": "window rule",
            "value": report["breaches"],
            "bound": rule["breaches"] if rule else 1,
            "verdict": "retrain" if report["retrain"] else "wait",
            "text": f"{report['breaches']} of the last {report['windows_considered']} windows "
            "breached",
        }
    )
    entry = decision("drift", spec_path, spec_sha256, reviewer=None)
    if verdict.cannot_judge:
        outcome = "cannot judge"
    else:
        outcome = "retrain" if verdict.retrain else "no retrain"
    return entry | {
        "inputs": {"reference": reference, "current": window},
        "verdict": outcome,
        "criteria": criteria,
        # NULL, NaN and infinite values per key feature, as drift --json reports them.
        "missing_values": report["missing_values"],
        "summary": verdict.summary,
    }


def data_sha256(argument: str, role: str = "current") -> str:
    """SHA-256 of the data at ``argument``: the file's content for one file; for a glob, of
    each file's name and content digest, in name order."""
    from wizard.data.sources import resolve, sha256_of

    files = resolve(argument, role).files
    if len(files) == 1:
        return sha256_of(files[0])
    listing = "".join(f"{name}\0{sha256_of(name)}\n" for name in files)
    return hashlib.sha256(listing.encode("utf-8", errors="surrogateescape")).hexdigest()


def log_decision(given: str | None, entry: dict[str, Any]) -> None:
    """Append ``entry`` to the decision log; a log that cannot be written stops the command
    (exit 2): a decision nobody can audit is not taken."""
    from wizard.io.decision_log import DecisionLogError, append_decision, log_path

    try:
        append_decision(log_path(given), entry)
    except DecisionLogError as problem:
        raise BadInput(str(problem)) from None


def run_log(args: argparse.Namespace) -> int:
    """Print the decision log as a table; a line that is not a decision is reported."""
    from wizard.io.decision_log import DecisionLogError, log_path, read_decisions
    from wizard.render.decision_log import decision_table

    path = log_path(args.file)
    decisions = []
    try:
        for line in read_decisions(path):
            if line.decision is None:
                say(f"{PROG}: warning: {path}:{line.number}: not a decision; skipped", sys.stderr)
            else:
                decisions.append(line.decision)
    except DecisionLogError as problem:
        raise BadInput(str(problem)) from None
    say(decision_table(decisions))
    return EXIT_OK


def _log_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="the decision log (default: $MLOPS_DECISION_LOG, else mlops-decisions.jsonl)",
    )


AUDIT_COMMANDS: tuple[Command, ...] = (
    Command(
        "log",
        "print the decision log gate and drift append to, as a table",
        f"{PROG} log mlops-decisions.jsonl",
        run_log,
        _log_options,
    ),
)
