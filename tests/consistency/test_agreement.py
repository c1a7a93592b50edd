"""Sections that never disagree: every exported file of every example and of hypothesis
answers, read as the lead who signs them.

A retraining cadence only with the schedule trigger on, and never an automated retraining
for a locked model; the roadmap, Tool Recommendations and the decision records name the same
tool per concern, and a concern that needs no tool gets no roadmap step and no risk asking for
it; a risk only when its trigger is on; the approver where approval is described; one latency
percentile; no clause said again and again in a decision record.
"""

from __future__ import annotations

import html
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings

from tests.fraud_data import write_fraud_data
from tests.paths import EXAMPLES
from tests.strategies import ANSWERS_DATA
from wizard.engine import build_design
from wizard.engine.resolve import resolve_answers
from wizard.io.loader import load_answers
from wizard.model.answers import Answers
from wizard.model.catalog import CONCERNS, options
from wizard.model.design import NO_SUGGESTIONS, Design
from wizard.model.evidence import NO_EVIDENCE
from wizard.render import render_design_files

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))

#: A roadmap task that retrains on a timer.
_CADENCE = re.compile(r"\bRetrain (hourly|daily|weekly|monthly|on the schedule)\b")
#: A task or focus that asks to automate retraining.
_AUTOMATE_RETRAINING = re.compile(r"automat\w* retrain|retrain\w* automatically", re.I)
_PERCENTILE = re.compile(r"\bp(50|90|95|99|99\.9)\b")


def _documents(design: Design, answers: Answers) -> dict[str, str]:
    return {file.path: file.text for file in render_design_files(design, answers)}


def _tasks(design: Design) -> list[str]:
    return [task.text for phase in design.roadmap for task in phase.tasks]


def _section(markdown: str, heading: str) -> str:
    return markdown.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


def check_retraining_cadence(design: Design, files: dict[str, str]) -> None:
    """Schedule off (or a locked model): no task retrains on a timer; a locked model is never
    asked to automate retraining, in the roadmap or the next focus."""
    if not design.retraining.enabled("Schedule"):
        for task in _tasks(design):
            assert not _CADENCE.search(task), task
    if design.governance.locked:
        focus = files["architecture.md"].split("**Next focus:**", 1)[1].split("\n", 1)[0]
        # "automated retraining (no)": a capability the focus asks to bring to yes.
        assert "automated retraining (" not in focus.lower(), focus
        for task in _tasks(design):
            assert not _AUTOMATE_RETRAINING.search(task) or "no automatic" in task, task
        page = _section(files["architecture.md"], "What you are signing")
        row = next(line for line in page.splitlines() if line.startswith("| Retraining |"))
        assert "| retrains" not in row, row


def _catalog_names(concern: str) -> set[str]:
    return {info.name for info in options(concern)} - {"None", "none"}


_EVERY_NAME = {info.name for concern in (c.key for c in CONCERNS) for info in options(concern)} - {
    "None"
}


def _named(text: str, names: set[str]) -> set[str]:
    """Which of ``names`` ``text`` names, a name inside a longer one named aside."""
    found = {name for name in _EVERY_NAME if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)}
    # A longer name contains a shorter one ("MLflow Model Registry" has "MLflow").
    found = {name for name in found if not any(name != o and name in o for o in found)}
    return found & names


def check_tools_agree(design: Design, answers: Answers, files: dict[str, str]) -> None:
    """Per concern: the decision record and every roadmap step name the tool Tool
    Recommendations names; "None needed" has no step and no risk asking for the component;
    a concern the team answered none runs no separate service it did not ask for."""
    everyone = {rec.tool_name for rec in design.recommendations}
    everyone |= {choice.tool_name for choice in design.components}
    # The pipeline runs on the CI platform whatever orchestrates the training inside it.
    everyone |= {
        info.name for info in options("orchestrator") if info.ci_platform == design.ci_platform
    }
    tasks = _tasks(design)
    for rec in design.recommendations:
        concern = rec.key.split(".")[1]
        record = next(record for record in design.decisions if record.concern == rec.concern)
        adr = files[f"decisions/{record.number:04d}-{record.slug}.md"]
        title = adr.split("\n", 1)[0]
        if rec.tool == "none":
            assert title.endswith(f"No {rec.concern.lower()} tool for now"), title
            assert not any(rec.key in risk.keys for risk in design.risks), rec.key
            # Nor is it drawn as a gap, "none chosen yet", beside "None needed".
            assert f"{rec.concern}: none chosen" not in files["architecture.md"], rec.concern
            for task in tasks:
                assert not _named(task, _catalog_names(concern) - everyone), task
        else:
            assert title.endswith(f"Use {rec.tool_name} for {rec.concern.lower()}"), title
            if "for it to serve" in rec.why:  # Tool Recommendations: nothing to serve
                assert not any(
                    task.startswith("Serve") and rec.tool_name in task for task in tasks
                ), rec.tool_name
            others = _catalog_names(concern) - everyone
            for task in tasks:
                assert not _named(task, others), (task, rec.tool_name)
    answered = answers.components.orchestrator
    if answered == "none":
        orchestration = next(r for r in design.recommendations if r.concern == "Orchestration")
        ci = {info.name for info in options("orchestrator") if info.ci_platform}
        # The team runs its pipeline in CI and asked for no orchestrator beside it.
        assert orchestration.tool == "none" or orchestration.tool_name in ci, orchestration


def check_serving(design: Design, answers: Answers) -> None:
    """A device's inputs never reach a server: no task monitors "production inputs" there;
    what the serving mode adds to watch (a stream's feature freshness) is a roadmap task."""
    serving = resolve_answers(answers, NO_EVIDENCE, NO_SUGGESTIONS).effective.serving_mode
    tasks = _tasks(design)
    if not serving.live_traffic and not serving.labels_return:
        assert not any("production inputs" in task for task in tasks), tasks
    for task in serving.monitoring_tasks:
        assert task in tasks, task


def check_governance_row(design: Design, files: dict[str, str]) -> None:
    """The signing page's Governance row names the frameworks whose controls apply, and a
    locked model's change control, not only "regulated"."""
    page = _section(files["architecture.md"], "What you are signing")
    row = next(line for line in page.splitlines() if line.startswith("| Governance |"))
    if design.governance.domains:
        for framework in design.governance.frameworks:
            assert framework in row, (framework, row)
    if design.governance.locked:
        assert "change control" in row, row


def check_risk_triggers(design: Design, answers: Answers) -> None:
    """A risk about a trigger fires only when that trigger is on."""
    e = resolve_answers(answers, NO_EVIDENCE, NO_SUGGESTIONS).effective
    ids = {risk.id.split("-")[0] for risk in design.risks}
    if "R04" in ids:
        assert "drift" in e.triggers and not e.locked


def _letters(text: str) -> str:
    """Only the word characters: escaping and stripped control characters aside."""
    return re.sub(r"[\W_]", "", html.unescape(text))


def check_approver(design: Design, files: dict[str, str]) -> None:
    """The approver the answers name is the one approval is described with."""
    approver = _letters(design.promotion.approver or "")
    markdown = files["architecture.md"]
    if approver and design.pipeline.approval_gate:
        # CI/CD Pipeline's "Manual approval" points at the sign-off under Model Registry.
        assert "(Model Registry)" in markdown.split("**Manual approval.**", 1)[1].split("\n")[0]
        registry = markdown.split("### Model Registry", 1)[1].split("\n### ", 1)[0]
        sign_off = next(line for line in registry.splitlines() if line.startswith("| Sign-off"))
        assert approver in _letters(sign_off), sign_off
        implementing = files.get("IMPLEMENTING.md", "")
        if "approv" in implementing.lower():
            assert approver in _letters(implementing), (
                "IMPLEMENTING.md describes an approval without them"
            )


def check_one_percentile(files: dict[str, str], answers_text: str) -> None:
    """The latency gate names one percentile, the same in every file."""
    seen: dict[str, set[str]] = {}
    for path, text in files.items():
        for match in _PERCENTILE.finditer(text):
            seen.setdefault(match.group(0), set()).add(path)
    for word in re.findall(_PERCENTILE, answers_text):
        seen.pop(f"p{word}", None)  # the team's own words
    assert len(seen) <= 1, seen


def _clauses(cell: str) -> list[str]:
    return [part.strip(" .") for part in cell.split("; ") if len(part.strip(" .")) > 20]


def check_decision_records_say_each_clause_once(files: dict[str, str]) -> None:
    """A clause said of several options is said once, above the list of them, not in each
    item (issue 23: an ADR repeated one clause five times); nor does the outcome say a
    clause of the list again."""
    for path, text in files.items():
        if not path.startswith("decisions/"):
            continue
        section = text.split("## Considered options", 1)[1].split("\n## ", 1)[0]
        outcome = text.split("## Decision outcome", 1)[1].split("\n## ", 1)[0]
        said = [
            line.split(": ", 1)[1]
            for line in section.splitlines()
            if line.startswith(("- ", "Against ", "For ")) and ": " in line
        ]
        counts = Counter(clause for verdict in said for clause in set(_clauses(verdict)))
        repeated = {clause: n for clause, n in counts.items() if n > 1}
        assert not repeated, (path, repeated)
        again = [clause for clause in counts if clause in outcome]
        assert not again, (path, again)


def check_implementing_says_each_sentence_once(files: dict[str, str]) -> None:
    """IMPLEMENTING.md states each paragraph, and each sentence of one, once (issue 23: an
    approval paragraph was stated twice)."""
    text = files.get("IMPLEMENTING.md")
    if text is None:
        return
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    sentences = [
        sentence.strip()
        for line in prose.splitlines()
        if not line.startswith(("|", "#"))
        for sentence in re.split(r"(?<=[.!?])\s+", line)
        if len(sentence.strip()) > 40
    ]
    repeated = [sentence for sentence, n in Counter(sentences).items() if n > 1]
    assert not repeated, repeated


def check_all(answers: Answers, answers_text: str = "") -> None:
    design = build_design(answers)
    files = _documents(design, answers)
    check_one_percentile(files, answers_text)
    check_implementing_says_each_sentence_once(files)
    if design.out_of_scope is not None:
        return
    check_retraining_cadence(design, files)
    check_tools_agree(design, answers, files)
    check_risk_triggers(design, answers)
    check_serving(design, answers)
    check_governance_row(design, files)
    check_approver(design, files)
    check_decision_records_say_each_clause_once(files)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: path.stem)
def test_every_example_s_sections_agree(path: Path) -> None:
    check_all(load_answers(path), path.read_text(encoding="utf-8"))


# 30: each renders every document (~0.2 s).
@settings(max_examples=30)
@given(ANSWERS_DATA)
def test_any_answers_sections_agree(data: dict[str, Any]) -> None:
    answers = Answers.model_validate(data)
    assume(answers.project.name is None or answers.project.name.strip() != "")
    check_all(answers, repr(data))


def test_no_drift_risk_fires_with_the_drift_trigger_off() -> None:
    """Key features named and no monitoring tool, but no drift trigger: nothing is "meant to
    trigger retraining", so R04 stays quiet (it fired on main)."""
    answers = load_answers(EXAMPLES / "two-person-charity.yaml")
    cicd = answers.cicd.model_copy(update={"triggers": ["push", "schedule"]})
    answers = answers.model_copy(update={"cicd": cicd})
    assert answers.retraining.drift.key_features
    check_all(answers)
    assert not any(risk.id.startswith("R04") for risk in build_design(answers).risks)


def test_a_calibrated_threshold_never_asks_to_be_calibrated(tmp_path: Path, run_cli) -> None:
    """``calibrate --apply``, then ``validate`` and ``export``: no risk about the threshold
    just calibrated asks for a calibration on the team's data."""
    write_fraud_data(tmp_path)
    answers = tmp_path / "answers.yaml"
    shutil.copyfile(EXAMPLES / "fraud-detection.yaml", answers)
    data = ["--reference", str(tmp_path / "reference.parquet")]
    history = ["--history", str(tmp_path / "history.parquet"), "--timestamp", "scored_at"]
    assert run_cli("calibrate", "--answers", str(answers), *data, *history, "--apply").code == 0
    validated = run_cli("validate", str(answers))
    assert "calibrate on your data" not in validated.out + validated.err
    out = tmp_path / "docs"
    assert run_cli("export", "--answers", str(answers), "--out", str(out)).code == 0
    for path in out.rglob("*"):
        if path.is_file() and path.name != "mlops-answers.yaml":
            assert "calibrate on your data" not in path.read_text(encoding="utf-8"), path
