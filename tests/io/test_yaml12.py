"""Numbers and types by the YAML 1.2 core schema, strictly: a boolean or a quoted string is
never a number, octal and sexagesimal are gone, a number too large is refused."""

from __future__ import annotations

import pytest

from wizard.io.errors import AnswersError
from wizard.io.loader import parse_answers

HEAD = "schema_version: 1\n"


@pytest.mark.parametrize(
    ("body", "key", "value"),
    [
        ("retraining:\n  data_window_days: 010\n", "data_window_days", 10),
        ("retraining:\n  data_window_days: 0o12\n", "data_window_days", 10),
        ("retraining:\n  data_window_days: 0x1e\n", "data_window_days", 30),
        ("retraining:\n  human_review_above_pct: 1e1\n", "human_review_above_pct", 10.0),
    ],
)
def test_numbers_follow_yaml_1_2(body: str, key: str, value: float) -> None:
    answers = parse_answers(HEAD + body, "a.yaml")
    assert getattr(answers.retraining, key) == value


@pytest.mark.parametrize(
    ("body", "key", "words"),
    [
        (
            "promotion:\n  max_latency_ms: true\n",
            "promotion.max_latency_ms",
            "a boolean, not a number",
        ),
        ('promotion:\n  max_latency_ms: "250"\n', "promotion.max_latency_ms", "text, not a number"),
        (
            "retraining:\n  data_window_days: 1:30\n",
            "retraining.data_window_days",
            "text, not a whole number",
        ),
        ("retraining:\n  data_window_days: 7.5\n", "retraining.data_window_days", "whole number"),
        ("promotion:\n  approver: 42\n", "promotion.approver", "a number, not text"),
        ("cicd:\n  manual_approval: 1\n", "cicd.manual_approval", "not true or false"),
        (
            "retraining:\n  drift:\n    psi_threshold: 1e400\n",
            "retraining.drift.psi_threshold",
            "1e400 is too large for a number",
        ),
    ],
)
def test_a_value_of_the_wrong_type_is_an_error_naming_the_type(
    body: str, key: str, words: str
) -> None:
    with pytest.raises(AnswersError) as raised:
        parse_answers(HEAD + body, "a.yaml")
    message = str(raised.value)
    assert message.count("\n") == 0, message
    assert key in message and words in message, message


@pytest.mark.parametrize("value", ["true", "false"])
def test_a_boolean_is_not_a_schema_version(value: str) -> None:
    with pytest.raises(AnswersError) as raised:
        parse_answers(f"schema_version: {value}\n", "a.yaml")
    assert "a.yaml:1: schema_version:" in str(raised.value)
    assert "(allowed: 1)" in str(raised.value)


def test_a_negative_number_is_shown_as_written() -> None:
    with pytest.raises(AnswersError) as raised:
        parse_answers(HEAD + "promotion:\n  min_accuracy_gain_pct: -5\n", "a.yaml")
    assert "-5 is out of range" in str(raised.value)
