"""The answers sections on what the model is and how it is used: the workload, the governance
regime it falls under, and how a new version is deployed. Same rules as every section: each
answer optional (``None`` = unknown), unknown keys refused, no coercion."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from wizard.model.kinds import MODEL_KIND_IDS
from wizard.model.section import NonEmptyText, Section, each_once, unknown
from wizard.model.serving import SERVING_IDS

# The serving modes and the model kinds are rows of their tables (``wizard.model.serving``,
# ``wizard.model.kinds``): a row added there is a value the answers accept.
Serving = Literal[SERVING_IDS]  # type: ignore[valid-type]
ModelKind = Literal[MODEL_KIND_IDS]  # type: ignore[valid-type]
Regime = Literal["none", "internal-review", "regulated"]
StrategyChoice = Literal["auto", "canary", "shadow", "champion-challenger", "blue-green", "manual"]
#: The answer that says a thing does not happen at all (no labels come back, no scheduled
#: retraining): an answer, unlike null, which means unknown.
NEVER = "never"
MAX_LABEL_DELAY_DAYS = 3650
LabelDelay = Annotated[int, Field(ge=0, le=MAX_LABEL_DELAY_DAYS)] | Literal["never"]
_LABEL_DELAY_ALLOWED = f"(allowed: a whole number, 0 ≤ x ≤ {MAX_LABEL_DELAY_DAYS}, or never)"


def _given(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value[:40])
    if isinstance(value, int | float):
        return f"{value:g}"
    return "a list" if isinstance(value, list) else "a mapping"


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
    label_delay_days: LabelDelay | None = unknown(
        "Days until a prediction's ground truth arrives (0..3650), or never."
    )
    rows_per_window: int | None = unknown(
        "Predictions per monitoring window: the sample size drift is computed on.",
        ge=1,
        le=10_000_000_000,
    )
    first_model: bool | None = unknown(
        "Whether nothing is in production yet, so there is no baseline to beat."
    )

    @field_validator("label_delay_days", mode="before")
    @classmethod
    def _days_or_never(cls, value: Any) -> Any:
        # One message for a value that is neither: pydantic would report each member of the
        # union on its own, under a key nobody wrote.
        if value is None or value == NEVER:
            return value
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(
                f"{_given(value)} is not a whole number of days or never {_LABEL_DELAY_ALLOWED}"
            )
        if not 0 <= value <= MAX_LABEL_DELAY_DAYS:
            raise ValueError(f"{value} is out of range {_LABEL_DELAY_ALLOWED}")
        return value


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
    locked: bool | None = unknown(
        "Whether the model is locked (cleared or under change control): any change is a new "
        "release through change control, so nothing retrains or promotes automatically and "
        "drift only alerts."
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
