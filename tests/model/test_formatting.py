"""One formatter for numbers and booleans: the document, the spec, the CI env and the gate
write a threshold the same way."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.paths import EXAMPLES
from wizard.io.edit import set_value
from wizard.io.loader import load_answers
from wizard.model.formatting import boolean, field_text, number, value_text
from wizard.pipeline import render_export


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.1, "0.1"), (100.0, "100"), (1e-05, "0.00001"), (3, "3"), (-0.0, "0"), (2.5e7, "25000000")],
)
def test_number_is_the_shortest_plain_text(value: float, text: str) -> None:
    assert number(value) == text


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_number_reads_back_as_the_same_float_and_never_in_scientific_notation(
    value: float,
) -> None:
    text = number(value)
    assert "e" not in text.lower()
    assert float(text) == value


def test_a_boolean_is_never_taken_for_a_number() -> None:
    with pytest.raises(TypeError):
        number(True)
    assert (boolean(True), boolean(False)) == ("true", "false")
    assert value_text(True) == "yes" and field_text(None) == ""


def test_a_tiny_gain_reads_the_same_in_every_exported_file() -> None:
    answers = load_answers(EXAMPLES / "fraud-detection.yaml")
    answers = set_value(answers, "promotion.min_accuracy_gain_pct", 0.00001)
    files = render_export(answers)
    for file in files:
        assert "1e-05" not in file.text, file.path
    ci = next(file for file in files if file.kind == "ci")
    assert "0.00001" in ci.text
