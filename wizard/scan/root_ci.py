"""The CI of the whole repository, when the scan reads a sub-project of it.

A CI platform reads its pipeline at the top of the repository (``.github/workflows/``,
``.gitlab-ci.yml``, ``azure-pipelines.yml``), so ``scan sub/project`` lists none of it, though
it is what tests, trains and deploys the project. These files are read as evidence with
their path from the top. Their commands name the project's files from the top
(``pytest sub/project/tests/data``): each is taken as run from the project's folder, its
prefix taken off, so a stage command built from it runs where ``mlops.mk`` is; a path that
already lies in the project (a step with ``working-directory: sub/project``) stays as it is.
A step that names a folder of the repository outside the project and none inside (a
monorepo's other services) says nothing about this one and is left out.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable

from wizard.scan.batch import Batch, Record, scan_files
from wizard.scan.gitrepo import GitRepository
from wizard.scan.kinds import classify

#: Where the platforms read a repository's pipeline from its top.
PATHSPECS = (
    ".github/workflows",
    ".gitlab-ci.yml",
    ".gitlab-ci.yaml",
    "azure-pipelines.yml",
    "azure-pipelines.yaml",
)
#: The categories whose value is a command line (or test paths) that names files.
_COMMANDS = frozenset({"commands", "ci_tests", "ci_training", "ci_deploy"})
_PATH_WORD = re.compile(r"(?<![\w./-])(?:\./)?(?P<path>[\w.-]+(?:/[\w.-]+)+)/?")


def _from_project(value: str, prefix: str, exists: Callable[[str], bool]) -> str | None:
    """``value`` with the project's folder taken off the paths it names; None when it names
    a path of the repository (``exists``, from the top) outside the project and none inside.
    A path that is in neither place (an output it writes) decides nothing."""
    inside = outside = False

    def strip(match: re.Match[str]) -> str:
        nonlocal inside, outside
        path = match["path"]
        if path == prefix or path.startswith(prefix + "/"):
            inside = True
            rest = path[len(prefix) :].lstrip("/")
            return rest or "."
        if ".." in path.split("/"):
            return match.group()
        if exists(f"{prefix}/{path}"):
            inside = True
        elif exists(path):
            outside = True
        return match.group()

    stripped = _PATH_WORD.sub(strip, value)
    if outside and not inside:
        return None
    return stripped


def root_ci_records(repository: GitRepository, deadline: float) -> Batch:
    """The findings of the CI files at the top of the repository the scanned sub-folder lies
    in, with their paths from the top; an empty batch when the scan is at the top."""
    prefix = repository.prefix
    if not prefix:
        return Batch()
    candidates = []
    for path in repository.top_files(PATHSPECS):
        kind = classify(path)
        if kind is not None and kind.kind == "ci":
            candidates.append((path, kind))
    if not candidates:
        return Batch()
    top = repository.work_tree
    batch = scan_files(top, candidates, check_parents=True, deadline=deadline)

    def exists(path: str) -> bool:
        return os.path.lexists(os.path.join(top, path))

    records: list[Record] = []
    dropped: set[tuple[str, int | None]] = set()
    for record in batch.records:
        category, _, path, line, _, value, _ = record
        if category in _COMMANDS and value:
            stripped = _from_project(value, prefix, exists)
            if stripped is None:
                dropped.add((path, line))
                continue
            record = (*record[:5], stripped, record[6])
        records.append(record)
    # A step about another project counts for nothing, its tests and training included.
    records = [record for record in records if (record[2], record[3]) not in dropped]
    batch.records = records
    return batch
