"""The metric vocabulary: what a primary metric's name says about the values it can take and
the unit its gain is naturally counted in.

A proportion (accuracy, AUC, precision, recall, F1, hit rate…) lies in 0–1, and a gain in it
reads in percentage points (×100). An error or a loss (RMSE, MAE, MAPE, WAPE, log loss…) is
0 or more, and a gain reads as a relative change in percent (MLflow's ``MetricThreshold`` has
``min_absolute_change`` and ``min_relative_change`` for the same reason). ``gate`` refuses a
value outside its metric's range; an unknown metric is checked for being a finite number only,
and ``gate`` says so.

The one gain rule (``gain_unit`` and ``gain``): the answers' ``promotion.gain_unit`` stands
unless it is ``auto``, which takes the metric's natural unit; for a metric the vocabulary does
not know, ``auto`` has no unit, and the design asks for one instead of guessing. The gate, the
human-review bound, the performance trigger and the documents all count a change this way.
"""

from __future__ import annotations

import math
import re
from enum import StrEnum

from wizard.model.records import record


class MetricKind(StrEnum):
    PROPORTION = "proportion"
    """In 0–1."""
    ERROR = "error"
    """An error or a loss: 0 or more."""


class GainUnit(StrEnum):
    POINTS = "points"
    """Percentage points of a 0–1 metric (×100)."""
    PERCENT = "percent"
    """A relative change, in percent of the production value."""
    UNITS = "units"
    """The metric's own units: the plain difference."""


#: The answer that leaves the unit to the metric (``promotion.gain_unit: auto``).
AUTO = "auto"
#: Decimals a gain is rounded to, so 0.83 − 0.82 is exactly 1 point.
GAIN_DECIMALS = 9


@record
class Metric:
    name: str
    """The name as the answers give it."""
    kind: MetricKind | None
    """None: not in the vocabulary, so only finiteness is known."""

    @property
    def gain_unit(self) -> GainUnit | None:
        """The unit a gain in this metric is naturally counted in."""
        if self.kind is MetricKind.PROPORTION:
            return GainUnit.POINTS
        if self.kind is MetricKind.ERROR:
            return GainUnit.PERCENT
        return None

    @property
    def range_text(self) -> str:
        """What a value of this metric may be, in words."""
        if self.kind is MetricKind.PROPORTION:
            return f"a finite number in 0-1, as {self.name} is a proportion"
        if self.kind is MetricKind.ERROR:
            return f"a finite number, 0 or more, as {self.name} is an error or a loss"
        return "a finite number"

    def admits(self, value: float) -> bool:
        """Whether ``value`` is a value this metric can take."""
        if not math.isfinite(value):
            return False
        if self.kind is MetricKind.PROPORTION:
            return 0 <= value <= 1
        if self.kind is MetricKind.ERROR:
            return value >= 0
        return True


_PROPORTIONS = frozenset(
    {
        "accuracy",
        "balanced_accuracy",
        "top_k_accuracy",
        "auc",
        "roc_auc",
        "auroc",
        "pr_auc",
        "auprc",
        "average_precision",
        "precision",
        "recall",
        "sensitivity",
        "specificity",
        "tpr",
        "tnr",
        "f1",
        "f1_score",
        "f2",
        "fbeta",
        "hit_rate",
        "ndcg",
        "map",
        "mrr",
        "coverage",
        "iou",
        "dice",
        "jaccard",
        "gini_normalized",
        "ks",
    }
)
_ERRORS = frozenset(
    {
        "rmse",
        "mae",
        "mse",
        "msle",
        "rmsle",
        "mape",
        "wape",
        "smape",
        "mase",
        "medae",
        "logloss",
        "log_loss",
        "cross_entropy",
        "brier",
        "brier_score",
        "huber",
        "pinball",
        "quantile_loss",
        "perplexity",
        "wer",
        "cer",
        "error_rate",
    }
)
# recall_at_50, precision@10, hit_rate_at_k, ndcg@k: the metric at a cut-off is the metric.
_CUT_OFF = re.compile(r"(?:_at_|@)(?:\d+|k)$")


def _normal(name: str) -> str:
    return _CUT_OFF.sub("", name.strip().lower().replace("-", "_").replace(" ", "_"))


def metric(name: str) -> Metric:
    """The vocabulary's entry for ``name`` (unknown names have no kind)."""
    base = _normal(name)
    if base in _PROPORTIONS:
        return Metric(name, MetricKind.PROPORTION)
    if base in _ERRORS:
        return Metric(name, MetricKind.ERROR)
    return Metric(name, None)


def gain_unit(metric_name: str, answer: str) -> GainUnit | None:
    """The unit a change in ``metric_name`` is counted in: the answer, unless it is ``auto``,
    then the metric's natural unit; None when ``auto`` meets a metric the vocabulary does not
    know (the design asks which unit; it never guesses)."""
    if answer != AUTO:
        return GainUnit(answer)
    return metric(metric_name).gain_unit


def gain(
    unit: GainUnit, candidate: float, production: float, *, higher_is_better: bool
) -> float | None:
    """candidate − production in the metric's direction, counted in ``unit`` (positive: the
    candidate is better). None when a relative change has no base: production at 0 and the
    candidate elsewhere."""
    sign = 1 if higher_is_better else -1
    difference = sign * (candidate - production)
    if unit is GainUnit.POINTS:
        change = difference * 100
    elif unit is GainUnit.UNITS:
        change = difference
    elif production == 0:
        # A relative change from nothing: none when nothing changed, else no finite number.
        return 0.0 if candidate == production else None
    else:
        change = difference / abs(production) * 100
    return round(change, GAIN_DECIMALS)
