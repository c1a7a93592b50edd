"""Step 5, CI/CD: what starts the pipeline, which stages it runs, the approval gate, where
its jobs run, what they install and the command each stage runs."""

from __future__ import annotations

from typing import get_args

from textual.app import ComposeResult

from screens.step_screen import StepScreen
from screens.widgets.fields import ChecklistField, ChoiceField, TextField
from screens.widgets.stage_commands import StageCommandsField
from wizard.model.answers import STAGE_ORDER, Trigger
from wizard.model.dotted_keys import description_of
from wizard.model.vocabulary import BOOLEAN_CHOICES, STAGE_LABELS


class CICDScreen(StepScreen):
    """The CI/CD pipeline that trains, evaluates and ships the model."""

    STEP = "cicd"
    INTRO = "The pipeline file follows these answers; its tab in the preview shows the result."

    def compose_form(self) -> ComposeResult:
        yield ChecklistField(
            "cicd.triggers",
            "Triggers",
            [(trigger, trigger) for trigger in get_args(Trigger)],
            description_of("cicd.triggers"),
        )
        yield ChecklistField(
            "cicd.stages",
            "Stages",
            [(STAGE_LABELS[stage], stage) for stage in STAGE_ORDER],
            description_of("cicd.stages"),
        )
        yield ChoiceField(
            "cicd.manual_approval",
            "Manual approval before production",
            BOOLEAN_CHOICES,
            description_of("cicd.manual_approval"),
        )
        yield TextField("cicd.install", "Install command", description_of("cicd.install"))
        yield TextField(
            "cicd.runner", "Runner", description_of("cicd.runner"), placeholder="ubuntu-latest"
        )
        yield StageCommandsField("cicd.commands", "Stage commands", description_of("cicd.commands"))
