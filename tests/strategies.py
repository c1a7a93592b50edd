"""Hypothesis strategies for answers files and evidence: the one home every property test
draws from."""

from __future__ import annotations

from typing import Any, get_args

from hypothesis import strategies as st

from wizard.model import answers as model
from wizard.model import workload
from wizard.model.answers import STAGE_ORDER
from wizard.model.evidence import Evidence, EvidenceItem
from wizard.model.workload import NEVER

# Any text pydantic accepts except lone surrogates, which no UTF-8 file can hold.
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
#: Names with the characters Markdown, Mermaid and YAML care about, and any other text.
NAME = st.one_of(
    st.text(alphabet="abcdefghij_-| `#<>", min_size=1, max_size=12),
    TEXT,
).filter(lambda text: text.strip() and len(text.strip()) <= 200)
#: What ``str.isprintable`` refuses, but the space: drawn from, not filtered, so that
#: hypothesis does not discard most of what it draws.
_UNPRINTABLE = ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs")
_PRINTABLE_TEXT = st.text(
    st.characters(exclude_categories=_UNPRINTABLE, include_characters=" "), max_size=40
)
#: A command or runner label: a name on one printable line (the model refuses the rest).
COMMAND = st.one_of(
    st.text(alphabet="abcdefghij_-| `#<>", min_size=1, max_size=12),
    _PRINTABLE_TEXT,
).filter(lambda text: text.strip() and len(text.strip()) <= 200)
#: An install script: printable lines.
SCRIPT = st.lists(COMMAND, min_size=1, max_size=3).map("\n".join)
PERCENT = st.floats(min_value=0, max_value=100, allow_nan=False)
_CRON_FIELD = st.sampled_from(["*", "*/5", "0", "1-5", "3,15", "*/2", "7"])
CRON = st.builds(
    lambda minute, hour, dom, dow: f"{minute} {hour} {dom} * {dow}",
    _CRON_FIELD,
    _CRON_FIELD,
    st.sampled_from(["*", "1", "1-15", "*/10"]),
    st.sampled_from(["*", "mon-fri", "0", "7", "1,3", "1-5"]),
)
CANARY = st.lists(st.integers(1, 99), unique=True, max_size=4).map(
    lambda stages: [*sorted(stages), 100]
)
PIPELINE_STAGES = st.lists(st.sampled_from(STAGE_ORDER), unique=True).map(
    lambda stages: sorted(stages, key=STAGE_ORDER.index)
)
#: A schedule: a keyword, a cron, or never (no scheduled retraining).
SCHEDULE = st.sampled_from(model.SCHEDULE_KEYWORDS) | CRON | st.just(NEVER)
#: Days until a label arrives, or never (no labels come back from production).
LABEL_DELAY = st.integers(0, 3650) | st.just(NEVER)
#: Primary metrics: proportions (points), errors and losses (percent), and one the metric
#: vocabulary does not know (its unit must be answered).
METRICS = ["accuracy", "auc", "recall_at_50", "wape", "rmse", "mae", "logloss", "uplift_score"]
WINDOW_RULE = st.integers(1, 100).flatmap(
    lambda windows: st.fixed_dictionaries(
        {"breaches": st.integers(1, windows), "windows": st.just(windows)}
    )
)


def choice(literal: Any) -> st.SearchStrategy[Any]:
    return st.sampled_from(get_args(literal))


def unique_list(literal: Any) -> st.SearchStrategy[list[Any]]:
    return st.lists(choice(literal), unique=True)


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A value, or None: an explicit unknown."""
    return st.none() | strategy


def section(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A mapping in which every key may be absent, null or a valid value."""
    return st.fixed_dictionaries({}, optional={k: maybe(v) for k, v in fields.items()})


def _sections(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A mapping of sections: each may be absent, never null (a section is not a value)."""
    return st.fixed_dictionaries({}, optional=fields)


#: Plain data of any valid answers file: every key may be missing (unknown) or null.
ANSWERS_DATA = st.fixed_dictionaries(
    {"schema_version": st.just(1)},
    optional={
        "project": section(
            name=NAME,
            description=TEXT,
            ci_platform=choice(model.CIPlatform),
            cloud=choice(model.Cloud),
            team_size=st.integers(1, 10_000),
            budget=choice(model.Budget),
        ),
        "maturity": section(
            **{key: choice(model.Capability) for key in model.CAPABILITIES},
            level_override=st.integers(0, 3),
        ),
        "components": _sections(
            experiment_tracking=section(
                tool=choice(model.TrackerTool),
                track=unique_list(model.TrackedItem),
                experiments=st.lists(NAME.map(str.strip), unique=True, max_size=4),
            ),
            model_registry=section(
                tool=choice(model.RegistryTool),
                stages=unique_list(model.RegistryStage),
                versioning=choice(model.Versioning),
                immutable=st.booleans(),
            ),
            data_versioning=maybe(choice(model.DataVersioningTool)),
            feature_store=maybe(choice(model.FeatureStoreTool)),
            orchestrator=maybe(choice(model.OrchestratorTool)),
            data_validation=maybe(choice(model.DataValidationTool)),
            monitoring=maybe(choice(model.MonitoringTool)),
        ),
        "workload": section(
            serving=choice(workload.Serving),
            model_kind=choice(workload.ModelKind),
            primary_metric=st.sampled_from(METRICS),
            higher_is_better=st.booleans(),
            label_delay_days=LABEL_DELAY,
            rows_per_window=st.integers(1, 10_000_000),
            first_model=st.booleans(),
        ),
        "governance": section(
            regime=choice(workload.Regime),
            frameworks=st.lists(
                st.sampled_from(["sr-11-7", "eu-ai-act-high-risk", "gdpr"]), unique=True
            ),
            locked=st.booleans(),
        ),
        "deployment": section(
            strategy=choice(workload.StrategyChoice), bake_minutes=st.integers(0, 1440)
        ),
        "promotion": section(
            min_accuracy_gain_pct=PERCENT,
            gain_unit=choice(model.GainUnitChoice),
            min_metric_value=st.floats(min_value=0, max_value=1),
            max_latency_ms=st.floats(min_value=0, max_value=600_000, exclude_min=True),
            require_leakage_check=st.booleans(),
            require_bias_checks=st.booleans(),
            approver=NAME,
        ),
        "retraining": _sections(
            schedule=maybe(SCHEDULE),
            drift=section(
                psi_threshold=st.floats(min_value=0, max_value=1, exclude_min=True),
                key_features=st.lists(NAME.map(str.strip), unique=True, max_size=4),
                max_missing_pct=PERCENT,
            ),
            performance=section(accuracy_drop_pct=PERCENT, window_rule=WINDOW_RULE),
            data_window_days=maybe(st.integers(1, 3650)),
            human_review_above_pct=maybe(PERCENT),
            canary_stages=maybe(CANARY),
        ),
        "cicd": section(
            triggers=unique_list(model.Trigger),
            stages=PIPELINE_STAGES,
            manual_approval=st.booleans(),
            commands=st.dictionaries(st.sampled_from(STAGE_ORDER), COMMAND, max_size=3),
            install=SCRIPT,
            runner=COMMAND,
        ),
        "wizard": section(step=choice(model.Step)),
    },
)

EVIDENCE = st.builds(
    lambda items: Evidence(items=tuple(items), root="repo", files_scanned=len(items)),
    st.lists(
        st.builds(
            EvidenceItem,
            st.sampled_from(
                ["experiment_tracking", "model_registry", "data_versioning", "monitoring"]
            ),
            st.sampled_from(["mlflow", "dvc", "evidently", "wandb"]),
            st.sampled_from(["train.py", "dvc.yaml"]),
            maybe(st.integers(1, 99)),
            st.just("found"),
        ),
        max_size=4,
    ),
)
