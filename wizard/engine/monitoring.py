"""Monitoring: the drift method the chosen tool actually offers (its catalog entry), how late
the performance trigger is, and how a PSI threshold behaves at the team's window size.

With nothing changed, PSI between n reference and m current rows is about
(1/n + 1/m)·χ²(B − 1) for B bins (Yurdakul 2018); with n = m and 10 bins this reproduces the
table in ../shared/DOMAIN.md ("PSI depends on the window size": 0.1 at 100 rows alarms on
about 84 % of stable windows). The engine uses n = m, the conservative case.

The noise floor is a lower bound, not a target: the smallest threshold that keeps false alarms
at the yearly target across the key features, at the window size and the monitoring cadence
(the same target ``mlops-wizard calibrate`` recommends for). Below it, a threshold alarms on
noise; above it, the threshold is the size of shift the team chose to act on (DOMAIN.md, "The
PSI threshold: noise floor and effect size").
"""

from __future__ import annotations

from wizard.engine.resolve import Effective
from wizard.model.catalog import catalog_entry
from wizard.model.chi2 import chi2_sf
from wizard.model.defaults import CADENCE_CRON
from wizard.model.design import MonitoringPlan
from wizard.model.psi_bands import TARGET_FALSE_ALARMS_PER_YEAR
from wizard.model.wording import count

PSI_BINS = 10
#: What stands in for the primary metric when no labels come back from production.
NO_LABELS_STAND_IN = (
    "prediction drift (the model's outputs against the reference), the proxy metrics the "
    "team names, and offline evaluation of each candidate on samples labelled for it"
)


def false_alarm_rate(threshold: float, rows: int, bins: int = PSI_BINS) -> float:
    """The share of stable windows whose PSI exceeds ``threshold`` at ``rows`` per window."""
    return chi2_sf(threshold * rows / 2, bins - 1)


def threshold_for(rate: float, rows: int, bins: int = PSI_BINS) -> float:
    """The PSI threshold that stable windows of ``rows`` exceed at ``rate``."""
    low, high = 0.0, 1000.0
    for _ in range(200):
        middle = (low + high) / 2
        if chi2_sf(middle, bins - 1) > rate:
            low = middle
        else:
            high = middle
    return high * 2 / rows


def stable_mean(rows: int, bins: int = PSI_BINS) -> float:
    """The mean PSI of an unchanged window of ``rows``."""
    return (bins - 1) * 2 / rows


def false_alarms_per_year(
    threshold: float, rows: int, features: int, windows_per_year: float
) -> float:
    """How often a year unchanged windows cross ``threshold`` on any of ``features`` key
    features (each judged on its own: the union bound, as ``calibrate`` counts them)."""
    return windows_per_year * max(features, 1) * false_alarm_rate(threshold, rows)


def noise_floor(
    rows: int,
    features: int,
    windows_per_year: float,
    target_per_year: float = TARGET_FALSE_ALARMS_PER_YEAR,
) -> float:
    """The smallest threshold whose false alarms stay at ``target_per_year`` across the key
    features: PSI's (1 − α/k) quantile for α the target rate per window and k features."""
    per_feature = target_per_year / windows_per_year / max(features, 1)
    if per_feature >= 1:
        return 0.0  # fewer windows a year than the target allows alarms: no floor
    return threshold_for(per_feature, rows)


def _early_warning(e: Effective) -> str:
    if e.labels_return and e.label_delay_days == 0:
        return ""
    tool = catalog_entry("monitoring", e.tools["monitoring"])
    task = e.kind.estimate
    # An estimate stands in for labels that come late, not for labels that never come.
    if e.labels_return and tool.drift is not None and task in tool.drift.estimates:
        method = tool.drift.estimates[task]
        return (
            f"{tool.name}'s {method} estimates {e.primary_metric} before the labels arrive; "
            "act on the estimate, confirm on the labels"
        )
    return (
        # NannyML, which would estimate the metric itself, is weighed under Tool Recommendations.
        "prediction drift (PSI of the model's output against the reference), which needs no labels"
    )


def monitoring_cron(cadence: str) -> str:
    """The monitoring job's cron for ``cadence`` (a keyword, or a cron given as is)."""
    return CADENCE_CRON.get(cadence, cadence)


def monitoring_plan(e: Effective) -> MonitoringPlan:
    tool = catalog_entry("monitoring", e.tools["monitoring"])
    assert tool.drift is not None  # the catalog gives every monitoring entry one
    term = next((domain.monitoring_term for domain in e.domains if domain.monitoring_term), "")
    return MonitoringPlan(
        tool=tool.id,
        drift_method=tool.drift.method,
        psi_source=tool.drift.psi_source,
        computes_psi=tool.computes_psi,
        source=tool.source,
        performance=_performance_watch(e),
        early_warning=_early_warning(e),
        without_labels=_without_labels(e),
        cadence=e.drift_cadence,
        cron=monitoring_cron(e.drift_cadence),
        watches=e.serving_mode.watches,
        regulator_term=term,
    )


def _without_labels(e: Effective) -> str:
    if e.labels_return:
        return ""
    # Said under "No labels come back": the line need not say why again.
    return f"nothing measures {e.primary_metric} on live predictions; {NO_LABELS_STAND_IN} stand in"


def _performance_watch(e: Effective) -> str:
    """What the performance trigger measures, and how far behind the predictions."""
    if not e.labels_return:
        return (
            f"no labels come back from production: {e.primary_metric} is measured offline "
            "before each release, and prediction drift watches production"
        )
    if e.label_delay_days:
        return (
            f"{e.primary_metric} on windows whose labels have arrived, "
            f"{count(e.label_delay_days, 'day')} behind the predictions"
        )
    return f"{e.primary_metric} on each window, labelled as it closes"
