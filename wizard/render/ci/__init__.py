"""CI pipeline generation, one module per platform (``github``, ``gitlab``, ``azure``), each
exporting one ``Platform`` (``wizard.render.ci.platform``) that the registry maps by id.

``pipeline_document`` builds the pipeline as plain data; ``render_ci`` dumps it. The YAML is
never templated, so no user text can change its structure.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Any

from wizard.model.design import Design
from wizard.model.files import Beside, RenderedFile
from wizard.render.ci.common import dump_pipeline, writes_pipeline
from wizard.render.ci.makefile import render_stage_targets
from wizard.render.ci.registry import platform_of

__all__ = ["ci_path", "pipeline_document", "render_ci", "render_ci_files"]


def ci_path(platform: str) -> str:
    """Where ``platform``'s pipeline is written, relative to the output folder."""
    return platform_of(platform).identity.ci_path


def pipeline_document(design: Design) -> dict[str, Any]:
    """The pipeline for ``design.pipeline.platform`` as plain data (what ``render_ci`` dumps)."""
    return platform_of(design.pipeline.platform).build(design)


def render_ci(design: Design) -> RenderedFile:
    """The pipeline file for the design's CI platform."""
    platform = platform_of(design.pipeline.platform)
    text = platform.finish(dump_pipeline(platform.build(design)))
    return RenderedFile(platform.identity.ci_path, "ci", text)


def render_ci_files(design: Design) -> list[RenderedFile]:
    """The pipeline file and the stage targets it runs (``mlops.mk``, written once); the
    pipeline file says where it goes instead when the repository already has a CI file
    there (export decides, as only it sees the folder). For a model the design does not
    cover, the pipeline of the team's evaluation suite alone, or nothing (IMPLEMENTING.md
    and the document say why)."""
    if not writes_pipeline(design):
        return []
    pipeline = render_ci(design)
    platform = platform_of(design.pipeline.platform)
    placement = platform.beside
    if placement is not None:
        text = platform.finish(dump_pipeline(placement.build(design)))
        files = (RenderedFile(placement.path, "ci", text),)
        pipeline = replace(
            pipeline, beside=Beside(files, partial(placement.include, design=design))
        )
    if design.out_of_scope is not None:
        return [pipeline]
    return [pipeline, render_stage_targets(design)]
