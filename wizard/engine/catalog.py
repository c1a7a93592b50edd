"""The tool catalog: what the wizard knows about every tool it can choose, per concern.

The facts live in ``catalog.toml`` beside this module, each entry with the vendor page it
rests on (../shared/DOMAIN.md and the tools' own documentation: licence, hosting, what it
covers, what it integrates with). The interactive session shows ``description`` on the
Components step; the engine quotes the rest in Tool Recommendations and the decision records.
Every value of the answers model's tool ``Literal`` types has an entry, ``none`` included (a
test checks it).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from wizard.model.evidence import Category
from wizard.model.records import record
from wizard.model.vocabulary import CONCERN_LABELS

ALL_CLOUDS: tuple[str, ...] = ("aws", "gcp", "azure", "on-prem", "other")


@record
class Concern:
    key: str
    """Short key, e.g. ``experiment_tracking``."""
    label: str
    """Human label, e.g. ``Experiment tracking``."""
    answer_key: str
    """Dotted answers key of the chosen tool."""
    evidence_category: Category
    """The Evidence category whose findings name this concern's tools."""


@record
class ToolInfo:
    id: str
    """Catalog id, the value used in the answers file."""
    name: str
    licence: str
    hosting: str
    """Self-hosted, SaaS or managed cloud (or several)."""
    covers: str
    integrates: tuple[str, ...]
    description: str
    """One line, shown beside the choice on the Components step."""
    cloud_fit: tuple[str, ...] = ALL_CLOUDS
    """The clouds where it runs natively or is offered managed."""
    source: str = ""
    """The vendor page the facts rest on ('' only for ``none``)."""
    needs: str = ""
    """What the team must run for it beyond the library or the account ('' for nothing), as
    its hosting facts say; the runner-up's reasons compare it."""


CONCERNS: tuple[Concern, ...] = (
    Concern(
        "experiment_tracking",
        CONCERN_LABELS["experiment_tracking"],
        "components.experiment_tracking.tool",
        "experiment_tracking",
    ),
    Concern(
        "model_registry",
        CONCERN_LABELS["model_registry"],
        "components.model_registry.tool",
        "model_registry",
    ),
    Concern(
        "data_versioning",
        CONCERN_LABELS["data_versioning"],
        "components.data_versioning",
        "data_versioning",
    ),
    Concern(
        "feature_store",
        CONCERN_LABELS["feature_store"],
        "components.feature_store",
        "feature_store",
    ),
    Concern(
        "orchestrator", CONCERN_LABELS["orchestrator"], "components.orchestrator", "orchestration"
    ),
    Concern(
        "data_validation",
        CONCERN_LABELS["data_validation"],
        "components.data_validation",
        "data_validation",
    ),
    Concern("monitoring", CONCERN_LABELS["monitoring"], "components.monitoring", "monitoring"),
)


#: The catalog's facts, one data file: a table of tools, not code.
CATALOG_FILE = Path(__file__).with_name("catalog.toml")


def _none(concern_label: str, consequence: str) -> ToolInfo:
    return ToolInfo(
        id="none",
        name="None",
        licence="-",
        hosting="-",
        covers="nothing",
        integrates=(),
        description=f"No {concern_label.lower()} tool: {consequence}",
    )


def _tool(entry: dict[str, Any]) -> ToolInfo:
    return ToolInfo(
        **{
            **entry,
            "integrates": tuple(entry["integrates"]),
            "cloud_fit": tuple(entry.get("cloud_fit", ALL_CLOUDS)),
        }
    )


def _load(text: str) -> Mapping[str, Mapping[str, ToolInfo]]:
    tables = tomllib.loads(text)
    return MappingProxyType(
        {
            concern: MappingProxyType(
                {
                    **{entry["id"]: _tool(entry) for entry in table["tools"]},
                    "none": _none(CONCERN_LABELS[concern], table["none"]),
                }
            )
            for concern, table in tables.items()
        }
    )


CATALOG: Mapping[str, Mapping[str, ToolInfo]] = _load(CATALOG_FILE.read_text(encoding="utf-8"))
"""Concern key -> tool id -> facts (with their source), in the order the Components step
lists them."""


def catalog_entry(concern: str, tool: str) -> ToolInfo:
    """The facts about ``tool`` for ``concern`` (short key, e.g. ``monitoring``).

    Raises KeyError naming the concern or tool when the catalog does not know it.
    """
    try:
        tools = CATALOG[concern]
    except KeyError:
        raise KeyError(f"unknown concern {concern!r}") from None
    try:
        return tools[tool]
    except KeyError:
        raise KeyError(f"unknown {concern} tool {tool!r}") from None


def concern(key: str) -> Concern:
    """The concern with short key ``key``."""
    for item in CONCERNS:
        if item.key == key:
            return item
    raise KeyError(f"unknown concern {key!r}")
