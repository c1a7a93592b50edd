"""Step 2, Maturity: the seven capability questions, with the level they add up to and why,
recomputed as the user answers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult

from screens.step_screen import StepScreen
from screens.widgets.fields import ChoiceField
from screens.widgets.text_panel import TextPanel
from wizard.model.answers import CAPABILITIES
from wizard.model.dotted_keys import description_of
from wizard.model.vocabulary import CAPABILITY_LABELS

if TYPE_CHECKING:
    from wizard.model.design import Design

CAPABILITY_CHOICES = [("yes", "yes"), ("partial", "partial"), ("no", "no"), ("unknown", "unknown")]
LEVEL_CHOICES = [(f"level {level}", level) for level in range(4)]


def level_text(design: Design) -> Text:
    """The level, whether it is overridden, and the reasons."""
    maturity = design.maturity
    text = Text()
    text.append(f"Level {maturity.level}: {maturity.name}", style="bold")
    if maturity.overridden:
        text.append(f"  (overridden; computed level {maturity.computed_level})", style="italic")
    text.append("\n")
    for reason in maturity.reasons:
        text.append(f"• {reason}\n")
    text.append(f"Next focus: {maturity.next_focus}", style="italic")
    return text


class MaturityScreen(StepScreen):
    """Where the team stands today, capability by capability."""

    STEP = "maturity"
    INTRO = "Answer yes, partial, no or unknown; the level below follows every answer."

    def compose_form(self) -> ComposeResult:
        yield TextPanel(id="maturity-level")
        for capability in CAPABILITIES:
            key = f"maturity.{capability}"
            yield ChoiceField(
                key,
                CAPABILITY_LABELS[capability],
                CAPABILITY_CHOICES,
                description_of(key),
                prompt="(not answered)",
            )
        yield ChoiceField(
            "maturity.level_override",
            "Level override",
            LEVEL_CHOICES,
            description_of("maturity.level_override"),
            prompt="(computed)",
        )

    def show_design(self, design: Design) -> None:
        self.query_one("#maturity-level", TextPanel).show(level_text(design))
