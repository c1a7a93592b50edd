"""The workload as the design reads it: what the model is, how it is served, and whether
this design covers it at all. What each kind and serving mode implies is a row of its table
(``wizard.model.kinds``, ``wizard.model.serving``); this module only reads them."""

from __future__ import annotations

from wizard.engine.resolve import Effective
from wizard.model.design import WorkloadProfile
from wizard.model.formatting import join_words
from wizard.model.wording import capitalize_first, count, with_article


def no_feature_store_reason(e: Effective) -> str:
    """Why a feature store has nothing to serve this model ('' when it has): a kind that
    reads raw inputs has no engineered features, and a serving mode that computes them
    where they are used (a batch job, a device) has no request-time copy to drift apart."""
    return e.kind.no_features or e.serving_mode.no_features


def needs_online_features(e: Effective) -> bool:
    """Engineered features computed at request time: where a feature store helps."""
    return not no_feature_store_reason(e)


def input_checks(e: Effective) -> tuple[str, ...]:
    """What the validate_data stage checks of this model's inputs: its kind's checks, with
    those its governance domains add (DICOM tags for a medical device's images)."""
    return e.kind.checks_under(tuple(domain.id for domain in e.domains))


def input_checks_text(e: Effective) -> str:
    return join_words(input_checks(e))


def labels_text(e: Effective) -> str:
    """When the ground truth of a prediction arrives, in a clause."""
    if not e.labels_return:
        return "no labels come back from production"
    if e.label_delay_days:
        return f"labels arrive {count(e.label_delay_days, 'day')} after a prediction"
    return "labels arrive within a day"


def workload_profile(e: Effective) -> WorkloadProfile:
    baseline = (
        "nothing in production yet (first model)" if e.first_model else "a model in production"
    )
    summary = (
        f"{capitalize_first(with_article(e.kind.label))} model served {e.serving_mode.served}; "
        # Whether higher is better is stated once, over the promotion criteria.
        f"promoted on {e.primary_metric}; {labels_text(e)}; {baseline}."
    )
    return WorkloadProfile(
        serving=e.serving,
        model_kind=e.model_kind,
        primary_metric=e.primary_metric,
        higher_is_better=e.higher_is_better,
        label_delay_days=e.label_delay_days if e.labels_return else None,
        rows_per_window=e.rows_per_window,
        first_model=e.first_model,
        covered=e.covered,
        labels_return=e.labels_return,
        summary=summary,
    )
