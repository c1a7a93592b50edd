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

from collections.abc import Callable, Mapping
from dataclasses import fields
from typing import Any

from wizard.model import answered
from wizard.model.answers import CAPABILITIES, NULL_IS_AN_ANSWER, Answers
from wizard.model.catalog import CATALOG, CONCERNS
from wizard.model.defaults import DEFAULTS, FILLED_ONLY, SCAN_FILLS
from wizard.model.design import Gap, ScanSuggestions, Source, Suggestion
from wizard.model.evidence import Evidence
from wizard.model.formatting import value_text
from wizard.model.paths import answer_at
from wizard.model.records import record
from wizard.model.schema import leaf_keys

MINUTES_PER_DAY = 24 * 60
#: Serving modes where a caller waits for the prediction, so latency is a criterion.
LATENCY_SERVING: frozenset[str] = frozenset({"online", "streaming", "edge"})

#: Keys where ``null`` is an answer; only a missing key is unknown.
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
    "cicd.commands": "each stage runs `make <stage>`",
    "cicd.install": "nothing: each job installs only mlops-wizard",
    "workload.rows_per_window": "not known: the PSI threshold is not judged against it",
    "promotion.min_metric_value": "no floor for a first model",
    "governance.frameworks": "none named",
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


@record
class Effective(
    answered.ProjectAnswers,
    answered.TrackingAnswers,
    answered.WorkloadAnswers,
    answered.PromotionAnswers,
    answered.RetrainingAnswers,
    answered.PipelineAnswers,
):
    """The values the design uses: answers, with every unknown filled. The groups it
    inherits are the ones the Design's records carry on under the same names."""

    capabilities: Mapping[str, str]
    """Capability key -> yes | partial | no | unknown (unknown only when nothing filled it)."""
    level_override: int | None
    tools: Mapping[str, str]
    """Concern short key (``monitoring``) -> chosen tool id."""
    regime: str
    frameworks: tuple[str, ...]
    strategy: str
    """As answered (or defaulted): auto or a named strategy."""
    bake_minutes: int
    max_latency_ms: float | None
    """None: the answer turned the latency criterion off."""
    window_rule: tuple[int, int] | None
    """(breaches, windows), or None for no k-of-n rule."""
    canary_stages: tuple[int, ...]
    stages: tuple[str, ...]
    manual_approval: bool
    commands: Mapping[str, str]

    @property
    def covered(self) -> bool:
        """Whether this design covers the model at all (an LLM application it does not)."""
        return self.model_kind != "llm-application"

    @property
    def late_labels(self) -> bool:
        """Ground truth arrives only after a rollout stage's bake time is over."""
        return self.label_delay_days * MINUTES_PER_DAY > self.bake_minutes

    @property
    def latency_criterion_ms(self) -> float | None:
        """The one rule for the latency criterion: only where a caller waits for the
        prediction (online, streaming, edge), and only when not turned off (null)."""
        return self.max_latency_ms if self.serving in LATENCY_SERVING else None

    @property
    def rollout_strategy(self) -> str:
        """The one rule for the deployment strategy. An answer other than ``auto`` stands;
        ``auto`` derives it: batch scoring compares a challenger beside the champion, edge
        rolls out to device cohorts, a regulated model or one whose labels arrive after the
        bake time is shadowed first, and any other online model gets a canary."""
        if self.strategy != "auto":
            return self.strategy
        if self.serving == "batch":
            return "champion-challenger"
        if self.serving == "edge":
            return "staged-cohorts"
        if self.regime == "regulated" or self.late_labels:
            return "shadow"
        return "canary"

    @property
    def signoff_required(self) -> bool:
        """A person signs off before a new version serves: required by the governance
        regime, or by a shadow deployment whose labels arrive after the bake time."""
        return self.governed or (self.rollout_strategy == "shadow" and self.late_labels)

    @property
    def governed(self) -> bool:
        """Promotion needs a sign-off by someone other than the model's developer."""
        return self.regime in ("internal-review", "regulated")

    @property
    def approval_requested(self) -> bool:
        """The one rule for the approval gate: asked for, implied by naming an approver, or
        required by the governance regime."""
        return self.manual_approval or self.approver is not None or self.signoff_required

    @property
    def approval_gate(self) -> bool:
        """Promotion waits for a person: approval is requested and there is a promotion
        stage to hold back."""
        return self.approval_requested and "promote_production" in self.stages

    @property
    def promotes_automatically(self) -> bool:
        """A model that passes the gate is promoted with no person deciding: there is a
        promotion stage and no approval holds it."""
        return "promote_production" in self.stages and not self.approval_gate

    @property
    def drift_watched(self) -> bool:
        """The drift trigger can fire: it is chosen, a monitoring tool captures production's
        inputs and key features are named for it to measure (off otherwise, whatever the
        trigger list says: the pipeline never carries a drift job that cannot run)."""
        return (
            "drift" in self.triggers
            and self.tools["monitoring"] != "none"
            and bool(self.key_features)
        )


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
        if key in SCAN_FILLS and key not in FILLED_ONLY and key not in views:
            # The cloud: what the code and the infrastructure use, cited.
            cited = tuple(item for item in evidence.of("cloud") if item.value == value)
            views[key] = Suggestion(value, reason, cited)
    return views


def _scan_fills(suggestions: ScanSuggestions) -> dict[str, Suggestion]:
    """The wiring answers the scan fills when they are unknown, never contradicts when
    answered; the reason names where the value comes from (``found requirements.txt``)."""
    return {
        key: Suggestion(value, reason, ())
        for key, value, reason in suggestions.answers
        if key in FILLED_ONLY
    }


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


def _optional_float(value: float | int | None) -> float | None:
    return None if value is None else float(value)


#: How an answer's value becomes the Effective field's, by the field's declared type: YAML
#: reads lists and whole numbers where the design keeps tuples and floats (``5`` must show
#: as ``5.0`` wherever a float does).
_CONVERT: dict[str, Callable[[Any], Any]] = {
    "float": float,
    "float | None": _optional_float,
    "tuple[str, ...]": tuple,
    "tuple[int, ...]": tuple,
    "Mapping[str, str]": dict,
}

#: Effective fields whose answer key does not end in the field's own name (or not uniquely).
_ANSWER_OF: dict[str, str] = {
    "project_name": "project.name",
    "tracked": "components.experiment_tracking.track",
    "registry_stages": "components.model_registry.stages",
    "registry_versioning": "components.model_registry.versioning",
    "registry_immutable": "components.model_registry.immutable",
    "stages": "cicd.stages",
}


def _same(value: Any) -> Any:
    return value


#: Fields gathered from several answers (or not a defaulted answer), built in ``_effective``.
_GATHERED = frozenset({"capabilities", "level_override", "tools", "window_rule"})


def _answered_fields() -> tuple[tuple[str, str, Callable[[Any], Any]], ...]:
    """(Effective field, its answer key, the conversion) for every field that is one answer:
    the key ending in the field's name where only one does, else the one ``_ANSWER_OF``
    spells out."""
    endings: dict[str, list[str]] = {}
    for key in ANSWER_KEYS:
        endings.setdefault(key.rpartition(".")[2], []).append(key)
    keys = {name: found[0] for name, found in endings.items() if len(found) == 1}
    keys.update(_ANSWER_OF)
    return tuple(
        (item.name, keys[item.name], _CONVERT.get(str(item.type), _same))
        for item in fields(Effective)
        if item.name not in _GATHERED
    )


#: Worked out once at import: the design is rebuilt on every keystroke of the session.
_ANSWERED = _answered_fields()


def _effective(answers: Answers, values: Mapping[str, Any]) -> Effective:
    """Every field the effective answer of its key, converted to the field's type; the
    capabilities, tools and the window rule are gathered from several answers."""
    window_rule = values["retraining.performance.window_rule"]
    gathered: dict[str, Any] = {
        "capabilities": {name: values[f"maturity.{name}"] for name in CAPABILITIES},
        # Not an answer with a default: unset means the computed level stands.
        "level_override": answers.maturity.level_override,
        "tools": {item.key: values[item.answer_key] for item in CONCERNS},
        "window_rule": (window_rule.breaches, window_rule.windows) if window_rule else None,
    }
    one_answer = {name: convert(values[key]) for name, key, convert in _ANSWERED}
    return Effective(**one_answer, **gathered)


def resolve_answers(
    answers: Answers, evidence: Evidence, suggestions: ScanSuggestions
) -> Resolution:
    """Fill every unknown answer and record where each effective value came from."""
    views = _evidence_views(evidence, suggestions)
    fills = _scan_fills(suggestions)
    values: dict[str, Any] = {}
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
            value = answer_at(DEFAULTS, key)
            sources[key] = "default"
        values[key] = value
        if sources[key] != "answer":
            assumed = _assumed(key, value, sources[key], view, scanned=evidence.root is not None)
            gaps.append(Gap(key, ANSWER_QUESTIONS[key], assumed))
    effective = _effective(answers, values)
    return Resolution(
        effective=effective,
        sources=sources,
        evidence=views,
        gaps=tuple(gaps),
        contradictions=tuple(contradictions),
        backed=tuple(backed),
        contradicted=tuple(contradicted),
    )
