"""The push filter as each platform spells it, from the one list the design carries
(``PipelineDesign.watched_paths``, decided in ``wizard.engine.paths``): the CI files and
IMPLEMENTING.md both show these exact strings.
"""

from __future__ import annotations

from collections.abc import Callable

from wizard.model.design import Design

#: How a watched folder (``data/``) is written in each platform's filter; a file is as is.
_FOLDER_GLOBS: dict[str, Callable[[str], str]] = {
    "github-actions": lambda folder: f"{folder}**",
    "gitlab-ci": lambda folder: f"{folder}**/*",
    # Azure path filters match by prefix, so a folder is named without a glob.
    "azure-pipelines": lambda folder: folder.rstrip("/"),
}


def push_filters(design: Design) -> tuple[str, ...]:
    """The paths whose change starts a run on push, in the platform's syntax; empty: any
    change does."""
    spell = _FOLDER_GLOBS[design.pipeline.platform]
    return tuple(
        spell(path) if path.endswith("/") else path for path in design.pipeline.watched_paths
    )
