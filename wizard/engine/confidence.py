"""How far to trust the design: confidence, information gaps and caveats.

Confidence score (0-100), documented so the user can check it::

    score = 70 x (answers given / answer keys)
          + 30 x (evidence-backed answers / answers the scanner can check)
          - 10 per contradiction (an answer the evidence contradicts, or a maturity
               answer the tool choices contradict)
          -  5 per high-severity risk
          - 10 when the workload (serving or model kind) is unknown
    clamped to 0..100, and to at most 10 for a model the design does not cover;
    rating high >= 75, medium >= 40, else low.

"Answers the scanner can check" are the seven maturity capabilities and the seven component
tools. An answer is evidence-backed when the repository agrees with the explicit answer, or
when the answer was left unknown and the evidence filled it. Answers alone (self-reported)
reach at most 70, which is medium: only repository evidence earns a high rating.
"""

from __future__ import annotations

from wizard.engine.priorities import asked_gaps
from wizard.engine.resolve import ANSWER_KEYS, Resolution
from wizard.engine.risks.tools import tool_contradictions
from wizard.model.answers import CAPABILITIES
from wizard.model.catalog import CONCERNS
from wizard.model.design import Confidence, MaturityAssessment, Rating, Risk, RolloutStrategy
from wizard.model.evidence import Evidence
from wizard.model.formatting import join_words
from wizard.model.psi_bands import NOISE_FLOOR_CITATION, PSI_BANDS_CITATION

KNOWN_WEIGHT = 70
EVIDENCE_WEIGHT = 30
CONTRADICTION_PENALTY = 10
HIGH_RISK_PENALTY = 5
UNKNOWN_WORKLOAD_PENALTY = 10
_WORKLOAD_KEYS = ("workload.serving", "workload.model_kind")
OUT_OF_SCOPE_CAP = 10
HIGH_FROM = 75
MEDIUM_FROM = 40

#: The answer keys the scanner's evidence can confirm or contradict.
CHECKABLE_KEYS: tuple[str, ...] = tuple(f"maturity.{name}" for name in CAPABILITIES) + tuple(
    concern.answer_key for concern in CONCERNS
)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _rating(score: int) -> Rating:
    if score >= HIGH_FROM:
        return "high"
    if score >= MEDIUM_FROM:
        return "medium"
    return "low"


def _raise_it(resolution: Resolution, high_risks: list[str], backed: int) -> str:
    """What would raise the score most, in order."""
    steps = []
    first = [gap.key for gap in asked_gaps(resolution.gaps)[:3]]
    if first:
        steps.append(f"answer {', '.join(f'`{key}`' for key in first)}")
    if high_risks:
        # The risks are named once, in the table: here only how many.
        steps.append("resolve the high-severity " + ("risks" if len(high_risks) > 1 else "risk"))
    if not backed:
        steps.append("export with `--repo` so the scan backs the answers")
    if not steps:
        return "Nothing left to raise it: every answer is known and no high risk remains."
    return "What would raise it: " + "; ".join(steps) + "."


def assess_confidence(resolution: Resolution, risks: tuple[Risk, ...]) -> Confidence:
    total = len(ANSWER_KEYS)
    known = resolution.known
    filled = sum(1 for source in resolution.sources.values() if source == "evidence")
    backed = len(resolution.backed) + filled
    mismatched = tool_contradictions(resolution.effective)
    contradictions = len(resolution.contradictions) + len(mismatched)
    high_risks = [risk.id for risk in risks if risk.severity == "high"]
    workload_unknown = any(resolution.sources.get(key) == "default" for key in _WORKLOAD_KEYS)
    raw = (
        KNOWN_WEIGHT * known / total
        + EVIDENCE_WEIGHT * backed / len(CHECKABLE_KEYS)
        - CONTRADICTION_PENALTY * contradictions
        - HIGH_RISK_PENALTY * len(high_risks)
        - (UNKNOWN_WORKLOAD_PENALTY if workload_unknown else 0)
    )
    score = max(0, min(100, round(raw)))
    reasons = []
    if not resolution.effective.covered:
        score = min(score, OUT_OF_SCOPE_CAP)
        reasons.append(
            "This design does not cover an LLM application: whatever was answered, it cannot "
            f"be trusted for this model (score capped at {OUT_OF_SCOPE_CAP})."
        )
    reasons.append(f"{known} of {total} answers given ({known / total:.0%}).")
    if backed:
        reasons.append(
            f"{backed} of {len(CHECKABLE_KEYS)} checkable answers backed by repository "
            f"evidence ({len(resolution.backed)} confirmed, {filled} filled from it)."
        )
    else:
        reasons.append("No answer is backed by repository evidence: the design is self-reported.")
    if resolution.contradictions:
        reasons.append(
            f"{_count(len(resolution.contradictions), 'answer')} contradicted by the "
            "repository evidence."
        )
        reasons.extend(resolution.contradictions)
    if mismatched:
        reasons.append(
            # Confidence counts risks and names none: the risk table names it (issue 23).
            f"{_count(len(mismatched), 'maturity answer')} contradicted by the tool choices "
            "(Risk Assessment)."
        )
    if workload_unknown:
        reasons.append(
            "The workload is not known (`workload.serving` or `workload.model_kind`): the "
            "gate, the deployment strategy and the monitoring rest on assumed values."
        )
    if high_risks:
        count = _count(len(high_risks), "high-severity risk")
        reasons.append(f"{count} (Risk Assessment).")
    # The weights themselves are the same for every design: the bullets above name what
    # moved this score, and the formula is not repeated in every document.
    reasons.append(_raise_it(resolution, high_risks, backed))
    return Confidence(
        rating=_rating(score),
        score=score,
        reasons=tuple(reasons),
        known_answers=known,
        total_answers=total,
        evidence_backed=backed,
        contradictions=contradictions,
    )


def _maturity_caveat(resolution: Resolution) -> str:
    keys = [f"maturity.{name}" for name in CAPABILITIES]
    with_evidence = [key for key in keys if key in resolution.evidence]
    return (
        f"The maturity level rests on {len(with_evidence)} of {len(keys)} capabilities with "
        "repository evidence (cited under Current State); the rest are self-reported."
    )


def list_caveats(
    resolution: Resolution,
    maturity: MaturityAssessment,
    evidence: Evidence,
    risks: tuple[Risk, ...] = (),
) -> tuple[str, ...]:
    """The design's honest limits, most general first; none for a model it does not cover
    (the note under Component Design says all there is to say)."""
    e = resolution.effective
    if not e.covered:
        return ()
    caveats = [
        f"The PSI bands size a shift worth acting on ({PSI_BANDS_CITATION}); unchanged data's "
        f"PSI, (1/n + 1/m)·χ²(B − 1) ({NOISE_FLOOR_CITATION}), sets the floor a threshold must "
        "clear at its window size.",
    ]  # "starting points, calibrate them" is said once, over the trigger table
    if any(key in resolution.evidence for key in (f"maturity.{n}" for n in CAPABILITIES)):
        # With no evidence at all, the confidence already says the design is self-reported.
        caveats.append(_maturity_caveat(resolution))
    flagged = {key for risk in risks for key in risk.keys}
    # A flagged rule: the risk says what is wrong with it, and a caveat must not argue with
    # it; a k-of-n rule: the Window rule line under Automated Retraining states its delay.
    if "retraining.performance.window_rule" not in flagged and e.window_rule is None:
        caveats.append("With no k-of-n window rule, a single noisy window can trigger retraining.")
    # Labels that never come back are no labels "within the bake": the canary says so itself.
    if e.rollout_strategy is RolloutStrategy.CANARY and e.labels_return and e.label_delay_days == 0:
        caveats.append(
            f"Canary checks of {e.primary_metric} assume labels on live traffic within the "
            f"{e.bake_minutes}-minute bake (workload.label_delay_days is 0); where they arrive "
            "later, the canary can only check latency and drift in time."
        )
    if maturity.overridden:
        caveats.append(
            f"The level is overridden to {maturity.level}; the answers compute "
            f"{maturity.computed_level}. The roadmap and recommendations follow the override."
        )
    if resolution.contradicted:
        # Each disagreement is set out once, under Confidence Assessment; here, what it means.
        keys = join_words([f"`{key}`" for key in resolution.contradicted])
        caveats.append(
            f"Where the repository disagrees with your answer ({keys}: see Confidence "
            "Assessment), the design uses your answer."
        )
    if evidence.skipped:
        caveats.append(
            f"The scan skipped {_count(len(evidence.skipped), 'file')} (too large, binary or "
            "unreadable): evidence may be incomplete."
        )
    return tuple(caveats)
