"""The answers sections on what the model is and how it is used: the workload, the governance
regime it falls under, and how a new version is deployed. Same rules as every section: each
answer optional (``None`` = unknown), unknown keys refused, no coercion."""

from __future__ import annotations

from typing import Annotated, Literal

from wizard.model.kinds import MODEL_KIND_IDS
from wizard.model.section import NonEmptyText, Section, each_once, unknown
from wizard.model.serving import SERVING_IDS

# The serving modes and the model kinds are rows of their tables (``wizard.model.serving``,
# ``wizard.model.kinds``): a row added there is a value the answers accept.
Serving = Literal[SERVING_IDS]  # type: ignore[valid-type]
ModelKind = Literal[MODEL_KIND_IDS]  # type: ignore[valid-type]
Regime = Literal["none", "internal-review", "regulated"]
StrategyChoice = Literal["auto", "canary", "shadow", "champion-challenger", "blue-green", "manual"]


class Workload(Section):
    serving: Serving | None = unknown(
        "How predictions are served: online, batch, streaming or edge."
    )
    model_kind: ModelKind | None = unknown(
        f"What the model is: {', '.join(MODEL_KIND_IDS[:-1])} or {MODEL_KIND_IDS[-1]}."
    )
    primary_metric: NonEmptyText | None = unknown(
        "The metric promotion and the performance trigger use (accuracy, auc, wape, ...)."
    )
    higher_is_better: bool | None = unknown(
        "Whether a higher value of the primary metric is better (false for errors like WAPE)."
    )
    label_delay_days: int | None = unknown(
        "How many days until the ground truth of a prediction arrives (0..3650).", ge=0, le=3650
    )
    rows_per_window: int | None = unknown(
        "Predictions per monitoring window: the sample size drift is computed on.",
        ge=1,
        le=10_000_000_000,
    )
    first_model: bool | None = unknown(
        "Whether nothing is in production yet, so there is no baseline to beat."
    )


class Governance(Section):
    regime: Regime | None = unknown(
        "The review regime: none, internal-review or regulated (an independent validation, "
        "and the duties of the frameworks named)."
    )
    frameworks: Annotated[list[NonEmptyText], each_once("frameworks", "framework")] | None = (
        unknown(
            "The frameworks the model falls under, e.g. sr-11-7, eu-ai-act-high-risk, "
            "gdpr-art-22, fda-samd, eu-mdr, iec-62304."
        )
    )


class Deployment(Section):
    strategy: StrategyChoice | None = unknown(
        "How a new version reaches production: auto, canary, shadow, champion-challenger, "
        "blue-green or manual (auto derives it from the workload and governance)."
    )
    bake_minutes: int | None = unknown(
        "Minutes at each rollout stage before its health check (0..1440; 0: no wait).",
        ge=0,
        le=1440,
    )
