"""Evidence -> suggestions: the maturity answers and tools the repository suggests.

Pure functions of ``Evidence``; the design engine uses them to fill what the user left
unknown, and the interactive session offers them as defaults. (Owned by the scanner work:
this first version maps categories to capabilities coarsely.)
"""

from __future__ import annotations

from dataclasses import dataclass

from wizard.evidence import Evidence, EvidenceItem


@dataclass(frozen=True)
class Suggestion:
    value: str
    """yes | partial | no (never unknown: no suggestion is made without evidence)."""
    reason: str
    evidence: tuple[EvidenceItem, ...]


def suggest_maturity(evidence: Evidence) -> dict[str, Suggestion]:
    """Suggested answer per maturity capability key, only where evidence says something."""
    suggestions: dict[str, Suggestion] = {}
    tracking = evidence.of("experiment_tracking")
    if tracking:
        registry = evidence.of("model_registry")
        value = "yes" if registry else "partial"
        suggestions["experiment_tracking"] = Suggestion(
            value, f"{tracking[0].tool} found at {tracking[0].where}", tracking
        )
    registry = evidence.of("model_registry")
    if registry:
        suggestions["model_registry"] = Suggestion(
            "yes", f"{registry[0].tool} registry use at {registry[0].where}", registry
        )
    data = evidence.of("data_versioning")
    if data:
        suggestions["data_versioning"] = Suggestion(
            "yes", f"{data[0].tool} found at {data[0].where}", data
        )
    return suggestions


def suggest_components(evidence: Evidence) -> dict[str, str]:
    """Suggested tool per component key (``components.<key>`` / ``.tool``) from evidence."""
    return {}
