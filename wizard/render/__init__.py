"""Renderers: Design -> text (Markdown, Mermaid, the spec, the CI platforms, the scan report,
text made safe for a terminal).

Exports are lazy (PEP 562): printing one safe line must not load every renderer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wizard.render.documents import ALL_KINDS, render_design_files

__all__ = ["ALL_KINDS", "render_design_files"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from wizard.render import documents

        return getattr(documents, name)
    raise AttributeError(name)
