"""A decision record (MADR layout) for one component of the design. Plain frozen data: the
engine weighs the options, ``wizard.render.decisions`` writes ``decisions/NNNN-<concern>.md``.
"""

from __future__ import annotations

from wizard.model.records import record


@record
class ConsideredOption:
    name: str
    verdict: str
    """How it fits this team, or what speaks against it."""
    chosen: bool


@record
class DecisionRecord:
    number: int
    slug: str
    """File-name part, e.g. ``experiment-tracking``."""
    concern: str
    """e.g. ``Experiment tracking``."""
    title: str
    """e.g. ``Use MLflow for experiment tracking``."""
    status: str
    """accepted (the team's choice or the scan's) | proposed (a recommendation)."""
    context: str
    drivers: tuple[str, ...]
    options: tuple[ConsideredOption, ...]
    outcome: str
    consequences: tuple[str, ...]
