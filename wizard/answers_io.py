"""Saving answers files (being written)."""

from __future__ import annotations

from wizard.answers import Answers


def dump_answers(answers: Answers) -> str:
    raise NotImplementedError("answers_io: being written")
