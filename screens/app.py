"""The interactive session: the app that owns the answers, the preview, autosave and export.

The app holds the state (answers, evidence, the documents built from them) and hands it down
to the step screens; screens and widgets report edits and requests with messages. The
engine, the renderers, export and the scanner are imported on first use so the first screen
opens without waiting for them.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import var
from textual.timer import Timer

from screens.commands import WizardCommands
from screens.review import ReviewScreen
from screens.scan_worker import ScanFinished, ScanProgressed, scan_and_report
from screens.step_screen import StepScreen
from screens.widgets.fields import AnswerField
from screens.widgets.scan_panel import ScanPanel, ScanStatus
from screens.widgets.step_list import StepList
from wizard.engine.suggestions import take_suggestions
from wizard.io.edit import set_value
from wizard.io.errors import AnswersError
from wizard.io.session_file import display_path, keep_broken_copy, load_session
from wizard.model.answers import STEPS, Answers, Step, empty_answers
from wizard.model.design import ScanSuggestions
from wizard.model.evidence import NO_EVIDENCE, Evidence
from wizard.model.files import ANSWERS_YAML
from wizard.model.paths import value_at
from wizard.model.steps import STEP_KEYS, next_step
from wizard.model.vocabulary import STEP_SHORT_TITLES, STEP_TITLES
from wizard.pipeline import PreviewDocuments, build_markdown, complete_documents

if TYPE_CHECKING:
    from wizard.io.export import PlannedFile

#: Seconds of quiet before the answers are saved.
AUTOSAVE_DELAY = 0.3
#: Seconds the YAML documents wait after architecture.md changed, so typing on skips them.
SECOND_STAGE_DELAY = 0.08
FIELD_SOURCE = "field"

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
    return [
        Binding(
            STEP_KEYS[step],
            f"goto('{step}')",
            STEP_SHORT_TITLES[step],
            id=f"goto-{step}",
            tooltip=f"Go to step {number}, {STEP_TITLES[step]}",
        )
        for number, step in enumerate(STEPS, start=1)
    ]


class WizardApp(App[int]):
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
            "Preview tab",
            id="preview-tab",
            tooltip="Show the next document in the preview",
        ),
        *_step_bindings(),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True, tooltip="Save and quit"),
    ]

    answers: var[Answers] = var(empty_answers, init=False)
    evidence: var[Evidence] = var(NO_EVIDENCE, init=False)
    documents: var[PreviewDocuments | None] = var(None, init=False)
    scan: var[ScanStatus | None] = var(None, init=False)
    output_folder: var[str] = var(".", init=False)

    def __init__(
        self,
        answers_path: Path,
        scan_root: Path | None = None,
        *,
        autosave_delay: float = AUTOSAVE_DELAY,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        self.cursor_blink = cursor_blink
        self.answers_path = answers_path
        self.scan_root = scan_root
        self._suggestions: ScanSuggestions | None = None
        self.autosave_delay = autosave_delay
        self.sub_title = display_path(answers_path)
        self.set_reactive(WizardApp.output_folder, display_path(answers_path.parent))
        self._saved: Answers | None = None
        self._save_timer: Timer | None = None
        self._step_screens: dict[Step, StepScreen] = {}

    # -- start -------------------------------------------------------------------------

    def on_mount(self) -> None:
        loaded = load_session(self.answers_path)
        if not loaded.problems:
            self._saved = loaded.answers
            self._start(loaded.answers)
            return
        from screens.load_error import LoadErrorScreen

        def resolved(start_from_valid_part: bool | None) -> None:
            if not start_from_valid_part:
                self.exit(2)
                return
            try:
                copy = keep_broken_copy(self.answers_path)
            except OSError as error:
                self.notify(f"Could not keep a copy of the file: {error}", severity="warning")
            else:
                self.notify(f"The file as it was is kept as {display_path(copy)}.")
            self._start(loaded.answers)

        label = display_path(self.answers_path)
        self.push_screen(LoadErrorScreen(label, loaded.problems), callback=resolved)

    def _start(self, answers: Answers) -> None:
        self.set_reactive(WizardApp.answers, answers)
        if self.scan_root is not None:
            self.set_reactive(WizardApp.scan, ScanStatus(root=display_path(self.scan_root)))
        self._show_step(answers.wizard.step or "project")
        # The first build (which imports the engine, the renderers and Jinja) and the scan
        # run in threads; started now they would share the interpreter with the first frame.
        self.screen.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        if not gc.isenabled():  # `mlops-wizard` paused collection while the session started
            # What start-up made lives as long as the session: never scan it again.
            gc.freeze()
            gc.enable()
        self._refresh_preview()
        if self.scan_root is not None:
            self._run_scan(self.scan_root)

    # -- steps -------------------------------------------------------------------------

    @property
    def current_step(self) -> Step | None:
        screen = self.screen
        return screen.STEP if isinstance(screen, StepScreen) else None

    def _screen_for(self, step: Step) -> StepScreen:
        screen = self._step_screens.get(step)
        if screen is None:
            module_name, class_name = SCREEN_CLASSES[step].split(":")
            screen_class = getattr(importlib.import_module(module_name), class_name)
            screen = screen_class(self.answers, self.documents, cursor_blink=self.cursor_blink)
            self._step_screens[step] = screen
            self.install_screen(screen, name=step)
        else:
            screen.answers = self.answers
            screen.documents = self.documents
        self._hand_down_extras(screen)
        return screen

    def _hand_down_extras(self, screen: StepScreen) -> None:
        from screens.project import ProjectScreen

        if isinstance(screen, ProjectScreen):
            screen.scan = self.scan
        elif isinstance(screen, ReviewScreen):
            screen.output_folder = self.output_folder
            self._plan_export(screen)

    def _show_step(self, step: Step) -> None:
        if self.answers.wizard.step != step:
            self.answers = set_value(self.answers, "wizard.step", step, FIELD_SOURCE)
        self._screen_for(step)
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
        try:
            answers = set_value(self.answers, message.key, message.value, FIELD_SOURCE)
        except AnswersError as error:
            message.field.problem = "; ".join(problem.message for problem in error.problems)
            self._revert(message.key, message.field.origin)
            return
        message.field.problem = None
        self.answers = answers

    def _revert(self, key: str, origin: object) -> None:
        """While a field's text is refused, its answer is what it was before the edit."""
        if value_at(self.answers, key) == origin:
            return
        try:
            self.answers = set_value(self.answers, key, origin, FIELD_SOURCE)
        except AnswersError:  # the original value was valid when shown; keep what we have
            return

    def watch_answers(self, answers: Answers) -> None:
        if isinstance(self.screen, StepScreen):
            self.screen.answers = answers
        self._save_timer = self._restart(self._save_timer, self.autosave_delay, self.save_now)
        self._refresh_preview()

    def watch_evidence(self) -> None:
        self._refresh_preview()

    def _restart(self, timer: Timer | None, delay: float, callback: Callable[[], object]) -> Timer:
        """Debounce: drop the pending call and schedule a new one."""
        if timer is not None:
            timer.stop()
        return self.set_timer(delay, callback)

    def save_now(self, force: bool = False) -> None:
        """Write the answers file if the answers changed since it was last written."""
        if self._save_timer is not None:
            self._save_timer.stop()
        answers = self.answers
        if not force and (answers is self._saved or answers == self._saved):
            return
        from wizard.io.saving import save_answers

        try:
            save_answers(self.answers_path, answers)
        except OSError as error:
            self.notify(f"Could not save {self.sub_title}: {error}", severity="error")
            return
        self._saved = answers

    async def action_quit(self) -> None:
        self.save_now()
        self.exit(0)

    # -- preview -----------------------------------------------------------------------

    def _refresh_preview(self) -> None:
        """Show the documents of the current answers: architecture.md at once, the YAML
        documents after a pause in typing."""
        answers, evidence = self.answers, self.evidence
        if self.documents is None:
            self._build_first_documents(answers, evidence)
            return
        # The design and the Markdown take a millisecond or two: building them here, rather
        # than in a thread, keeps the keystroke's path free of thread hops and GIL contention.
        try:
            documents = build_markdown(answers, evidence, self._suggestions)
        except Exception as error:  # a bug in a renderer must not end the session
            self._preview_failed(error)
            return
        self.documents = documents
        self._complete_documents(documents)

    @work(exclusive=True, group="preview")
    async def _build_first_documents(self, answers: Answers, evidence: Evidence) -> None:
        """The first build imports the engine, the renderers and Jinja: off the event loop."""
        try:
            documents = await asyncio.to_thread(
                build_markdown, answers, evidence, self._suggestions
            )
        except Exception as error:
            self._preview_failed(error)
            return
        if self._is_current(documents):
            self.documents = documents
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
        if self._is_current(completed):
            self.documents = completed

    def _preview_failed(self, error: Exception) -> None:
        self.notify(f"The preview could not be built: {error}", severity="error")

    @property
    def preview_is_current(self) -> bool:
        """Whether the documents shown were built from the current answers and evidence."""
        documents = self.documents
        return documents is not None and documents.complete and self._is_current(documents)

    def _is_current(self, documents: PreviewDocuments) -> bool:
        """Whether ``documents`` were built from the answers and evidence of now."""
        return documents.answers is self.answers and documents.evidence is self.evidence

    def watch_documents(self, documents: PreviewDocuments | None) -> None:
        screen = self.screen
        if isinstance(screen, StepScreen):
            screen.documents = documents
            self._hand_down_extras(screen)

    # -- scan --------------------------------------------------------------------------

    @property
    def has_suggestions(self) -> bool:
        return self.scan is not None and bool(self.scan.suggestions)

    @work(thread=True, exclusive=True, group="scan")
    def _run_scan(self, root: Path) -> None:
        scan_and_report(root, self.post_message)

    @on(ScanProgressed)
    def _scan_progressed(self, message: ScanProgressed) -> None:
        if self.scan is not None and self.scan.evidence is None:
            self.scan = replace(self.scan, done=message.done, total=message.total)

    @on(ScanFinished)
    def _scan_finished(self, message: ScanFinished) -> None:
        if self.scan is None:
            return
        if message.evidence is None:
            self.scan = replace(self.scan, error=message.error)
            return
        self.scan = replace(
            self.scan,
            done=message.evidence.files_scanned,
            total=message.evidence.files_scanned,
            evidence=message.evidence,
            suggestions=message.suggestions.answers,
        )
        self._suggestions = message.suggestions
        self.evidence = message.evidence

    def watch_scan(self, status: ScanStatus | None) -> None:
        from screens.project import ProjectScreen

        if isinstance(self.screen, ProjectScreen):
            self.screen.scan = status

    @on(ScanPanel.AcceptRequested)
    def _accept_requested(self) -> None:
        self.action_accept_suggestions()

    def action_accept_suggestions(self) -> None:
        """Fill the unanswered questions from the scan; an explicit answer always wins."""
        if self.scan is None or not self.scan.suggestions:
            self.notify("The scan has nothing to suggest.")
            return
        result = take_suggestions(self.answers, self.scan.suggestions, FIELD_SOURCE)
        self.answers = result.answers
        self.notify(result.summary())

    # -- review and export -------------------------------------------------------------

    @property
    def output_path(self) -> Path:
        return Path(self.output_folder)

    @on(ReviewScreen.OutputFolderChanged)
    def _output_folder_changed(self, message: ReviewScreen.OutputFolderChanged) -> None:
        self.output_folder = message.folder
        if isinstance(self.screen, ReviewScreen):
            self._plan_export(self.screen)

    @on(ReviewScreen.ExportRequested)
    def _export_requested(self) -> None:
        self.action_export()

    @work(exclusive=True, group="plan")
    async def _plan_export(self, screen: ReviewScreen) -> None:
        documents = self.documents
        if documents is None or not documents.complete:
            return
        from wizard.io.export import plan_export
        from wizard.render import render_design_files

        def plan() -> list[PlannedFile]:
            files = render_design_files(documents.design, documents.answers)
            return plan_export(files, self.output_path)

        try:
            screen.plan = await asyncio.to_thread(plan)
        except (OSError, ValueError) as error:
            self.notify(f"Cannot plan the export: {error}", severity="error")

    @work(exclusive=True, group="export")
    async def action_export(self) -> None:
        """Write exactly what `mlops-wizard export` writes; ask before overwriting edits."""
        from screens.confirm_export import ConfirmOverwriteScreen
        from wizard.io.export import RefusedOverwrite, write_export
        from wizard.pipeline import render_export

        answers, evidence, out_dir = self.answers, self.evidence, self.output_path
        if (out_dir / ANSWERS_YAML).resolve() == self.answers_path.resolve():
            # Export writes the session's own answers file there: write it now, so it is
            # "unchanged" rather than a file export never wrote (and would refuse).
            self.save_now(force=True)
        else:
            self.save_now()
        try:
            files = await asyncio.to_thread(render_export, answers, evidence)
            try:
                result = await asyncio.to_thread(write_export, files, out_dir)
            except RefusedOverwrite as refused:
                if not await self.push_screen_wait(ConfirmOverwriteScreen(refused.paths)):
                    self.notify("Export cancelled: nothing was written.")
                    return
                result = await asyncio.to_thread(write_export, files, out_dir, True)
        except Exception as error:  # a full disk or a renderer bug: one line, not a crash
            self.notify(f"Export failed: {error}", severity="error")
            return
        written = sum(item.action != "unchanged" for item in result.files)
        self.notify(
            f"Exported to {display_path(out_dir)}: {written} written, "
            f"{len(result.files) - written} unchanged."
        )
        if isinstance(self.screen, ReviewScreen):
            self._plan_export(self.screen)


def run_session(answers_path: Path, scan_root: Path | None) -> int:
    """Run the interactive session on ``answers_path``; the exit code for the CLI."""
    app = WizardApp(answers_path, scan_root)
    result = app.run()
    if app.return_code:
        return app.return_code
    return result or 0
