"""A CI step that runs a file of the repository does what that file does: ``bash
scripts/train.sh``, ``make pipeline``, ``anyscale jobs submit deploy/jobs/workloads.yaml``
(whose ``entrypoint`` runs a script that trains). Once every file is read, each CI command is
followed into the scripts, job files and make targets it names, a few levels deep, and what
they do is credited to the CI step's line.
"""

from __future__ import annotations

import re

from wizard.scan import commands
from wizard.scan.batch import Record
from wizard.scan.kinds import CI_FILE_LABELS
from wizard.scan.project_files import JOB_FILE, MAKE, SCRIPT

MAX_DEPTH = 4
_MAKE = re.compile(r"(?:^|[;&|]\s*)make\s+(?P<args>[^;&|]+)")


def _normal(path: str) -> str:
    return re.sub(r"^(?:\./|\$\{?PWD\}?/)+", "", path)


class _Files:
    """What each script, job file and make target of the repository runs."""

    def __init__(self, records: list[Record]) -> None:
        self.files: dict[str, list[str]] = {}
        self.targets: dict[str, list[str]] = {}
        for category, tool, _, _, _, value, name in records:
            if category != "commands" or not value:
                continue
            if tool in (SCRIPT, JOB_FILE):
                self.files.setdefault(_normal(name), []).append(value)
            elif tool == MAKE:
                self.targets.setdefault(name, []).extend(value.split("\n"))

    def runs(self, command: str) -> list[tuple[str, str]]:
        """(the file or target, a command line it runs) for what ``command`` names."""
        found: list[tuple[str, str]] = []
        for file in commands.judge(command).files:
            found += [(_normal(file), line) for line in self.files.get(_normal(file), ())]
        for match in _MAKE.finditer(command):
            for target in match["args"].split():
                if "=" not in target and not target.startswith("-"):
                    found += [(f"make {target}", line) for line in self.targets.get(target, ())]
        return found


def _through(files: _Files, command: str) -> tuple[str, str, str, str]:
    """(trains, tests, the paths tested, deploys): what the files ``command`` names do, each
    as ``FILE runs WHAT``."""
    trains = tests = paths = deploys = ""
    seen: set[str] = set()
    pending = [(command, 0)]
    while pending and not (trains and tests and deploys):
        current, depth = pending.pop(0)
        if depth >= MAX_DEPTH:
            continue
        for file, line in files.runs(current):
            if (file, line) in seen:
                continue
            seen.add((file, line))
            judged = commands.judge(line)
            trains = trains or (f"{file} runs {judged.trains}" if judged.trains else "")
            if judged.tests and not tests:
                tests = f"{file} runs {judged.tests}"
                paths = " ".join(judged.test_paths)
            deploys = deploys or (f"{file} runs {judged.deploys}" if judged.deploys else "")
            pending.append((line, depth + 1))
    return trains, tests, paths, deploys


def follow_references(records: list[Record]) -> list[Record]:
    """The CI findings the files its steps run add: a step that runs a training script
    trains, one that runs a script of tests runs tests, one whose script deploys deploys."""
    files = _Files(records)
    if not files.files and not files.targets:
        return []
    judged = {
        (category, path, line)
        for category, _, path, line, _, _, _ in records
        if category != "commands"
    }
    added: list[Record] = []
    for category, tool, path, line, _, value, name in records:
        if category != "commands" or tool not in CI_FILE_LABELS or not value:
            continue
        trains, tests, paths, deploys = _through(files, value)
        if trains and ("ci_training", path, line) not in judged:
            added.append(("ci_training", tool, path, line, f"trains ({trains})", value, name))
        if tests and ("ci_tests", path, line) not in judged:
            added.append(("ci_tests", tool, path, line, f"runs tests ({tests})", paths, name))
        if deploys and ("ci_deploy", path, line) not in judged:
            added.append(("ci_deploy", tool, path, line, f"deploys ({deploys})", value, name))
    return added
