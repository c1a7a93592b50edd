"""IMPLEMENTING.md: what only the person wiring the pipeline needs (the commands, the policy
variables, the evaluation file, the approval set-up on the platform, the rollout's entry
points, how the drift trigger is fired). architecture.md states each decision and refers
here for the wiring, so the design document stays short enough to sign."""

from __future__ import annotations

from wizard.model.design import Design
from wizard.render.environment import template_environment
from wizard.render.escape import md


def render_implementing(design: Design) -> str:
    """IMPLEMENTING.md for ``design``; for a model the design does not cover, a note that
    there is no pipeline to wire."""
    if design.out_of_scope is not None:
        return (
            f"# Implementing the pipeline: {md(design.project_name)}\n\n"
            "Nothing to wire: this design does not cover this model (see `architecture.md`).\n"
        )
    text = template_environment().get_template("implementing/pipeline.md.j2").render(design=design)
    return text.strip("\n") + "\n"
