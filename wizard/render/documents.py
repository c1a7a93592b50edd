"""Every exported document of a Design, in a fixed order: the interactive preview and the
headless export both call this, so what the user previews is exactly what is written."""

from __future__ import annotations

from collections.abc import Collection

from wizard.io.saving import dump_answers
from wizard.model.answers import Answers
from wizard.model.design import Design
from wizard.model.files import (
    ANSWERS_YAML,
    ARCHITECTURE_MD,
    ARCHITECTURE_YAML,
    IMPLEMENTING_MD,
    DocumentKind,
    RenderedFile,
)
from wizard.render.ci import render_ci_files
from wizard.render.decisions import render_decisions
from wizard.render.implementing import render_implementing
from wizard.render.markdown import render_markdown
from wizard.render.spec import render_spec

ALL_KINDS: tuple[DocumentKind, ...] = ("md", "yaml", "ci", "answers", "impl", "adr")


def render_design_files(
    design: Design,
    answers: Answers,
    only: Collection[DocumentKind] = ALL_KINDS,
    answers_text: str | None = None,
) -> list[RenderedFile]:
    """Every exported document of ``design``, in a fixed order, limited to ``only``."""
    files: list[RenderedFile] = []
    if "md" in only:
        files.append(RenderedFile(ARCHITECTURE_MD, "md", render_markdown(design)))
    if "yaml" in only:
        files.append(RenderedFile(ARCHITECTURE_YAML, "yaml", render_spec(design)))
    if "ci" in only:
        files += render_ci_files(design)
    if "answers" in only:
        files.append(RenderedFile(ANSWERS_YAML, "answers", dump_answers(answers, answers_text)))
    if "impl" in only:
        files.append(RenderedFile(IMPLEMENTING_MD, "impl", render_implementing(design)))
    if "adr" in only:
        files.extend(render_decisions(design))
    return files
