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


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    if "\n" in text:
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", text)


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
AnswersDumper.add_representer(str, _represent_str)


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
