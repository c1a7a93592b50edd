"""The document commands: ``export``, ``new``, ``validate``, ``scan`` and ``schema``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from wizard.cli.command import Command, json_option, no_options
from wizard.cli.output import (
    EXIT_OK,
    EXIT_REFUSED,
    PROG,
    STDIN_NAME,
    BadInput,
    os_reason,
    say,
)

if TYPE_CHECKING:
    from wizard.model.answers import Answers
    from wizard.model.evidence import Evidence
    from wizard.model.files import DocumentKind

DOCUMENT_KINDS: tuple[str, ...] = ("md", "yaml", "ci", "answers", "impl", "adr")


def read_answers_and_text(name: str) -> tuple[Answers, str]:
    """The answers and the text they were read from (the exported copy keeps its comments)."""
    from wizard.io.loader import MAX_BYTES, parse_answers, read_source

    raw = sys.stdin.buffer.read(MAX_BYTES + 1) if name == "-" else read_source(Path(name))
    answers = parse_answers(raw, STDIN_NAME if name == "-" else name)
    return answers, raw.decode("utf-8-sig")


def read_answers(name: str) -> Answers:
    return read_answers_and_text(name)[0]


def _apply_overrides(answers: Answers, assignments: Sequence[str]) -> Answers:
    """Apply every ``--set`` in order; report all refused ones together."""
    from wizard.io.edit import parse_assignment, set_value
    from wizard.io.errors import AnswersError, Problem

    problems: list[Problem] = []
    for assignment in assignments:
        try:
            key, value = parse_assignment(assignment)
            answers = set_value(answers, key, value)
        except AnswersError as error:
            problems.extend(error.problems)
    if problems:
        raise AnswersError(problems)
    return answers


def _document_kinds(text: str | None) -> tuple[DocumentKind, ...]:
    if text is None:
        return DOCUMENT_KINDS  # type: ignore[return-value]
    kinds = [kind.strip() for kind in text.split(",") if kind.strip()]
    unknown = [kind for kind in kinds if kind not in DOCUMENT_KINDS]
    if unknown or not kinds:
        given = ", ".join(repr(kind) for kind in unknown) or "nothing"
        raise BadInput(f"--only: {given} (allowed: {','.join(DOCUMENT_KINDS)}, comma-separated)")
    return tuple(kind for kind in DOCUMENT_KINDS if kind in kinds)  # type: ignore[misc]


def run_export(args: argparse.Namespace) -> int:
    from wizard.io.export import RefusedOverwrite, write_export
    from wizard.io.regular import SpecialFileError
    from wizard.pipeline import render_export

    kinds = _document_kinds(args.only)
    if not args.out.strip():
        raise BadInput("--out: the folder is empty text (allowed: a folder, new or existing)")
    out_dir = Path(args.out)
    if out_dir.exists() and not out_dir.is_dir():
        raise BadInput(f"--out: {args.out} is a file (allowed: a folder, new or existing)")
    answers, original = read_answers_and_text(args.answers)
    answers = _apply_overrides(answers, args.set)
    files = render_export(answers, _evidence_of(args.repo), only=kinds, answers_text=original)
    try:
        result = write_export(files, out_dir, force=args.force)
    except SpecialFileError as problem:
        raise BadInput(str(problem)) from None
    except OSError as error:
        raise BadInput(f"--out: {args.out}: cannot write there: {os_reason(error)}") from None
    except RefusedOverwrite as refused:
        for path in refused.paths:
            shown = os.path.join(args.out, path)
            if path in refused.conflicts:
                merge = os.path.join(args.out, refused.conflicts[path])
                reason = (
                    f"{shown} has your edits and the new design in conflict; the merge with "
                    f"conflict markers is in {merge} (resolve it there, or use --force)"
                )
            else:
                reason = f"{shown} exists and was not written by an export (use --force)"
            say(f"{PROG}: refused: {reason}", sys.stderr)
        return EXIT_REFUSED
    verbs = {"create": "created", "update": "updated", "edited": "overwrote", "merged": "merged"}
    for item in result.files:
        say(f"{verbs.get(item.action, item.action)} {os.path.join(args.out, item.path)}")
    for missing in result.missing:
        kept = os.path.join(args.out, missing.path)
        new = os.path.join(args.out, missing.written_to)
        for target in missing.targets:
            say(f"{kept}: no target {target}, which the CI file calls; it is in {new}")
    for path, lines in result.by_hand:
        # The pipeline was written beside the repository's own CI file, which the export
        # could not (fully) edit: the lines to add, ready to paste.
        say(f"to do by hand: {os.path.join(args.out, path)}: {lines}")
    return EXIT_OK


def run_new(args: argparse.Namespace) -> int:
    from wizard.io.saving import new_answers_text

    text = new_answers_text()
    if args.out is None or args.out == "-":
        sys.stdout.write(text)
        return EXIT_OK
    if not args.out.strip():
        raise BadInput("--out: the file name is empty text (allowed: a file to write, or -)")
    target = Path(args.out)
    if target.is_dir():
        raise BadInput(f"--out: {args.out} is a folder (allowed: a file to write, or -)")
    if target.exists() and not args.force:
        say(f"{PROG}: refused: {args.out} exists (use --force to overwrite)", sys.stderr)
        return EXIT_REFUSED
    from wizard.io.yamlio import atomic_write

    try:
        atomic_write(target, text)
    except OSError as error:
        raise BadInput(f"--out: {args.out}: cannot write there: {os_reason(error)}") from None
    say(f"created {args.out}")
    return EXIT_OK


def run_validate(args: argparse.Namespace) -> int:
    from wizard.engine import build_design

    answers = read_answers(args.file)
    design = build_design(answers)
    for risk in design.risks:
        say(f"{risk.severity.upper()} {risk.id}: {risk.message}")
    name = STDIN_NAME if args.file == "-" else args.file
    count = len(design.risks)
    say(f"{name}: valid; {count} risk finding{'' if count == 1 else 's'}")
    return EXIT_OK


def run_scan(args: argparse.Namespace) -> int:
    """Scan PATH (default: the current directory) and print the report or the JSON object."""
    shown = args.path if args.path is not None else "."
    root = Path(shown)
    if not root.exists():
        raise BadInput(f"scan: {shown}: no such directory (allowed: a directory to scan)")
    if not root.is_dir():
        raise BadInput(f"scan: {shown}: not a directory (allowed: a directory to scan)")
    from wizard.engine.suggest import suggest
    from wizard.render.scan_report import scan_json, scan_text
    from wizard.scan import scan_repository

    evidence = scan_repository(root, workers=2 if (os.cpu_count() or 1) > 1 else 1)
    suggestions = suggest(evidence)
    report = (
        scan_json(evidence, suggestions) if args.json else scan_text(evidence, suggestions, shown)
    )
    sys.stdout.write(report)
    return EXIT_OK


def run_schema(args: argparse.Namespace) -> int:
    import json

    from wizard.model.schema import answers_json_schema

    sys.stdout.write(json.dumps(answers_json_schema(), indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK


def _export_options(export: argparse.ArgumentParser) -> None:
    export.add_argument(
        "--answers", required=True, metavar="FILE", help="the answers file; - reads stdin"
    )
    export.add_argument("--out", required=True, metavar="DIR", help="the output folder")
    export.add_argument(
        "--repo",
        metavar="PATH",
        help="ground the design in a scan of PATH, as the interactive session does",
    )
    export.add_argument(
        "--only",
        metavar="KINDS",
        help=f"comma-separated documents to write (default: all of {','.join(DOCUMENT_KINDS)})",
    )
    export.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override one answer (repeatable); VALUE is YAML, e.g. [10, 50, 100] or null",
    )
    export.add_argument(
        "--force", action="store_true", help="overwrite files edited since the last export"
    )


def _new_options(new: argparse.ArgumentParser) -> None:
    new.add_argument("--out", metavar="FILE", help="where to write it (default: standard output)")
    new.add_argument("--force", action="store_true", help="overwrite FILE if it exists")


def _validate_options(validate: argparse.ArgumentParser) -> None:
    validate.add_argument("file", metavar="FILE", help="the answers file; - reads stdin")


def _scan_options(scan: argparse.ArgumentParser) -> None:
    scan.add_argument("path", nargs="?", metavar="PATH", help="folder to scan (default: .)")
    json_option(scan)


DOCUMENT_COMMANDS: tuple[Command, ...] = (
    Command(
        "export",
        "write the design documents from an answers file, without the interactive session",
        f"{PROG} export --answers answers.yaml --out docs/mlops --only md,ci "
        "--set retraining.drift.psi_threshold=0.2",
        run_export,
        _export_options,
    ),
    Command(
        "new",
        "write a complete, commented answers file of the defaults",
        f"{PROG} new --out mlops-answers.yaml",
        run_new,
        _new_options,
    ),
    Command(
        "validate",
        "check an answers file and print the design's risk findings",
        f"{PROG} validate mlops-answers.yaml",
        run_validate,
        _validate_options,
    ),
    Command(
        "scan",
        "print what the repository already has and the suggested maturity level",
        f"{PROG} scan . --json",
        run_scan,
        _scan_options,
    ),
    Command(
        "schema",
        "print the JSON Schema of the answers file",
        f"{PROG} schema > mlops-answers.schema.json",
        run_schema,
        no_options,
    ),
)


def repository_folder(path: str) -> Path:
    folder = Path(path)
    if not folder.is_dir():
        raise BadInput(f"--repo: {path}: no such folder (allowed: a repository or folder to scan)")
    return folder


def _evidence_of(repo: str | None) -> Evidence:
    """The scan of ``--repo``, or no evidence: export reads a repository only when asked."""
    from wizard.model.evidence import NO_EVIDENCE

    if repo is None:
        return NO_EVIDENCE
    from wizard.scan import scan_repository

    return scan_repository(repository_folder(repo))
