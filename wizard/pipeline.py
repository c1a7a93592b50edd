"""The whole flow, Answers + Evidence -> Design -> documents, for export and the preview.

The one module that joins the engine and the renderers, so export and the session's
preview take the same path. The session's staged builders run in a worker thread; the
modules they need (engine, renderers, Jinja2) are imported on first use so the first
screen does not wait for them.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from typing import TYPE_CHECKING

from wizard.model.evidence import NO_EVIDENCE
from wizard.model.records import record

if TYPE_CHECKING:
    from wizard.model.answers import Answers
    from wizard.model.design import Design, ScanSuggestions
    from wizard.model.evidence import Evidence
    from wizard.model.files import DocumentKind, RenderedFile
    from wizard.render.markdown import MarkdownSection


@record
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


def build_markdown(
    answers: Answers, evidence: Evidence, suggestions: ScanSuggestions | None = None
) -> PreviewDocuments:
    """First stage: the design and architecture.md (a few milliseconds), shown at once."""
    from wizard.engine import build_design
    from wizard.render.markdown import render_markdown_sections

    design = build_design(answers, evidence, suggestions)
    return PreviewDocuments(answers, evidence, design, render_markdown_sections(design))


def complete_documents(documents: PreviewDocuments) -> PreviewDocuments:
    """Second stage: the spec and the CI file (their YAML dumps take longer)."""
    from wizard.render.ci import render_ci
    from wizard.render.spec import render_spec

    return replace(documents, spec=render_spec(documents.design), ci=render_ci(documents.design))


def render_export(
    answers: Answers,
    evidence: Evidence = NO_EVIDENCE,
    only: Collection[DocumentKind] | None = None,
    answers_text: str | None = None,
) -> list[RenderedFile]:
    """Answers + Evidence -> the exported documents. The one path every export takes.

    ``answers_text`` is the answers file the user wrote: the exported copy keeps its
    comments and style, with only the changed answers rewritten."""
    from wizard.engine import build_design
    from wizard.render import ALL_KINDS, render_design_files

    design = build_design(answers, evidence)
    return render_design_files(
        design, answers, ALL_KINDS if only is None else only, answers_text=answers_text
    )
