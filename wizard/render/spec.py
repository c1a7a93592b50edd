"""mlops-architecture.yaml (being written)."""

from __future__ import annotations

from wizard.design import Design


def render_spec(design: Design) -> str:
    raise NotImplementedError("spec renderer: being written")
