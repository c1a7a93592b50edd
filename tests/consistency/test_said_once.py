"""Each fact once, in words a signer keeps: every exported file of every example and of
hypothesis answers.

A risk is named on the signing page, in the risk table and at most once in the roadmap;
Confidence Assessment counts risks and names none; ``validate`` prints each once. No exported
file prints the default description (a prompt), internal jargon ("the design card") or Markdown
that renders raw (a literal ``**`` or ``\\*`` in the text GitHub or GitLab would show).
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from markdown_it import MarkdownIt

from tests.paths import EXAMPLES
from tests.strategies import ANSWERS_DATA
from wizard.engine import build_design
from wizard.io.loader import load_answers
from wizard.model.answers import Answers
from wizard.model.defaults import DEFAULTS
from wizard.model.design import Design
from wizard.render import render_design_files

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))

#: Words no signer should meet: a prompt printed as a description, the wizard's own jargon,
#: a sentence calling defaults the team's choice.
STRUCK: tuple[str, ...] = (
    str(DEFAULTS.project.description),
    "design card",
    "You chose every tool",
)

#: CommonMark with GFM's tables, as GitHub and GitLab render a document.
_MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _documents(design: Design, answers: Answers) -> dict[str, str]:
    return {file.path: file.text for file in render_design_files(design, answers)}


def _section(markdown: str, heading: str) -> str:
    return markdown.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


def check_risks_said_once(design: Design, markdown: str) -> None:
    signing = _section(markdown, "What you are signing")
    table = _section(markdown, "Risk Assessment")
    confidence = _section(markdown, "Confidence Assessment")
    roadmap = _section(markdown, "Implementation Roadmap")
    for risk in design.risks:
        assert signing.count(risk.id) == 1, risk.id
        assert table.count(risk.id) == 1, risk.id
        assert roadmap.count(risk.id) <= 1, risk.id
        assert risk.id not in confidence, risk.id
        assert markdown.count(risk.id) == 2 + roadmap.count(risk.id), risk.id


def rendered_text(markdown: str) -> str:
    """What a reader sees of ``markdown`` rendered: the HTML's text, code left out (a code
    span may hold any character on purpose)."""
    rendered = _MARKDOWN.render(markdown)
    rendered = re.sub(r"<pre>.*?</pre>|<code>.*?</code>", "", rendered, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


def check_words(files: dict[str, str], description: str | None) -> None:
    for path, text in files.items():
        for words in STRUCK:
            if words == DEFAULTS.project.description and description == words:
                continue  # the team wrote these words themselves
            assert words not in text, (path, words)
        if path.endswith(".md"):
            shown = rendered_text(text)
            raw = re.search(r".{0,30}(\*\*|\\\*).{0,30}", shown)
            assert raw is None, (path, raw.group(0) if raw else "")


def check_all(answers: Answers) -> None:
    design = build_design(answers)
    files = _documents(design, answers)
    check_words(files, answers.project.description)
    if design.out_of_scope is None:
        check_risks_said_once(design, files["architecture.md"])


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: path.stem)
def test_every_example_says_each_fact_once_in_plain_words(path: Path) -> None:
    check_all(load_answers(path))


# 30: each renders every document (~0.2 s).
@settings(max_examples=30)
@given(ANSWERS_DATA)
def test_any_answers_say_each_fact_once_in_plain_words(data: dict[str, Any]) -> None:
    answers = Answers.model_validate(data)
    assume(answers.project.name is None or answers.project.name.strip() != "")
    check_all(answers)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: path.stem)
def test_validate_prints_each_risk_once(path: Path, run_cli) -> None:
    design = build_design(load_answers(path))
    result = run_cli("validate", str(path))
    for risk in design.risks:
        assert result.out.count(risk.id) == 1, risk.id


def test_the_default_description_is_not_printed_as_one() -> None:
    answers = DEFAULTS.model_copy(deep=True)
    files = _documents(build_design(answers), answers)
    assert str(DEFAULTS.project.description) not in files["architecture.md"]
    assert str(DEFAULTS.project.description) not in files["mlops-architecture.yaml"]
