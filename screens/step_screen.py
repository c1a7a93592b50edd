"""What every step screen shares: the step list, a form, the live preview, the footer.

The app publishes the session's state as a whole (its ``state`` reactive); the screen shown
follows it and shows what changed, a screen brought back catches up on what it missed
(attributes down). Fields report edits as messages that bubble up to the app, which
validates them; a refused value comes back in the state's ``problems``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Header, Static

from screens.session import SessionState, field_value
from screens.widgets.fields import AnswerField
from screens.widgets.keys_footer import KeysFooter
from screens.widgets.preview import PreviewPane
from screens.widgets.step_list import StepList
from wizard.model.answers import Answers, Step
from wizard.model.steps import unknown_counts
from wizard.model.vocabulary import STEP_TITLES

if TYPE_CHECKING:
    from wizard.model.design import Design
    from wizard.pipeline import PreviewDocuments


class StepScreen(Screen[None]):
    """A step of the session: step list, the step's form, and the preview beside it."""

    STEP: ClassVar[Step]
    AUTO_FOCUS = "#form *"
    INTRO: ClassVar[str] = ""

    state: var[SessionState] = var(SessionState, init=False, always_update=True)
    """The session's state as this screen shows it: the app's, while the screen is shown."""

    def __init__(self, state: SessionState) -> None:
        super().__init__(name=self.STEP)
        self.set_reactive(StepScreen.state, state)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="workspace"):
            documents = self.state.documents
            unknown = (
                None
                if documents is None
                else unknown_counts(gap.key for gap in documents.design.gaps)
            )
            yield StepList(self.STEP, unknown, id="steps")
            with VerticalScroll(id="form"):
                yield Static(STEP_TITLES[self.STEP], classes="step-title")
                if self.INTRO:
                    yield Static(self.INTRO, classes="step-intro")
                yield from self.compose_form()
            yield PreviewPane(self.state.documents, id="preview")
        yield KeysFooter(id="footer")
        # Where every key does not fit in one row (the stylesheet shows these instead).
        with Vertical(id="narrow-footer"):
            yield KeysFooter("step", id="step-footer")
            yield KeysFooter("session", id="session-footer")

    def compose_form(self) -> ComposeResult:
        raise NotImplementedError(type(self).__name__)

    def on_mount(self) -> None:
        state = self.state
        for field in self.query(AnswerField):
            field.show(field_value(state.answers, field.key))
        self.show_answers(state.answers)
        if state.documents is not None:
            self._show_documents(state.documents)
        self.watch(self.app, "state", self._published, init=False)

    def on_screen_resume(self) -> None:
        self.state = self.app.state  # type: ignore[attr-defined]  # what changed meanwhile

    def _published(self, state: SessionState) -> None:
        # A screen not shown is left as it is (every keystroke would repaint it otherwise);
        # it catches up when it is shown again.
        if self.is_current:
            self.state = state

    def watch_state(self, old: SessionState, new: SessionState) -> None:
        if not self.is_mounted:
            return  # on_mount shows whatever the state is by then
        if new.problems is not old.problems:
            self._show_problems(new.problems)
        if new.answers is not old.answers:
            self._show_changed_answers(old.answers, new.answers, new.typed_in)
        if new.documents is not old.documents and new.documents is not None:
            self._show_documents(new.documents)
        self.show_state(old, new)

    def _show_problems(self, problems: Mapping[str, str]) -> None:
        for field in self.query(AnswerField):
            field.problem = problems.get(field.key)

    def _show_changed_answers(self, old: Answers, new: Answers, typed_in: str | None) -> None:
        """Update the fields whose answer changed elsewhere (a suggestion, a resumed file);
        the field typed in already shows its value (and maybe keys the state has not seen
        yet) and is left alone: setting it would post an older value back (a loop)."""
        for field in self.query(AnswerField):
            if field.key == typed_in:
                continue
            value = field_value(new, field.key)
            if field.problem is None and field_value(old, field.key) != value != field.value:
                field.show(value)
        self.show_answers(new)

    def _show_documents(self, documents: PreviewDocuments) -> None:
        self.query_one(PreviewPane).documents = documents
        self.query_one(StepList).unknown = unknown_counts(gap.key for gap in documents.design.gaps)
        self.show_design(documents.design)

    def show_state(self, old: SessionState, new: SessionState) -> None:
        """Hook: refresh what else the screen shows of the state (the scan, the plan, ...)."""

    def show_answers(self, answers: Answers) -> None:
        """Hook: refresh what the screen derives from the answers alone."""

    def show_design(self, design: Design) -> None:
        """Hook: refresh what the screen shows from the design (level, risks, ...)."""

    def field(self, key: str) -> AnswerField:
        """The field editing answer ``key``."""
        for field in self.query(AnswerField):
            if field.key == key:
                return field
        raise KeyError(key)

    def show_next_preview_tab(self) -> None:
        self.query_one(PreviewPane).show_next_tab()
