"""The canary stages, edited as a list: add, remove, reorder.

Every edit reports the whole candidate list; the app validates it with the loader's rule
(percentages in 1..100, strictly increasing, ending at 100). A refused list stays on screen,
marked, so the user can finish rearranging it; only a valid list reaches the answers.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, Input, OptionList
from textual.widgets.option_list import Option

from screens.widgets.fields import AnswerField, parse_text
from screens.widgets.ordered_input import OrderedInput


class StageList(OptionList):
    """The stages, one line each, with the list's editing keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete,backspace", "remove", "Remove stage", id="canary-remove"),
        Binding("shift+up", "move(-1)", "Move up", id="canary-up"),
        Binding("shift+down", "move(1)", "Move down", id="canary-down"),
    ]

    def action_remove(self) -> None:
        editor = self.query_ancestor(CanaryEditor)
        editor.remove_highlighted()

    def action_move(self, offset: int) -> None:
        editor = self.query_ancestor(CanaryEditor)
        editor.move_highlighted(offset)


class CanaryEditor(AnswerField):
    """Canary rollout stages: percent of traffic at each step."""

    def __init__(self, key: str, title: str, help_text: str = "", *, id: str | None = None) -> None:
        super().__init__(key, title, help_text, id=id)
        self._stages: list[Any] = []

    def compose_control(self) -> ComposeResult:
        yield StageList(id="canary-stages")
        with Horizontal(classes="canary-add"):
            yield OrderedInput(
                placeholder="add a stage, e.g. 25",
                id="canary-new",
                select_on_focus=False,
                compact=True,
            )
            yield Button("▲", id="canary-up", tooltip="Move the highlighted stage up")
            yield Button("▼", id="canary-down", tooltip="Move the highlighted stage down")
            yield Button("Remove", id="canary-remove", tooltip="Remove the highlighted stage")

    @property
    def stages(self) -> list[Any]:
        """The list as shown, which may be a refused candidate."""
        return list(self._stages)

    def display_value(self, value: Any) -> None:
        self._stages = list(value or [])
        self._refresh_list(highlight=None)

    def _refresh_list(self, highlight: int | None) -> None:
        control = self.query_one(StageList)
        previous = control.highlighted
        control.set_options(
            Option(f"{stage} %", id=f"stage-{i}") for i, stage in enumerate(self._stages)
        )
        if not self._stages:
            return
        index = previous if highlight is None else highlight
        control.highlighted = min(max(index or 0, 0), len(self._stages) - 1)

    def _changed(self, highlight: int | None) -> None:
        self._refresh_list(highlight)
        self.edited(list(self._stages) if self._stages else None)

    def add_stage(self, stage: Any) -> None:
        """Insert before the first larger stage, so adding keeps an increasing list increasing."""
        position = len(self._stages)
        if isinstance(stage, int):
            position = next(
                (i for i, s in enumerate(self._stages) if isinstance(s, int) and s > stage),
                len(self._stages),
            )
        self._stages.insert(position, stage)
        self._changed(position)

    def remove_highlighted(self) -> None:
        index = self.query_one(StageList).highlighted
        if index is None or not self._stages:
            return
        del self._stages[index]
        self._changed(min(index, len(self._stages) - 1))

    def move_highlighted(self, offset: int) -> None:
        index = self.query_one(StageList).highlighted
        if index is None:
            return
        target = index + offset
        if not 0 <= target < len(self._stages):
            return
        self._stages[index], self._stages[target] = self._stages[target], self._stages[index]
        self._changed(target)

    @on(Input.Submitted, "#canary-new")
    def _add(self, event: Input.Submitted) -> None:
        event.stop()
        stage = parse_text(event.value, "integer")
        if stage is None:
            return
        event.input.clear()
        self.add_stage(stage)

    @on(Input.Changed, "#canary-new")
    def _typing(self, event: Input.Changed) -> None:
        event.stop()  # a stage is only added on Enter

    @on(Button.Pressed, "#canary-up")
    def _up(self, event: Button.Pressed) -> None:
        event.stop()
        self.move_highlighted(-1)

    @on(Button.Pressed, "#canary-down")
    def _down(self, event: Button.Pressed) -> None:
        event.stop()
        self.move_highlighted(1)

    @on(Button.Pressed, "#canary-remove")
    def _remove(self, event: Button.Pressed) -> None:
        event.stop()
        self.remove_highlighted()
