"""The promotion criteria, decided once from the effective answers. The rule that applies
them to a candidate's evaluation is ``wizard.engine.gate``."""

from __future__ import annotations

from wizard.engine.resolve import Effective
from wizard.model.design import PromotionCriteria
from wizard.model.records import carried


def promotion_criteria(e: Effective) -> PromotionCriteria:
    latency = e.latency_criterion_ms
    if latency is not None:
        note = f"{e.serving} serving: a caller waits for each prediction"
    elif e.serving in ("batch",):
        note = (
            "batch scoring: no caller waits, so latency is no criterion (a batch deadline may be)"
        )
    else:
        note = "turned off (promotion.max_latency_ms: null)"
    # The metric, the minimum gain and floor, the checks and the approver are as answered.
    return carried(
        PromotionCriteria,
        e,
        max_latency_ms=latency,
        latency_note=note,
        independent_approver=e.governed,
    )
