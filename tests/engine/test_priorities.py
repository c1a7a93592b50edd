""" "Answer these first": the unknown answers that change the most of the design come first.

The order is a declared weight table (``wizard.engine.priorities``); these tests hold it to
what the design does: each key the lead must answer first changes more of architecture.md than
any tool's own setting, measured by building the design with the key's alternatives.
"""

from __future__ import annotations

import difflib
from typing import Any

import pytest

from tests.paths import EXAMPLES
from wizard.engine import build_design
from wizard.engine.priorities import weight
from wizard.io.loader import load_answers
from wizard.model.answers import Answers
from wizard.model.dotted_keys import with_values
from wizard.render.markdown import render_markdown

#: The answers the lead review found missing from the top of the list, with alternatives.
DECISIVE: dict[str, list[Any]] = {
    "workload.serving": ["batch", "streaming"],
    "workload.model_kind": ["forecasting", "recommender"],
    "promotion.approver": ["Head of risk", None],
    "workload.label_delay_days": [0, 60, "never"],
    "retraining.data_window_days": [90, 7],
    "retraining.schedule": ["monthly", "daily", "never"],
    "governance.regime": ["regulated", "internal-review"],
    "governance.locked": [True],
}
#: A tool's own settings: what the review found asked first of a team without the tool.
SETTINGS: dict[str, list[Any]] = {
    "components.model_registry.stages": [["development", "production"]],
    "components.model_registry.versioning": ["integer"],
    "components.model_registry.immutable": [False],
    "components.experiment_tracking.experiments": [["baseline", "tuning"]],
    "components.experiment_tracking.track": [["metrics"]],
}


def _tool_setting(key: str) -> bool:
    return key.startswith("components.") and key.count(".") == 2 and not key.endswith(".tool")


def _unknown() -> Answers:
    return load_answers(EXAMPLES / "minimal.yaml")


def _lines_changed(base: Answers, key: str, values: list[Any]) -> int:
    """The most lines of architecture.md any alternative value of ``key`` changes."""
    before = render_markdown(build_design(base)).splitlines()
    most = 0
    for value in values:
        after = render_markdown(build_design(with_values(base, {key: value}))).splitlines()
        diff = difflib.unified_diff(before, after, n=0, lineterm="")
        changed = [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]
        most = max(most, len(changed))
    return most


def test_each_decisive_answer_changes_more_of_the_design_than_any_tool_setting() -> None:
    base = _unknown()
    settings = {key: _lines_changed(base, key, values) for key, values in SETTINGS.items()}
    for key, values in DECISIVE.items():
        changed = _lines_changed(base, key, values)
        assert changed > max(settings.values()), (key, changed, settings)
        assert weight(key) > max(weight(setting) for setting in SETTINGS), key


@pytest.mark.parametrize("example", ["minimal"])
def test_the_list_asks_what_changes_the_design_and_never_a_tool_setting(example: str) -> None:
    design = build_design(load_answers(EXAMPLES / f"{example}.yaml"))
    keys = [gap.key for gap in design.answer_first]
    assert keys, "the minimal answers are below the confidence that asks first"
    assert not [key for key in keys if _tool_setting(key)]
    weights = [weight(key) for key in keys]
    assert weights == sorted(weights, reverse=True)


def test_a_team_without_tracker_or_registry_is_asked_the_decisive_answers_first() -> None:
    # The review's case: no tracker, no registry, little else answered.
    answers = with_values(
        _unknown(),
        {"maturity.experiment_tracking": "no", "maturity.model_registry": "no"},
    )
    design = build_design(answers)
    keys = [gap.key for gap in design.answer_first]
    assert not [key for key in keys if _tool_setting(key)]
    assert {"workload.serving", "workload.model_kind", "promotion.approver"} <= set(keys)


def test_a_design_it_declines_asks_nothing() -> None:
    design = build_design(load_answers(EXAMPLES / "support-assistant.yaml"))
    assert design.out_of_scope is not None
    assert design.answer_first == ()
