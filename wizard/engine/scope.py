"""What this design does not cover: an LLM application is not a tabular model retrained on
drift, and a tabular design at medium confidence would mislead. The document says so and
names what would apply instead."""

from __future__ import annotations

from wizard.engine.resolve import Effective
from wizard.model.design import OutOfScope

LLM_WHAT_APPLIES: tuple[str, ...] = (
    "Evaluation suites as the promotion gate: a fixed set of prompts with expected "
    "behaviour, scored on every change of prompt, model or retrieval, and a minimum score to "
    "ship.",
    "Pinning: every prompt template versioned in git, and the model and its version (or "
    "snapshot date) pinned, so a provider's update is a change you test, not one that "
    "happens to you.",
    "Groundedness checks for retrieval-augmented answers (is the answer supported by the "
    "retrieved passages?) and safety checks (harmful content, prompt injection, data leaks).",
    "Cost and latency budgets per request (tokens in and out, p95 time to answer), "
    "monitored in production with alerts.",
    "Production feedback: sampled conversations reviewed by people, and their verdicts fed "
    "back into the evaluation suite.",
)


def out_of_scope(e: Effective) -> OutOfScope | None:
    if e.covered:
        return None
    return OutOfScope(
        reason=(
            "This is an LLM application (workload.model_kind: llm-application). This design "
            "covers models trained on your data and retrained on drift; its tabular pipeline, "
            "drift thresholds and data validators do not fit an application built on a "
            "large language model, so none is proposed."
        ),
        what_applies=LLM_WHAT_APPLIES,
    )
