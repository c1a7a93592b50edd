"""CI pipeline generation for GitHub Actions, GitLab CI and Azure Pipelines (being written)."""

from __future__ import annotations

from wizard.design import Design
from wizard.files import RenderedFile


def render_ci(design: Design) -> RenderedFile:
    raise NotImplementedError("CI renderer: being written")
