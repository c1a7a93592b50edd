"""The argument parser: every command, its options and an example."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from wizard.cli.data import add_calibrate, add_gate_and_drift
from wizard.cli.documents import (
    DOCUMENT_KINDS,
    run_export,
    run_new,
    run_scan,
    run_schema,
    run_validate,
)
from wizard.cli.output import PROG
from wizard.cli.session import DEFAULT_ANSWERS, run_session_command


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
    parser.set_defaults(handler=run_session_command)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    export = _subcommand(
        commands,
        "export",
        "write the design documents from an answers file, without the interactive session",
        f"{PROG} export --answers answers.yaml --out docs/mlops --only md,ci "
        "--set retraining.drift.psi_threshold=0.2",
        run_export,
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
        run_new,
    )
    new.add_argument("--out", metavar="FILE", help="where to write it (default: standard output)")
    new.add_argument("--force", action="store_true", help="overwrite FILE if it exists")

    validate = _subcommand(
        commands,
        "validate",
        "check an answers file and print the design's risk findings",
        f"{PROG} validate mlops-answers.yaml",
        run_validate,
    )
    validate.add_argument("file", metavar="FILE", help="the answers file; - reads stdin")

    scan = _subcommand(
        commands,
        "scan",
        "print what the repository already has and the suggested maturity level",
        f"{PROG} scan . --json",
        run_scan,
    )
    scan.add_argument("path", nargs="?", metavar="PATH", help="folder to scan (default: .)")
    scan.add_argument("--json", action="store_true", help="print JSON instead of a report")

    _subcommand(
        commands,
        "schema",
        "print the JSON Schema of the answers file",
        f"{PROG} schema > mlops-answers.schema.json",
        run_schema,
    )
    add_calibrate(commands, _subcommand)
    add_gate_and_drift(commands, _subcommand)
    return parser
