""".gitignore-style patterns for plain directories (in a git repository git itself decides).

Covers what real ignore files use: comments, blank lines, ``!`` negation, a trailing ``/`` for
directories only, a ``/`` at the start or inside anchoring the pattern to the ignore file's
directory, ``*``, ``?``, ``[...]`` and ``**``. The last matching pattern wins, deeper files
after shallower ones; as in git, nothing inside an ignored directory can be re-included.
"""

from __future__ import annotations

import re

from wizard.model.records import record


@record
class IgnoreRule:
    base: str
    """The directory of the ignore file, relative to the root ('' for the root)."""
    regex: re.Pattern[str]
    negated: bool
    directories_only: bool
    anchored: bool
    """Matched against the path below ``base``; otherwise against the last component."""


def _glob_to_regex(glob: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(glob):
        char = glob[index]
        if glob.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
            continue
        if glob.startswith("/**", index) and index + 3 == len(glob):
            out.append("/.*")
            index += 3
            continue
        if glob.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            close = glob.find("]", index + 2)
            if close == -1:
                out.append(re.escape(char))
            else:
                body = glob[index + 1 : close]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                index = close
        elif char == "\\" and index + 1 < len(glob):
            index += 1
            out.append(re.escape(glob[index]))
        else:
            out.append(re.escape(char))
        index += 1
    return "".join(out)


def parse_ignore_file(text: str, base: str) -> list[IgnoreRule]:
    """The rules of one ignore file found in directory ``base``; unusable lines are dropped."""
    rules: list[IgnoreRule] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        if negated or line.startswith("\\"):
            line = line[1:]
        directories_only = line.endswith("/")
        line = line.rstrip("/")
        if not line:
            continue
        anchored = "/" in line
        line = line.lstrip("/")
        try:
            regex = re.compile(_glob_to_regex(line), re.S)
        except re.error:
            continue
        rules.append(IgnoreRule(base, regex, negated, directories_only, anchored))
    return rules


def is_ignored(rules: list[IgnoreRule], path: str, is_dir: bool) -> bool:
    """Whether ``path`` (relative to the root, POSIX) is ignored by ``rules`` (in file order)."""
    name = path.rsplit("/", 1)[-1]
    for rule in reversed(rules):
        if rule.directories_only and not is_dir:
            continue
        if rule.base:
            if not path.startswith(rule.base + "/"):
                continue
            below = path[len(rule.base) + 1 :]
        else:
            below = path
        if rule.regex.fullmatch(below if rule.anchored else name):
            return not rule.negated
    return False
