"""Step 1, Project: name, description, CI platform, cloud, the team's size and budget, the
workload and its governance, and the repository scan."""

from __future__ import annotations

from typing import ClassVar, get_args

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Label

from screens.session import SessionState
from screens.step_screen import StepScreen
from screens.widgets.fields import ChoiceField, Options, TextField, TextKind
from screens.widgets.scan_panel import ScanPanel, ScanStatus
from wizard.model.answers import Budget, CIPlatform, Cloud
from wizard.model.dotted_keys import description_of
from wizard.model.vocabulary import (
    BOOLEAN_CHOICES,
    BUDGET_LABELS,
    CI_PLATFORM_NAMES,
    MODEL_KIND_LABELS,
    REGIME_LABELS,
    SERVING_LABELS,
)
from wizard.model.workload import ModelKind, Regime, Serving


def _field(key: str, title: str, kind: TextKind = "text") -> TextField:
    return TextField(key, title, description_of(key), kind=kind)


def _choice(key: str, title: str, options: Options) -> ChoiceField:
    return ChoiceField(key, title, options, description_of(key))


class ProjectScreen(StepScreen):
    """What the project is and where it runs; what the repository already has."""

    STEP = "project"
    INTRO = (
        "What the model does, where its pipeline runs and where it is trained and served; "
        "how it is used and which review it falls under."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+g",
            "accept_suggestions",
            "Accept scan",
            id="accept-suggestions",
            tooltip="Fill the unanswered questions from what the repository shows",
        )
    ]

    def compose_form(self) -> ComposeResult:
        yield _field("project.name", "Name")
        yield _field("project.description", "Description")
        yield ChoiceField(
            "project.ci_platform",
            "CI platform",
            [(CI_PLATFORM_NAMES[platform], platform) for platform in get_args(CIPlatform)],
            description_of("project.ci_platform"),
        )
        yield ChoiceField(
            "project.cloud",
            "Cloud",
            [(cloud, cloud) for cloud in get_args(Cloud)],
            description_of("project.cloud"),
        )
        yield _field("project.team_size", "Team size (people)", kind="integer")
        yield _choice(
            "project.budget",
            "Budget",
            [(BUDGET_LABELS[budget], budget) for budget in get_args(Budget)],
        )
        if self.state.scan is not None:  # no scan, no panel (and a lighter first screen)
            yield ScanPanel(id="scan")
        yield Label("Workload", classes="group-title", id="workload-title")
        yield _choice(
            "workload.serving",
            "Serving",
            [(SERVING_LABELS[serving], serving) for serving in get_args(Serving)],
        )
        yield _choice(
            "workload.model_kind",
            "Model kind",
            [(MODEL_KIND_LABELS[kind], kind) for kind in get_args(ModelKind)],
        )
        yield _field("workload.primary_metric", "Primary metric")
        yield _choice("workload.higher_is_better", "Higher is better", BOOLEAN_CHOICES)
        yield _field("workload.label_delay_days", "Label delay (days, or never)", kind="integer")
        yield _field("workload.rows_per_window", "Rows per monitoring window", kind="integer")
        yield _choice("workload.first_model", "First model (none in production)", BOOLEAN_CHOICES)
        yield Label("Governance", classes="group-title")
        yield _choice(
            "governance.regime",
            "Review regime",
            [(REGIME_LABELS[regime], regime) for regime in get_args(Regime)],
        )
        yield _field("governance.frameworks", "Frameworks (comma-separated)", kind="list")
        yield _choice("governance.locked", "Locked (change control)", BOOLEAN_CHOICES)

    def on_mount(self) -> None:
        super().on_mount()
        self._show_scan(self.state.scan)

    def show_state(self, old: SessionState, new: SessionState) -> None:
        if new.scan is not old.scan:
            self._show_scan(new.scan)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "accept_suggestions":
            return self.state.has_suggestions
        return True

    def action_accept_suggestions(self) -> None:
        self.post_message(ScanPanel.AcceptRequested())

    def _show_scan(self, status: ScanStatus | None) -> None:
        self.refresh_bindings()
        if status is None:
            return
        panels = self.query(ScanPanel)
        if panels:
            panels.first().status = status
        else:
            panel = ScanPanel(id="scan")
            panel.set_reactive(ScanPanel.status, status)  # shown once mounted
            # Where compose puts it: after the project's basics, above the workload.
            self.query_one("#form").mount(panel, before="#workload-title")
