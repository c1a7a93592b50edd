"""Each regime the wizard knows names its obligations, each with the page that states it, in
the words of its own domain; a medical device never retrains automatically; a framework the
wizard does not know is named once, never given obligations. Read through the design and
the exported documents."""

from __future__ import annotations

from typing import Any

import pytest

from wizard.engine import build_design
from wizard.model.answers import Answers
from wizard.model.frameworks import DOMAINS, FRAMEWORKS, known_framework
from wizard.render.documents import render_design_files


def _answers(frameworks: list[str], **governance: Any) -> Answers:
    return Answers.model_validate(
        {
            "schema_version": 1,
            "governance": {"regime": "regulated", "frameworks": frameworks, **governance},
            "promotion": {"approver": "Validation"},
            "retraining": {"drift": {"key_features": ["age", "amount"]}},
            "cicd": {"triggers": ["push", "schedule", "drift", "manual"]},
            "components": {"monitoring": "evidently"},
        }
    )


def _architecture(answers: Answers) -> str:
    design = build_design(answers)
    return next(f.text for f in render_design_files(design, answers) if f.kind == "md")


def _all_documents(answers: Answers) -> str:
    design = build_design(answers)
    kinds = ("md", "impl", "adr", "ci")
    return "\n".join(f.text for f in render_design_files(design, answers) if f.kind in kinds)


@pytest.mark.parametrize("framework", FRAMEWORKS, ids=lambda f: f.id)
def test_each_obligation_named_carries_its_source(framework: Any) -> None:
    answers = _answers([framework.id])
    design = build_design(answers)
    rows = [row for row in design.governance.obligations if row.framework == framework.id]
    assert [row.says for row in rows] == [item.says for item in framework.obligations]
    assert all(row.source.startswith("https://") for row in rows)
    markdown = _architecture(answers)
    for item in framework.obligations:
        # Each obligation is a table row that ends with its source page.
        (line,) = [line for line in markdown.splitlines() if item.says[:40] in line]
        assert f"<{item.source.url}>" in line
    # Its domain's words are the Governance section's.
    domain = DOMAINS[framework.domain]
    for duty in domain.duties:
        assert duty in design.governance.duties


@pytest.mark.parametrize(
    ("frameworks", "named", "never"),
    [
        (["sr-11-7"], ["model inventory", "once a year", "independent"], ["PCCP", "IEC 62304"]),
        (
            ["fda-samd", "eu-mdr", "iec-62304"],
            ["predetermined change control plan", "IEC 62304", "post-market surveillance"],
            ["model inventory", "model risk management"],
        ),
        (["eu-ai-act-high-risk"], ["Article 9", "Article 12", "Article 14"], ["model inventory"]),
        (["gdpr-art-22"], ["human review", "explanation", "Article 22"], ["model inventory"]),
    ],
)
def test_each_regime_speaks_its_own_domain(
    frameworks: list[str], named: list[str], never: list[str]
) -> None:
    text = _all_documents(_answers(frameworks))
    lowered = text.lower()
    for words in named:
        assert words.lower() in lowered, words
    for words in never:
        assert words.lower() not in lowered, words


@pytest.mark.parametrize("frameworks", [["fda-samd"], ["eu-mdr"], ["iec-62304", "gdpr-art-22"]])
def test_a_medical_device_never_retrains_automatically(frameworks: list[str]) -> None:
    answers = _answers(frameworks, regime="internal-review")
    design = build_design(answers)
    assert design.governance.locked
    assert not design.promotion.promotes_automatically
    # No trigger retrains it: the schedule is off, and no timer or alert starts a run.
    assert not design.retraining.enabled("Schedule")
    assert not {"schedule", "drift"} & set(design.pipeline.triggers)
    for rule in design.retraining.triggers:
        assert "retrain" not in rule.action.lower() or "no automatic" in rule.action.lower()
    text = _all_documents(answers).lower()
    assert "retrain automatically" not in text.replace("never retrain automatically", "")
    assert "change request" in text
    # The monitoring job's drift exit fails the job (a person opens the change request).
    ci = next(f.text for f in render_design_files(design, answers) if f.kind == "ci")
    assert "event_type=drift-detected" not in ci
    assert "open a change request" in ci


def test_the_ai_act_dates_are_data_with_their_source() -> None:
    framework = known_framework("eu-ai-act-high-risk")
    assert framework is not None and framework.dates
    for stand_alone, frameworks in ((True, ["eu-ai-act"]), (False, ["eu-ai-act", "fda-samd"])):
        design = build_design(_answers(frameworks))
        (note,) = [n for n in design.governance.notes if n.framework == "eu-ai-act"]
        dated = next(d for d in framework.dates if d.products is not stand_alone)
        assert dated.applies_from.isoformat() in note.says
        assert dated.originally.isoformat() in note.says
        assert note.source == dated.source.url


def test_an_unknown_framework_is_named_once_and_given_no_obligations() -> None:
    answers = _answers(["sr-11-7", "iso-42001"])
    design = build_design(answers)
    assert {row.framework for row in design.governance.obligations} == {"sr-11-7"}
    (risk,) = [r for r in design.risks if r.id == "R36-framework-obligations-unlisted"]
    assert "iso-42001" in risk.message
    # Said to be unknown once (the Governance line only lists the names as answered).
    markdown = _architecture(answers)
    unknown = [line for line in markdown.splitlines() if "not among the wizard's" in line]
    assert len(unknown) == 1 and "iso-42001" in unknown[0]
    assert not [line for line in markdown.splitlines() if line.startswith("| `iso-42001`")]
