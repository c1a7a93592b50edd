"""Property: build_design never raises for any valid Answers, and is deterministic."""

from __future__ import annotations

from typing import Any, get_args

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wizard.engine import build_design
from wizard.model import answers as model
from wizard.model.answers import STAGE_ORDER, Answers
from wizard.model.design import Design
from wizard.model.evidence import Evidence, EvidenceItem


def choice(literal: Any) -> st.SearchStrategy[Any]:
    return st.sampled_from(get_args(literal))


def subset(literal: Any) -> st.SearchStrategy[list[Any]]:
    return st.lists(choice(literal), unique=True)


def section(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A mapping in which every key may be missing (unknown) or null where allowed."""
    return st.fixed_dictionaries({}, optional=fields)


def nullable(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


names = st.text(alphabet="abcdefghij_-| `#<>", min_size=1, max_size=12).filter(str.strip)
percent = st.floats(min_value=0, max_value=100, allow_nan=False)
cron_field = st.sampled_from(["*", "*/5", "0", "1-5", "3,15", "5-2", "*/2", "7"])
cron = st.builds(
    lambda minute, hour, dom, dow: f"{minute} {hour} {dom} * {dow}",
    cron_field,
    cron_field,
    st.sampled_from(["*", "1", "1-15", "*/10"]),
    st.sampled_from(["*", "mon-fri", "0", "7", "1,3"]),
)
canary = st.lists(st.integers(1, 99), unique=True, max_size=4).map(lambda xs: [*sorted(xs), 100])
stages = st.lists(st.sampled_from(STAGE_ORDER), unique=True).map(
    lambda chosen: [stage for stage in STAGE_ORDER if stage in chosen]
)
window_rule = st.integers(1, 10).flatmap(
    lambda windows: st.builds(
        lambda breaches: {"breaches": breaches, "windows": windows}, st.integers(1, windows)
    )
)

answers_data = st.fixed_dictionaries(
    {"schema_version": st.just(1)},
    optional={
        "project": section(
            name=names,
            description=st.text(max_size=40),
            ci_platform=choice(model.CIPlatform),
            cloud=choice(model.Cloud),
        ),
        "maturity": section(
            **{name: choice(model.Capability) for name in model.CAPABILITIES},
            level_override=nullable(st.integers(0, 3)),
        ),
        "components": section(
            experiment_tracking=section(
                tool=choice(model.TrackerTool),
                track=subset(model.TrackedItem),
                experiments=st.lists(names, unique=True, max_size=3),
            ),
            model_registry=section(
                tool=choice(model.RegistryTool),
                stages=subset(model.RegistryStage),
                versioning=choice(model.Versioning),
                immutable=st.booleans(),
            ),
            data_versioning=choice(model.DataVersioningTool),
            feature_store=choice(model.FeatureStoreTool),
            orchestrator=choice(model.OrchestratorTool),
            data_validation=choice(model.DataValidationTool),
            monitoring=choice(model.MonitoringTool),
        ),
        "promotion": section(
            min_accuracy_gain_pct=percent,
            max_latency_ms=st.floats(min_value=0.001, max_value=600_000),
            require_leakage_check=st.booleans(),
            require_bias_checks=st.booleans(),
            approver=nullable(names),
        ),
        "retraining": section(
            schedule=st.one_of(st.sampled_from(model.SCHEDULE_KEYWORDS), cron),
            drift=section(
                psi_threshold=st.floats(min_value=0.0001, max_value=1),
                key_features=st.lists(names, unique=True, max_size=4),
            ),
            performance=section(accuracy_drop_pct=percent, window_rule=nullable(window_rule)),
            data_window_days=st.integers(1, 3650),
            human_review_above_pct=percent,
            canary_stages=canary,
        ),
        "cicd": section(
            triggers=subset(model.Trigger),
            stages=stages,
            manual_approval=st.booleans(),
            commands=st.dictionaries(choice(model.Stage), names, max_size=3),
        ),
    },
)

evidence = st.builds(
    lambda items: Evidence(items=tuple(items), root="repo", files_scanned=len(items)),
    st.lists(
        st.builds(
            EvidenceItem,
            st.sampled_from(
                ["experiment_tracking", "model_registry", "data_versioning", "monitoring"]
            ),
            st.sampled_from(["mlflow", "dvc", "evidently", "wandb"]),
            st.sampled_from(["train.py", "dvc.yaml"]),
            nullable(st.integers(1, 99)),
            st.just("found"),
        ),
        max_size=4,
    ),
)


def _check(design: Design) -> None:
    assert 0 <= design.maturity.level <= 3
    assert 0 <= design.confidence.score <= 100
    assert [stage.name for stage in design.pipeline.stages] == [
        stage for stage in STAGE_ORDER if stage in {s.name for s in design.pipeline.stages}
    ]
    assert all(value == value.strip() for value in design.pipeline.environment.values())
    assert design.roadmap and all(phase.tasks for phase in design.roadmap)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=answers_data, found=evidence)
def test_build_design_never_raises_and_is_deterministic(
    data: dict[str, Any], found: Evidence
) -> None:
    answers = Answers.model_validate(data)
    design = build_design(answers, found)
    _check(design)
    assert build_design(Answers.model_validate(data), found) == design
