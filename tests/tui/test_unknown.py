"""Unknown versus an explicit null: clearing a field (or ctrl+r) makes the answer unknown, so
its key leaves the file and the design counts it as a gap; ctrl+o chooses what null means
for the keys where null is an answer (promotion.approver: no manual gate)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.widgets import Input, Select

from screens.widgets.step_list import StepList
from tests.tui.driving import choose, focus_field, settle, type_into
from wizard.io.loader import load_answers

SIZE = (120, 40)
APPROVER = "promotion.approver"


def approver_in_file(path: Path) -> tuple[bool, str | None]:
    promotion = load_answers(path).promotion
    return "approver" in promotion.model_fields_set, promotion.approver


def gap_keys(app: Any) -> set[str]:
    return {gap.key for gap in app.state.documents.design.gaps}


async def test_clearing_is_unknown_and_null_is_chosen_explicitly(
    answers_from: Callable[..., Path], make_app: Callable[..., Any]
) -> None:
    path = answers_from("fraud-detection", "thresholds")
    app = make_app(path, autosave_delay=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        unknown_before = app.screen.query_one(StepList).unknown["thresholds"]
        await type_into(pilot, APPROVER, "")  # clear the text
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        assert approver_in_file(path) == (False, None)  # unknown: the key is gone
        assert APPROVER in gap_keys(app)
        assert app.screen.query_one(StepList).unknown["thresholds"] == unknown_before + 1
        control = app.screen.field(APPROVER).query_one(Input)
        assert (control.value, control.placeholder) == ("", "unknown")
        unknown_document = app.state.documents.markdown

        await pilot.press("ctrl+o")  # no manual gate, explicitly
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        assert approver_in_file(path) == (True, None)
        assert APPROVER not in gap_keys(app)
        assert app.screen.query_one(StepList).unknown["thresholds"] == unknown_before
        assert control.placeholder == "none: no manual gate"
        assert app.state.documents.markdown != unknown_document  # no longer a gap

        await pilot.press("ctrl+r")  # and back to unknown
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        assert approver_in_file(path) == (False, None)
        assert APPROVER in gap_keys(app)
        assert control.placeholder == "unknown"


async def test_any_field_resets_to_unknown_from_the_keyboard(
    answers_from: Callable[..., Path], make_app: Callable[..., Any]
) -> None:
    path = answers_from("fraud-detection", "project")
    app = make_app(path, autosave_delay=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_field(pilot, "project.cloud", "Select")
        footer = {b.binding.key: b.binding.description for b in app.active_bindings.values()}
        assert footer["ctrl+r"] == "Unknown"
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.pause(0.2)
        assert app.screen.field("project.cloud").query_one(Select).value is Select.NULL
        assert "cloud" not in load_answers(path).project.model_fields_set
        await choose(pilot, "project.cloud", "gcp")
        await settle(pilot)
        await pilot.pause(0.2)
        assert load_answers(path).project.cloud == "gcp"
