"""The run-time command ``gate``: the committed spec's promotion criteria applied to a
candidate's evaluation in CI. It never passes what it cannot judge: a value missing, of the
wrong kind, not finite or out of its metric's range is exit 2, one line per value."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

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
from wizard.model.wording import points

DEFAULT_SPEC = "mlops-architecture.yaml"


def run_gate(args: argparse.Namespace) -> int:
    """Apply the spec's promotion criteria to a candidate's evaluation: 0 pass, 4 not,
    2 when the evaluation cannot be judged."""
    from wizard.engine.gate import cannot_judge, judge, needs_review, unchecked_range
    from wizard.io.policy_files import PolicyFileError, load_evaluation, load_spec
    from wizard.model.policy import promotion_policy

    try:
        criteria = promotion_policy(load_spec(Path(args.spec)))
        fields = load_evaluation(Path(args.evaluation))
    except PolicyFileError as problem:
        raise BadInput(str(problem)) from None
    notes = [note for note in (unchecked_range(criteria),) if note is not None]
    problems = cannot_judge(criteria, fields)
    if problems:
        for problem in problems:
            error(f"{args.evaluation}: {problem}")
        return EXIT_BAD_INPUT
    misses = [result.text for result in judge(criteria, fields) if not result.passed]
    review = None
    if not misses and needs_review(criteria, fields) and args.reviewed_by is None:
        above = (
            f"{criteria.primary_metric}: the change is above the human-review bound of "
            f"{points(criteria.human_review_above_pct)}"
        )
        if criteria.promotes_automatically:
            # Nobody approves the promotion: the gate is the only place the run can wait.
            misses.append(
                f"{above} and nobody approves the promotion: a person reviews it, then runs "
                "the pipeline again with REVIEWED_BY (gate --reviewed-by NAME)"
            )
        else:
            # The approval (or the hand deployment) that follows is where a person looks.
            review = f"{above}: it is reviewed at the approval before promotion"
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
        baseline = "first model" if "production" not in fields else "against production"
        say(f"gate: passed: {criteria.primary_metric} {fields['candidate']:g} ({baseline})")
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
    json_option(gate, "the verdict as JSON")


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
