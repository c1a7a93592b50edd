"""What a risk rule is: a pure function of the effective answers and the maturity level that
returns a ``Risk`` when its condition holds and ``None`` otherwise; and how findings rank."""

from __future__ import annotations

from collections.abc import Callable

from wizard.engine.resolve import Effective
from wizard.model.design import Risk, Severity

#: A rule: effective values and maturity level in, a finding or None out.
RiskRule = Callable[[Effective, int], Risk | None]

SEVERITY_RANK: dict[Severity, int] = {"high": 0, "medium": 1, "low": 2}


def severity_order(risk: Risk) -> tuple[int, str]:
    """Findings sort high > medium > low, then by id."""
    return SEVERITY_RANK[risk.severity], risk.id
