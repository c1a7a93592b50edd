"""Salvaging a broken answers file: its valid part, and every problem that was dropped, so
the session can start from what the user did write."""

from __future__ import annotations

import copy
from typing import Any

from pydantic import ValidationError

from wizard.io.errors import AnswersError, KeyPath, Problem, problems_from_validation
from wizard.io.loader import read_mapping, sorted_problems
from wizard.model.answers import SCHEMA_VERSION, Answers


def _drop(data: dict[str, Any], loc: KeyPath, missing: bool) -> bool:
    """Remove the key an error points at (the whole list for an item); True if removed."""
    path: list[str] = []
    for part in loc:
        if not isinstance(part, str) or part == "[key]":
            break
        path.append(part)
    if missing and len(path) == len(loc):
        path = path[:-1]
    if not path:
        return False
    parent: Any = data
    for part in path[:-1]:
        parent = parent.get(part) if isinstance(parent, dict) else None
    if isinstance(parent, dict) and path[-1] in parent:
        del parent[path[-1]]
        return True
    return False


def salvage_answers(text: str | bytes, source: str) -> tuple[Answers, tuple[Problem, ...]]:
    """The valid part of an answers file, and the problems of the rest.

    Each offending key is dropped (a list as a whole when one item is bad); when the YAML
    itself cannot be read, nothing is valid and the result is empty answers.
    """
    try:
        reading = read_mapping(text, source)
    except AnswersError as error:
        return Answers(schema_version=SCHEMA_VERSION), error.problems
    data = copy.deepcopy(reading.data)
    problems: list[Problem] = list(reading.problems)
    first_round = True
    while True:
        try:
            answers = Answers.model_validate(data)
            break
        except ValidationError as error:
            if first_round:
                problems.extend(problems_from_validation(error, source, reading.lines))
                first_round = False
            dropped = False
            for item in error.errors(include_url=False):
                loc = tuple(item["loc"])
                if loc == ("schema_version",):
                    data["schema_version"] = SCHEMA_VERSION
                    dropped = True
                else:
                    dropped = _drop(data, loc, item["type"] == "missing") or dropped
            if not dropped:
                return Answers(schema_version=SCHEMA_VERSION), tuple(sorted_problems(problems))
    return answers, tuple(sorted_problems(problems))
