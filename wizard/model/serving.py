"""The serving modes, one row each: whether there is live traffic to split, mirror or switch,
whether a caller waits for a prediction, which release strategies fit, whether labels come
back from production, and what the document says of its staging, its rollback, its gate and
its monitoring.

A serving mode is data: the engine reads its row and never compares a mode's name. Facts
from ../shared/DOMAIN.md ("Deployment strategies and governance", "Labels and release kinds").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from types import MappingProxyType
from typing import Any

from wizard.model.records import record

#: Apple's phased release of an app update runs over seven days; Google Play's staged
#: rollout releases to a percentage of users that the developer raises.
_PHASED_RELEASE_SOURCES = (
    "https://developer.apple.com/help/app-store-connect/update-your-app/release-a-version-update-in-phases",
    "https://support.google.com/googleplay/android-developer/answer/6346149",
)


@record
class ServingFacts:
    id: str
    """The answer's spelling, ``streaming``."""
    label: str
    """Its name on the forms: ``on devices (edge)``."""
    served: str
    """How it reads after "served": ``on devices``."""
    live_traffic: bool
    """Requests arrive live, so a share of them can be split, mirrored or switched."""
    caller_waits: bool
    """A caller (a request, an event, a user on the device) waits for each prediction, so
    latency is a promotion criterion."""
    strategies: tuple[str, ...]
    """The release strategies that fit, the one ``auto`` derives first."""
    misfit: str
    """Why a strategy outside ``strategies`` cannot run here ('' where all fit)."""
    labels_return: bool
    """Labels come back from production unless the answers say when (edge: they rarely do)."""
    staging_check: str
    """What the deploy_staging stage checks before the next stage may start."""
    no_features: str
    """Why a feature store has nothing to serve a model fed engineered features ('' where
    features are computed at request time, as online)."""
    rollback: str = ""
    """What undoing a release means here, when it is the same whatever the strategy ('':
    the strategy's own rollback)."""
    release: tuple[str, ...] = ()
    """How a release reaches production here, beyond the strategy's steps."""
    gate_checks: tuple[str, ...] = ()
    """Promotion criteria this serving mode adds, each a noun phrase."""
    latency_note: str = ""
    """Why latency is (or is not) a criterion, for the promotion table."""
    watches: tuple[str, ...] = ()
    """What monitoring watches here besides drift and the metric."""
    inputs: str = "production inputs"
    """Where the inputs a monitoring tool reads come from: a server sees the production
    inputs; a device's inputs never reach one, only the samples its telemetry reports."""
    monitoring_tasks: tuple[str, ...] = ()
    """Roadmap tasks the serving mode adds to monitoring (a stream's feature freshness)."""
    sources: tuple[str, ...] = ()
    """The pages its release facts rest on."""
    defaults: Mapping[str, Any] = field(default_factory=dict)
    """Answer key -> the default that fits this mode, where the design card's does not."""


_SERVING: tuple[ServingFacts, ...] = (
    ServingFacts(
        id="online",
        label="online (request/response)",
        served="online, per request",
        live_traffic=True,
        caller_waits=True,
        strategies=("canary", "shadow", "blue-green", "champion-challenger"),
        misfit="",
        labels_return=True,
        staging_check="deploys to staging and runs the integration tests against it",
        no_features="",
        latency_note="online serving: a caller waits for each prediction",
    ),
    ServingFacts(
        id="batch",
        label="batch scoring",
        served="in batch",
        live_traffic=False,
        caller_waits=False,
        strategies=("champion-challenger",),
        misfit="batch scoring has no live traffic to split, mirror or switch: the challenger "
        "scores the same batch beside the champion",
        labels_return=True,
        staging_check="scores a sample batch with the registered version and checks its "
        "output (row count, schema, score distribution) before the full run",
        no_features="the batch job computes the features for training and scoring alike, so "
        "there is no request-time copy of them to drift apart",
        rollback="restores the previous version for the next scoring run",
        release=(
            "The next scheduled batch is scored by the new champion; the batch's deadline, "
            "not a latency, is what it must meet.",
        ),
        latency_note="batch scoring: no caller waits, so latency is no criterion (a batch "
        "deadline may be)",
    ),
    ServingFacts(
        id="streaming",
        label="streaming",
        served="on a stream",
        live_traffic=True,
        caller_waits=True,
        strategies=("canary", "shadow", "blue-green"),
        misfit="a stream's events cannot wait for a batch comparison: use shadow or canary",
        labels_return=True,
        staging_check="deploys to staging, replays a sample of recent events through it and "
        "runs the integration tests",
        no_features="",
        latency_note="streaming: each event waits for its score",
        watches=(
            "feature freshness: the age of each key feature's latest value when an event is "
            "scored, against the stream's expected lag",
        ),
        # What freshness means is said once, under Monitoring.
        monitoring_tasks=("Alert on feature freshness (Monitoring)",),
        defaults={"retraining.drift.cadence": "hourly"},
    ),
    ServingFacts(
        id="edge",
        label="on devices (edge)",
        served="on devices",
        live_traffic=False,
        caller_waits=True,
        strategies=("staged-cohorts",),
        misfit="an app release has no traffic to split or switch: it reaches devices by a "
        "phased release",
        labels_return=False,
        staging_check="converts the model for the devices (TFLite, Core ML or ONNX) and runs "
        "the conversion-parity and on-device benchmark checks on the staged build",
        no_features="features are computed on the device from its own inputs, where a feature "
        "store cannot serve them",
        rollback="switches the new model off on the devices that have it by the remote-config "
        "kill switch (they fall back to the model they had) and halts the phased release; a "
        "fix ships as a new release",
        release=(
            "A release reaches devices by a phased release (Apple's phased release over 7 "
            "days, Google Play's staged rollout by percentage) or by OTA cohorts; each cohort "
            "is held and checked before the next.",
            "A remote-config kill switch turns the new model off on the devices that have it, "
            "without waiting for a new release.",
        ),
        gate_checks=(
            "conversion parity: the converted model (TFLite, Core ML or ONNX) predicts as the "
            "trained one on the evaluation set",
            "on-device benchmarks: p95 latency and memory on the reference devices",
        ),
        latency_note="on devices: the user waits; measured on the reference devices",
        watches=(
            "crash-free sessions and on-device latency, per release cohort",
            "the prediction distribution the devices report, against the previous model's",
        ),
        inputs="the devices' telemetry samples",
        sources=_PHASED_RELEASE_SOURCES,
    ),
)

#: Serving mode id -> its facts, in the order the forms offer them.
SERVING_MODES: Mapping[str, ServingFacts] = MappingProxyType(
    {serving.id: serving for serving in _SERVING}
)
SERVING_IDS: tuple[str, ...] = tuple(SERVING_MODES)
