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

Every key that was not answered becomes a Gap, including those evidence filled: the user
has still to confirm them. Where an explicit answer disagrees with evidence, the
disagreement is recorded so maturity notes, caveats and confidence can say so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wizard.engine.catalog import CATALOG, CONCERNS
from wizard.model.answers import CAPABILITIES, NULL_IS_AN_ANSWER, Answers
from wizard.model.defaults import DEFAULTS
from wizard.model.design import Gap, ScanSuggestions, Source
from wizard.model.evidence import Evidence, EvidenceItem
from wizard.model.formatting import value_text
from wizard.model.paths import answer_at
from wizard.model.schema import leaf_keys

#: Keys where ``null`` is an answer; only a missing key is unknown.
#: Model fields that are not design answers.
NOT_ANSWERS: frozenset[str] = frozenset(
    {"schema_version", "maturity.level_override", "wizard.step", "calibration"}
)

_ASSUMED_TEXT: dict[str, str] = {
    "cicd.commands": "each stage runs `make <stage>`",
    "retraining.drift.key_features": "none named",
}


#: Every answer key of the model (dotted), with the question (field description) that asks it.
ANSWER_QUESTIONS: dict[str, str] = {
    key: question for key, question in leaf_keys(Answers) if key not in NOT_ANSWERS
}
ANSWER_KEYS: tuple[str, ...] = tuple(ANSWER_QUESTIONS)


def is_unknown(answers: Answers, key: str) -> bool:
    """Whether the user left ``key`` unanswered."""
    parent_key, _, name = key.rpartition(".")
    parent = answer_at(answers, parent_key)
    if key in NULL_IS_AN_ANSWER:
        return name not in parent.model_fields_set
    value = getattr(parent, name)
    return value is None or value == "unknown"


@dataclass(frozen=True)
class EvidenceView:
    """What the evidence says about one answer key."""

    value: str
    reason: str
    items: tuple[EvidenceItem, ...]


@dataclass(frozen=True)
class Effective:
    """The values the design uses: answers, with every unknown filled."""

    project_name: str
    description: str
    ci_platform: str
    cloud: str
    capabilities: Mapping[str, str]
    """Capability key -> yes | partial | no | unknown (unknown only when nothing filled it)."""
    level_override: int | None
    tools: Mapping[str, str]
    """Concern short key (``monitoring``) -> chosen tool id."""
    tracked: tuple[str, ...]
    experiments: tuple[str, ...]
    registry_stages: tuple[str, ...]
    registry_versioning: str
    registry_immutable: bool
    min_accuracy_gain_pct: float
    max_latency_ms: float
    require_leakage_check: bool
    require_bias_checks: bool
    approver: str | None
    schedule: str
    psi_threshold: float
    key_features: tuple[str, ...]
    accuracy_drop_pct: float
    window_rule: tuple[int, int] | None
    """(breaches, windows), or None for no k-of-n rule."""
    data_window_days: int
    human_review_above_pct: float
    canary_stages: tuple[int, ...]
    triggers: tuple[str, ...]
    stages: tuple[str, ...]
    manual_approval: bool
    commands: Mapping[str, str]

    @property
    def approval_requested(self) -> bool:
        """The one rule for the approval gate: asked for, or implied by naming an approver."""
        return self.manual_approval or self.approver is not None

    @property
    def approval_gate(self) -> bool:
        """Promotion waits for a person: approval is requested and there is a promotion
        stage to hold back."""
        return self.approval_requested and "promote_production" in self.stages


@dataclass(frozen=True)
class Resolution:
    effective: Effective
    sources: Mapping[str, Source]
    """Answer key -> where its effective value came from."""
    evidence: Mapping[str, EvidenceView]
    """Answer key -> what the evidence suggests, where it suggests anything."""
    gaps: tuple[Gap, ...]
    contradictions: tuple[str, ...]
    """One sentence per explicit answer that the evidence contradicts."""
    backed: tuple[str, ...]
    """Answer keys whose explicit answer the evidence agrees with."""

    @property
    def known(self) -> int:
        return sum(1 for source in self.sources.values() if source == "answer")


def _evidence_views(evidence: Evidence, suggestions: ScanSuggestions) -> dict[str, EvidenceView]:
    views: dict[str, EvidenceView] = {}
    for capability, suggestion in sorted(suggestions.maturity.items()):
        if capability in CAPABILITIES and suggestion.value in ("yes", "partial", "no"):
            views[f"maturity.{capability}"] = EvidenceView(
                suggestion.value, suggestion.reason, suggestion.evidence
            )
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
        views[item.answer_key] = EvidenceView(tool, f"{tool} found{where}", items)
    return views


def _assumed(key: str, value: Any, source: Source, view: EvidenceView | None) -> str:
    if source == "evidence" and view is not None:
        return f"{value_text(value)} (suggested by the repository: {view.reason})"
    if key.startswith("maturity."):
        return "not in place (an unknown capability counts as no for the level)"
    if key in _ASSUMED_TEXT:
        return _ASSUMED_TEXT[key]
    if key == "retraining.performance.window_rule" and value is not None:
        return f"retrain when {value.breaches} of the last {value.windows} windows breach"
    return value_text(value)


def resolve_answers(
    answers: Answers, evidence: Evidence, suggestions: ScanSuggestions
) -> Resolution:
    """Fill every unknown answer and record where each effective value came from."""
    views = _evidence_views(evidence, suggestions)
    values: dict[str, Any] = {}
    sources: dict[str, Source] = {}
    gaps: list[Gap] = []
    contradictions: list[str] = []
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
                    contradictions.append(
                        f"`{key}` is answered {value} but the repository suggests "
                        f"{view.value} ({view.reason})."
                    )
        elif view is not None:
            value = view.value
            sources[key] = "evidence"
        else:
            value = answer_at(DEFAULTS, key)
            sources[key] = "default"
        values[key] = value
        if sources[key] != "answer":
            gaps.append(Gap(key, ANSWER_QUESTIONS[key], _assumed(key, value, sources[key], view)))
    window_rule = values["retraining.performance.window_rule"]
    effective = Effective(
        project_name=values["project.name"],
        description=values["project.description"],
        ci_platform=values["project.ci_platform"],
        cloud=values["project.cloud"],
        capabilities={name: values[f"maturity.{name}"] for name in CAPABILITIES},
        level_override=answers.maturity.level_override,
        tools={item.key: values[item.answer_key] for item in CONCERNS},
        tracked=tuple(values["components.experiment_tracking.track"]),
        experiments=tuple(values["components.experiment_tracking.experiments"]),
        registry_stages=tuple(values["components.model_registry.stages"]),
        registry_versioning=values["components.model_registry.versioning"],
        registry_immutable=values["components.model_registry.immutable"],
        min_accuracy_gain_pct=float(values["promotion.min_accuracy_gain_pct"]),
        max_latency_ms=float(values["promotion.max_latency_ms"]),
        require_leakage_check=values["promotion.require_leakage_check"],
        require_bias_checks=values["promotion.require_bias_checks"],
        approver=values["promotion.approver"],
        schedule=values["retraining.schedule"],
        psi_threshold=float(values["retraining.drift.psi_threshold"]),
        key_features=tuple(values["retraining.drift.key_features"]),
        accuracy_drop_pct=float(values["retraining.performance.accuracy_drop_pct"]),
        window_rule=(window_rule.breaches, window_rule.windows) if window_rule else None,
        data_window_days=values["retraining.data_window_days"],
        human_review_above_pct=float(values["retraining.human_review_above_pct"]),
        canary_stages=tuple(values["retraining.canary_stages"]),
        triggers=tuple(values["cicd.triggers"]),
        stages=tuple(values["cicd.stages"]),
        manual_approval=values["cicd.manual_approval"],
        commands=dict(values["cicd.commands"]),
    )
    return Resolution(
        effective=effective,
        sources=sources,
        evidence=views,
        gaps=tuple(gaps),
        contradictions=tuple(contradictions),
        backed=tuple(backed),
    )
