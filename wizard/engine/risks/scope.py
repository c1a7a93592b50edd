"""The risk of using this design at all: an LLM application is outside what it covers."""

from __future__ import annotations

from wizard.engine.resolve import Effective
from wizard.model.design import Risk


def llm_not_covered(e: Effective, level: int) -> Risk | None:
    if e.covered:
        return None
    return Risk(
        "R30-llm-application-not-covered",
        "high",
        "This design does not cover an LLM application",
        "Drift thresholds, a training pipeline and data validators do not fit an application "
        "built on a large language model. Use evaluation suites as the promotion gate, pin "
        "prompts and model versions, check groundedness and safety, and budget cost and latency.",
        ("workload.model_kind",),
    )
