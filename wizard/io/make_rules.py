"""``make`` rules read from text: each target a makefile defines (the first rule of each),
with the line it starts on and its recipe lines. ``check`` reads the team's targets with it
(``ci_jobs.read_make_targets``), and ``export`` finds the targets a new ``mlops.mk`` has that
the team's, written once and never replaced, lacks and the new CI file runs
(``missing_rules``).
"""

from __future__ import annotations

import re

from wizard.model.records import record

_RULE = re.compile(r"^([A-Za-z0-9_.%/-]+(?:[ \t]+[A-Za-z0-9_.%/-]+)*)[ \t]*::?(?!=)")
#: A variable the generated file gives a default (``NAME ?= value``).
_DEFAULT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*[ \t]*\?=")
#: ``make`` and its words up to the end of the shell command: targets, options, VAR=value.
_MAKE = re.compile(r"(?:^|[;&|(\s])make((?:[ \t]+[^\s;&|()\"']+)+)")
_TARGET = re.compile(r"^[A-Za-z0-9_.-]+$")


@record
class MakeRule:
    name: str
    line: int
    """The line its rule starts on (1-based)."""
    text: str
    """The rule line and its recipe, as written."""
    recipe: tuple[str, ...]


def make_rules(text: str) -> dict[str, MakeRule]:
    """Target -> its first rule, in file order."""
    found: dict[str, list[str]] = {}
    starts: dict[str, int] = {}
    heads: dict[str, str] = {}
    current: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("\t"):
            for name in current:
                found[name].append(line)
            continue
        match = _RULE.match(line)
        if match is None or line.startswith((".PHONY", "#")):
            if line.strip() and not line.startswith("#"):
                current = []
            continue
        current = [name for name in match.group(1).split() if name not in found]
        for name in current:
            found[name], starts[name], heads[name] = [], number, line
    return {
        name: MakeRule(name, starts[name], "\n".join([heads[name], *recipe]) + "\n", tuple(recipe))
        for name, recipe in found.items()
    }


def called_targets(text: str) -> set[str]:
    """The targets a CI file's commands run with ``make``."""
    return {
        word
        for match in _MAKE.finditer(text)
        for word in match.group(1).split()
        if _TARGET.match(word) and not word.startswith("-")
    }


def missing_rules(theirs: str, ours: str, called: set[str]) -> tuple[tuple[str, ...], str]:
    """The targets ``ours`` defines, and the CI file runs (``called``), that ``theirs``
    lacks, and a makefile holding only them (with ``ours``' defaults, which their recipes
    read), to copy from; ``()`` and '' when none is."""
    have = make_rules(theirs)
    missing = [
        rule for name, rule in make_rules(ours).items() if name in called and name not in have
    ]
    if not missing:
        return (), ""
    defaults = [line for line in ours.splitlines() if _DEFAULT.match(line)]
    names = [rule.name for rule in missing]
    parts = [
        "# The targets the new CI file runs that your mlops.mk lacks, from the new export:",
        "# copy them into your mlops.mk and write their commands (each fails until then).\n",
        *defaults,
        f"\n.PHONY: {' '.join(names)}\n",
        "\n".join(rule.text for rule in missing),
    ]
    return tuple(names), "\n".join(parts)
