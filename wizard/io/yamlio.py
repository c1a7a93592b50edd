"""YAML in and out, in one place.

In: a safe loader that resolves booleans the YAML 1.2 way (only ``true``/``false``), so the
maturity answers ``yes`` and ``no`` stay the strings the schema expects.
Out: dumpers of plain data, never string templates: block style, keys in insertion order,
multi-line strings as literal blocks.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml

from wizard.model.cron import cron_problem

try:  # the C loader is several times faster; the pure one behaves the same
    _BaseSafeLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseSafeLoader = yaml.SafeLoader

_YAML12_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


def _yaml12_resolvers(cls: type) -> None:
    """Replace YAML 1.1's yes/no/on/off booleans with YAML 1.2's true/false only."""
    cls.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
        for first, resolvers in cls.yaml_implicit_resolvers.copy().items()
    }
    cls.add_implicit_resolver("tag:yaml.org,2002:bool", _YAML12_BOOL, list("tTfF"))


class AnswersLoader(yaml.SafeLoader):
    """Safe loader for answers files (pure Python, so marks carry lines for error messages)."""


_yaml12_resolvers(AnswersLoader)


# A YAML reader turns these into a plain newline (or folds them) outside double quotes, so
# text holding them is written double-quoted with escapes to load back character for character.
_NORMALISED_BREAKS = ("\r", "\x85", "\u2028", "\u2029")

# Plain scalars a YAML 1.2 reader (GitHub, GitLab, editors, ruamel) takes for a number, a
# boolean or null. PyYAML quotes by YAML 1.1 rules and would leave ``0E0`` or ``0o17`` plain.
_YAML12_NOT_TEXT = re.compile(
    r"""^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE
    |[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+
    |[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$""",
    re.VERBOSE,
)


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    """Text that loads back as the same text in YAML 1.1 and 1.2 readers alike; multi-line
    text as a literal block; cron expressions quoted, as every CI platform documents them."""
    if any(line_break in text for line_break in _NORMALISED_BREAKS):
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')
    if "\n" in text:
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|")
    if text == "" or _YAML12_NOT_TEXT.match(text) or _looks_like_cron(text):
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="'")
    return dumper.represent_str(text)


def _looks_like_cron(text: str) -> bool:
    return text.count(" ") >= 4 and cron_problem(text) is None


class DataDumper(yaml.SafeDumper):
    """Dumper for documents other tools read (spec, CI files): YAML 1.1-safe quoting, so
    ``on``, ``yes`` or ``no`` as strings come out quoted and no reader mistakes them."""

    def ignore_aliases(self, data: Any) -> bool:  # a document reads better with no anchors
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as CI documentation and most editors do.
        super().increase_indent(flow, False)


DataDumper.add_representer(str, _represent_str)


class AnswersDumper(DataDumper):
    """Dumper for answers files: YAML 1.2 booleans, so ``no`` is written plain, as a person
    would write it, and reads back through ``AnswersLoader`` as the string ``no``."""


_yaml12_resolvers(AnswersDumper)


def dump_data(data: Any, dumper: type[yaml.SafeDumper] = DataDumper) -> str:
    """Plain data as deterministic block-style YAML text."""
    return yaml.dump(
        data,
        Dumper=dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so a crash leaves either the old file or the new one:
    a temporary file in the same folder, fsync, rename, then fsync the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
    )
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    try:
        directory = os.open(path.parent, os.O_RDONLY)
    except OSError:  # some platforms cannot open a folder; the rename is still atomic
        return
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
