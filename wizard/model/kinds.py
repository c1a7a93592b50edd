"""The model kinds, one row each: what the model reads, what its inputs are checked for before
anything trains on them, whether a feature store has anything to serve it, how its
performance can be estimated before labels arrive, and the defaults that fit it.

A kind is data: the engine asks its row (``MODEL_KINDS[e.model_kind].input_checks``) and never
compares a kind's name, so adding a kind is adding a row here (the answers accept its id, the
forms offer it). Words that depend on a governance domain (DICOM tags for medical imaging)
are keyed by the domain's id (``wizard.model.frameworks``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from types import MappingProxyType
from typing import Any, Literal

from wizard.model.records import record

#: How a kind's quality can be estimated before its labels arrive (a monitoring tool's
#: ``estimates`` table is keyed by these); None: no estimate fits (a ranking).
EstimateTask = Literal["classification", "regression"]


@record
class ModelKindFacts:
    id: str
    """The answer's spelling, ``computer-vision``."""
    label: str
    """Its name in a sentence: ``computer vision``."""
    covered: bool
    """This design covers it (a model trained on the team's data and retrained on drift)."""
    inputs: str
    """What the model reads, in a sentence: ``images``."""
    columns: bool
    """Its inputs are the columns of a table, so a table validator (schema, ranges) fits."""
    input_checks: tuple[str, ...]
    """What the validate_data stage checks of its inputs, each a noun phrase."""
    engineered_features: bool
    """It is fed features computed from raw data (where a feature store can serve them)."""
    no_features: str
    """Why a feature store has nothing to serve it ('' where it has engineered features)."""
    estimate: EstimateTask | None
    """How its metric can be estimated before labels arrive; None: no estimate fits."""
    domain_checks: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Governance domain id -> the checks that domain adds (medical imaging: DICOM tags)."""
    defaults: Mapping[str, Any] = field(default_factory=dict)
    """Answer key -> the default that fits this kind, where the design card's does not
    (a forecast is judged on WAPE, not accuracy)."""

    def checks_under(self, domains: tuple[str, ...]) -> tuple[str, ...]:
        """Its input checks, with those the named governance domains add."""
        extra = tuple(check for domain in domains for check in self.domain_checks.get(domain, ()))
        return (*self.input_checks, *extra)


_TABULAR_CHECKS = (
    "the schema (columns and types)",
    "value ranges",
    "missing-value shares",
)

_KINDS: tuple[ModelKindFacts, ...] = (
    ModelKindFacts(
        id="tabular-classification",
        label="tabular classification",
        covered=True,
        inputs="rows of features",
        columns=True,
        input_checks=_TABULAR_CHECKS,
        engineered_features=True,
        no_features="",
        estimate="classification",
    ),
    ModelKindFacts(
        id="tabular-regression",
        label="tabular regression",
        covered=True,
        inputs="rows of features",
        columns=True,
        input_checks=_TABULAR_CHECKS,
        engineered_features=True,
        no_features="",
        estimate="regression",
        defaults={"workload.primary_metric": "rmse", "workload.higher_is_better": False},
    ),
    ModelKindFacts(
        id="forecasting",
        label="forecasting",
        covered=True,
        inputs="time series",
        columns=True,
        input_checks=(
            "history up to the forecast cut-off for every series, so the horizon is covered",
            "gaps in each series' timestamps",
            "backtest windows that end before the period they forecast",
        ),
        engineered_features=True,
        no_features="",
        estimate="regression",
        # A forecast is scored in batch and judged on an error: no caller waits for it.
        defaults={
            "workload.serving": "batch",
            "workload.primary_metric": "wape",
            "workload.higher_is_better": False,
        },
    ),
    ModelKindFacts(
        id="recommender",
        label="recommender",
        covered=True,
        inputs="user and item interactions",
        columns=True,
        input_checks=(
            "the interaction log's schema",
            "catalogue coverage (the share of items the model can recommend)",
            "cold start (the share of users and items never seen in training)",
        ),
        engineered_features=True,
        no_features="",
        # Performance estimators (CBPE, DLE) estimate classification and regression
        # metrics, not a ranking's.
        estimate=None,
        defaults={"workload.primary_metric": "ndcg_at_10"},
    ),
    ModelKindFacts(
        id="computer-vision",
        label="computer vision",
        covered=True,
        inputs="images",
        columns=False,
        input_checks=(
            "every image decodes",
            "image size within the expected range",
            "channels as the model expects (grayscale or RGB)",
        ),
        engineered_features=False,
        no_features="the model reads pixels, not engineered features, so a feature store has "
        "nothing to serve it",
        estimate="classification",
        domain_checks={
            "medical-device": (
                "DICOM tags (modality, body part, pixel spacing, photometric interpretation) "
                "within the intended use",
            )
        },
    ),
    ModelKindFacts(
        id="audio",
        label="audio",
        covered=True,
        inputs="audio clips",
        columns=False,
        input_checks=(
            "the sample rate the model expects",
            "clip duration within range",
            "clipping (the share of samples at full scale)",
        ),
        engineered_features=False,
        no_features="the model reads audio (its spectrogram is computed in the model's own "
        "code), not engineered features, so a feature store has nothing to serve it",
        estimate="classification",
    ),
    ModelKindFacts(
        id="nlp",
        label="natural-language processing",
        covered=True,
        inputs="text",
        columns=False,
        input_checks=(
            "text length",
            "language",
            "encoding (valid UTF-8, no garbled characters)",
        ),
        engineered_features=False,
        no_features="the model reads text (its tokens are computed in the model's own code), "
        "not engineered features, so a feature store has nothing to serve it",
        estimate="classification",
    ),
    ModelKindFacts(
        id="llm-application",
        label="LLM application",
        covered=False,
        inputs="prompts",
        columns=False,
        input_checks=(),
        engineered_features=False,
        no_features="an application built on a large language model has no features for a "
        "feature store to serve",
        estimate=None,
    ),
)

#: Model kind id -> its facts, in the order the forms offer them.
MODEL_KINDS: Mapping[str, ModelKindFacts] = MappingProxyType({kind.id: kind for kind in _KINDS})
#: The ids, as the answers' Literal takes them.
MODEL_KIND_IDS: tuple[str, ...] = tuple(MODEL_KINDS)
