"""The answers' digest the spec records: what the answers say, not how the file is written."""

from __future__ import annotations

from wizard.io.loader import parse_answers
from wizard.model.spec import answers_sha256

BASE = """schema_version: 1
project:
  name: fraud
  cloud: aws
retraining:
  drift:
    psi_threshold: 0.1
wizard:
  step: project
"""


def _digest(text: str) -> str:
    return answers_sha256(parse_answers(text, "answers.yaml"))


def test_comments_key_order_and_the_sessions_step_change_nothing() -> None:
    rewritten = """# our answers
schema_version: 1
retraining: {drift: {psi_threshold: 0.10}}   # tuned
project:
  cloud: aws
  name: 'fraud'
wizard:
  step: review
"""
    assert _digest(rewritten) == _digest(BASE)


def test_any_answer_changes_it() -> None:
    assert _digest(BASE.replace("0.1", "0.2")) != _digest(BASE)
    assert _digest(BASE.replace("name: fraud", "name: fraud2")) != _digest(BASE)
    assert len(_digest(BASE)) == 64
