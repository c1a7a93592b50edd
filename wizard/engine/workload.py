"""The workload as the design reads it: what the model is, how it is served, and whether
this design covers it at all."""

from __future__ import annotations

from wizard.engine.resolve import Effective
from wizard.model.design import WorkloadProfile
from wizard.model.vocabulary import MODEL_KIND_LABELS
from wizard.model.wording import count

#: Model kinds whose inputs are rows of features (a feature store serves those).
TABULAR_KINDS: frozenset[str] = frozenset(
    {"tabular-classification", "tabular-regression", "forecasting", "recommender"}
)


def needs_online_features(e: Effective) -> bool:
    """Features computed at request time for a tabular model: where a feature store helps."""
    return e.serving in ("online", "streaming") and e.model_kind in TABULAR_KINDS


#: How each serving mode reads after "served".
_SERVED: dict[str, str] = {
    "online": "online, per request",
    "batch": "in batch",
    "streaming": "on a stream",
    "edge": "on devices",
}


def workload_profile(e: Effective) -> WorkloadProfile:
    if e.label_delay_days is None:
        labels = "no labels come back from production"
    elif e.label_delay_days:
        labels = f"labels arrive {count(e.label_delay_days, 'day')} after a prediction"
    else:
        labels = "labels arrive within a day"
    baseline = (
        "nothing in production yet (first model)" if e.first_model else "a model in production"
    )
    summary = (
        f"A {MODEL_KIND_LABELS[e.model_kind]} model served {_SERVED[e.serving]}; "
        # Whether higher is better is stated once, over the promotion criteria.
        f"promoted on {e.primary_metric}; {labels}; {baseline}."
    )
    return WorkloadProfile(
        serving=e.serving,
        model_kind=e.model_kind,
        primary_metric=e.primary_metric,
        higher_is_better=e.higher_is_better,
        label_delay_days=e.label_delay_days,
        rows_per_window=e.rows_per_window,
        first_model=e.first_model,
        covered=e.covered,
        summary=summary,
    )
