"""A committed CI file read back, job by job, for ``mlops-wizard check``: what each job runs
and whether it waits for a person. Each platform reads its own syntax (``Platform.read_jobs``
in its module under ``wizard/render/ci/``); ``wizard.io.ci_jobs`` reads the file."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from wizard.model.records import record


@record
class CiJob:
    name: str
    commands: tuple[str, ...]
    """Every shell command or script it runs, as written."""
    waits_for_approval: bool
    """A person must approve before it runs (the platform's own mechanism)."""
    file: str | None = None
    """The file it is written in where the CI file includes it from another (a pipeline
    written beside the repository's own CI); None: the CI file itself."""


def script_lines(value: Any) -> Iterator[str]:
    """Strings of a script: a string, or a (nested) list of strings."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from script_lines(item)


#: A platform's reading of its CI file's parsed document: each job, what it runs, whether it
#: waits for a person (each platform module's ``Platform.read_jobs``).
JobReader = Callable[[Mapping[str, Any]], list[CiJob]]
