"""architecture.md (being written)."""

from __future__ import annotations

from wizard.design import Design


def render_markdown(design: Design) -> str:
    raise NotImplementedError("markdown renderer: being written")
