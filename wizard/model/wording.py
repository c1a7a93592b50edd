"""Words that agree with what they count or precede: "1 point", "2 points", "an Apache
Airflow". One place, so every document, the spec and the risks say it the same way."""

from __future__ import annotations

from wizard.model.formatting import number
from wizard.model.metrics import GainUnit

#: Plurals that do not just add an "s".
_IRREGULAR = {"day": "days", "entry": "entries", "is": "are", "was": "were"}


def plural(noun: str) -> str:
    return _IRREGULAR.get(noun, noun + "s")


def count(value: float | int, noun: str) -> str:
    """``count(1, "point")`` -> ``1 point``; ``count(2.5, "point")`` -> ``2.5 points``."""
    return f"{number(value)} {noun if abs(value) == 1 else plural(noun)}"


def points(value: float | int) -> str:
    """A change in a 0-1 metric, in percentage points: ``1 point``, ``0.5 points``."""
    return count(value, "point")


def in_unit(value: float | int, unit: GainUnit | None) -> str:
    """A change in the primary metric, in the unit it is counted in: ``0.5 points``, ``1 %``,
    ``0.3 units``; with no unit (a metric the design cannot place) the number and the key
    that would say it."""
    if unit is GainUnit.POINTS:
        return points(value)
    if unit is GainUnit.PERCENT:
        return f"{number(value)} %"
    if unit is GainUnit.UNITS:
        return count(value, "unit")
    return f"{number(value)} (unit unknown: set promotion.gain_unit)"


def article(word: str) -> str:
    """``a`` or ``an`` before ``word``, by its sound's first letter (acronyms read by
    letter: "an MLflow", "an SR 11-7")."""
    first = word.lstrip("`*_ ")[:1]
    if not first:
        return "a"
    if first in "aeiouAEIOU":
        return "an"
    # An upper-case acronym whose letter name starts with a vowel sound: F, H, L, M, N, R, S, X.
    second = word.lstrip("`*_ ")[1:2]
    if first in "FHLMNRSX" and (second.isupper() or second.isdigit() or not second):
        return "an"
    return "a"


def on_place(place: str) -> str:
    """Where something runs, after a verb: ``on AWS``, but ``on-premises`` (never "on
    on-premises")."""
    return place if place == "on-premises" else f"on {place}"


def with_article(word: str) -> str:
    return f"{article(word)} {word}"


def capitalize_first(text: str) -> str:
    """``text`` with its first letter upper-case and the rest untouched (``str.capitalize``
    would lower-case a name such as "ML lead")."""
    return text[:1].upper() + text[1:]
