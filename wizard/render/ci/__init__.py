"""CI pipeline generation for GitHub Actions, GitLab CI and Azure Pipelines.

``pipeline_document`` builds the pipeline as plain data; ``render_ci`` dumps it. The YAML is
never templated, so no user text can change its structure.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wizard.model.design import Design
from wizard.model.files import RenderedFile
from wizard.model.platforms import identity
from wizard.render.ci import azure, github, gitlab
from wizard.render.ci.actions import with_release_comments
from wizard.render.ci.common import dump_pipeline
from wizard.render.ci.makefile import render_stage_targets

__all__ = ["ci_path", "pipeline_document", "render_ci", "render_ci_files"]

_DOCUMENT_BUILDERS: dict[str, Callable[[Design], dict[str, Any]]] = {
    "github-actions": github.workflow_document,
    "gitlab-ci": gitlab.pipeline_document,
    "azure-pipelines": azure.pipeline_document,
}


def ci_path(platform: str) -> str:
    """Where ``platform``'s pipeline is written, relative to the output folder."""
    return identity(platform).ci_path


def pipeline_document(design: Design) -> dict[str, Any]:
    """The pipeline for ``design.pipeline.platform`` as plain data (what ``render_ci`` dumps)."""
    platform = design.pipeline.platform
    if platform not in _DOCUMENT_BUILDERS:
        ci_path(platform)  # raises the one-line error naming the allowed platforms
    return _DOCUMENT_BUILDERS[platform](design)


def render_ci(design: Design) -> RenderedFile:
    """The pipeline file for the design's CI platform."""
    path = ci_path(design.pipeline.platform)
    text = dump_pipeline(pipeline_document(design))
    if design.pipeline.platform == "github-actions":
        text = with_release_comments(text)
    return RenderedFile(path, "ci", text)


def render_ci_files(design: Design) -> list[RenderedFile]:
    """The pipeline file and the stage targets it runs (``mlops.mk``, written once)."""
    return [render_ci(design), render_stage_targets(design)]
