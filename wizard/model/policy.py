"""The policy the pipeline enforces at run time, as the committed spec states it, and the
evaluation file a candidate brings to the gate. ``gate`` and ``drift`` read these, so the
thresholds tuned in the wizard are the ones CI applies."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from wizard.model.design import PromotionCriteria


class _Read(BaseModel):
    # Read from files other tools write: unknown keys are kept out of the way, not refused.
    model_config = ConfigDict(extra="ignore", frozen=True, strict=True)


class LatencyCriterion(_Read):
    max_p95_ms: float = Field(gt=0)


class PromotionPolicy(_Read):
    """``model_registry.promotion_criteria`` of mlops-architecture.yaml, as the engine wrote
    it from ``PromotionCriteria``; ``criteria()`` gives that back for the one gate rule."""

    primary_metric: str
    higher_is_better: bool
    min_gain_points: float = Field(ge=0, le=100)
    first_model: bool
    min_metric_value: float | None = None
    latency: LatencyCriterion | None = None
    latency_note: str = ""
    require_leakage_check: bool
    require_bias_checks: bool
    approver: str | None = None
    human_review_above_points: float = Field(ge=0, le=100)
    independent_approver: bool = False
    promotes_automatically: bool = False

    def criteria(self) -> PromotionCriteria:
        # The spec names the criteria as PromotionCriteria does, but for these three.
        renamed = {"min_gain_points", "latency", "human_review_above_points"}
        return PromotionCriteria(
            **self.model_dump(exclude=renamed),
            min_accuracy_gain_pct=self.min_gain_points,
            max_latency_ms=None if self.latency is None else self.latency.max_p95_ms,
            human_review_above_pct=self.human_review_above_points,
        )


class WindowRule(_Read):
    breaches: int = Field(ge=1)
    windows: int = Field(ge=1)


class DriftPolicy(_Read):
    """``retraining_pipeline.drift`` (and its window rule) of mlops-architecture.yaml."""

    psi_threshold: float = Field(gt=0, le=1)
    key_features: list[str] = Field(min_length=1)
    window_rule: WindowRule | None = None
    max_missing_pct: float = Field(default=50.0, ge=0, le=100)
    """Above this share of NULL, NaN and infinite values in a key feature, a window cannot
    be judged (a spec exported before the bound existed gets the default)."""


class Evaluation(_Read):
    """The evaluation file the evaluate stage writes: the primary metric's values."""

    candidate: float
    production: float | None = None
    latency_p95_ms: float | None = Field(default=None, ge=0)
    leakage_check_passed: bool | None = None
    bias_checks_passed: bool | None = None
