"""The shell command of each pipeline stage, edited as one answer (``cicd.commands``): a
stage left empty is left out, so it runs ``make <stage>``."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label

from screens.widgets.fields import AnswerField
from screens.widgets.ordered_input import OrderedInput
from wizard.model.answers import STAGE_ORDER
from wizard.model.vocabulary import STAGE_LABELS


class StageCommandsField(AnswerField):
    """One input per stage; the answer is the mapping of the stages given a command."""

    def compose_control(self) -> ComposeResult:
        for stage in STAGE_ORDER:
            with Horizontal(classes="stage-command"):
                yield Label(STAGE_LABELS[stage], classes="stage-name")
                yield OrderedInput(
                    placeholder=f"make {stage}", id=f"command-{stage}", select_on_focus=False
                )

    def display_value(self, value: Any) -> None:
        commands = value if isinstance(value, dict) else {}
        for stage in STAGE_ORDER:
            control = self.query_one(f"#command-{stage}", OrderedInput)
            wanted = commands.get(stage) or ""
            if control.value.strip() != wanted:
                control.show_text(wanted)

    def _commands(self) -> dict[str, str] | None:
        commands = {
            stage: text
            for stage in STAGE_ORDER
            if (text := self.query_one(f"#command-{stage}", Input).value.strip())
        }
        return commands or None

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        commands = self._commands()
        if commands is None and self.value in ({}, None):
            return  # empty either way: {} (the default) and unknown read the same
        self.edited(commands)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.focus_next()
