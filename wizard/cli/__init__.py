"""The ``mlops-wizard`` command line: the interactive session, and the headless commands
``export``, ``new``, ``validate``, ``scan``, ``schema`` and ``calibrate``.

Exit codes: 0 done, 2 bad input (usage, answers file, data file, value out of range), 3
refused to overwrite a file the user edited or a merge with conflicts, 4 the policy says no
(``gate``, ``drift``), 1 anything else. Errors go to standard error, one line per
problem, never a traceback (unless MLOPS_WIZARD_DEBUG=1).

Only the standard library is imported at the top: each command imports what it needs, so the
headless commands never load Textual or GitPython and start quickly.
"""

from __future__ import annotations

import os
import sys

from wizard.cli.output import (
    DEBUG_ENV,
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    BadInput,
    error,
    say,
)
from wizard.cli.parser import build_parser
from wizard.model.text import typed_error_line

__all__ = ["build_parser", "main"]


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
    except BadInput as problem:
        error(str(problem))
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        error("interrupted")
        return EXIT_FAILED
    except Exception as problem:
        # wizard.io.errors pulls in pydantic (~90 ms), which `scan` never needs; whatever raised
        # an AnswersError has imported the module already, so look it up instead of importing.
        errors_module = sys.modules.get("wizard.io.errors")
        if errors_module is not None and isinstance(problem, errors_module.AnswersError):
            say(str(problem), sys.stderr)
            return EXIT_BAD_INPUT
        data_errors = sys.modules.get("wizard.data.errors")
        if data_errors is not None and isinstance(problem, data_errors.DataError):
            error(str(problem))
            return EXIT_BAD_INPUT
        if os.environ.get(DEBUG_ENV) == "1":
            import traceback

            traceback.print_exc()
        error(typed_error_line(problem))
        return EXIT_FAILED
