"""What this design does not cover: an LLM application is not a model trained on the team's
data and retrained on drift, and a design for one at medium confidence would mislead. The
document says so and names what would apply instead; the team's own evaluation suite, when
the answers give its command (``cicd.commands.evaluate_model``), is kept as the gate."""

from __future__ import annotations

from wizard.engine.resolve import Effective
from wizard.model.design import OutOfScope, PipelineStage
from wizard.model.wording import with_article

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

#: The one stage a pipeline keeps for a model this design does not cover.
SUITE_STAGE = "evaluation_suite"


def suite_stage(e: Effective) -> PipelineStage | None:
    """The team's own evaluation suite as the pipeline's gate, when the answers name its
    command; None: no pipeline at all (a job that only echoes would pretend to be one)."""
    command = e.commands.get("evaluate_model")
    if e.covered or command is None:
        return None
    return PipelineStage(
        name=SUITE_STAGE,
        title="Evaluation suite",
        command=command,
        needs=None,
        description="Runs your own evaluation suite; a failing suite fails the run.",
        checks="your evaluation suite (cicd.commands.evaluate_model): its exit status is the gate",
    )


def out_of_scope(e: Effective) -> OutOfScope | None:
    if e.covered:
        return None
    command = e.commands.get("evaluate_model")
    pipeline = (
        f"The pipeline keeps one gate, your own evaluation suite (`{command}`), on every push."
        if command is not None
        else "No CI pipeline is written: a pipeline with nothing of yours to run would only "
        "pretend to gate. Give your evaluation suite's command as "
        "`cicd.commands.evaluate_model` and re-export to gate every change on it."
    )
    return OutOfScope(
        reason=(
            f"This is {with_article(e.kind.label)} (workload.model_kind: {e.model_kind}). This "
            "design "
            "covers models trained on your data and retrained on drift; its training "
            "pipeline, drift thresholds and data validators do not fit an application built "
            f"on a large language model, so none is proposed. {pipeline}"
        ),
        what_applies=LLM_WHAT_APPLIES,
        evaluation_command=command,
    )
