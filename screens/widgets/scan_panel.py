"""The repository scan on the Project step: progress while it runs, then the findings grouped
by category with the file and line that prove each, and a button to accept the answers the
evidence suggests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import var
from textual.widgets import Button, Label, ProgressBar, Static

from wizard.model.evidence import CATEGORY_ORDER, Category
from wizard.model.records import record
from wizard.model.text import visible
from wizard.model.vocabulary import CATEGORY_LABELS

if TYPE_CHECKING:
    from wizard.engine.suggestions import SuggestedAnswer
    from wizard.model.evidence import Evidence

#: Findings listed per category before the rest is summarised as a count.
FINDINGS_PER_CATEGORY = 4


@record
class ScanStatus:
    """Where the scan is: files read of total, then the evidence (or why it failed)."""

    root: str
    """The scanned folder as the user knows it (never an absolute path)."""
    done: int = 0
    total: int = 0
    evidence: Evidence | None = None
    error: str | None = None
    suggestions: tuple[SuggestedAnswer, ...] = ()
    """(answer key, suggested value, why) for every suggestion the evidence makes."""


def findings_text(evidence: Evidence) -> Text:
    """The findings grouped by category, each with path:line (one line each, cut to fit)."""
    text = Text(no_wrap=True, overflow="ellipsis")
    categories: dict[Category, list[str]] = {}
    for item in sorted(evidence.items, key=lambda item: CATEGORY_ORDER.index(item.category)):
        # Paths and tools come from the repository: no control sequence reaches the screen.
        categories.setdefault(item.category, []).append(visible(f"{item.where}  {item.tool}"))
    if not categories:
        text.append("No MLOps tooling found.", style="italic")
        return text
    for category, lines in categories.items():
        text.append(CATEGORY_LABELS[category], style="bold")
        text.append(f"  ({len(lines)})\n", style="dim")
        for line in lines[:FINDINGS_PER_CATEGORY]:
            text.append(f"  {line}\n")
        if len(lines) > FINDINGS_PER_CATEGORY:
            text.append(f"  … and {len(lines) - FINDINGS_PER_CATEGORY} more\n", style="dim")
    return text


def suggestions_text(suggestions: tuple[SuggestedAnswer, ...]) -> Text:
    text = Text()
    if suggestions:
        text.append("Suggested answers (ctrl+g takes the unanswered ones)\n", style="underline")
    for key, value, why in suggestions:
        text.append(key.split(".", 1)[-1].replace(".", " ").replace("_", " "), style="bold")
        text.append(f": {visible(str(value))}", style="bold")
        text.append(f"  ({visible(why)})\n", style="dim")
    return text


class ScanPanel(Vertical):
    """Progress, findings and suggestions of the repository scan."""

    @dataclass
    class AcceptRequested(Message):
        """The user asked to take the suggested answers."""

    status: var[ScanStatus | None] = var(None, init=False)

    def compose(self) -> ComposeResult:
        yield Label("Repository scan", classes="panel-title")
        yield Static("", id="scan-summary", markup=False)
        yield ProgressBar(show_eta=False, id="scan-progress")
        yield Static("", id="scan-findings")
        yield Static("", id="scan-suggestions")
        yield Button(
            "Accept suggested answers",
            id="accept-suggestions",
            disabled=True,
            tooltip="Fill the unanswered maturity and component questions from the scan",
        )

    def on_mount(self) -> None:
        self.watch_status(self.status)

    def watch_status(self, status: ScanStatus | None) -> None:
        if status is None:
            self.display = False
            return
        self.display = True
        summary = self.query_one("#scan-summary", Static)
        progress = self.query_one(ProgressBar)
        findings = self.query_one("#scan-findings", Static)
        if status.error is not None:
            summary.update(visible(f"Scan of {status.root} failed: {status.error}"))
            progress.display = False
            return
        if status.evidence is None:
            summary.update(
                visible(f"Scanning {status.root}: {status.done} of {status.total or '?'} files")
            )
            progress.update(total=status.total or None, progress=status.done)
            return
        progress.display = False
        summary.update(
            visible(f"Scanned {status.root}: {status.evidence.files_scanned} files read")
        )
        findings.update(findings_text(status.evidence))
        self.query_one("#scan-suggestions", Static).update(suggestions_text(status.suggestions))
        self.query_one("#accept-suggestions", Button).disabled = not status.suggestions

    @on(Button.Pressed, "#accept-suggestions")
    def _accept(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.AcceptRequested())
