"""What the preview shows: the design and its documents, built off the event loop.

No Textual here: ``build_documents`` runs in a worker thread, and the modules it needs
(engine, renderers, Jinja2) are imported on first use so the first screen does not wait
for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wizard.answers import Answers
    from wizard.design import Design
    from wizard.evidence import Evidence
    from wizard.files import RenderedFile
    from wizard.render.markdown import MarkdownSection


@dataclass(frozen=True)
class PreviewDocuments:
    """One consistent set: the design and exactly the text export writes for it."""

    answers: Answers
    """The answers it was built from (to drop results that are no longer current)."""
    evidence: Evidence
    design: Design
    sections: tuple[MarkdownSection, ...]
    """architecture.md, section by section."""
    spec: str
    """mlops-architecture.yaml."""
    ci: RenderedFile
    """The CI pipeline file for the chosen platform."""

    @property
    def markdown(self) -> str:
        return "".join(section.text for section in self.sections)


def build_documents(answers: Answers, evidence: Evidence) -> PreviewDocuments:
    """Design + documents for the preview, through the same renderers export uses."""
    from wizard.ci import render_ci
    from wizard.engine import build_design
    from wizard.render.markdown import render_markdown_sections
    from wizard.render.spec import render_spec

    design = build_design(answers, evidence)
    return PreviewDocuments(
        answers=answers,
        evidence=evidence,
        design=design,
        sections=render_markdown_sections(design),
        spec=render_spec(design),
        ci=render_ci(design),
    )
