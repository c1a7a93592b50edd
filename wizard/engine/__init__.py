"""The design engine: ``build_design(answers, evidence) -> Design``, pure and deterministic."""

from __future__ import annotations

from wizard.answers import Answers
from wizard.design import Design
from wizard.evidence import NO_EVIDENCE, Evidence


def build_design(answers: Answers, evidence: Evidence = NO_EVIDENCE) -> Design:
    raise NotImplementedError("design engine: being written")
