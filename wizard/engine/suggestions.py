"""Taking the scan's suggested answers where the user has not answered."""

from __future__ import annotations

from wizard.io.edit import set_value
from wizard.io.errors import AnswersError
from wizard.model.answers import Answers
from wizard.model.design import SuggestedAnswer
from wizard.model.dotted_keys import value_at
from wizard.model.records import record


@record
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
