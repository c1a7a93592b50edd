"""The argument parser: every command, its options and an example."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from wizard.cli.audit import AUDIT_COMMANDS
from wizard.cli.check import CHECK_COMMANDS
from wizard.cli.command import Command
from wizard.cli.data import DATA_COMMANDS
from wizard.cli.documents import DOCUMENT_COMMANDS
from wizard.cli.output import PROG
from wizard.cli.run_time import RUN_TIME_COMMANDS
from wizard.cli.session import DEFAULT_ANSWERS, run_session_command


def _add_command(commands: Any, command: Command) -> None:
    parser: argparse.ArgumentParser = commands.add_parser(
        command.name,
        help=command.summary,
        description=command.summary,
        epilog=f"example:\n  {command.example}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(handler=command.run)
    command.options(parser)


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

    # Each command module lists its own commands, options beside the handler they feed.
    for command in (
        *DOCUMENT_COMMANDS,
        *DATA_COMMANDS,
        *RUN_TIME_COMMANDS,
        *CHECK_COMMANDS,
        *AUDIT_COMMANDS,
    ):
        _add_command(commands, command)
    return parser
