"""The tools the scanner recognises: how each shows up in code (import names) and in
dependency files (distribution names), and which Evidence category it proves, read from each
tool's catalog entry (its ``scan`` table in ``wizard/model/catalog.toml``).

Tool ids are the catalog ids of the answers file (``mlflow``, ``great-expectations`` ...), so
``wizard.engine.suggest`` can hand them to the design unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wizard.model.catalog import CatalogError, ToolInfo, all_entries, concern
from wizard.model.catalog_file import CATALOG_FILE, TABLES
from wizard.model.evidence import Category
from wizard.model.records import record


@record
class ToolSigns:
    """How the scan recognises one catalog tool or library: its ``scan`` table, checked."""

    tool: str
    category: Category | None
    """What its findings prove unless a sign says otherwise: a tool's concern's category, a
    library's own (None: a library whose import proves nothing by itself)."""
    imports: tuple[str, ...]
    parent_imports: tuple[str, ...]
    packages: tuple[str, ...]
    imports_prove: bool
    files: tuple[Mapping[str, str], ...]
    manifests: tuple[Mapping[str, Any], ...]
    calls: tuple[Mapping[str, Any], ...]
    cloud: str = ""
    """The cloud its import or package shows ('' for none): a cloud's own service's vendor."""
    program: str = ""
    """Its command-line program (``dvc``), whose ``runs`` say what its sub-commands do."""
    runs: tuple[Mapping[str, str], ...] = ()


_DOES = ("trains", "tests", "deploys")
#: The fields a ``scan`` table may hold, and those of its files, manifests and calls.
_FIELDS: dict[str, frozenset[str]] = {
    "scan": frozenset(
        {
            "imports",
            "parent_imports",
            "packages",
            "imports_prove",
            "files",
            "manifests",
            "calls",
            "program",
            "runs",
        }
    ),
    "runs": frozenset({"words", "does"}),
    "files": frozenset({"detail", "name", "extension", "path", "line"}),
    "manifests": frozenset({"detail", "category", "kinds", "marker", "once"}),
    "calls": frozenset({"needles", "detail", "category", "gates"}),
    "libraries": frozenset({"id", "name", "category", "cloud", "scan"}),
}


def _check(owner: str, part: str, row: Mapping[str, Any]) -> None:
    unknown = sorted(set(row) - _FIELDS[part])
    if unknown:
        raise CatalogError(
            f"{CATALOG_FILE.name}: {owner}: unknown {part} field "
            f"{unknown[0]!r} (allowed: {', '.join(sorted(_FIELDS[part]))})"
        )


def _signs(
    owner: str, tool: str, category: Category | None, scan: Mapping[str, Any], cloud: str
) -> ToolSigns:
    _check(owner, "scan", scan)
    for part in ("files", "manifests", "calls", "runs"):
        for row in scan.get(part, ()):
            _check(owner, part, row)
            if part == "runs" and row.get("does") not in _DOES:
                raise CatalogError(
                    f"{CATALOG_FILE.name}: {owner}: runs does {row.get('does')!r} "
                    f"(allowed: {', '.join(_DOES)})"
                )
    return ToolSigns(
        tool,
        category,
        tuple(scan.get("imports", ())),
        tuple(scan.get("parent_imports", ())),
        tuple(scan.get("packages", ())),
        scan.get("imports_prove", category is not None),
        tuple(scan.get("files", ())),
        tuple(scan.get("manifests", ())),
        tuple(scan.get("calls", ())),
        cloud,
        scan.get("program", ""),
        tuple(scan.get("runs", ())),
    )


def signs_of(entry: ToolInfo) -> ToolSigns:
    """``entry``'s scan table as the scan reads it; CatalogError names a field it does not
    know (a typo would otherwise recognise nothing, silently)."""
    return _signs(
        f"{entry.concern} tool {entry.id!r}",
        entry.id,
        concern(entry.concern).evidence_category,
        entry.scan,
        entry.cloud_vendor,
    )


def library_signs(library: Mapping[str, Any]) -> ToolSigns:
    """A ``[[libraries]]`` entry of the catalog file as the scan reads it."""
    owner = f"library {library.get('id')!r}"
    _check(owner, "libraries", library)
    return _signs(
        owner,
        library["id"],
        library.get("category"),
        library.get("scan", {}),
        library.get("cloud", ""),
    )


SIGNS: tuple[ToolSigns, ...] = (
    *(signs_of(entry) for entry in all_entries() if entry.scan),
    *(library_signs(library) for library in TABLES.get("libraries", ())),
)
"""Every catalog tool, then every library, the scan can recognise, in catalog order."""


@record
class ToolRule:
    """How one tool shows up in code and in dependency files."""

    tool: str
    """Catalog id, e.g. ``mlflow``, or a library's id."""
    category: Category | None
    """What importing or declaring it proves; None for SDKs that prove nothing by themselves
    (boto3, the SageMaker SDK): their import only lets the registry and canary calls count."""
    modules: tuple[str, ...]
    """Top-level import names (dotted where the package is a namespace)."""
    packages: tuple[str, ...] = ()
    """Distribution names as written in requirements files, pyproject.toml, environment.yml."""
    cloud: str = ""
    """The cloud its import or package shows ('' for none)."""


#: Libraries that are no catalog tool, whose import lets a call count (Spark: Delta tables).
_LIBRARIES: tuple[ToolRule, ...] = (ToolRule("spark", None, ("pyspark",)),)

TOOL_RULES: tuple[ToolRule, ...] = (
    *(
        ToolRule(
            signs.tool,
            signs.category if signs.imports_prove else None,
            signs.imports,
            signs.packages,
            signs.cloud,
        )
        for signs in SIGNS
        if signs.imports or signs.packages
    ),
    *_LIBRARIES,
)

TOOL_BY_MODULE: dict[str, ToolRule] = {
    module: rule for rule in TOOL_RULES for module in rule.modules
}
TOOL_BY_PACKAGE: dict[str, ToolRule] = {
    package: rule for rule in TOOL_RULES for package in rule.packages
}

PROGRAMS: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    signs.program: tuple((tuple(row["words"].split()), row["does"]) for row in signs.runs)
    for signs in SIGNS
    if signs.program
}
"""A tool's command-line program -> (the words after it, what that does: ``trains``,
``tests`` or ``deploys``): ``dvc repro`` trains."""
PARENT_IMPORTS: tuple[str, ...] = tuple(
    module for signs in SIGNS for module in signs.parent_imports
)
"""Dotted modules (among ``TOOL_BY_MODULE``) also found as ``from parent import child``."""


def normalise_package(name: str) -> str:
    """PEP 503 normal form: lower case, runs of ``-_.`` as one ``-``."""
    out: list[str] = []
    for char in name.lower():
        if char in "-_.":
            if out and out[-1] != "-":
                out.append("-")
        else:
            out.append(char)
    return "".join(out)
