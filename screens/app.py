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
from textual.timer import Timer

from screens.commands import WizardCommands
from screens.review import ReviewScreen
from screens.scan_worker import ScanFinished, ScanProgressed, scan_and_report
from screens.session import FIELD_SOURCE, SessionState, same_answers
from screens.step_screen import StepScreen
from screens.widgets.fields import AnswerField
from screens.widgets.scan_panel import ScanPanel, ScanStatus
from screens.widgets.step_list import StepList
from wizard.engine.suggestions import take_suggestions
from wizard.io.session_file import display_path, keep_broken_copy, load_session
from wizard.model.answers import STEPS, Answers, Step
from wizard.model.design import ScanSuggestions
from wizard.model.evidence import Evidence
from wizard.model.files import ANSWERS_YAML
from wizard.model.steps import STEP_KEYS, next_step
from wizard.model.vocabulary import STEP_SHORT_TITLES, STEP_TITLES
from wizard.pipeline import PreviewDocuments, build_markdown, complete_documents
from wizard.render.terminal import visible

if TYPE_CHECKING:
    from screens.save_problem import SaveDecision
    from wizard.io.export import PlannedFile

#: Seconds of quiet before the answers are saved.
AUTOSAVE_DELAY = 0.3
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
        super().__init__()
        self.answers_path = answers_path
        self.scan_root = scan_root
        self.autosave_delay = autosave_delay
        self.sub_title = display_path(answers_path)
        folder = display_path(answers_path.parent)
        self.set_reactive(WizardApp.state, SessionState(output_folder=folder))
        self._save_timer: Timer | None = None
        self._digest: str | None = None
        """sha256 of the answers file as the session last read or wrote it (None: no file);
        a save finding anything else there asks before writing."""
        self._broken_to_keep = False
        """The file failed to load: copy it aside (.broken) before the first save over it."""
        self._asking = False
        """A dialog about a failed save is open: autosave waits for the user's answer."""
        self.lost_changes = False
        """The user quit with changes that could not be saved (the exit code says so)."""
        self.publications = 0
        """How many states were published: a session at rest publishes none."""

    # -- start -------------------------------------------------------------------------

    def on_mount(self) -> None:
        from wizard.io.saving import content_digest

        self._digest = content_digest(self.answers_path)
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
            self._broken_to_keep = True
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
        if state.answers is not old.answers:  # saved after a pause in typing (debounce)
            if self._save_timer is not None:
                self._save_timer.stop()
            self._save_timer = self.set_timer(self.autosave_delay, self.save_now)
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
        state = self.state.edited(message.key, message.value, message.origin)
        self._publish(state, typed_in=message.key)

    def save_now(self, force: bool = False) -> bool:
        """Write the answers file if the answers changed since it was last written; True
        when the file holds the answers. A file changed on disk, or a write that fails,
        opens a dialog (never an overwrite, never a silent loss)."""
        if self._save_timer is not None:
            self._save_timer.stop()
        state = self.state
        if not force and not state.unsaved:
            return True
        if self._asking:
            return False
        from wizard.io.saving import ChangedOnDisk, save_answers

        try:
            if self._broken_to_keep:
                copy = keep_broken_copy(self.answers_path)
                self._broken_to_keep = False
                self.notify(f"The file as it was is kept as {visible(display_path(copy))}.")
            self._digest = save_answers(self.answers_path, state.answers, expect=self._digest)
        except ChangedOnDisk:
            self._ask_about_saving(
                "Someone else wrote it since the session last read or saved it. Reload it "
                "(your changes since then are dropped), overwrite it with the session's "
                "answers, or save them to another file.",
                changed_on_disk=True,
            )
            return False
        except OSError as error:
            self.save_error = f"Could not save {self.sub_title}: {error}"
            self.notify(visible(self.save_error), severity="error")
            return False
        self.save_error = None
        self._publish(replace(self.state, saved=state.answers))
        return True

    save_error: str | None = None
    """Why the last save failed; None after one succeeded."""

    def _ask_about_saving(
        self, problem: str, *, changed_on_disk: bool, quitting: bool = False
    ) -> None:
        from screens.save_problem import SaveDecision, SaveProblemScreen

        def decided(decision: SaveDecision | None) -> None:
            self._asking = False
            self._save_decided(decision or SaveDecision("cancel"), quitting)

        self._asking = True
        screen = SaveProblemScreen(
            visible(self.sub_title), problem, changed_on_disk=changed_on_disk, quitting=quitting
        )
        self.push_screen(screen, callback=decided)

    def _save_decided(self, decision: SaveDecision, quitting: bool) -> None:
        from wizard.io.saving import ANY_CONTENT, content_digest

        choice = decision.choice
        if choice == "lose":
            self.lost_changes = True
            self.exit(1)
            return
        if choice == "reload":
            self._reload()
        elif choice == "overwrite":
            self._digest = ANY_CONTENT
            saved = self.save_now(force=True)
            if self._digest == ANY_CONTENT:  # (the write failed: ask again next time)
                self._digest = content_digest(self.answers_path)
            if not saved:
                return
        elif choice == "retry":
            if not self.save_now(force=True):
                if quitting and not self._asking:
                    self._ask_to_quit()
                return
        elif choice == "elsewhere":
            self._save_elsewhere(Path(decision.path))
        if quitting and choice != "cancel" and not self.state.unsaved:
            self.exit(0)

    def _reload(self) -> None:
        """Take the file as it is on disk now; the fields show it."""
        from wizard.io.saving import content_digest

        digest = content_digest(self.answers_path)
        loaded = load_session(self.answers_path)
        if loaded.problems:
            self.notify(
                f"{visible(self.sub_title)} cannot be loaded as it is now "
                f"({len(loaded.problems)} problems); nothing was changed.",
                severity="error",
            )
            return
        self._digest = digest
        self._publish(replace(self.state, answers=loaded.answers, saved=loaded.answers))
        self.notify(f"Reloaded {visible(self.sub_title)}.")

    def _save_elsewhere(self, path: Path) -> None:
        """Save to ``path`` (never over an existing file) and go on with that file."""
        from wizard.io.saving import ChangedOnDisk, save_answers

        if path.is_dir():
            path = path / ANSWERS_YAML
        try:
            digest = save_answers(path, self.state.answers, expect=None)
        except ChangedOnDisk:
            self.notify(f"{visible(display_path(path))} exists; not overwritten.", severity="error")
            return
        except OSError as error:
            self.notify(f"Could not save {visible(display_path(path))}: {error}", severity="error")
            return
        self.answers_path, self._digest, self._broken_to_keep = path, digest, False
        self.sub_title = display_path(path)
        self.save_error = None
        self._publish(replace(self.state, saved=self.state.answers))
        self.notify(f"Saved to {visible(self.sub_title)}; the session goes on with it.")

    def _ask_to_quit(self) -> None:
        self._ask_about_saving(
            f"{self.save_error or 'The last save failed.'} Quitting now loses the changes "
            "since the last save.",
            changed_on_disk=False,
            quitting=True,
        )

    async def action_quit(self) -> None:
        if self._asking:
            return  # the dialog is open: answer it first
        if self.save_now():
            self.exit(0)
        elif not self._asking:  # a failed write; a file changed on disk has asked already
            self._ask_to_quit()

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
        from wizard.io.export import plan_export
        from wizard.io.saving import read_original
        from wizard.render import render_design_files

        def plan() -> list[PlannedFile]:
            original = read_original(self.answers_path)
            files = render_design_files(documents.design, documents.answers, answers_text=original)
            return plan_export(files, out_dir)

        try:
            planned = await asyncio.to_thread(plan)
        except (OSError, ValueError) as error:
            self.notify(f"Cannot plan the export: {error}", severity="error")
            return
        self._publish(replace(self.state, plan=tuple(planned)))

    @work(exclusive=True, group="export")
    async def action_export(self) -> None:
        """Write exactly what `mlops-wizard export` writes; ask before overwriting edits."""
        from screens.confirm_export import ConfirmOverwriteScreen
        from wizard.io.export import RefusedOverwrite, write_export
        from wizard.io.saving import read_original
        from wizard.pipeline import render_export

        state = self.state
        answers, evidence, out_dir = state.answers, state.evidence, Path(state.output_folder)
        if (out_dir / ANSWERS_YAML).resolve() == self.answers_path.resolve():
            # Export writes the session's own answers file there: write it now, so it is
            # "unchanged" rather than a file export never wrote (and would refuse).
            self.save_now(force=True)
        else:
            self.save_now()
        try:
            # The answers copy is the session's own file, as `export --answers FILE` writes it.
            original = read_original(self.answers_path)
            files = await asyncio.to_thread(render_export, answers, evidence, None, original)
            try:
                result = await asyncio.to_thread(write_export, files, out_dir)
            except RefusedOverwrite as refused:
                screen = ConfirmOverwriteScreen(refused.paths, refused.conflicts)
                if not await self.push_screen_wait(screen):
                    kept = "; the merges are beside them" if refused.conflicts else ""
                    self.notify(f"Export cancelled: your files are as they were{kept}.")
                    return
                result = await asyncio.to_thread(write_export, files, out_dir, True)
        except Exception as error:  # a full disk or a renderer bug: one line, not a crash
            self.notify(f"Export failed: {error}", severity="error")
            return
        written = sum(item.action != "unchanged" for item in result.files)
        merged = sum(item.action == "merged" for item in result.files)
        kept = f" ({merged} merged with your edits)" if merged else ""
        self.notify(
            f"Exported to {display_path(out_dir)}: {written} written{kept}, "
            f"{len(result.files) - written} unchanged."
        )
        if self.state.step == "review":
            self._plan_export()


def run_session(answers_path: Path, scan_root: Path | None) -> int:
    """Run the interactive session on ``answers_path``; the exit code for the CLI."""
    app = WizardApp(answers_path, scan_root)
    result = app.run()
    if app.return_code:
        return app.return_code
    return result or 0
