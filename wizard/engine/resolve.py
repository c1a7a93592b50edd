"""Answers + Evidence -> effective values: every unknown answer filled, and where each came from.

Order of precedence for one answer key:

1. an explicit answer always wins (``source="answer"``);
2. for a maturity capability or a component tool, what the evidence suggests
   (``wizard.engine.suggest``; ``source="evidence"``);
3. the design card's default, ``wizard.model.defaults.DEFAULTS`` (``source="default"``).

An answer is *unknown* when it is ``None`` (or ``"unknown"`` for a capability). Two keys use
``null`` as a real answer, so for them only a *missing* key is unknown:
``promotion.approver`` (null = no manual gate) and ``retraining.performance.window_rule``
(null = no k-of-n rule). ``maturity.level_override`` (null = use the computed level) and
``wizard.step`` (session state) are not design answers and never count as unknown.

The filled answers are then read by name into ``Effective`` (``effective_values``).
Every key that was not answered becomes a Gap, including those evidence filled: the user
has still to confirm them. Where an explicit answer disagrees with evidence, the
disagreement is recorded so maturity notes, caveats and confidence can say so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wizard.engine.calibration_view import calibration_view
from wizard.engine.effective import Effective
from wizard.model.answers import CAPABILITIES, NULL_IS_AN_ANSWER, Answers
from wizard.model.catalog import CATALOG, CONCERNS, catalog_entry, ci_tool
from wizard.model.defaults import DEFAULTS, FILLED_ONLY, SCAN_FILLS, fitting_defaults
from wizard.model.design import Gap, ScanSuggestions, Source, Suggestion
from wizard.model.dotted_keys import answer_at, with_values
from wizard.model.evidence import Evidence
from wizard.model.formatting import value_text
from wizard.model.records import record
from wizard.model.schema import leaf_keys
from wizard.model.serving import SERVING_MODES
from wizard.model.workload import NEVER

__all__ = ["ANSWER_KEYS", "Effective", "Resolution", "is_unknown", "resolve_answers"]

#: Model fields that are not design answers.
NOT_ANSWERS: frozenset[str] = frozenset(
    {"schema_version", "maturity.level_override", "wizard.step", "calibration"}
)

#: The install gap when a scan looked at the root and found none of the files it proposes
#: an install from (``wizard.engine.suggest.suggest_install``).
NOTHING_TO_INSTALL = (
    "nothing found to install from (no requirements*.txt, pyproject.toml, uv.lock, "
    "environment.yml or Pipfile at the root): each job installs only mlops-wizard; "
    "set `cicd.install`"
)
_ASSUMED_TEXT: dict[str, str] = {
    # The default is a prompt, not a description: it is never printed as one.
    "project.description": "none: the document opens with no description",
    "project.team_size": "not known: the stack is sized for a team that can run a service",
    "cicd.commands": "each stage runs `make <stage>`",
    "cicd.install": "nothing: each job installs only mlops-wizard",
    "workload.rows_per_window": "not known: the PSI threshold is not judged against it",
    "promotion.min_metric_value": "no floor for a first model",
    "governance.frameworks": "none named",
    "retraining.drift.key_features": "none named",
    "promotion.gain_unit": "auto",
    # A cleared medical device is locked by its framework whatever this key says.
    "governance.locked": "no, unless a framework named locks the model",
}


#: Every answer key of the model (dotted), with the question (field description) that asks it.
ANSWER_QUESTIONS: dict[str, str] = {
    key: question for key, question in leaf_keys(Answers) if key not in NOT_ANSWERS
}
ANSWER_KEYS: tuple[str, ...] = tuple(ANSWER_QUESTIONS)


def default_value(key: str, resolved: Mapping[str, Any]) -> Any:
    """The design card's default for ``key``, where it follows an answer before it
    (``resolved``): the orchestrator is the CI platform itself (a team on GitLab CI is never
    given GitHub Actions); the registry is the tracker's own where it has one (W&B's)."""
    if key == ORCHESTRATOR_KEY:
        the_ci = ci_tool(resolved["project.ci_platform"])
        return the_ci.id if the_ci is not None else "none"
    if key == REGISTRY_KEY:
        tracker = catalog_entry("experiment_tracking", resolved[TRACKER_KEY])
        if "model_registry" in tracker.also_covers and tracker.id in CATALOG["model_registry"]:
            return tracker.id
    return answer_at(DEFAULTS, key)


def is_unknown(answers: Answers, key: str) -> bool:
    """Whether the user left ``key`` unanswered."""
    parent_key, _, name = key.rpartition(".")
    parent = answer_at(answers, parent_key)
    if key in NULL_IS_AN_ANSWER:
        return name not in parent.model_fields_set
    value = getattr(parent, name)
    return value is None or value == "unknown"


ORCHESTRATOR_KEY = "components.orchestrator"
TRACKER_KEY = "components.experiment_tracking.tool"
REGISTRY_KEY = "components.model_registry.tool"


@record
class Resolution:
    effective: Effective
    sources: Mapping[str, Source]
    """Answer key -> where its effective value came from."""
    evidence: Mapping[str, Suggestion]
    """Answer key -> what the evidence suggests, where it suggests anything."""
    gaps: tuple[Gap, ...]
    contradictions: tuple[str, ...]
    """One sentence per explicit answer that the evidence contradicts."""
    backed: tuple[str, ...]
    """Answer keys whose explicit answer the evidence agrees with."""
    contradicted: tuple[str, ...] = ()
    """The keys of ``contradictions``, in the same order."""

    @property
    def known(self) -> int:
        return sum(1 for source in self.sources.values() if source == "answer")


def _evidence_views(evidence: Evidence, suggestions: ScanSuggestions) -> dict[str, Suggestion]:
    views: dict[str, Suggestion] = {}
    for capability, suggestion in sorted(suggestions.maturity.items()):
        if capability in CAPABILITIES and suggestion.value in ("yes", "partial", "no"):
            views[f"maturity.{capability}"] = suggestion
    suggested_tools = suggestions.components
    for item in CONCERNS:
        short = f"components.{item.key}"
        tool = next(
            (
                suggested_tools[name]
                for name in (item.answer_key, short, item.key)
                if name in suggested_tools
            ),
            None,
        )
        if tool is None or tool == "none" or tool not in CATALOG[item.key]:
            continue
        found = evidence.of(item.evidence_category)
        items = tuple(finding for finding in found if finding.tool == tool)
        where = f" at {items[0].where}" if items else ""
        views[item.answer_key] = Suggestion(tool, f"{tool} found{where}", items)
    for key, value, reason in suggestions.answers:
        if _fill_only(key, evidence):
            continue
        if key in SCAN_FILLS and key not in views:
            # The cloud: what the code and the infrastructure use, cited.
            cited = tuple(item for item in evidence.of("cloud") if item.value == value)
            views[key] = Suggestion(value, reason, cited)
    return views


def _scan_fills(evidence: Evidence, suggestions: ScanSuggestions) -> dict[str, Suggestion]:
    """The wiring answers the scan fills when they are unknown, never contradicts when
    answered; the reason names where the value comes from (``found requirements.txt``)."""
    return {
        key: Suggestion(value, reason, ())
        for key, value, reason in suggestions.answers
        if _fill_only(key, evidence)
    }


def _fill_only(key: str, evidence: Evidence) -> bool:
    """A suggestion that fills an unknown answer but never contradicts a given one: the
    wiring a scan reads (install, Python), and a cloud proposed where the scan found none
    (``other``: an absence is no evidence against the cloud a team names)."""
    return key in FILLED_ONLY or (key == "project.cloud" and not evidence.of("cloud"))


def _assumed(
    key: str, value: Any, source: Source, view: Suggestion | None, *, scanned: bool
) -> str:
    if source == "evidence" and view is not None:
        return f"{value_text(value)} (suggested by the repository: {view.reason})"
    if key == "cicd.install" and scanned:
        return NOTHING_TO_INSTALL
    if key.startswith("maturity."):
        return "not in place (an unknown capability counts as no for the level)"
    if key in _ASSUMED_TEXT:
        return _ASSUMED_TEXT[key]
    if key == "promotion.max_latency_ms" and value is None:
        return "no latency criterion"
    if key == "retraining.performance.window_rule" and value is not None:
        return f"retrain when {value.breaches} of the last {value.windows} windows breach"
    return value_text(value)


def _optional_float(value: float | None) -> float | None:
    # YAML reads ``5`` as an int where the design keeps a float (it must show as ``5.0``).
    return None if value is None else float(value)


def effective_values(
    filled: Answers,
    labels_answered: bool = True,
    tools_found: Mapping[str, tuple[str, ...]] | None = None,
) -> Effective:
    """The effective values, each read by name from the ``filled`` answers (every unknown
    replaced by its effective value); lists become tuples and numbers that may be whole
    become floats, as the design keeps them. ``labels_answered``: the label delay was
    answered (not ``never``), so labels come back whatever the serving mode's default."""
    project = filled.project
    components = filled.components
    tracking = components.experiment_tracking
    registry = components.model_registry
    workload = filled.workload
    promotion = filled.promotion
    retraining = filled.retraining
    window_rule = retraining.performance.window_rule
    cicd = filled.cicd
    psi_threshold = float(retraining.drift.psi_threshold)
    never = workload.label_delay_days == NEVER
    return Effective(
        project_name=project.name,
        description=project.description,
        ci_platform=project.ci_platform,
        cloud=project.cloud,
        team_size=project.team_size,
        budget=project.budget,
        tracked=tuple(tracking.track),
        experiments=tuple(tracking.experiments),
        registry_stages=tuple(registry.stages),
        registry_versioning=registry.versioning,
        registry_immutable=registry.immutable,
        serving=workload.serving,
        model_kind=workload.model_kind,
        primary_metric=workload.primary_metric,
        higher_is_better=workload.higher_is_better,
        label_delay_days=0 if never else workload.label_delay_days,
        labels_return=not never
        and (labels_answered or SERVING_MODES[workload.serving].labels_return),
        rows_per_window=workload.rows_per_window,
        first_model=workload.first_model,
        min_accuracy_gain_pct=float(promotion.min_accuracy_gain_pct),
        gain_unit_answer=promotion.gain_unit,
        min_metric_value=_optional_float(promotion.min_metric_value),
        require_leakage_check=promotion.require_leakage_check,
        require_bias_checks=promotion.require_bias_checks,
        approver=promotion.approver,
        schedule=retraining.schedule,
        psi_threshold=psi_threshold,
        key_features=tuple(retraining.drift.key_features),
        drift_cadence=retraining.drift.cadence,
        accuracy_drop_pct=float(retraining.performance.accuracy_drop_pct),
        data_window_days=retraining.data_window_days,
        human_review_above_pct=float(retraining.human_review_above_pct),
        max_missing_pct=float(retraining.drift.max_missing_pct),
        triggers=tuple(cicd.triggers),
        install=cicd.install,
        runner=cicd.runner,
        python=cicd.python,
        capabilities={name: getattr(filled.maturity, name) for name in CAPABILITIES},
        # Not an answer with a default: unset means the computed level stands.
        level_override=filled.maturity.level_override,
        tools={item.key: answer_at(filled, item.answer_key) for item in CONCERNS},
        tools_found=dict(tools_found or {}),
        regime=filled.governance.regime,
        frameworks=tuple(filled.governance.frameworks),
        locked_answer=filled.governance.locked,
        strategy=filled.deployment.strategy,
        bake_minutes=filled.deployment.bake_minutes,
        max_latency_ms=_optional_float(promotion.max_latency_ms),
        window_rule=(window_rule.breaches, window_rule.windows) if window_rule else None,
        canary_stages=tuple(retraining.canary_stages),
        stages=tuple(cicd.stages),
        manual_approval=cicd.manual_approval,
        commands=dict(cicd.commands),
        calibration=calibration_view(filled.calibration, psi_threshold),
    )


def resolve_answers(
    answers: Answers, evidence: Evidence, suggestions: ScanSuggestions
) -> Resolution:
    """Fill every unknown answer and record where each effective value came from."""
    views = _evidence_views(evidence, suggestions)
    fills = _scan_fills(evidence, suggestions)
    fitting = fitting_defaults(answers)
    filled: dict[str, Any] = {}  # answer key -> the value that replaces its unknown
    resolved: dict[str, Any] = {}  # answer key -> its effective value, so far
    sources: dict[str, Source] = {}
    gaps: list[Gap] = []
    contradictions: list[str] = []
    contradicted: list[str] = []
    backed: list[str] = []
    for key in ANSWER_KEYS:
        view = views.get(key)
        if not is_unknown(answers, key):
            value = answer_at(answers, key)
            sources[key] = "answer"
            if view is not None:
                if str(value) == view.value:
                    backed.append(key)
                else:
                    contradicted.append(key)
                    contradictions.append(
                        f"`{key}` is answered {value} but the repository suggests "
                        f"{view.value} ({view.reason})."
                    )
        elif (view := view or fills.get(key)) is not None:
            value = view.value
            sources[key] = "evidence"
        else:
            value = fitting[key][0] if key in fitting else default_value(key, resolved)
            sources[key] = "default"
        resolved[key] = value
        if sources[key] != "answer":
            filled[key] = value
            assumed = _assumed(key, value, sources[key], view, scanned=evidence.root is not None)
            if key in fitting and sources[key] == "default":
                assumed = f"{assumed} (what fits {fitting[key][1]})"
            gaps.append(Gap(key, ANSWER_QUESTIONS[key], assumed))
    labels_answered = not is_unknown(answers, "workload.label_delay_days")
    found = {item.key: evidence.tools(item.evidence_category) for item in CONCERNS}
    effective = effective_values(with_values(answers, filled), labels_answered, found)
    if not effective.labels_return:
        # Edge: the delay assumed is none at all, not 0 days.
        gaps = [
            Gap(gap.key, gap.question, f"no labels come back ({effective.serving_mode.label})")
            if gap.key == "workload.label_delay_days"
            else gap
            for gap in gaps
        ]
    return Resolution(
        effective=effective,
        sources=sources,
        evidence=views,
        gaps=tuple(gaps),
        contradictions=tuple(contradictions),
        backed=tuple(backed),
        contradicted=tuple(contradicted),
    )
