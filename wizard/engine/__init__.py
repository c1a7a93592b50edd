"""The design engine: ``build_design(answers, evidence) -> Design``, pure and deterministic.

Same Answers and Evidence, equal Design: no clock, no randomness, no I/O. The steps, each in
its own module: resolve (effective values, sources, gaps) -> maturity -> recommend (tool
choices) -> risks -> policy (promotion, retraining, canary, pipeline) -> confidence and
caveats -> roadmap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wizard.engine.build import build_design
    from wizard.engine.suggest import suggest

__all__ = ["build_design", "suggest"]


def __getattr__(name: str) -> Any:
    # Lazy (PEP 562): `scan` needs only the suggestions, not the whole engine.
    if name == "build_design":
        from wizard.engine.build import build_design

        return build_design
    if name == "suggest":
        from wizard.engine.suggest import suggest

        return suggest
    raise AttributeError(name)
