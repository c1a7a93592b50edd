"""The session's state on its own: every transition returns a new state, and a refused value
is kept as the field's problem while the answer stays what it was."""

from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest

from screens.session import SessionState
from screens.widgets.scan_panel import ScanStatus
from wizard.model.design import NO_SUGGESTIONS
from wizard.model.evidence import Evidence

PSI = "retraining.drift.psi_threshold"


def test_the_state_is_replaced_never_changed() -> None:
    state = SessionState()
    with pytest.raises(FrozenInstanceError):
        state.step = "review"  # type: ignore[misc]
    moved = state.at_step("thresholds")
    assert (state.step, state.answers.wizard.step) == (None, None)
    assert (moved.step, moved.answers.wizard.step) == ("thresholds", "thresholds")


def test_a_refused_value_is_a_problem_and_the_answer_stays_the_origin() -> None:
    state = SessionState().edited(PSI, 0.2, None)
    assert state.answers.retraining.drift.psi_threshold == 0.2
    assert state.problems == {}

    # Typing 1.5 passes through a valid 1: the answer goes back to the value on entering.
    typed = state.edited(PSI, 1, 0.2).edited(PSI, 1.5, 0.2)
    assert typed.answers.retraining.drift.psi_threshold == 0.2
    assert PSI in typed.problems and "1" in typed.problems[PSI]
    assert state.problems == {}  # the earlier state is untouched

    fixed = typed.edited(PSI, 0.25, 0.2)
    assert fixed.problems == {}
    assert fixed.answers.retraining.drift.psi_threshold == 0.25


def test_an_accepted_value_keeps_the_problems_of_other_fields() -> None:
    state = SessionState().edited("retraining.schedule", "hourly", None)
    problems = state.problems
    assert "retraining.schedule" in problems
    assert state.edited(PSI, 0.2, None).problems is problems


def test_the_scan_reports_progress_until_its_evidence_arrives() -> None:
    state = SessionState(scan=ScanStatus(root="repo"))
    state = state.scan_progressed(3, 10)
    assert state.scan is not None and (state.scan.done, state.scan.total) == (3, 10)
    evidence = Evidence(files_scanned=10)
    done = state.scan_finished(evidence, None, NO_SUGGESTIONS)
    assert done.evidence is evidence and done.suggestions is NO_SUGGESTIONS
    assert done.scan_progressed(4, 10) is done  # a late report changes nothing
    failed = state.scan_finished(None, "unreadable", NO_SUGGESTIONS)
    assert failed.scan is not None and failed.scan.error == "unreadable"
    assert SessionState().scan_progressed(1, 2).scan is None  # no scan, nothing to report
