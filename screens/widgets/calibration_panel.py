"""Calibrate on data: the dialog the Thresholds step opens to tune the PSI threshold on the
team's own files, as ``mlops-wizard calibrate`` does.

The user names a reference and a history (paths completed from the data files under the
current folder), picks the history's timestamp column (read from the files by DuckDB, in a
worker), and runs the calibration in a thread worker whose progress moves the bar; Escape
cancels a run, or closes the dialog when nothing runs. The results show per feature the
PSI of every window beside the threshold, the sweep of thresholds with the false alarms a
year each would raise, and the recommendation. Accepting dismisses the dialog with the
report; the screen that opened it records it through the same edit path every field uses.

The data stage (DuckDB) is imported inside the workers only: opening the Thresholds step
never loads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.timer import Timer
from textual.widgets import (
    Button,
    Footer,
    Input,
    Label,
    ProgressBar,
    Select,
    Static,
)
from textual.worker import get_current_worker

from screens.widgets.calibration_results import CalibrationResults
from screens.widgets.calibration_run import (
    CalibrationOutcome,
    accepted,
    calibrate,
)
from screens.widgets.ordered_input import OrderedInput
from wizard.model.text import error_line, visible

if TYPE_CHECKING:
    from wizard.calibration import CalibrationInputs
    from wizard.model.answers import Answers

#: Seconds of quiet after the history path is typed before its columns are read.
COLUMNS_DELAY = 0.3
#: The data the dialog asks for: the row's label, the Input's placeholder and its id.
PATH_ROWS = (
    ("Reference", "training data: a path or a glob", "calibration-reference"),
    ("History", "scored data over time: a path or a glob", "calibration-history"),
)


class CalibrationPanel(ModalScreen[CalibrationOutcome | None]):
    """Pick the files, run the calibration, see the PSI per window, accept the threshold."""

    # Its own rules, scoped under its type: the dialog is self-contained (STYLE.md keeps
    # DEFAULT_CSS for such widgets), and app.tcss is shared with every other screen.
    DEFAULT_CSS = """
    CalibrationPanel {
        align: center middle;
    }

    CalibrationPanel #calibration-dialog {
        width: 104;
        max-width: 100%;
        height: 1fr;
        max-height: 38;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }

    CalibrationPanel .dialog-title {
        text-style: bold;
    }

    CalibrationPanel .calibration-row {
        height: auto;
        margin-top: 1;
    }

    CalibrationPanel .calibration-label {
        width: 11;
    }

    CalibrationPanel .calibration-row Input, CalibrationPanel .calibration-row Select {
        width: 1fr;
        background: $boost;
    }

    CalibrationPanel .calibration-row Button {
        margin-right: 2;
    }

    CalibrationPanel #calibration-progress {
        width: 1fr;
    }

    CalibrationPanel #calibration-status {
        color: $text-muted;
        height: auto;
    }

    CalibrationPanel #calibration-status.-error {
        color: $text-error;
        text-style: bold;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+r",
            "run",
            "Run",
            id="calibration-run",
            tooltip="Compute PSI per window and recommend a threshold",
        ),
        Binding(
            "ctrl+y",
            "accept",
            "Accept",
            id="calibration-accept",
            tooltip="Set the PSI threshold to the recommendation and record the calibration",
        ),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="calibration-cancel",
            tooltip="Stop the run; close the dialog when nothing runs",
        ),
    ]

    @dataclass
    class ColumnsRead(Message):
        """The columns of the history at ``path``, or why they could not be read."""

        path: str
        columns: list[tuple[str, str]]
        error: str | None = None

    @dataclass
    class Finished(Message):
        """A run ended: its report, or the one line that says why it has none."""

        report: dict[str, Any] | None
        error: str | None = None

    def __init__(self, answers: Answers) -> None:
        super().__init__()
        self.answers = answers
        """The answers the run measures with: key features, schedule, the triggers."""
        self.report: dict[str, Any] | None = None
        """The last run's report; None before a run succeeds."""
        self.columns: list[str] = []
        """The history's columns, as last read."""
        self._columns_timer: Timer | None = None

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="calibration-dialog"):
            yield Label("Calibrate on data", classes="dialog-title")
            for label, placeholder, control in PATH_ROWS:
                with Horizontal(classes="calibration-row"):
                    yield Label(label, classes="calibration-label")
                    # Keys in a burst apply in order, as in every other field.
                    yield OrderedInput(
                        placeholder=placeholder, id=control, select_on_focus=False, compact=True
                    )
            with Horizontal(classes="calibration-row"):
                yield Label("Timestamp", classes="calibration-label")
                yield Select[str](
                    [],
                    prompt="(give the history first)",
                    id="calibration-timestamp",
                    compact=True,
                )
            with Horizontal(classes="calibration-row"):
                # Each button runs the action its key runs.
                yield Button(
                    "Run (ctrl+r)",
                    id="calibration-run",
                    variant="primary",
                    compact=True,
                    action="screen.run",
                )
                yield Button(
                    "Cancel (esc)", id="calibration-stop", compact=True, action="screen.cancel"
                )
                yield ProgressBar(total=None, show_eta=False, id="calibration-progress")
            yield Static("", id="calibration-status", markup=False)
            yield CalibrationResults(id="calibration-results")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#calibration-reference", Input).focus()
        self._list_files()

    # -- path completion and the timestamp column -----------------------------------------

    @work(thread=True, exclusive=True, group="calibration-files")
    def _list_files(self) -> None:
        try:
            from wizard.calibration import data_files

            files = data_files(".")
        except OSError:
            return  # no completion: the paths can still be typed
        self.app.call_from_thread(self._suggest, files)

    def _suggest(self, files: list[str]) -> None:
        for control in self.query(Input):
            control.suggester = SuggestFromList(files)

    @on(Input.Changed, "#calibration-history")
    def _history_typed(self, event: Input.Changed) -> None:
        event.stop()
        if self._columns_timer is not None:
            self._columns_timer.stop()
        self._columns_timer = self.set_timer(COLUMNS_DELAY, self._read_columns_now)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "calibration-history":
            self._read_columns_now()
        self.focus_next()

    def _read_columns_now(self) -> None:
        if self._columns_timer is not None:
            self._columns_timer.stop()
        path = self.query_one("#calibration-history", Input).value.strip()
        if not path:
            self._show_columns([], None)
            return
        self._read_columns(path)

    @work(thread=True, exclusive=True, group="calibration-columns")
    def _read_columns(self, path: str) -> None:
        from wizard.calibration import history_columns
        from wizard.data import DataError

        try:
            columns = history_columns(path)
        except (DataError, OSError, ValueError) as error:
            self.post_message(self.ColumnsRead(path, [], f"history: {visible(error_line(error))}"))
        else:
            self.post_message(self.ColumnsRead(path, columns))

    @on(ColumnsRead)
    def _columns_read(self, message: ColumnsRead) -> None:
        if message.path != self.query_one("#calibration-history", Input).value.strip():
            return  # the path changed since: a newer read follows
        self._show_columns(message.columns, message.error)

    def _show_columns(self, columns: list[tuple[str, str]], error: str | None) -> None:
        from wizard.calibration import timestamp_guess

        select: Select[str] = self.query_one("#calibration-timestamp", Select)
        chosen = select.value
        select.set_options(
            (Text(f"{visible(name)}  ({kind.lower()})"), name) for name, kind in columns
        )
        names = self.columns = [name for name, _ in columns]
        if chosen in names:
            select.value = chosen
        elif (guess := timestamp_guess(columns)) is not None:
            select.value = guess
        self._status(error or "", error=error is not None)

    # -- the run --------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return any(
            worker.group == "calibration" and not worker.is_finished
            for worker in self.app.workers
            if worker.node is self
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "accept":
            return self.report is not None and not self.running
        if action == "run":
            return not self.running
        return True

    def action_run(self) -> None:
        from wizard.calibration import CalibrationInputs

        if self.running:
            return
        reference = self.query_one("#calibration-reference", Input).value.strip()
        history = self.query_one("#calibration-history", Input).value.strip()
        timestamp = self.query_one("#calibration-timestamp", Select).value
        if not reference:
            self._status("reference: no data given (allowed: a path or a glob)", error=True)
            return
        if not history:
            self._status("history: no data given (allowed: a path or a glob)", error=True)
            return
        if timestamp is Select.NULL:
            self._status("timestamp: choose the history's timestamp column", error=True)
            return
        inputs = CalibrationInputs(reference=reference, history=history, timestamp=str(timestamp))
        self.report = None
        self.query_one("#calibration-results").display = False
        bar = self.query_one("#calibration-progress", ProgressBar)
        bar.update(total=None, progress=0)
        self._status("Calibrating…")
        self._calibrate(self.answers, inputs)
        self.refresh_bindings()

    @work(thread=True, exclusive=True, group="calibration")
    def _calibrate(self, answers: Answers, inputs: CalibrationInputs) -> None:
        worker = get_current_worker()
        report, error = calibrate(
            answers,
            inputs,
            cancelled=lambda: worker.is_cancelled,
            progressed=lambda done, total: self.app.call_from_thread(self._progressed, done, total),
        )
        self.post_message(self.Finished(report, error))

    def _progressed(self, done: int, total: int) -> None:
        self.query_one("#calibration-progress", ProgressBar).update(total=total, progress=done)

    @on(Finished)
    def _finished(self, message: Finished) -> None:
        self.refresh_bindings()
        if message.report is None:
            self.query_one("#calibration-progress", ProgressBar).update(total=None, progress=0)
            self._status(message.error or "", error=True)
            return
        self.report = message.report
        self._status("")
        self.query_one(CalibrationResults).show(message.report)
        self.refresh_bindings()

    def action_cancel(self) -> None:
        if self.running:
            self.workers.cancel_group(self, "calibration")
            self._status("Cancelling…")
            return
        self.dismiss(None)

    def action_accept(self) -> None:
        if self.report is None or self.running:
            return
        try:
            outcome = accepted(self.answers, self.report)
        except ValueError as error:  # the answers' rules refuse the report: say so
            self._status(
                f"Cannot record this calibration: {visible(error_line(error))}", error=True
            )
            return
        self.dismiss(outcome)

    def _status(self, text: str, *, error: bool = False) -> None:
        """The panel's one line: what is happening, or (``error``) what went wrong."""
        status = self.query_one("#calibration-status", Static)
        status.set_class(error, "-error")
        status.update(text)
