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
    runner_up: bool = False
    """The best option after the chosen one: Tool Recommendations names it too."""


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
    shared: tuple[str, ...]
    """What is said against several options at once, above the list of them."""
    options: tuple[ConsideredOption, ...]
    """The options that could fit this team, the chosen one and None."""
    not_considered: tuple[str, ...]
    """The rest, grouped by why they cannot fit: ``Vertex AI Experiments (native to a cloud
    this team does not use)``."""
    outcome: str
    """The reason for the choice, and only that: the title says what was chosen."""
    consequences: tuple[str, ...]
    needs: str = ""
    """What the chosen tool needs to run ('' for nothing, or no tool): a consequence unless
    the running cost says it (a server the team hosts)."""
    licence: str = ""
    """The chosen tool's licence ('' for no tool); how it is hosted for this team is the
    running cost's to say."""
