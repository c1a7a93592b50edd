"""The interactive session: the app that owns the session's state, the preview, autosave and
export.

The app holds one frozen ``SessionState`` and replaces it as a whole on every change; the step
screens watch it and show what they need of it, and report edits and requests with messages
(attributes down, messages up). The engine, the renderers, export and the scanner are
imported on first use so the first screen opens without waiting for them.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import var

from screens import exporting
from screens.autosave import AUTOSAVE_DELAY, Autosave
from screens.commands import WizardCommands
from screens.ordered_keys import OrderedKeys
from screens.review import ReviewScreen
from screens.scan_worker import ScanFinished, ScanProgressed, scan_and_report
from screens.session import FIELD_SOURCE, SessionState, same_answers
from screens.step_screen import StepScreen
from screens.widgets.fields import AnswerField
from screens.widgets.scan_panel import ScanPanel, ScanStatus
from screens.widgets.step_list import StepList
from wizard.engine.suggestions import take_suggestions
from wizard.io.session_file import display_path, load_session
from wizard.model.answers import STEPS, Answers, Step
from wizard.model.design import ScanSuggestions
from wizard.model.evidence import Evidence
from wizard.model.files import ANSWERS_YAML
from wizard.model.steps import STEP_KEYS, next_step
from wizard.model.vocabulary import STEP_SHORT_TITLES, STEP_TITLES
from wizard.pipeline import PreviewDocuments, build_markdown, complete_documents

if TYPE_CHECKING:
    pass

#: Seconds the YAML documents wait after architecture.md changed, so typing on skips them.
SECOND_STAGE_DELAY = 0.08

SCREEN_CLASSES: dict[Step, str] = {
    "project": "screens.project:ProjectScreen",
    "maturity": "screens.maturity:MaturityScreen",
    "components": "screens.components:ComponentsScreen",
    "thresholds": "screens.thresholds:ThresholdsScreen",
    "cicd": "screens.cicd:CICDScreen",
    "review": "screens.review:ReviewScreen",
}
STEP_ACTIONS = frozenset({"goto", "next_step", "previous_step", "next_preview_tab", "export"})


def _step_bindings() -> list[BindingType]:
    """F1 to F6 go to the steps. The footer shows them as one key, ``f1…f6 Steps`` (the
    step list names each step's key), so every binding fits in it at 120 columns."""
    first, last = STEP_KEYS[STEPS[0]], STEP_KEYS[STEPS[-1]]
    return [
        Binding(
            STEP_KEYS[step],
            f"goto('{step}')",
            "Steps" if number == 1 else STEP_SHORT_TITLES[step],
            show=number == 1,
            key_display=f"{first}…{last}" if number == 1 else None,
            id=f"goto-{step}",
            tooltip=f"Go to step {number}, {STEP_TITLES[step]}"
            + (f" ({first} to {last}: the steps in order)" if number == 1 else ""),
        )
        for number, step in enumerate(STEPS, start=1)
    ]


class WizardApp(Autosave, OrderedKeys):
    """The mlops-wizard session on one answers file."""

    CSS_PATH = "app.tcss"
    TITLE = "mlops-wizard"
    COMMANDS: ClassVar = App.COMMANDS | {WizardCommands}
    HORIZONTAL_BREAKPOINTS: ClassVar = [(0, "-narrow"), (110, "-normal"), (170, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+b", "previous_step", "Back", id="previous-step", tooltip="Previous step"),
        Binding("ctrl+n", "next_step", "Next", id="next-step", tooltip="Next step"),
        Binding("ctrl+s", "export", "Export", id="export", tooltip="Write the documents"),
        Binding(
            "ctrl+t",
            "next_preview_tab",
            "Preview",
            id="preview-tab",
            tooltip="Show the next document in the preview",
        ),
        *_step_bindings(),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True, tooltip="Save and quit"),
    ]

    state: var[SessionState] = var(SessionState, init=False, always_update=True)
    """The session's state, replaced as a whole (``_publish``); the step screens watch it."""

    def __init__(
        self,
        answers_path: Path,
        scan_root: Path | None = None,
        *,
        autosave_delay: float = AUTOSAVE_DELAY,
    ) -> None:
        super().__init__(answers_path, autosave_delay)
        self.scan_root = scan_root
        folder = display_path(answers_path.parent)
        self.set_reactive(WizardApp.state, SessionState(output_folder=folder))
        self._edits: list[AnswerField.Edited] = []
        """Edits not taken yet: the keys of a burst, taken together (``_take_edits``)."""
        self.publications = 0
        """How many states were published: a session at rest publishes none."""

    # -- start -------------------------------------------------------------------------

    def on_mount(self) -> None:
        loaded = load_session(self.answers_path)
        if not loaded.problems:
            self._start(loaded.answers, saved=loaded.answers)
            return
        from screens.load_error import LoadErrorScreen

        def resolved(start_from_valid_part: bool | None) -> None:
            if not start_from_valid_part:
                self.exit(2)
                return
            # As the screen promises: nothing is written until the first change, and then
            # only after the file as it was is kept beside it (save_now).
            self.file.keep_broken = True
            self._start(loaded.answers, saved=loaded.answers, step_is_saved=True)

        label = display_path(self.answers_path)
        self.push_screen(LoadErrorScreen(label, loaded.problems), callback=resolved)

    def _start(
        self, answers: Answers, saved: Answers | None = None, *, step_is_saved: bool = False
    ) -> None:
        scan = None if self.scan_root is None else ScanStatus(root=display_path(self.scan_root))
        self.set_reactive(
            WizardApp.state, replace(self.state, answers=answers, saved=saved, scan=scan)
        )
        self._show_step(answers.wizard.step or "project")
        if step_is_saved:  # the step shown is no change of the user's
            self._publish(replace(self.state, saved=self.state.answers))
        # The first build (which imports the engine, the renderers and Jinja) and the scan
        # run in threads; started now they would share the interpreter with the first frame.
        self.screen.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        if not gc.isenabled():  # `mlops-wizard` paused collection while the session started
            # What start-up made lives as long as the session: never scan it again.
            gc.freeze()
            gc.enable()
        self._publish(self.state, rebuild=True)
        if self.scan_root is not None:
            self._run_scan(self.scan_root)

    # -- the state ---------------------------------------------------------------------

    def _publish(
        self, state: SessionState, *, rebuild: bool = False, typed_in: str | None = None
    ) -> None:
        """Replace the state as a whole. New answers or evidence bring their architecture.md
        in the same replacement, so no screen ever shows answers beside older documents.
        ``typed_in`` is the key of the field the user typed the new answers in."""
        old = self.state
        if state.answers is not old.answers and same_answers(state.answers, old.answers):
            state = replace(state, answers=old.answers)  # the same answers: nothing to redo
        if state.answers is not old.answers and state.typed_in != typed_in:
            state = replace(state, typed_in=typed_in)
        if rebuild or state.answers is not old.answers or state.evidence is not old.evidence:
            state = self._with_documents(state)
        if state.answers is not old.answers:
            self._answers_changed()
        if state is old:
            return
        self.publications += 1
        self.state = state
        if state.step == "review" and (
            state.step != old.step
            or state.documents is not old.documents
            or state.output_folder != old.output_folder
        ):
            self._plan_export()

    # -- steps -------------------------------------------------------------------------

    @property
    def current_step(self) -> Step | None:
        return self.state.step if isinstance(self.screen, StepScreen) else None

    def _show_step(self, step: Step) -> None:
        self._publish(self.state.at_step(step))
        if not self.is_screen_installed(step):
            module_name, class_name = SCREEN_CLASSES[step].split(":")
            screen_class = getattr(importlib.import_module(module_name), class_name)
            self.install_screen(screen_class(self.state), name=step)
        if isinstance(self.screen, StepScreen):
            self.switch_screen(step)
        else:  # the first step shown goes on top of the app's default screen
            self.push_screen(step)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in STEP_ACTIONS:
            return isinstance(self.screen, StepScreen)
        return True

    def action_goto(self, step: Step) -> None:
        if isinstance(self.screen, StepScreen) and step != self.current_step:
            self._show_step(step)

    def action_next_step(self) -> None:
        if self.current_step is not None:
            self.action_goto(next_step(self.current_step, 1))

    def action_previous_step(self) -> None:
        if self.current_step is not None:
            self.action_goto(next_step(self.current_step, -1))

    def action_next_preview_tab(self) -> None:
        if isinstance(self.screen, StepScreen):
            self.screen.show_next_preview_tab()

    @on(StepList.Chosen)
    def _step_chosen(self, message: StepList.Chosen) -> None:
        self.action_goto(message.step)

    # -- answers -----------------------------------------------------------------------

    @on(AnswerField.Edited)
    def _edited(self, message: AnswerField.Edited) -> None:
        self._edits.append(message)
        if len(self._edits) > 1 or self.keys_waiting:
            return  # taken with the first, or once the burst's keys are all handled
        if self._message_queue.empty():
            self._take_edits()  # a single key: at once
        else:
            # More is queued, likely the rest of a burst: take every edit that arrives
            # meanwhile in one state (one build, one frame) instead of one per key.
            self.call_later(self._take_edits)

    def keys_handled(self) -> None:
        self._take_edits()

    def _take_edits(self) -> None:
        """Apply the edits not taken yet, in the order they were typed, as one state."""
        edits, self._edits = self._edits, []
        if not edits:
            return
        state = self.state
        for edit in edits:
            state = state.edited(edit.key, edit.value, edit.origin)
        self._publish(state, typed_in=edits[-1].key)

    # -- preview -----------------------------------------------------------------------

    def _with_documents(self, state: SessionState) -> SessionState:
        """``state`` with the architecture.md of its answers; the YAML documents follow after
        a pause in typing."""
        if state.documents is None:
            self._build_first_documents(state.answers, state.evidence, state.suggestions)
            return state
        # The design and the Markdown take a millisecond or two: building them here, rather
        # than in a thread, keeps the keystroke's path free of thread hops and GIL contention.
        try:
            documents = build_markdown(state.answers, state.evidence, state.suggestions)
        except Exception as error:  # a bug in a renderer must not end the session
            self._preview_failed(error)
            return state
        self._complete_documents(documents)
        return replace(state, documents=documents)

    @work(exclusive=True, group="preview")
    async def _build_first_documents(
        self, answers: Answers, evidence: Evidence, suggestions: ScanSuggestions | None
    ) -> None:
        """The first build imports the engine, the renderers and Jinja: off the event loop."""
        try:
            documents = await asyncio.to_thread(build_markdown, answers, evidence, suggestions)
        except Exception as error:
            self._preview_failed(error)
            return
        if self.state.is_current(documents):
            self._publish(replace(self.state, documents=documents))
            self._complete_documents(documents)

    @work(exclusive=True, group="preview")
    async def _complete_documents(self, documents: PreviewDocuments) -> None:
        """Add the spec and the CI file; a newer keystroke cancels this within the pause,
        so their slower dumps never compete with the Markdown being painted."""
        await asyncio.sleep(SECOND_STAGE_DELAY)
        try:
            completed = await asyncio.to_thread(complete_documents, documents)
        except Exception as error:
            self._preview_failed(error)
            return
        if self.state.is_current(completed):
            self._publish(replace(self.state, documents=completed))

    def _preview_failed(self, error: Exception) -> None:
        self.notify(f"The preview could not be built: {error}", severity="error")

    # -- scan --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="scan")
    def _run_scan(self, root: Path) -> None:
        scan_and_report(root, self.post_message)

    @on(ScanProgressed)
    def _scan_progressed(self, message: ScanProgressed) -> None:
        self._publish(self.state.scan_progressed(message.done, message.total))

    @on(ScanFinished)
    def _scan_finished(self, message: ScanFinished) -> None:
        state = self.state.scan_finished(message.evidence, message.error, message.suggestions)
        self._publish(state)

    @on(ScanPanel.AcceptRequested)
    def _accept_requested(self) -> None:
        self.action_accept_suggestions()

    def action_accept_suggestions(self) -> None:
        """Fill the unanswered questions from the scan; an explicit answer always wins."""
        scan = self.state.scan
        if scan is None or not scan.suggestions:
            self.notify("The scan has nothing to suggest.")
            return
        result = take_suggestions(self.state.answers, scan.suggestions, FIELD_SOURCE)
        self._publish(replace(self.state, answers=result.answers))
        self.notify(result.summary())

    # -- review and export -------------------------------------------------------------

    @on(ReviewScreen.OutputFolderChanged)
    def _output_folder_changed(self, message: ReviewScreen.OutputFolderChanged) -> None:
        self._publish(replace(self.state, output_folder=message.folder))

    @on(ReviewScreen.ExportRequested)
    def _export_requested(self) -> None:
        self.action_export()

    @work(exclusive=True, group="plan")
    async def _plan_export(self) -> None:
        documents, out_dir = self.state.documents, Path(self.state.output_folder)
        if documents is None or not documents.complete:
            return
        try:
            planned = await asyncio.to_thread(exporting.plan, documents, self.answers_path, out_dir)
        except (OSError, ValueError) as error:
            self.notify(f"Cannot plan the export: {error}", severity="error")
            return
        self._publish(replace(self.state, plan=tuple(planned)))

    @work(exclusive=True, group="export")
    async def action_export(self) -> None:
        """Write exactly what `mlops-wizard export` writes; ask before overwriting edits."""
        state = self.state
        out_dir = Path(state.output_folder)
        # Export writes the session's own answers file there: write it now, so it is
        # "unchanged" rather than a file export never wrote (and would refuse).
        self.save_now(force=(out_dir / ANSWERS_YAML).resolve() == self.answers_path.resolve())
        try:
            told = await exporting.export(
                self, state.answers, state.evidence, self.answers_path, out_dir
            )
        except Exception as error:  # a full disk or a renderer bug: one line, not a crash
            self.notify(f"Export failed: {error}", severity="error")
            return
        if told is not None:
            self.notify(told)
        if self.state.step == "review":
            self._plan_export()


def run_session(answers_path: Path, scan_root: Path | None) -> int:
    """Run the interactive session on ``answers_path``; the exit code for the CLI."""
    app = WizardApp(answers_path, scan_root)
    result = app.run()
    if app.return_code:
        return app.return_code
    return result or 0
