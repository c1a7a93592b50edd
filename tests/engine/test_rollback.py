"""What undoing each step of the release means is true for each strategy's serving mode: only
strategies that serve live traffic return traffic; a batch's next scoring run uses the
previous version; a shadow removes itself until its switch; a phased release halts and sends
the previous model back by remote configuration."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given

from tests.engine.conftest import AnswersFactory
from tests.strategies import ANSWERS_DATA
from wizard.engine import build_design
from wizard.model.answers import Answers
from wizard.model.lifecycle import Undo
from wizard.render.lifecycle_words import undo


@pytest.mark.parametrize(
    ("values", "strategy", "undos"),
    [
        (
            {"workload.serving": "batch", "workload.label_delay_days": 7},
            "champion-challenger",
            [Undo.DROP_CHALLENGER, Undo.DROP_CHALLENGER, Undo.RESTORE_PRODUCTION],
        ),
        (
            {"workload.serving": "online", "workload.label_delay_days": 0},
            "canary",
            [Undo.RETURN_TRAFFIC] * 3 + [Undo.RESTORE_PRODUCTION],
        ),
        (
            {"workload.serving": "online", "workload.label_delay_days": 30},
            "shadow",
            [Undo.REMOVE_SHADOW, Undo.REMOVE_SHADOW, Undo.SWITCH_BACK, Undo.RESTORE_PRODUCTION],
        ),
        (
            {"workload.serving": "edge"},
            "staged-cohorts",
            [Undo.HALT_RELEASE] * 3 + [Undo.RESTORE_PRODUCTION],
        ),
        (
            {"workload.serving": "online", "deployment.strategy": "blue-green"},
            "blue-green",
            [Undo.REMOVE_STANDBY, Undo.SWITCH_BACK, Undo.RESTORE_PRODUCTION],
        ),
    ],
)
def test_each_step_says_what_undoing_it_means(
    make_answers: AnswersFactory, values: dict[str, Any], strategy: str, undos: list[Undo]
) -> None:
    design = build_design(make_answers(values))
    assert design.lifecycle.strategy == strategy
    assert [step.undo for step in design.lifecycle.steps] == undos


def test_an_app_release_names_its_kill_switch(make_answers: AnswersFactory) -> None:
    # On devices a release is undone by the remote-config kill switch, whatever the strategy.
    design = build_design(make_answers({"workload.serving": "edge"}))
    assert any("remote-config kill switch" in line for line in design.deployment.release)
    assert not build_design(make_answers({"workload.serving": "online"})).deployment.release


def test_blue_green_checks_its_standby_not_a_shadow(make_answers: AnswersFactory) -> None:
    lifecycle = build_design(
        make_answers({"workload.serving": "online", "deployment.strategy": "blue-green"})
    ).lifecycle
    assert all(not step.move.mirrored for step in lifecycle.steps)
    assert lifecycle.steps[0].move.standby and lifecycle.steps[0].move.traffic_percent is None


@given(data=ANSWERS_DATA)
def test_a_batch_release_never_returns_traffic(data: dict[str, Any]) -> None:
    design = build_design(Answers.model_validate(data))
    if design.lifecycle.strategy == "champion-challenger":
        for step in design.lifecycle.steps:
            assert "traffic" not in undo(design, step)
            assert step.move.traffic_percent is None
        assert "the next scoring run" in undo(design, design.lifecycle.steps[-1])
