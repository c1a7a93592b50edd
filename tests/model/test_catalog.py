"""The catalog is the one home of a tool's facts: its rules refuse an entry that would leave a
consumer to fall back on another tool's words, and the answers take their values from it."""

from __future__ import annotations

import copy
import re
from typing import Any, get_args

import pytest

from wizard.model import answers
from wizard.model.catalog import (
    CATALOG,
    CatalogError,
    ToolInfo,
    load_catalog,
    options,
)
from wizard.model.catalog_file import TABLES, choices_text, tool_ids

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
