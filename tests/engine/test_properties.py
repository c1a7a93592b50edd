"""Property: build_design never raises for any valid Answers, and is deterministic."""

from __future__ import annotations

from typing import Any

from hypothesis import given

from tests.strategies import ANSWERS_DATA, EVIDENCE
from wizard.engine import build_design
from wizard.model.answers import STAGE_ORDER, Answers
from wizard.model.design import Design
from wizard.model.evidence import Evidence


def _check(design: Design) -> None:
    assert 0 <= design.maturity.level <= 3
    assert 0 <= design.confidence.score <= 100
    assert [stage.name for stage in design.pipeline.stages] == [
        stage for stage in STAGE_ORDER if stage in {s.name for s in design.pipeline.stages}
    ]
    assert all(value == value.strip() for value in design.pipeline.environment.values())
    assert design.roadmap and all(phase.tasks for phase in design.roadmap)


@given(data=ANSWERS_DATA, found=EVIDENCE)
def test_build_design_never_raises_and_is_deterministic(
    data: dict[str, Any], found: Evidence
) -> None:
    answers = Answers.model_validate(data)
    design = build_design(answers, found)
    _check(design)
    assert build_design(Answers.model_validate(data), found) == design
