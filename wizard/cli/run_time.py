"""The run-time commands: ``gate`` (the committed spec's promotion criteria applied to a
candidate's evaluation in CI) and what ``drift`` needs around its verdict (the spec, the
window's identity, the history by window).

``gate`` never passes what it cannot judge: a value missing, of the wrong kind, not finite or
out of its metric's range is exit 2, one line per value.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wizard.cli.audit import data_sha256, log_option
from wizard.cli.command import Command, json_option
from wizard.cli.output import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_POLICY_SAYS_NO,
    PROG,
    BadInput,
    error,
    say,
)
from wizard.model.wording import in_unit

if TYPE_CHECKING:
    from wizard.data.verdict import DriftVerdict
    from wizard.io.drift_history import History
    from wizard.model.design import PromotionCriteria
    from wizard.model.policy import DriftPolicy

DEFAULT_SPEC = "mlops-architecture.yaml"


def _review(criteria: PromotionCriteria, reviewed_by: str | None) -> tuple[str | None, str | None]:
    """(a miss, a review note) for a change above the human-review bound."""
    if reviewed_by is not None:
        return None, None
    above = (
        f"{criteria.primary_metric}: the change is above the human-review bound of "
        f"{in_unit(criteria.human_review_above_pct, criteria.gain_unit)}"
    )
    if criteria.promotes_automatically:
        # Nobody approves the promotion: the gate is the only place the run can wait.
        return (
            f"{above} and nobody approves the promotion: a person reviews it, then runs "
            "the pipeline again with REVIEWED_BY (gate --reviewed-by NAME)"
        ), None
    # The approval (or the hand deployment) that follows is where a person looks.
    return None, f"{above}: it is reviewed at the approval before promotion"


def run_gate(args: argparse.Namespace) -> int:
    """Apply the spec's promotion criteria to a candidate's evaluation: 0 pass, 4 not,
    2 when the evaluation cannot be judged. Every decision goes to the decision log."""
    from wizard.cli.audit import criterion_entry, decision, log_decision
    from wizard.engine.gate import (
        cannot_judge,
        judge,
        needs_review,
        unchecked_range,
        unit_problem,
    )
    from wizard.io.policy_files import PolicyFileError, load_evaluation, read_spec
    from wizard.model.policy import promotion_policy

    try:
        spec = read_spec(Path(args.spec))
    except PolicyFileError as problem:
        raise BadInput(str(problem)) from None
    criteria = promotion_policy(spec.spec)
    entry = decision("gate", args.spec, spec.sha256, reviewer=args.reviewed_by)
    entry |= {
        "metric": criteria.primary_metric,
        "approver": criteria.approver,
        "gain_unit": None if criteria.gain_unit is None else criteria.gain_unit.value,
    }
    unit = unit_problem(criteria)
    if unit is not None:
        # The spec cannot say how a gain is counted: no evaluation could pass it.
        line = f"{args.spec}: model_registry.promotion_criteria.{unit}"
        log_decision(args.log, entry | {"verdict": "cannot judge", "problems": [line]})
        raise BadInput(line)
    try:
        evaluation = load_evaluation(Path(args.evaluation))
    except PolicyFileError as problem:
        log_decision(args.log, entry | {"verdict": "cannot judge", "problems": [str(problem)]})
        raise BadInput(str(problem)) from None
    fields = evaluation.fields
    entry["inputs"] = {"evaluation": {"path": args.evaluation, "sha256": evaluation.sha256}}
    notes = [note for note in (unchecked_range(criteria),) if note is not None]
    problems = cannot_judge(criteria, fields)
    if problems:
        lines = [f"{args.evaluation}: {problem}" for problem in problems]
        log_decision(args.log, entry | {"verdict": "cannot judge", "problems": lines})
        for line in lines:
            error(line)
        return EXIT_BAD_INPUT
    results = judge(criteria, fields)
    misses = [result.text for result in results if not result.passed]
    review = None
    if not misses and needs_review(criteria, fields):
        miss, review = _review(criteria, args.reviewed_by)
        misses += [miss] if miss is not None else []
    entry |= {
        "verdict": "missed" if misses else "passed",
        "criteria": [criterion_entry(result) for result in results],
        "misses": misses,
        "review": review,
        "notes": notes,
    }
    log_decision(args.log, entry)
    if args.json:
        report = {
            "passed": not misses,
            "misses": misses,
            "review": review,
            "notes": notes,
            "evaluation": fields,
        }
        sys.stdout.write(json.dumps(report, indent=2, sort_keys=True) + "\n")
    for miss in misses:
        say(f"gate: missed: {miss}", sys.stderr)
    if misses:
        return EXIT_POLICY_SAYS_NO
    if not args.json:
        # The metric's criterion as judged: the floor of a first model, or the gain in the
        # unit the spec counts it in (``auc gain 0.6 points (minimum 0.5 points)``).
        metric_text = results[0].text
        if not criteria.first_model:
            metric_text += (
                f", candidate {fields['candidate']:g} against production {fields['production']:g}"
            )
        say(f"gate: passed: {metric_text}")
        if review is not None:
            say(f"gate: review: {review}")
        for note in notes:
            say(f"gate: note: {note}")
    return EXIT_OK


def _gate_options(gate: argparse.ArgumentParser) -> None:
    gate.add_argument("evaluation", metavar="EVALUATION.json", help="the evaluate stage's file")
    gate.add_argument("--spec", default=DEFAULT_SPEC, metavar="FILE", help="the committed spec")
    gate.add_argument(
        "--reviewed-by", metavar="NAME", help="a person reviewed a change above the bound"
    )
    log_option(gate)
    json_option(gate, "the verdict as JSON")


def _window_bound(text: str) -> str:
    """A window's start or end: an ISO date or date-time, kept as written."""
    try:
        datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text[:40]!r} is not a date (allowed: an ISO date or date-time, e.g. 2026-01-05)"
        ) from None
    return text


def window_options(drift: argparse.ArgumentParser) -> None:
    """``drift``'s options that name the window judged, for its line in the history."""
    drift.add_argument(
        "--window-start",
        type=_window_bound,
        metavar="DATE",
        help="the window's first day (with --window-end, what makes a re-run the same window)",
    )
    drift.add_argument(
        "--window-end", type=_window_bound, metavar="DATE", help="the window's last day"
    )
    log_option(drift)


@dataclass
class DriftWindow:
    """What ``drift`` judges one window with, and records it into."""

    policy: DriftPolicy
    spec_sha256: str
    window: dict[str, Any]
    """start, end (None where not given) and ``data_sha256`` of the data judged (None for a
    table, whose name is kept as ``table``)."""
    history: History | None
    past: list[Mapping[str, Any]]
    """The history's windows, oldest first, without this window's earlier line."""
    spec_path: str
    reference: str | None
    reference_table: str | None
    """``--reference-table``: the reference read as a table instead of a file."""
    log: str | None
    """``--log``: where the decision goes (None: the default)."""

    def record(self, verdict: DriftVerdict) -> None:
        """This window's line in the history, replacing its earlier one, and the decision in
        the decision log."""
        from wizard.cli.audit import drift_decision, log_decision, reference_input
        from wizard.io.drift_history import HistoryFileError, record_window

        if self.history is not None:
            entry = {**verdict.entry, "window": self.window, "spec_sha256": self.spec_sha256}
            rule = self.policy.window_rule
            try:
                record_window(self.history, entry, needed=rule.windows if rule else 1)
            except HistoryFileError as problem:
                raise BadInput(str(problem)) from None
        decision = drift_decision(
            self.spec_path,
            self.spec_sha256,
            reference_input(self.reference, self.reference_table),
            self.window,
            verdict,
        )
        log_decision(self.log, decision)


def open_drift_window(args: argparse.Namespace) -> DriftWindow:
    """The spec's drift policy, the window's identity and the history's past windows; a
    line of the history that is not a window is reported and skipped, never fatal."""
    from wizard.io.drift_history import HistoryFileError, read_history, window_key
    from wizard.io.policy_files import PolicyFileError, read_spec
    from wizard.model.policy import drift_policy

    try:
        spec = read_spec(Path(args.spec))
        history = read_history(Path(args.history)) if args.history else None
    except (PolicyFileError, HistoryFileError) as problem:
        raise BadInput(str(problem)) from None
    policy = drift_policy(spec.spec)
    if not policy.key_features:
        raise BadInput(
            f"{args.spec}: retraining_pipeline.drift.key_features: none named, so drift has "
            "nothing to measure (allowed: the features whose shift hurts the model, named in "
            "the answers' retraining.drift.key_features, then re-export the spec)"
        )
    # A table (engine spark) has no bytes to digest here: its name says what was judged, and
    # --window-start/--window-end what makes a re-run the same window.
    current_table = args.current_table
    window: dict[str, Any] = {
        "start": args.window_start,
        "end": args.window_end,
        "data_sha256": None if current_table is not None else data_sha256(args.current),
    }
    if current_table is not None:
        window["table"] = current_table
    past: list[Mapping[str, Any]] = []
    if history is not None:
        for problem in history.problems:
            say(f"{PROG}: warning: {problem}", sys.stderr)
        past = history.entries(without=window_key({"window": window}))
    return DriftWindow(
        policy=policy,
        spec_sha256=spec.sha256,
        window=window,
        history=history,
        past=past,
        spec_path=args.spec,
        reference=args.reference,
        reference_table=args.reference_table,
        log=args.log,
    )


RUN_TIME_COMMANDS: tuple[Command, ...] = (
    Command(
        "gate",
        "in CI: apply the spec's promotion criteria to a candidate's evaluation (exit 4: no; "
        "exit 2: a value it cannot judge)",
        f"{PROG} gate metrics/evaluation.json --spec mlops-architecture.yaml",
        run_gate,
        _gate_options,
    ),
)
