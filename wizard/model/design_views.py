"""What the Design carries from outside the answers: the scan's suggestions and the
recorded calibration, as the engine worked them out. Plain frozen data."""

from __future__ import annotations

from collections.abc import Mapping

from wizard.model.evidence import EvidenceItem
from wizard.model.records import record


@record
class Suggestion:
    """What the evidence suggests for one answer, and why: a maturity capability's value, a
    component's tool, or a wiring answer the scan fills (the install command)."""

    value: str
    """For a capability yes | partial | no (never unknown: no suggestion is made without
    evidence); else the suggested answer."""
    reason: str
    evidence: tuple[EvidenceItem, ...]


#: (dotted answer key, suggested value, why)
SuggestedAnswer = tuple[str, str, str]
#: (role, path or glob, rows, period) of one data source a calibration read.
CalibrationSource = tuple[str, str, int, tuple[str, ...]]


@record
class StageCommand:
    """What a pipeline stage's ``make`` target runs, taken from the repository's own
    commands, and where they come from."""

    stage: str
    """The pipeline stage, e.g. ``train_model``."""
    lines: tuple[str, ...]
    """Shell command lines, run in order, as the repository writes them."""
    source: str
    """``path:line`` of what the first line comes from."""
    what: str
    """What the repository calls it, e.g. ``the DVC stage train``."""
    writes: tuple[str, ...] = ()
    """The files it is known to write (a DVC stage's outputs and metrics)."""
    hands_on: tuple[str, ...] = ()
    """Files the next job needs from this one (the DVC lock file after training)."""


@record
class ScanSuggestions:
    """Everything a scan suggests, worked out once by the engine."""

    level: int
    """The maturity level the suggested answers reach under the level rule."""
    maturity: Mapping[str, Suggestion]
    """Capability -> suggestion, only where the evidence says something."""
    components: Mapping[str, str]
    """Concern key -> the suggested tool."""
    answers: tuple[SuggestedAnswer, ...]
    """The same as answers to offer: the maturity answers, then the tools, then the runtime
    (install, Python, cloud)."""
    commands: tuple[StageCommand, ...] = ()
    """The stages the repository already has a command for."""
    data_pipeline: bool = False
    """The repository runs its training through a data versioning tool's pipeline file
    (``dvc.yaml``): the only case where that tool's commands belong in the pipeline."""

    def command(self, stage: str) -> StageCommand | None:
        return next((found for found in self.commands if found.stage == stage), None)


NO_SUGGESTIONS = ScanSuggestions(level=0, maturity={}, components={}, answers=())


@record
class CalibrationChart:
    """PSI of one key feature per window of the calibrated history."""

    feature: str
    starts: tuple[str, ...]
    psi: tuple[float | None, ...]


@record
class CalibrationView:
    """What the recorded calibration says about the drift threshold chosen now."""

    sources: tuple[CalibrationSource, ...]
    """Each data source read."""
    schedule: str
    windows: int
    window_rows: int
    recommended_threshold: float
    target_false_alarms_per_year: float
    chosen_threshold: float
    false_alarms_per_year: float
    """Expected at the chosen threshold, across the key features, at the history's window size."""
    beyond_noise_threshold: float
    """PSI an unchanged window exceeds at most once in ten years."""
    missed_windows: tuple[str, ...]
    """Windows whose PSI was beyond noise yet not above the chosen threshold."""
    charts: tuple[CalibrationChart, ...]

    @property
    def applied(self) -> bool:
        """Whether the threshold in force is the one ``calibrate --apply`` wrote: the
        recommended threshold at the three significant figures it is written with."""
        written = min(float(f"{self.recommended_threshold:.3g}"), 1.0)
        return abs(self.chosen_threshold - written) < 1e-9
