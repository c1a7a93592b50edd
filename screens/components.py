"""Step 3, Components: one tool per concern, each with its one-line description from the
catalog (and "none"), plus what the tracker records and how the registry versions models."""

from __future__ import annotations

from typing import Any, get_args

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from screens.step_screen import StepScreen
from screens.widgets.fields import ChecklistField, ChoiceField, TextField
from wizard.model.answers import RegistryStage, TrackedItem, Versioning
from wizard.model.catalog import CATALOG, CONCERNS, ToolInfo
from wizard.model.dotted_keys import description_of
from wizard.model.vocabulary import BOOLEAN_CHOICES, TRACKED_ITEM_LABELS


def tool_prompt(tool: ToolInfo) -> Text:
    text = Text(tool.name, style="bold")
    text.append(f" — {tool.description}", style="dim")
    return text


class ToolField(ChoiceField):
    """The tool for one concern; the chosen tool's description shows beneath it."""

    def __init__(self, concern: str, key: str, title: str) -> None:
        self.tools = CATALOG[concern]
        super().__init__(
            key,
            title,
            [(tool_prompt(tool), tool.id) for tool in self.tools.values()],
            description_of(key),
            prompt="(not chosen)",
        )

    def display_value(self, value: Any) -> None:
        super().display_value(value)
        self._describe(value)

    def edited(self, value: Any) -> None:
        self._describe(value)
        super().edited(value)

    def _describe(self, value: Any) -> None:
        tool = self.tools.get(value) if isinstance(value, str) else None
        help_line = tool.description if tool else description_of(self.key)
        self.query_one(".field-help", Static).update(help_line)


class ComponentsScreen(StepScreen):
    """The tool chosen for every concern of the pipeline."""

    STEP = "components"
    INTRO = "One tool per concern; choose none where the team does without."

    def compose_form(self) -> ComposeResult:
        for concern in CONCERNS:
            yield ToolField(concern.key, concern.answer_key, concern.label)
            if concern.key == "experiment_tracking":
                yield from self._tracking_fields()
            if concern.key == "model_registry":
                yield from self._registry_fields()

    @staticmethod
    def _tracking_fields() -> ComposeResult:
        key = "components.experiment_tracking"
        yield ChecklistField(
            f"{key}.track",
            "What every run records",
            [(TRACKED_ITEM_LABELS[item], item) for item in get_args(TrackedItem)],
        )
        yield TextField(
            f"{key}.experiments",
            "Experiment groups",
            "Comma-separated, e.g. baseline-models, hyperparameter-tuning.",
            kind="list",
        )

    @staticmethod
    def _registry_fields() -> ComposeResult:
        key = "components.model_registry"
        yield ChecklistField(
            f"{key}.stages",
            "Registry stages",
            [(stage, stage) for stage in get_args(RegistryStage)],
        )
        yield ChoiceField(
            f"{key}.versioning",
            "Versioning",
            [(scheme, scheme) for scheme in get_args(Versioning)],
            description_of(f"{key}.versioning"),
        )
        yield ChoiceField(
            f"{key}.immutable",
            "Immutable versions",
            BOOLEAN_CHOICES,
            description_of(f"{key}.immutable"),
        )
