"""The ``mlops-wizard`` command line: the interactive session, and the headless commands
``export``, ``new``, ``validate``, ``scan`` and ``schema``.

Exit codes: 0 done, 2 bad input (usage, answers file, value out of range), 3 refused to
overwrite a file the user edited, 1 anything else. Errors go to standard error, one line per
problem, never a traceback (unless MLOPS_WIZARD_DEBUG=1).

Only the standard library is imported at the top: each command imports what it needs, so the
headless commands never load Textual or GitPython and start quickly.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from wizard.model.answers import Answers
    from wizard.model.evidence import Evidence
    from wizard.model.files import DocumentKind

PROG = "mlops-wizard"
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_REFUSED = 3
DEBUG_ENV = "MLOPS_WIZARD_DEBUG"
DEFAULT_ANSWERS = "mlops-answers.yaml"
STDIN_NAME = "<stdin>"
DOCUMENT_KINDS: tuple[str, ...] = ("md", "yaml", "ci", "answers")


class BadInput(Exception):
    """A usage problem found after parsing (e.g. an unknown --only kind): exit 2."""


def _say(text: str, stream: TextIO | None = None) -> None:
    """Print one line (or several) for a person: every character a terminal would act on,
    from a file name, a key or a value the user or a repository wrote, is made visible."""
    from wizard.render.terminal import visible

    out = sys.stdout if stream is None else stream
    for line in text.split("\n"):
        print(visible(line), file=out)


def _error(message: str) -> None:
    _say(f"{PROG}: error: {message}", sys.stderr)


# --- reading answers ----------------------------------------------------------------------


def _read_answers_and_text(name: str) -> tuple[Answers, str]:
    """The answers and the text they were read from (the exported copy keeps its comments)."""
    from wizard.io.loader import MAX_BYTES, parse_answers, read_source

    raw = sys.stdin.buffer.read(MAX_BYTES + 1) if name == "-" else read_source(Path(name))
    answers = parse_answers(raw, STDIN_NAME if name == "-" else name)
    return answers, raw.decode("utf-8-sig")


def _read_answers(name: str) -> Answers:
    return _read_answers_and_text(name)[0]


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


# --- commands -----------------------------------------------------------------------------


def _run_export(args: argparse.Namespace) -> int:
    from wizard.io.export import RefusedOverwrite, write_export
    from wizard.pipeline import render_export

    kinds = _document_kinds(args.only)
    if not args.out.strip():
        raise BadInput("--out: the folder is empty text (allowed: a folder, new or existing)")
    out_dir = Path(args.out)
    if out_dir.exists() and not out_dir.is_dir():
        raise BadInput(f"--out: {args.out} is a file (allowed: a folder, new or existing)")
    answers, original = _read_answers_and_text(args.answers)
    answers = _apply_overrides(answers, args.set)
    files = render_export(answers, _evidence_of(args.repo), only=kinds, answers_text=original)
    try:
        result = write_export(files, out_dir, force=args.force)
    except OSError as error:
        raise BadInput(f"--out: {args.out}: cannot write there: {_os_reason(error)}") from None
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
            _say(f"{PROG}: refused: {reason}", sys.stderr)
        return EXIT_REFUSED
    verbs = {"create": "created", "update": "updated", "edited": "overwrote", "merged": "merged"}
    for item in result.files:
        _say(f"{verbs.get(item.action, item.action)} {os.path.join(args.out, item.path)}")
    return EXIT_OK


def _run_new(args: argparse.Namespace) -> int:
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
        _say(f"{PROG}: refused: {args.out} exists (use --force to overwrite)", sys.stderr)
        return EXIT_REFUSED
    from wizard.io.yamlio import atomic_write

    try:
        atomic_write(target, text)
    except OSError as error:
        raise BadInput(f"--out: {args.out}: cannot write there: {_os_reason(error)}") from None
    _say(f"created {args.out}")
    return EXIT_OK


def _run_validate(args: argparse.Namespace) -> int:
    from wizard.engine import build_design

    answers = _read_answers(args.file)
    design = build_design(answers)
    for risk in design.risks:
        _say(f"{risk.severity.upper()} {risk.id}: {risk.message}")
    name = STDIN_NAME if args.file == "-" else args.file
    count = len(design.risks)
    _say(f"{name}: valid; {count} risk finding{'' if count == 1 else 's'}")
    return EXIT_OK


def _run_scan(args: argparse.Namespace) -> int:
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


def _run_schema(args: argparse.Namespace) -> int:
    import json

    from wizard.model.schema import answers_json_schema

    sys.stdout.write(json.dumps(answers_json_schema(), indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK


def _repository_folder(path: str) -> Path:
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

    return scan_repository(_repository_folder(repo))


def _enclosing_repository(folder: Path) -> Path | None:
    """The git work tree ``folder`` is in (looking for ``.git`` upwards, without git)."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def _run_session(args: argparse.Namespace) -> int:
    # Starting the session allocates a few hundred thousand long-lived objects (Textual,
    # pydantic, styles); collecting while they are made costs about 30 ms of the start.
    # The app freezes them and turns the collector back on after its first frame.
    gc.disable()
    from screens.app import run_session  # the only way into Textual

    here = Path.cwd()
    answers_path = Path(args.session_answers) if args.session_answers else here / DEFAULT_ANSWERS
    if args.no_scan:
        scan_root = None
    elif args.repo is not None:
        scan_root = _repository_folder(args.repo)
    else:
        scan_root = _enclosing_repository(here)
    return run_session(answers_path, scan_root)


# --- parser -------------------------------------------------------------------------------


def _subcommand(
    commands: Any, name: str, summary: str, example: str, handler: Callable[..., int]
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=summary,
        description=summary,
        epilog=f"example:\n  {example}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(handler=handler)
    return parser


class _VersionAction(argparse.Action):
    """``--version`` that reads the installed version only when asked (it costs ~20 ms)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        from wizard import __version__

        sys.stdout.write(f"{PROG} {__version__}\n")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Design an MLOps pipeline: with no command, an interactive session in the "
        f"current folder that autosaves to {DEFAULT_ANSWERS}.",
        epilog="examples:\n"
        f"  {PROG}                       # interactive session here\n"
        f"  {PROG} new --out answers.yaml\n"
        f"  {PROG} export --answers answers.yaml --out docs/mlops\n\n"
        "exit codes: 0 done, 2 bad input, 3 refused to overwrite an edited file, 1 other",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument(
        "--answers",
        dest="session_answers",
        metavar="FILE",
        help=f"resume the session from FILE (default: ./{DEFAULT_ANSWERS})",
    )
    scan_choice = parser.add_mutually_exclusive_group()
    scan_choice.add_argument(
        "--repo",
        metavar="PATH",
        help="scan PATH for evidence (default: the git repository around the current folder)",
    )
    scan_choice.add_argument("--no-scan", action="store_true", help="do not read any repository")
    parser.set_defaults(handler=_run_session)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    export = _subcommand(
        commands,
        "export",
        "write the design documents from an answers file, without the interactive session",
        f"{PROG} export --answers answers.yaml --out docs/mlops --only md,ci "
        "--set retraining.drift.psi_threshold=0.2",
        _run_export,
    )
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

    new = _subcommand(
        commands,
        "new",
        "write a complete, commented answers file of the defaults",
        f"{PROG} new --out mlops-answers.yaml",
        _run_new,
    )
    new.add_argument("--out", metavar="FILE", help="where to write it (default: standard output)")
    new.add_argument("--force", action="store_true", help="overwrite FILE if it exists")

    validate = _subcommand(
        commands,
        "validate",
        "check an answers file and print the design's risk findings",
        f"{PROG} validate mlops-answers.yaml",
        _run_validate,
    )
    validate.add_argument("file", metavar="FILE", help="the answers file; - reads stdin")

    scan = _subcommand(
        commands,
        "scan",
        "print what the repository already has and the suggested maturity level",
        f"{PROG} scan . --json",
        _run_scan,
    )
    scan.add_argument("path", nargs="?", metavar="PATH", help="folder to scan (default: .)")
    scan.add_argument("--json", action="store_true", help="print JSON instead of a report")

    _subcommand(
        commands,
        "schema",
        "print the JSON Schema of the answers file",
        f"{PROG} schema > mlops-answers.schema.json",
        _run_schema,
    )
    return parser


def _os_reason(error: OSError) -> str:
    """``Not a directory`` rather than ``[Errno 20] Not a directory: 'a/b'``."""
    return (error.strerror or str(error)).lower()


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    # No pydantic plugin has any business with these models, and looking for plugins reads
    # the metadata of every installed package (about 10 ms of each command).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version and usage errors (argparse exits 2)
        return exit_.code if isinstance(exit_.code, int) else EXIT_BAD_INPUT
    try:
        return int(args.handler(args))
    except BadInput as error:
        _error(str(error))
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        _error("interrupted")
        return EXIT_FAILED
    except Exception as error:
        # wizard.io.errors pulls in pydantic (~90 ms), which `scan` never needs; whatever raised
        # an AnswersError has imported the module already, so look it up instead of importing.
        errors_module = sys.modules.get("wizard.io.errors")
        if errors_module is not None and isinstance(error, errors_module.AnswersError):
            _say(str(error), sys.stderr)
            return EXIT_BAD_INPUT
        if os.environ.get(DEBUG_ENV) == "1":
            import traceback

            traceback.print_exc()
        _error(_one_line(error))
        return EXIT_FAILED
