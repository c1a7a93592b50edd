"""Starting the interactive session: the only way into Textual."""

from __future__ import annotations

import argparse
import gc
from pathlib import Path

from wizard.cli.documents import repository_folder
from wizard.cli.output import BadInput

DEFAULT_ANSWERS = "mlops-answers.yaml"


def _enclosing_repository(folder: Path) -> Path | None:
    """The git work tree ``folder`` is in (looking for ``.git`` upwards, without git)."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def _refuse_special(answers_path: Path) -> None:
    """A FIFO, a device or a link to one as the answers file: one line and exit 2, before
    the session starts (reading it would block the first frame, or never end)."""
    from wizard.io.regular import SpecialFileError, refuse_special

    try:
        refuse_special(answers_path, "an answers file, new or existing")
    except SpecialFileError as problem:
        raise BadInput(str(problem)) from None


def run_session_command(args: argparse.Namespace) -> int:
    # Starting the session allocates a few hundred thousand long-lived objects (Textual,
    # pydantic, styles); collecting while they are made costs about 30 ms of the start.
    # The app freezes them and turns the collector back on after its first frame.
    here = Path.cwd()
    answers_path = Path(args.session_answers) if args.session_answers else here / DEFAULT_ANSWERS
    _refuse_special(answers_path)
    gc.disable()
    from screens.app import run_session  # the only way into Textual

    if args.no_scan:
        scan_root = None
    elif args.repo is not None:
        scan_root = repository_folder(args.repo)
    else:
        scan_root = _enclosing_repository(here)
    return run_session(answers_path, scan_root)
