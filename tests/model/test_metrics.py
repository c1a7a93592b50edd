"""The metric vocabulary: a known name says its range and its natural gain unit; an unknown
one is only known to be a number."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wizard.model.metrics import GainUnit, MetricKind, metric


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("auc", MetricKind.PROPORTION),
        ("ROC-AUC", MetricKind.PROPORTION),
        ("recall_at_50", MetricKind.PROPORTION),
        ("precision@10", MetricKind.PROPORTION),
        ("hit_rate_at_k", MetricKind.PROPORTION),
        ("f1", MetricKind.PROPORTION),
        ("wape", MetricKind.ERROR),
        ("RMSE", MetricKind.ERROR),
        ("log_loss", MetricKind.ERROR),
        ("cross_entropy", MetricKind.ERROR),
        ("uplift_score", None),
        ("r2", None),
    ],
)
def test_known_names_have_their_kind(name: str, kind: MetricKind | None) -> None:
    assert metric(name).kind is kind


def test_the_gain_unit_follows_the_kind() -> None:
    assert metric("accuracy").gain_unit is GainUnit.POINTS
    assert metric("mape").gain_unit is GainUnit.PERCENT
    assert metric("uplift").gain_unit is None


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_a_value_is_admitted_only_when_finite_and_in_range(value: float) -> None:
    assert metric("auc").admits(value) == (math.isfinite(value) and 0 <= value <= 1)
    assert metric("rmse").admits(value) == (math.isfinite(value) and value >= 0)
    assert metric("uplift").admits(value) == math.isfinite(value)
