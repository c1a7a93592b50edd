"""Reading a committed CI file and its ``make`` targets back, for ``check``: which jobs there are,
what each runs, and whether it waits for a person; which targets ``mlops.mk`` (or the
Makefile that includes it) defines, and which still only say "not written yet".

How a platform's file is read is its own (``Platform.read_jobs``, with ``wizard.model.ci_jobs``);
this module reads the file and hands the parsed document to it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any

from wizard.io.errors import AnswersError
from wizard.io.loader import read_mapping
from wizard.io.make_rules import make_rules
from wizard.io.policy_files import PolicyFileError, read_text
from wizard.model.ci_jobs import CiJob, JobReader
from wizard.model.records import record

#: The repository's files a parsed CI file includes (``Platform.includes``).
Includes = Callable[[Mapping[str, Any]], tuple[str, ...]]

#: What a stage target says until someone writes its command.
NOT_WRITTEN = "not written yet"


def _read_document(path: Path) -> dict:
    text = read_text(path)
    try:
        reading = read_mapping(text, str(path))
    except AnswersError as error:
        raise PolicyFileError(str(error.problems[0])) from None
    # Tags a platform defines (GitLab's !reference) are left out, not refused: what they
    # stand for is another file's.
    return reading.data


def read_ci_jobs(
    path: Path, read_jobs: JobReader, includes: Includes | None = None, root: Path | None = None
) -> tuple[CiJob, ...] | None:
    """The jobs of the CI file at ``path``, and of the repository's files it includes (as
    ``includes`` finds them, relative to ``root``), as its platform reads them; None when
    there is no file."""
    if not path.exists() and not path.is_symlink():
        return None
    document = _read_document(path)
    jobs = list(read_jobs(document))
    for relative in includes(document) if includes is not None and root is not None else ():
        parts = PurePosixPath(relative).parts
        included = root.joinpath(*parts)
        if parts and ".." not in parts and (included.exists() or included.is_symlink()):
            jobs += [
                replace(job, file=str(included)) for job in read_jobs(_read_document(included))
            ]
    return tuple(jobs)


@record
class MakeTarget:
    name: str
    file: str
    line: int
    written: bool
    """False while its recipe only says "not written yet"."""


def read_make_targets(path: Path) -> dict[str, MakeTarget] | None:
    """The targets a makefile defines (the first rule of each); None when there is none."""
    if not path.exists() and not path.is_symlink():
        return None
    targets: dict[str, MakeTarget] = {}
    for name, rule in make_rules(read_text(path)).items():
        written = not any(NOT_WRITTEN in step for step in rule.recipe)
        targets[name] = MakeTarget(name, str(path), rule.line, written)
    return targets
