"""The scan's suggested answers, and taking them where the user has not answered.

No Textual here: the app shows the suggestions and calls ``take_suggestions`` when the user
accepts them.
"""

from __future__ import annotations

from dataclasses import dataclass

from screens.answer_paths import value_at
from wizard.answers import Answers
from wizard.answers_edit import set_value
from wizard.errors import AnswersError
from wizard.evidence import Evidence

#: (answer key, suggested value, why)
SuggestedAnswer = tuple[str, str, str]


def suggestions_of(evidence: Evidence) -> tuple[SuggestedAnswer, ...]:
    """Every answer the evidence suggests: the maturity answers, then the tools."""
    from wizard.engine.catalog import concern
    from wizard.suggest import suggest_components, suggest_maturity

    suggestions = [
        (f"maturity.{key}", suggestion.value, suggestion.reason)
        for key, suggestion in sorted(suggest_maturity(evidence).items())
    ]
    for key, tool in sorted(suggest_components(evidence).items()):
        try:
            answer_key = concern(key).answer_key
        except KeyError:
            answer_key = key if key.startswith("components.") else f"components.{key}"
        suggestions.append((answer_key, tool, "found in the repository"))
    return tuple(suggestions)


@dataclass(frozen=True)
class TakenSuggestions:
    answers: Answers
    taken: int
    """Suggestions that filled an unanswered question."""
    kept: int
    """The user's answers left alone although the scan suggests otherwise."""

    def summary(self) -> str:
        text = f"Took {self.taken} suggested answer{'s' if self.taken != 1 else ''}."
        if self.kept:
            text += f" Kept {self.kept} of your answers that differ from the scan."
        return text


def take_suggestions(
    answers: Answers, suggestions: tuple[SuggestedAnswer, ...], source: str
) -> TakenSuggestions:
    """Fill the unanswered questions from ``suggestions``; an explicit answer always wins."""
    taken = kept = 0
    for key, value, _ in suggestions:
        current = value_at(answers, key)
        if current not in (None, "unknown"):
            kept += current != value
            continue
        try:
            answers = set_value(answers, key, value, source)
        except AnswersError:  # a suggestion the schema refuses is no suggestion
            continue
        taken += 1
    return TakenSuggestions(answers, taken, kept)
