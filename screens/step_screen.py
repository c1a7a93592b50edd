"""What every step screen shares: the step list, a form, the live preview, the footer.

The app hands each screen the current answers and the documents built from them (attributes
down); fields report edits as messages that bubble up to the app, which validates them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from screens.widgets.fields import AnswerField
from screens.widgets.preview import PreviewPane
from screens.widgets.step_list import StepList
from wizard.model.answers import Answers, Step
from wizard.model.paths import value_at
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

    answers: var[Answers] = var(Answers(schema_version=1), init=False)
    documents: var[PreviewDocuments | None] = var(None, init=False)

    def __init__(
        self, answers: Answers, documents: PreviewDocuments | None, *, cursor_blink: bool = True
    ) -> None:
        super().__init__(name=self.STEP)
        self.cursor_blink = cursor_blink
        self.set_reactive(StepScreen.answers, answers)
        self.set_reactive(StepScreen.documents, documents)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="workspace"):
            yield StepList(self.STEP, id="steps")
            with VerticalScroll(id="form"):
                yield Static(STEP_TITLES[self.STEP], classes="step-title")
                if self.INTRO:
                    yield Static(self.INTRO, classes="step-intro")
                yield from self.compose_form()
            yield PreviewPane(self.documents, id="preview")
        yield Footer(compact=True)

    def compose_form(self) -> ComposeResult:
        raise NotImplementedError(type(self).__name__)

    def on_mount(self) -> None:
        for control in self.query(Input):
            control.cursor_blink = self.cursor_blink
        for field in self.query(AnswerField):
            field.show(value_at(self.answers, field.key))
        self.show_answers(self.answers)
        if self.documents is not None:
            self.watch_documents(self.documents)

    def watch_answers(self, old: Answers, new: Answers) -> None:
        """Update the fields whose answer changed elsewhere (a suggestion, a resumed file);
        a field being typed in already shows its value and is left alone."""
        if not self.is_mounted:
            return  # on_mount shows whatever the answers are by then
        for field in self.query(AnswerField):
            value = value_at(new, field.key)
            if field.problem is None and value_at(old, field.key) != value != field.value:
                field.show(value)
        self.show_answers(new)

    def watch_documents(self, documents: PreviewDocuments | None) -> None:
        if documents is None or not self.is_mounted:
            return
        self.query_one(PreviewPane).documents = documents
        self.query_one(StepList).unknown = unknown_counts(gap.key for gap in documents.design.gaps)
        self.show_design(documents.design)

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
