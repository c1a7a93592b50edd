"""The step list: where the user is, how many answers are still unknown on each step, and a
click (or Enter) to jump to any of them."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from wizard.model.answers import STEPS, Step
from wizard.model.steps import STEP_KEYS
from wizard.model.vocabulary import STEP_SHORT_TITLES, STEP_TITLES


class StepList(OptionList):
    """The six steps; the current one marked, each with its count of unknown answers."""

    @dataclass
    class Chosen(Message):
        """The user picked ``step`` from the list."""

        step: Step

    current: reactive[Step] = reactive("project", init=False)
    unknown: reactive[dict[Step, int] | None] = reactive(None, init=False)
    """Unknown answers per step; None until the first design is built."""

    def __init__(
        self, current: Step, unknown: dict[Step, int] | None = None, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.set_reactive(StepList.current, current)
        # Known from the first frame: a list built without counts painted "F1" alone.
        self.set_reactive(StepList.unknown, unknown)

    def on_mount(self) -> None:
        self._rebuild()

    def watch_current(self) -> None:
        self._rebuild()

    def watch_unknown(self) -> None:
        self._rebuild()

    def _prompt(self, number: int, step: Step) -> Text:
        here = step == self.current
        short = self.size.width and self.size.width < len(STEP_TITLES["review"]) + 4
        title = (STEP_SHORT_TITLES if short else STEP_TITLES)[step]
        text = Text()
        text.append("▶ " if here else "  ", style="bold" if here else "")
        text.append(f"{number} ", style="dim")
        text.append(title, style="bold" if here else "")
        text.append(f"\n  {STEP_KEYS[step].upper()}", style="dim")
        count = None if self.unknown is None else self.unknown.get(step, 0)
        if count:
            text.append(f" · {count} unknown", style="italic")
        elif count == 0 and step != "review":
            text.append(" · done", style="dim")
        return text

    def on_resize(self) -> None:
        self._rebuild()

    def _rebuild(self) -> None:
        options = [
            Option(self._prompt(number, step), id=step)
            for number, step in enumerate(STEPS, start=1)
        ]
        self.set_options(options)
        self.highlighted = STEPS.index(self.current)
        self.refresh(layout=True)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        step = event.option.id
        if step in STEPS:
            self.post_message(self.Chosen(step))  # type: ignore[arg-type]
