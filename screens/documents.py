"""What the preview shows: the design and its documents, built off the event loop.

No Textual here: ``build_documents`` runs in a worker thread, and the modules it needs
(engine, renderers, Jinja2) are imported on first use so the first screen does not wait
for them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
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
    spec: str | None = None
    """mlops-architecture.yaml; None until the second stage has rendered it."""
    ci: RenderedFile | None = None
    """The CI pipeline file for the chosen platform; None until the second stage."""

    @property
    def complete(self) -> bool:
        return self.spec is not None and self.ci is not None

    @property
    def markdown(self) -> str:
        return "".join(section.text for section in self.sections)


def build_markdown(answers: Answers, evidence: Evidence) -> PreviewDocuments:
    """First stage: the design and architecture.md (a few milliseconds), shown at once."""
    from wizard.engine import build_design
    from wizard.render.markdown import render_markdown_sections

    design = build_design(answers, evidence)
    return PreviewDocuments(answers, evidence, design, render_markdown_sections(design))


def complete_documents(documents: PreviewDocuments) -> PreviewDocuments:
    """Second stage: the spec and the CI file (their YAML dumps take longer)."""
    from wizard.ci import render_ci
    from wizard.render.spec import render_spec

    return replace(documents, spec=render_spec(documents.design), ci=render_ci(documents.design))


def build_documents(answers: Answers, evidence: Evidence) -> PreviewDocuments:
    """Design + every document for the preview, through the same renderers export uses."""
    return complete_documents(build_markdown(answers, evidence))
