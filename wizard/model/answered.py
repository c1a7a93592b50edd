"""Groups of effective answers that the engine's ``Effective`` and the Design's records both
carry under the same names and with the same meaning: each group is declared once here, and
both inherit it, so a field's type and description cannot drift apart between the value the
engine resolves and the record the renderers read. Plain frozen data.
"""

from __future__ import annotations

from wizard.model.records import record


@record
class ProjectAnswers:
    """Who the design is for and where it runs."""

    project_name: str
    description: str
    ci_platform: str
    cloud: str


@record
class TrackingAnswers:
    """What experiment tracking records and how the registry keeps versions."""

    tracked: tuple[str, ...]
    experiments: tuple[str, ...]
    registry_stages: tuple[str, ...]
    registry_versioning: str
    registry_immutable: bool


@record
class WorkloadAnswers:
    """What the model is, how it serves and how its quality is judged."""

    serving: str
    model_kind: str
    primary_metric: str
    higher_is_better: bool
    label_delay_days: int
    rows_per_window: int | None
    first_model: bool


@record
class PromotionAnswers:
    """The promotion gate's thresholds, checks and approver, as answered (or defaulted)."""

    min_accuracy_gain_pct: float
    """The minimum gain in the primary metric, in percentage points (0: at least as good)."""
    min_metric_value: float | None
    """The floor (ceiling when lower is better) a first model must reach; None: none set."""
    require_leakage_check: bool
    require_bias_checks: bool
    approver: str | None
    """None means no manual gate."""


@record
class RetrainingAnswers:
    """When retraining runs, what triggers it and on how much data."""

    schedule: str
    """Keyword or cron, as answered (or defaulted)."""
    psi_threshold: float
    key_features: tuple[str, ...]
    accuracy_drop_pct: float
    data_window_days: int
    human_review_above_pct: float
    """A change in the primary metric above this many points is flagged for review."""


@record
class PipelineAnswers:
    """What starts the CI pipeline and how each of its jobs is set up."""

    triggers: tuple[str, ...]
    install: str | None
    """What each job runs before its stage; None: nothing."""
    runner: str
    python: str
    """The Python version every job sets up (``3.11``)."""
