"""Monitoring: the drift method the chosen tool actually offers (its catalog entry), how late
the performance trigger is, and how a PSI threshold behaves at the team's window size.

With nothing changed, PSI between n reference and m current rows is about
(1/n + 1/m)·χ²(B − 1) for B bins (Yurdakul 2018); with n = m and 10 bins this reproduces the
table in ../shared/DOMAIN.md ("PSI depends on the window size": 0.1 at 100 rows alarms on
about 84 % of stable windows). The engine uses n = m, the conservative case.
"""

from __future__ import annotations

from wizard.engine.resolve import Effective
from wizard.model.catalog import catalog_entry
from wizard.model.chi2 import chi2_sf
from wizard.model.defaults import CADENCE_CRON
from wizard.model.design import MonitoringPlan
from wizard.model.formatting import number
from wizard.model.wording import count

PSI_BINS = 10
#: A threshold that alarms on more than this share of stable windows is noise.
NOISE_RATE = 0.05
#: A threshold more than this many times the 1 %-false-alarm threshold is blind.
BLIND_FACTOR = 2.0
TARGET_RATE = 0.01


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
        cadence=e.drift_cadence,
        cron=monitoring_cron(e.drift_cadence),
        watches=e.serving_mode.watches,
        regulator_term=term,
    )


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


def psi_window_finding(threshold: float, rows: int) -> tuple[str, str] | None:
    """('noise' | 'blind', sentence) when ``threshold`` does not fit ``rows`` per window."""
    rate = false_alarm_rate(threshold, rows)
    fit = threshold_for(TARGET_RATE, rows)
    basis = (
        f"an unchanged window of {rows:,} rows has a mean PSI of about "
        f"{number(round(stable_mean(rows), 4))} (Yurdakul 2018); the threshold for 1 % false "
        "alarms is about "
        f"{number(round(fit, 4))}"
    )
    if rate > NOISE_RATE:
        return (
            "noise",
            f"PSI {number(threshold)} alarms on about {rate:.0%} of stable windows at "
            f"{rows:,} rows per window: {basis}. Raise the threshold, widen the window, or "
            "calibrate on your data.",
        )
    if threshold > BLIND_FACTOR * fit:
        return (
            "blind",
            f"PSI {number(threshold)} is blind at {rows:,} rows per window: {basis}, so "
            "only a shift far beyond noise fires it. Lower it towards that threshold, or "
            "calibrate on your data.",
        )
    return None
