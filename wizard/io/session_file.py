"""The session's answers file: loading it (or the valid part of it), and naming it on screen.

No Textual here; the app calls these and shows the result.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from wizard.io.errors import AnswersError, Problem
from wizard.io.loader import MAX_BYTES, load_answers, read_source
from wizard.io.regular import refuse_special
from wizard.io.salvage import salvage_answers
from wizard.model.answers import Answers, empty_answers
from wizard.model.records import record

BROKEN_SUFFIX = ".broken"


def display_path(path: Path) -> str:
    """``path`` as the user knows it: relative to the working folder when inside it (so no
    absolute path reaches the screen), otherwise as given."""
    try:
        relative = Path(os.path.abspath(path)).relative_to(Path.cwd())
    except ValueError:
        return str(path)
    return relative.as_posix() if relative.parts else "."


@record
class LoadedSession:
    answers: Answers
    """The answers to start from: the file's, its valid part, or empty."""
    problems: tuple[Problem, ...] = ()
    """Why the file did not load as a whole; empty when it did (or did not exist)."""


def load_session(path: Path) -> LoadedSession:
    """The answers in ``path``; empty answers when it does not exist yet."""
    if not path.exists():
        return LoadedSession(empty_answers())
    source = Path(display_path(path))
    try:
        return LoadedSession(load_answers(source))
    except AnswersError as error:
        problems = error.problems
    try:
        raw = read_source(source)
    except AnswersError:
        return LoadedSession(empty_answers(), problems)
    if len(raw) > MAX_BYTES:
        return LoadedSession(empty_answers(), problems)
    answers, salvage_problems = salvage_answers(raw, str(source))
    return LoadedSession(answers, salvage_problems or problems)


def keep_broken_copy(path: Path) -> Path:
    """Copy the file that failed to load beside it, before the session overwrites it.

    Never over an earlier copy: the first is ``FILE.broken``, then ``FILE.broken.1``, ``.2``,
    and so on; the copy is made with O_EXCL, so two sessions can't pick the same name. Only a
    regular file is copied: a FIFO would block the copy forever."""
    refuse_special(path, "an answers file")
    for number in range(10_000):
        suffix = BROKEN_SUFFIX if number == 0 else f"{BROKEN_SUFFIX}.{number}"
        copy = path.with_name(path.name + suffix)
        try:
            with path.open("rb") as source, copy.open("xb") as target:
                shutil.copyfileobj(source, target)
        except FileExistsError:
            continue
        return copy
    raise FileExistsError(f"{path.name}{BROKEN_SUFFIX}.*: too many broken copies already")
