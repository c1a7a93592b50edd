"""The session's state: one frozen value that the app replaces as a whole and publishes.

The app holds a ``SessionState`` and replaces it (``dataclasses.replace``) on every change;
the step screens watch it and show what they need of it. The transitions below are the
session's own (an edit, a step, the scan's progress); the rules they apply are the domain's
(``set_value`` validates like the loader). Nothing here uses Textual.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field, replace
from typing import TYPE_CHECKING, Any

from screens.widgets.fields import EXPLICIT_NULL
from screens.widgets.scan_panel import ScanStatus
from wizard.io.edit import set_value
from wizard.io.errors import AnswersError
from wizard.io.loader import validate_data
from wizard.io.saving import explicit_data
from wizard.model.answers import NULL_MEANINGS, Answers, Step, empty_answers
from wizard.model.dotted_keys import answer_at, value_at
from wizard.model.evidence import NO_EVIDENCE, Evidence
from wizard.model.records import record

if TYPE_CHECKING:
    from wizard.io.export import PlannedFile
    from wizard.model.design import ScanSuggestions
    from wizard.pipeline import PreviewDocuments

#: The source named in a problem with a value typed into a field.
FIELD_SOURCE = "field"


def same_answers(first: Answers | None, second: Answers | None) -> bool:
    """Whether two answers would write the same file: the same values *and* the same keys
    set, so an explicit null (``approver: null``, no manual gate) differs from an unknown
    (no key), which pydantic's ``==`` does not tell apart."""
    if first is second:
        return True
    if first is None or second is None:
        return False
    return first == second and explicit_data(first) == explicit_data(second)


def is_set(answers: Answers, key: str) -> bool:
    """Whether the answers file holds ``key`` (a null included)."""
    parent_key, _, name = key.rpartition(".")
    parent = answer_at(answers, parent_key) if parent_key else answers
    return parent is not None and name in parent.model_fields_set


def field_value(answers: Answers, key: str) -> Any:
    """The value a field shows for ``key``: None for unknown, ``EXPLICIT_NULL`` for a null
    that is an answer (``NULL_MEANINGS``: no manual gate, no latency criterion, ...)."""
    value = value_at(answers, key)
    if value is None and key in NULL_MEANINGS and is_set(answers, key):
        return EXPLICIT_NULL
    return value


def with_value(answers: Answers, key: str, value: Any, source: str = FIELD_SOURCE) -> Answers:
    """``answers`` with ``key`` set to what a field entered: None (unknown) removes the key
    from the file, ``EXPLICIT_NULL`` writes a null; validated like the file."""
    if value is EXPLICIT_NULL:
        return set_value(answers, key, None, source)
    if value is not None:
        return set_value(answers, key, value, source)
    if not is_set(answers, key):
        return answers
    data = explicit_data(answers)
    section = data
    parts = key.split(".")
    for part in parts[:-1]:
        section = section[part]
    del section[parts[-1]]
    return validate_data(data, source)


@record
class SessionState:
    """Everything the session knows at one moment."""

    answers: Answers = field(default_factory=empty_answers)
    """The answers as accepted: only values the loader's rules allow get in."""
    evidence: Evidence = NO_EVIDENCE
    """What the scan found in the repository (none without a scan)."""
    suggestions: ScanSuggestions | None = None
    """What the evidence suggests, worked out by the engine once the scan is done."""
    documents: PreviewDocuments | None = None
    """The design and the documents last built; None until the first build."""
    step: Step | None = None
    """The step shown; None before the first is."""
    scan: ScanStatus | None = None
    """The scan's progress and results; None when the session scans nothing."""
    saved: Answers | None = None
    """The answers as the file holds them (read or written); None until it holds valid ones."""
    problems: Mapping[str, str] = field(default_factory=dict)
    """Answer key -> why the value last entered for it was refused (never mutated)."""
    output_folder: str = "."
    """The export's folder as typed (relative to where the session started)."""
    plan: tuple[PlannedFile, ...] | None = None
    """What export would do to each file; None until planned."""
    typed_in: str | None = None
    """The answer key whose field the user typed these answers in; None when they changed
    otherwise (a suggestion, a reset, a reload). That field already shows what it was typed,
    and more keys may be on their way to it: setting it from the state would re-post an
    older value and lose them."""

    @property
    def unsaved(self) -> bool:
        """Whether the answers differ from those in the file (an explicit null included)."""
        return not same_answers(self.answers, self.saved)

    @property
    def has_suggestions(self) -> bool:
        return self.scan is not None and bool(self.scan.suggestions)

    def is_current(self, documents: PreviewDocuments) -> bool:
        """Whether ``documents`` were built from these answers and this evidence."""
        return documents.answers is self.answers and documents.evidence is self.evidence

    @property
    def preview_is_current(self) -> bool:
        """Whether the documents are complete and built from these answers and evidence."""
        documents = self.documents
        return documents is not None and documents.complete and self.is_current(documents)

    def edited(self, key: str, value: Any, origin: Any) -> SessionState:
        """The user entered ``value`` for ``key``: taken if valid; else the problem is kept
        and, while it stands, the answer is ``origin``, its value before the edit."""
        try:
            answers = with_value(self.answers, key, value)
        except AnswersError as error:
            problem = "; ".join(problem.message for problem in error.problems)
            problems = {**self.problems, key: problem}
            return replace(self, answers=self._reverted(key, origin), problems=problems)
        if key not in self.problems:
            return replace(self, answers=answers)
        problems = {other: text for other, text in self.problems.items() if other != key}
        return replace(self, answers=answers, problems=problems)

    def _reverted(self, key: str, origin: Any) -> Answers:
        if field_value(self.answers, key) == origin:
            return self.answers
        try:
            return with_value(self.answers, key, origin)
        except AnswersError:  # the original value was valid when shown; keep what we have
            return self.answers

    def at_step(self, step: Step) -> SessionState:
        """Showing ``step``; the answers file remembers it for the next session."""
        answers = self.answers
        if answers.wizard.step != step:
            answers = set_value(answers, "wizard.step", step, FIELD_SOURCE)
        return replace(self, answers=answers, step=step)

    def scan_progressed(self, done: int, total: int) -> SessionState:
        if self.scan is None or self.scan.evidence is not None:
            return self
        return replace(self, scan=replace(self.scan, done=done, total=total))

    def scan_finished(
        self, evidence: Evidence | None, error: str | None, suggestions: ScanSuggestions
    ) -> SessionState:
        """The scan's result: its evidence and suggestions, or why there are none."""
        if self.scan is None:
            return self
        if evidence is None:
            return replace(self, scan=replace(self.scan, error=error))
        scan = replace(
            self.scan,
            done=evidence.files_scanned,
            total=evidence.files_scanned,
            evidence=evidence,
            suggestions=suggestions.answers,
        )
        return replace(self, scan=scan, suggestions=suggestions, evidence=evidence)
