"""The catalog is the one home of a tool's facts: its rules refuse an entry that would leave a
consumer to fall back on another tool's words, the answers take their values from it, and no
code outside it compares a tool's id."""

from __future__ import annotations

import copy
import io
import re
import tokenize
from dataclasses import replace
from pathlib import Path
from typing import Any, get_args

import pytest

from tests.paths import REPO_ROOT
from wizard.model import answers
from wizard.model.catalog import (
    CATALOG,
    CatalogError,
    ToolInfo,
    all_entries,
    catalog_entry,
    load_catalog,
    options,
)
from wizard.model.catalog_file import TABLES, choices_text, tool_ids
from wizard.scan.tools import SIGNS, TOOL_BY_MODULE, TOOL_BY_PACKAGE, TOOL_RULES, signs_of

#: The answers' tool types, per concern.
TOOL_TYPES = {
    "experiment_tracking": answers.TrackerTool,
    "model_registry": answers.RegistryTool,
    "data_versioning": answers.DataVersioningTool,
    "feature_store": answers.FeatureStoreTool,
    "orchestrator": answers.OrchestratorTool,
    "data_validation": answers.DataValidationTool,
    "monitoring": answers.MonitoringTool,
}


@pytest.mark.parametrize("concern", sorted(TOOL_TYPES))
def test_the_answers_allow_exactly_the_catalog_entries_and_none_last(concern: str) -> None:
    assert get_args(TOOL_TYPES[concern]) == (*(info.id for info in options(concern)), "none")
    assert tool_ids(concern) == tuple(CATALOG[concern])


def test_the_field_descriptions_list_the_catalog_entries() -> None:
    field = answers.Components.model_fields["monitoring"]
    assert field.description == f"Production monitoring: {choices_text('monitoring')}."
    assert choices_text("data_versioning") == "dvc, lakefs, delta or none"


def _tables(concern: str, tool: str, **changes: Any) -> dict[str, Any]:
    """The catalog's tables with ``changes`` to one entry (None removes a field)."""
    tables = copy.deepcopy(TABLES)
    entry = next(item for item in tables[concern]["tools"] if item["id"] == tool)
    for key, value in changes.items():
        if value is None:
            entry.pop(key)
        else:
            entry[key] = value
    return tables


@pytest.mark.parametrize(
    ("concern", "tool", "changes", "message"),
    [
        ("monitoring", "nannyml", {"drift": None}, "'nannyml' needs a drift table"),
        (
            "monitoring",
            "whylogs",
            {"drift": {"method": "m", "psi_source": "s"}},
            "computes_psi = true or psi_missing",
        ),
        ("model_registry", "wandb", {"registry": None}, "'wandb' needs a registry table"),
        ("data_versioning", "lakefs", {"roadmap_task": None}, "'lakefs' needs a roadmap_task"),
        ("feature_store", "tecton", {"sources": None}, "'tecton' cites no source"),
        ("orchestrator", "argo", {"licence_typo": "x"}, "orchestrator tool 'argo': "),
    ],
)
def test_an_entry_that_breaks_a_rule_is_refused_by_name(
    concern: str, tool: str, changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(CatalogError, match=re.escape(message)):
        load_catalog(_tables(concern, tool, **changes))


@pytest.mark.parametrize("registry", options("model_registry"))
def test_every_registry_says_how_it_records_each_stage_of_the_answers(registry: ToolInfo) -> None:
    assert registry.registry is not None
    assert set(registry.registry.stages) == set(get_args(answers.RegistryStage))


def test_a_concern_without_a_last_resort_pick_is_refused() -> None:
    tables = copy.deepcopy(TABLES)
    for entry in tables["feature_store"]["tools"]:
        entry["picks"] = [{**pick, "min_level": 3} for pick in entry.get("picks", ())]
    with pytest.raises(CatalogError, match="feature_store has no pick without conditions"):
        load_catalog(tables)


def test_the_catalog_loads_as_it_is() -> None:
    assert load_catalog(TABLES) == CATALOG


def test_every_import_and_package_name_belongs_to_one_tool() -> None:
    modules = [module for rule in TOOL_RULES for module in rule.modules]
    packages = [package for rule in TOOL_RULES for package in rule.packages]
    assert len(modules) == len(TOOL_BY_MODULE)
    assert len(packages) == len(TOOL_BY_PACKAGE)


def test_every_call_pattern_starts_with_a_literal() -> None:
    """The scan's speed rule (wizard/scan/patterns.py): ``re`` jumps between occurrences
    of a leading literal; a class, group or anchor first would crawl."""
    for signs in SIGNS:
        for call in signs.calls:
            for needle in call["needles"]:
                assert re.match(r"(\\.|[\w@\"'])", needle), (signs.tool, needle)


@pytest.mark.parametrize(
    ("scan", "message"),
    [
        ({"import": ["x"]}, "unknown scan field 'import'"),
        ({"calls": [{"needle": ["x"], "detail": "d"}]}, "unknown calls field 'needle'"),
    ],
)
def test_a_scan_table_with_an_unknown_field_is_refused_by_name(
    scan: dict[str, Any], message: str
) -> None:
    entry = replace(catalog_entry("monitoring", "evidently"), scan=scan)
    with pytest.raises(CatalogError, match=f"monitoring tool 'evidently': {message}"):
        signs_of(entry)


# --- No comparison of a tool id outside the catalog ---------------------------------------

#: Ids that are also a CI platform's id: the platform compares them as platforms (the CI
#: platform modules' concern); as a tool they are caught only beside "tool"/"orchestrator".
_PLATFORM_IDS = frozenset(get_args(answers.CIPlatform))
TOOL_IDS = frozenset(info.id for info in all_entries())
#: The answers' defaults may name the default tools: they are data, not a rule.
_ALLOWED = {Path("wizard/model/defaults.py")}
_JINJA_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)
_JINJA_STRING = re.compile(r"""(["'])([^"'\n]*)\1""")
_ABOUT_A_TOOL = re.compile(r"tool|orchestrator", re.I)


def _python_strings(text: str) -> list[tuple[int, str, str]]:
    """(line, literal value, the whole line) of every plain string literal."""
    found = []
    lines = text.splitlines()
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.STRING and token.string[:1] in "\"'":
            found.append((token.start[0], token.string[1:-1], lines[token.start[0] - 1]))
    return found


def _template_strings(text: str) -> list[tuple[int, str, str]]:
    """(line, literal value, the tag) of every string literal inside a Jinja tag."""
    found = []
    for tag in _JINJA_TAG.finditer(text):
        line = text.count("\n", 0, tag.start()) + 1
        found += [(line, match[2], tag[0]) for match in _JINJA_STRING.finditer(tag[0])]
    return found


def tool_id_uses(path: Path, text: str) -> list[str]:
    """``path:line: id`` for every tool id written as a literal in code or a template tag."""
    strings = _template_strings(text) if path.suffix == ".j2" else _python_strings(text)
    return [
        f"{path}:{line}: {value}"
        for line, value, context in strings
        if value in TOOL_IDS
        and (value not in _PLATFORM_IDS or _ABOUT_A_TOOL.search(context) is not None)
    ]


def test_the_checker_finds_a_tool_id_wherever_code_or_a_template_compares_it() -> None:
    bad_python = (
        'if tool == "evidently":\n    pass\n'
        'SERVERS = ("mlflow", "clearml")\n'
        'LIFECYCLES = {"sagemaker": 1}\n'
        'if tools["orchestrator"] not in ("none", "github-actions"):\n    pass\n'
    )
    assert [use.rsplit(" ", 1)[1] for use in tool_id_uses(Path("x.py"), bad_python)] == [
        "evidently",
        "mlflow",
        "clearml",
        "sagemaker",
        "github-actions",
    ]
    template = '{% if design.monitoring.tool != "evidently" %}x{% endif %} evidently'
    assert tool_id_uses(Path("x.md.j2"), template) == ["x.md.j2:1: evidently"]
    # The CI platform's own comparisons, and prose that names a tool, are not tool rules.
    fine = 'if platform == "github-actions":\n    text = "use evidently here"\n'
    assert tool_id_uses(Path("y.py"), fine) == []


def test_no_code_or_template_outside_the_catalog_compares_a_tool_id() -> None:
    uses = []
    for folder in ("wizard", "screens", "templates"):
        for path in sorted((REPO_ROOT / folder).rglob("*")):
            relative = path.relative_to(REPO_ROOT)
            if path.suffix in (".py", ".j2") and relative not in _ALLOWED:
                uses += tool_id_uses(relative, path.read_text(encoding="utf-8"))
    assert uses == [], "ask the tool's catalog entry for the fact instead:\n" + "\n".join(uses)
