"""mlops.mk's failing targets say what to put there, true to the design they serve."""

from __future__ import annotations

import pytest

from tests.paths import EXAMPLES
from wizard.engine import build_design
from wizard.io.loader import load_answers
from wizard.render.ci.makefile import render_stage_targets
from wizard.render.lifecycle_words import undo


def _rollback_recipe(example: str) -> str:
    text = render_stage_targets(build_design(load_answers(EXAMPLES / f"{example}.yaml"))).text
    return text.split("\nrollback:\n", 1)[1].split("\n\n", 1)[0]


def test_a_batch_rollback_target_speaks_of_the_next_scoring_run_not_traffic() -> None:
    recipe = _rollback_recipe("demand-forecast")  # batch: champion-challenger
    assert "next scoring run" in recipe
    assert "traffic" not in recipe


@pytest.mark.parametrize("example", ["fraud-detection", "recommender", "churn-azure"])
def test_the_rollback_target_says_what_undoing_each_step_means(example: str) -> None:
    design = build_design(load_answers(EXAMPLES / f"{example}.yaml"))
    recipe = _rollback_recipe(example).replace("'\"'\"'", "'")
    for step in design.lifecycle.steps:
        assert undo(design, step) in recipe, step.id
