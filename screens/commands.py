"""The command palette: every step, next/back, the preview tabs, export, and on the Project
step the scan's suggestions."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Protocol, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from screens.session import SessionState
from wizard.model.answers import STEPS, Step
from wizard.model.steps import STEP_KEYS
from wizard.model.vocabulary import STEP_TITLES

Command = tuple[str, str, Callable[[], object]]


class SessionActions(Protocol):
    """What the palette needs of the session's app (named here: the app imports this)."""

    state: SessionState

    @property
    def current_step(self) -> Step | None: ...

    def action_goto(self, step: Step) -> None: ...
    def action_next_step(self) -> None: ...
    def action_previous_step(self) -> None: ...
    def action_next_preview_tab(self) -> None: ...
    def action_export(self) -> object: ...
    def action_accept_suggestions(self) -> None: ...


class WizardCommands(Provider):
    """The session's actions, those that fit the current screen."""

    def _commands(self) -> list[Command]:
        app = cast(SessionActions, self.app)
        commands: list[Command] = []
        for number, step in enumerate(STEPS, start=1):
            title = STEP_TITLES[step]
            commands.append(
                (
                    f"Go to step {number}: {title}",
                    f"Jump to the {title} step ({STEP_KEYS[step]})",
                    partial(app.action_goto, step),
                )
            )
        commands += [
            ("Next step", "Go to the next step (ctrl+n)", app.action_next_step),
            ("Previous step", "Go back one step (ctrl+b)", app.action_previous_step),
            (
                "Show the next preview tab",
                "architecture.md, mlops-architecture.yaml, the CI file (ctrl+t)",
                app.action_next_preview_tab,
            ),
            (
                "Export the documents",
                "Write architecture.md, the spec, the CI file and the answers (ctrl+s)",
                app.action_export,
            ),
        ]
        if app.current_step == "project" and app.state.has_suggestions:
            commands.append(
                (
                    "Accept the scan's suggested answers",
                    "Fill the unanswered questions from what the repository shows",
                    app.action_accept_suggestions,
                )
            )
        return commands

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
