"""What a failed check's ``make rollback`` does is true for each strategy's serving mode: only
strategies that serve live traffic return traffic; a batch's next scoring run uses the
previous version; a shadow returns traffic only after its switch; device cohorts get the
previous version back."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given

from tests.engine.conftest import AnswersFactory
from tests.strategies import ANSWERS_DATA
from wizard.engine import build_design
from wizard.model.answers import Answers


@pytest.mark.parametrize(
    ("values", "strategy", "says", "never"),
    [
        ({"workload.serving": "batch"}, "champion-challenger", "the next scoring run", "traffic"),
        (
            {"workload.serving": "online", "workload.label_delay_days": 0},
            "canary",
            "returns all traffic to the previous registered version",
            "scoring run",
        ),
        (
            {"workload.serving": "online", "workload.label_delay_days": 30},
            "shadow",
            "after the switch, returns all traffic",
            "scoring run",
        ),
        ({"workload.serving": "edge"}, "staged-cohorts", "remote-config kill switch", "traffic"),
        (
            {"workload.serving": "online", "deployment.strategy": "blue-green"},
            "blue-green",
            "switches traffic back",
            "scoring run",
        ),
    ],
)
def test_each_strategys_rollback_says_what_it_does_for_its_serving_mode(
    make_answers: AnswersFactory, values: dict[str, Any], strategy: str, says: str, never: str
) -> None:
    plan = build_design(make_answers(values)).deployment
    assert plan.strategy == strategy
    assert says in plan.rollback_effect
    assert never not in plan.rollback_effect


def test_blue_green_checks_its_standby_not_a_shadow(make_answers: AnswersFactory) -> None:
    plan = build_design(
        make_answers({"workload.serving": "online", "deployment.strategy": "blue-green"})
    ).deployment
    assert all("shadow" not in step.check for step in plan.steps)


@given(data=ANSWERS_DATA)
def test_a_batch_rollback_never_returns_traffic(data: dict[str, Any]) -> None:
    design = build_design(Answers.model_validate(data))
    if design.deployment.strategy == "champion-challenger":
        assert "traffic" not in design.deployment.rollback_effect
        assert "the previous version for the next scoring run" in design.deployment.rollback_effect
