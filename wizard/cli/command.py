"""One subcommand as the parser builds it: a line of help, an example, its handler, its options.

Each command module lists its commands beside the handlers they run; ``cli.parser`` turns the
lists into subparsers, so a command is declared in exactly one place.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from wizard.model.records import record

Handler = Callable[[argparse.Namespace], int]
Options = Callable[[argparse.ArgumentParser], None]


def no_options(parser: argparse.ArgumentParser) -> None:
    """For a command that takes none."""


def json_option(parser: argparse.ArgumentParser, prints: str = "JSON instead of a report") -> None:
    """``--json``, which every command that reports takes: it ``prints`` what CI reads."""
    parser.add_argument("--json", action="store_true", help=f"print {prints}")


@record
class Command:
    name: str
    summary: str
    """The one line ``--help`` shows for it, and its description."""
    example: str
    """A whole command line, shown under ``example:`` in its ``--help``."""
    run: Handler
    options: Options
    """Adds the command's arguments to its parser."""
