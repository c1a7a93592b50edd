"""The maturity level, 0-3 on the design card's scale, and why.

The rule, exactly:

- A capability is *in place* only at ``yes``. ``partial`` and ``no`` are not; ``unknown``
  (not answered, and nothing in the repository suggested a value) counts as ``no``.
- Each level adds capabilities on top of the one below:

  ===========  ====================================================================
  1 Tracked    experiment_tracking
  2 Automated  model_registry, data_versioning, automated_tests, ci_cd_for_models
  3 Full MLOps monitoring, automated_retraining
  ===========  ====================================================================

  Data versioning sits at level 2 because automated retraining is only reproducible when
  each run can name the data it read (Microsoft's level 3 asks for lineage back to data).
- A level is reached when the level below is reached and every capability it adds is
  ``yes`` — except that a level adding three or more capabilities tolerates exactly one
  ``partial`` (a team with registry, data versioning and tests automated, and CI/CD only
  partly, is Automated, not Tracked). A ``no`` or ``unknown`` is never tolerated.
- Every capability below ``yes`` is a pain point, ``partial`` included. The next focus names
  the next level's capabilities that are not yet ``yes``.
- ``maturity.level_override`` replaces the computed level for everything downstream (the
  roadmap, recommendations); the reasons say it was overridden and from which level.
"""

from __future__ import annotations

from collections.abc import Mapping

from wizard.engine.levels import LEVEL_CAPABILITIES, PARTIAL_TOLERANCE_FROM, compute_level, in_place
from wizard.engine.resolve import Resolution
from wizard.model.answers import CAPABILITIES
from wizard.model.design import CapabilityStatus, MaturityAssessment, PainPoint
from wizard.model.vocabulary import CAPABILITY_LABELS, LEVEL_NAMES

NEXT_FOCUS: dict[int, str] = {
    0: "Add experiment tracking",
    1: "Add CI/CD, automated tests, data versioning and a model registry",
    2: "Add monitoring and automated retraining",
    3: "Optimise and scale",
}

#: Capability -> (pain point when no, pain point when partial).
PAIN_POINTS: dict[str, tuple[PainPoint, PainPoint]] = {
    "experiment_tracking": (
        PainPoint(
            "Experiments are not tracked",
            "nobody can say which parameters made the production model.",
        ),
        PainPoint("Only some runs are logged", "the best result may not be reproducible."),
    ),
    "data_versioning": (
        PainPoint(
            "Training data is not versioned",
            "a model cannot be traced to the data it learned from.",
        ),
        PainPoint(
            "Only some data sets are versioned", "an old model may retrain on different data."
        ),
    ),
    "model_registry": (
        PainPoint(
            "Models are hand-copied files",
            "nobody knows which model serves or what to roll back to.",
        ),
        PainPoint(
            "Models are registered only sometimes",
            "the serving model may not be the registered one.",
        ),
    ),
    "automated_tests": (
        PainPoint(
            "No automated tests on data, features or training code",
            "a broken feature ships unnoticed.",
        ),
        PainPoint("", "Only part of the data, features and training code is tested."),
    ),
    "ci_cd_for_models": (
        PainPoint(
            "Training, evaluation and deployment are manual", "each release depends on one person."
        ),
        PainPoint(
            "CI/CD covers only part of the way", "the manual steps left are where releases break."
        ),
    ),
    "monitoring": (
        PainPoint(
            "Production is not monitored", "users find drift and decay before any alert does."
        ),
        PainPoint("Monitoring is partial", "drift on unwatched features goes unnoticed."),
    ),
    "automated_retraining": (
        PainPoint("Retraining is manual", "the model goes stale between decisions to retrain."),
        PainPoint("", "Retraining is partly manual, so it lags behind its triggers."),
    ),
}


def _lower(name: str) -> str:
    """The capability's label inside a sentence (acronyms such as CI/CD kept)."""
    label = CAPABILITY_LABELS[name]
    return label if label[:2].isupper() else label[0].lower() + label[1:]


def _describe(names: tuple[str, ...], capabilities: Mapping[str, str]) -> str:
    return ", ".join(f"{_lower(name)} is {capabilities[name]}" for name in names)


def _override_reason(computed: int, override: int | None) -> str:
    if override is None:
        return ""
    if override != computed:
        return (
            f"Level set to {override} ({LEVEL_NAMES[override]}) by maturity.level_override; "
            f"the answers compute level {computed} ({LEVEL_NAMES[computed]})."
        )
    return f"maturity.level_override confirms the computed level {computed}."


def _levels_reached(computed: int, capabilities: Mapping[str, str]) -> tuple[str, ...]:
    return tuple(
        f"Level {level} ({LEVEL_NAMES[level]}) reached: "
        f"{_describe(LEVEL_CAPABILITIES[level], capabilities)}."
        for level in range(1, computed + 1)
    )


def _next_level_missed(computed: int, capabilities: Mapping[str, str]) -> str:
    if computed == 3:
        return ""
    following = computed + 1
    names = LEVEL_CAPABILITIES[following]
    tolerance = " (one partial allowed)" if len(names) >= PARTIAL_TOLERANCE_FROM else ""
    # Which of them are short, and how far, is said once: by the table and the next focus.
    return (
        f"Level {following} ({LEVEL_NAMES[following]}) not reached: it needs "
        f"{', '.join(_lower(name) for name in names)} at yes{tolerance}."
    )


#: A locked model retrains by hand only, as its change control requires: that is no pain,
#: and no focus asks to automate it.
LOCKED_RETRAINING = PainPoint(
    "Retraining is manual, as the lock requires",
    "every change is a new release under change control.",
)


def _pain(value: str, name: str, locked: bool = False) -> PainPoint | None:
    if value == "yes":
        return None
    if locked and name == "automated_retraining":
        return LOCKED_RETRAINING
    no_pain, partial_pain = PAIN_POINTS[name]
    # unknown counts as no; the table's note says it was not answered
    return partial_pain if value == "partial" else no_pain


def _next_focus(level: int, capabilities: Mapping[str, str], locked: bool = False) -> str:
    if level == 3:
        unfinished = [name for name in CAPABILITIES if not in_place(capabilities[name])]
    else:
        unfinished = [
            name for name in LEVEL_CAPABILITIES[level + 1] if not in_place(capabilities[name])
        ]
    if locked:
        unfinished = [name for name in unfinished if name != "automated_retraining"]
    # Only the capabilities still short of yes are named: a focus never asks for what is
    # already in place (the level's own summary would, for a team part-way there).
    goal = NEXT_FOCUS[3] if level == 3 else f"Reach level {level + 1} ({LEVEL_NAMES[level + 1]})"
    # A locked model (a cleared medical device) never retrains by itself: the focus must not
    # ask for what its change control forbids.
    if locked and "automated_retraining" in unfinished:
        unfinished.remove("automated_retraining")
        held = (
            "automated retraining stays off by design: the locked model retrains only under "
            "change control (Governance)"
        )
        if not unfinished:
            return f"{held[0].upper()}{held[1:]}; follow the roadmap."
        labels = ", ".join(f"{_lower(name)} ({capabilities[name]})" for name in unfinished)
        return f"Bring {labels} to yes; {held}."
    if not unfinished:
        return f"{goal}: every capability it needs is at yes; follow the roadmap."
    labels = ", ".join(f"{_lower(name)} ({capabilities[name]})" for name in unfinished)
    return f"{goal}: bring {labels} to yes."


def _status(name: str, resolution: Resolution) -> CapabilityStatus:
    key = f"maturity.{name}"
    value = resolution.effective.capabilities[name]
    source = resolution.sources[key]
    view = resolution.evidence.get(key)
    items = view.evidence if view else ()
    if source == "evidence" and view is not None:
        note = f"Not answered; the repository suggests {view.value}: {view.reason}."
    elif source == "default":
        note = "Not answered and no evidence found: counts as no for the level."
    elif view is not None and view.value != value:
        note = f"You answered {value}, but the repository suggests {view.value}: {view.reason}."
    elif view is not None:
        note = f"Backed by the repository: {view.reason}."
    else:
        # Self-reported with nothing to compare: the caveats say so once for all rows.
        note = ""
    return CapabilityStatus(
        key=name,
        label=CAPABILITY_LABELS[name],
        value=value,
        source=source,
        evidence=items,
        note=note,
        pain=_pain(value, name, resolution.effective.locked),
    )


def assess_maturity(resolution: Resolution) -> MaturityAssessment:
    """The maturity assessment of the effective answers."""
    capabilities = resolution.effective.capabilities
    override = resolution.effective.level_override
    computed = compute_level(capabilities)
    level = override if override is not None else computed
    return MaturityAssessment(
        level=level,
        name=LEVEL_NAMES[level],
        computed_level=computed,
        overridden=override is not None and override != computed,
        capabilities=tuple(_status(name, resolution) for name in CAPABILITIES),
        override_reason=_override_reason(computed, override),
        levels_reached=_levels_reached(computed, capabilities),
        next_level_missed=_next_level_missed(computed, capabilities),
        next_focus=_next_focus(level, capabilities, resolution.effective.locked),
    )
