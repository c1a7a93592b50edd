"""The answers file behind the session: saved once typing pauses, written off the event loop,
and never lost or overwritten without the user's say.

A change is saved as soon as the frame showing it is painted: the keys of a burst (a paste,
a fast typist) are taken as one change (the app's ``_take_edits``), so the file follows the
screen at once instead of after a pause in typing. The write (the user's text re-read,
re-edited and fsynced) runs in a thread, so no keystroke waits behind it; writes go one at a
time, and what changed while one ran is written right after it, so the last key is never
lost. Only accepted answers are written: a refused value never reaches them. A write that
fails, or a file someone else changed since, opens a dialog.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App

from wizard.io import saving
from wizard.io.saving import ANY_CONTENT, ChangedOnDisk, content_digest
from wizard.io.session_file import display_path, keep_broken_copy, load_session
from wizard.model.answers import Answers
from wizard.model.files import ANSWERS_YAML
from wizard.model.text import visible

if TYPE_CHECKING:
    from textual.timer import Timer

    from screens.save_problem import SaveDecision
    from screens.session import SessionState

#: Seconds of quiet in typing before the answers are saved; 0: once the change is painted.
AUTOSAVE_DELAY = 0.0


class AnswersFile:
    """The answers file as the session last read or wrote it. Writes, from the autosave's
    thread or from the event loop (quit, export), go one at a time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.digest = content_digest(path)
        """sha256 of the file as last read or written (None: no file); a write finding
        anything else there raises ChangedOnDisk instead."""
        self.keep_broken = False
        """The file failed to load: copy it aside (.broken) before the first write over it."""
        self.holds: Answers | None = None
        """The answers last written; None before the first write."""
        self._lock = threading.Lock()

    def write(self, answers: Answers, *, overwrite: bool = False) -> Path | None:
        """Write ``answers`` (over whatever is there, with ``overwrite``); the copy of the
        broken file made first, if one was. Raises ChangedOnDisk or OSError."""
        with self._lock:
            copy = None
            if self.keep_broken:
                copy = keep_broken_copy(self.path)
                self.keep_broken = False
            expect = ANY_CONTENT if overwrite else self.digest
            self.digest = saving.save_answers(self.path, answers, expect=expect)
            self.holds = answers
            return copy

    def move_to(self, path: Path, answers: Answers) -> None:
        """Write ``answers`` to ``path``, which must not exist, and go on with that file."""
        with self._lock:
            digest = saving.save_answers(path, answers, expect=None)
            self.path, self.digest, self.keep_broken, self.holds = path, digest, False, answers

    def reload(self, digest: str | None, answers: Answers) -> None:
        """The file was read again: it had ``digest`` and holds ``answers``."""
        with self._lock:
            self.digest, self.holds = digest, answers


class Autosave(App[int]):
    """The session's saving: autosave, failed saves, a file changed on disk, quitting."""

    if TYPE_CHECKING:
        state: SessionState

        def _publish(self, state: SessionState) -> None: ...
        def _take_edits(self) -> None: ...

    def __init__(self, answers_path: Path, autosave_delay: float) -> None:
        super().__init__()
        self.file = AnswersFile(answers_path)
        self.autosave_delay = autosave_delay
        self.sub_title = display_path(answers_path)
        self._save_timer: Timer | None = None
        self._writing = False
        """A write runs in the autosave's thread."""
        self._asking = False
        """A dialog about a failed save is open: autosave waits for the user's answer."""
        self.lost_changes = False
        """The user quit with changes that could not be saved (the exit code says so)."""
        self.save_error: str | None = None
        """Why the last save failed; None after one succeeded."""

    @property
    def answers_path(self) -> Path:
        return self.file.path

    def _answers_changed(self) -> None:
        """The answers changed: save them once the frame showing them is painted (after
        the pause in typing, if there is one)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self.autosave_delay > 0:
            self._save_timer = self.set_timer(self.autosave_delay, self._save_after_frame)
        else:
            self._save_after_frame()

    def _save_after_frame(self) -> None:
        # Queued on every change (not once): a callback waits for a repaint of the screen
        # it was queued on, and the user may have gone to another step since.
        self._save_timer = None
        self.call_after_refresh(self._autosave)

    def _autosave(self) -> None:
        if self._save_timer is not None or self._writing or self._asking or not self.state.unsaved:
            return  # (a write running saves what changed meanwhile when it ends)
        self._writing = True
        self.run_worker(self._write_in_thread(self.state.answers), group="autosave")

    async def _write_in_thread(self, answers: Answers) -> None:
        try:
            copy = await asyncio.to_thread(self.file.write, answers)
        except (ChangedOnDisk, OSError) as error:
            self._writing = False
            self._save_failed(error)
            return
        self._writing = False
        self._saved(copy)
        if self.state.unsaved and self._save_timer is None:
            self._autosave()  # typed while it was written, and the pause is over

    def save_now(self, force: bool = False) -> bool:
        """Write the answers file if the answers changed since it was last written; True
        when the file holds the answers. A file changed on disk, or a write that fails,
        opens a dialog (never an overwrite, never a silent loss)."""
        self._take_edits()
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if not force and not self.state.unsaved:
            return True
        if self._asking:
            return False
        try:
            copy = self.file.write(self.state.answers)  # (after a write in the thread, if any)
        except (ChangedOnDisk, OSError) as error:
            self._save_failed(error)
            return False
        self._saved(copy)
        return True

    def _saved(self, copy: Path | None) -> None:
        if copy is not None:
            self.notify(f"The file as it was is kept as {visible(display_path(copy))}.")
        self.save_error = None
        self._publish(replace(self.state, saved=self.file.holds))

    def _save_failed(self, error: Exception) -> None:
        if isinstance(error, ChangedOnDisk):
            self._ask_about_saving(
                "Someone else wrote it since the session last read or saved it. Reload it "
                "(your changes since then are dropped), overwrite it with the session's "
                "answers, or save them to another file.",
                changed_on_disk=True,
            )
            return
        self.save_error = f"Could not save {self.sub_title}: {error}"
        self.notify(visible(self.save_error), severity="error")

    def _ask_about_saving(
        self, problem: str, *, changed_on_disk: bool, quitting: bool = False
    ) -> None:
        from screens.save_problem import SaveDecision, SaveProblemScreen

        if self._asking:
            return  # one dialog at a time

        def decided(decision: SaveDecision | None) -> None:
            self._asking = False
            self._save_decided(decision or SaveDecision("cancel"), quitting)

        self._asking = True
        screen = SaveProblemScreen(
            visible(self.sub_title), problem, changed_on_disk=changed_on_disk, quitting=quitting
        )
        self.push_screen(screen, callback=decided)

    def _save_decided(self, decision: SaveDecision, quitting: bool) -> None:
        choice = decision.choice
        if choice == "lose":
            self.lost_changes = True
            self.exit(1)
            return
        if choice == "reload":
            self._reload()
        elif choice == "overwrite":
            try:
                copy = self.file.write(self.state.answers, overwrite=True)
            except OSError as error:
                self._save_failed(error)
                return
            self._saved(copy)
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
        digest = content_digest(self.answers_path)
        loaded = load_session(self.answers_path)
        if loaded.problems:
            self.notify(
                f"{visible(self.sub_title)} cannot be loaded as it is now "
                f"({len(loaded.problems)} problems); nothing was changed.",
                severity="error",
            )
            return
        self.file.reload(digest, loaded.answers)
        self._publish(replace(self.state, answers=loaded.answers, saved=loaded.answers))
        self.notify(f"Reloaded {visible(self.sub_title)}.")

    def _save_elsewhere(self, path: Path) -> None:
        """Save to ``path`` (never over an existing file) and go on with that file."""
        if path.is_dir():
            path = path / ANSWERS_YAML
        try:
            self.file.move_to(path, self.state.answers)
        except ChangedOnDisk:
            self.notify(f"{visible(display_path(path))} exists; not overwritten.", severity="error")
            return
        except OSError as error:
            self.notify(f"Could not save {visible(display_path(path))}: {error}", severity="error")
            return
        self.sub_title = display_path(path)
        self._saved(None)
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
