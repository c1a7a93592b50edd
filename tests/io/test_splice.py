"""Saving splices each change into the user's text where the parser saw it: a key removed goes
with the comment lines that describe it, a new key lands after the key before it with the
layout `mlops-wizard new` writes, flow mappings stay on their line, and what the splice cannot
do faithfully (an anchor used twice) falls back to a plain dump that still reads back."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tests.paths import EXAMPLES
from tests.strategies import ANSWERS_DATA
from wizard.io.edit import set_value
from wizard.io.loader import parse_answers
from wizard.io.saving import dump_answers, explicit_data, new_answers_text
from wizard.model.answers import Answers

FILE = """\
schema_version: 1
project:
  name: churn   # the service name
  # where it runs
  cloud: aws
retraining:
  drift: {psi_threshold: 0.1, key_features: [tenure, plan]}
  performance: {accuracy_drop_pct: 2.0}
"""


def _answers(text: str) -> Answers:
    return parse_answers(text, "a.yaml")


def _without(text: str, *paths: str) -> Answers:
    data = explicit_data(_answers(text))
    for path in paths:
        *parents, last = path.split(".")
        section = data
        for part in parents:
            section = section[part]
        del section[last]
    return Answers.model_validate(data)


def test_a_removed_key_takes_the_comment_lines_above_it_along() -> None:
    starter = new_answers_text()
    text = dump_answers(_without(starter, "project.cloud"), starter)
    removed = [line for line in starter.splitlines() if line not in text.splitlines()]
    assert removed[-1] == "  cloud: null"  # new leaves the cloud to the scan
    assert all(line.startswith("  # ") for line in removed[:-1]) and removed[:-1]
    assert "Where training and serving run" not in text
    assert text.count("\n") == starter.count("\n") - len(removed)


def test_a_new_key_goes_after_the_key_before_it_in_the_layout_of_new() -> None:
    original = FILE
    answers = set_value(_answers(original), "retraining.data_window_days", 60)
    answers = set_value(answers, "retraining.canary_stages", [5, 100])
    text = dump_answers(answers, original)
    assert text == original + "  data_window_days: 60\n  canary_stages:\n    - 5\n    - 100\n"


def test_a_flow_mapping_keeps_its_line_when_keys_come_and_go() -> None:
    data = explicit_data(_answers(FILE))
    del data["retraining"]["drift"]["psi_threshold"]
    text = dump_answers(Answers.model_validate(data), FILE)
    assert text == FILE.replace("{psi_threshold: 0.1, key_features", "{key_features")
    rule = {"breaches": 2, "windows": 5}
    text = dump_answers(set_value(_answers(FILE), "retraining.performance.window_rule", rule), FILE)
    assert text == FILE.replace(
        "{accuracy_drop_pct: 2.0}",
        "{accuracy_drop_pct: 2.0, window_rule: {breaches: 2, windows: 5}}",
    )


def test_a_longer_value_keeps_a_space_before_its_comment() -> None:
    original = FILE
    text = dump_answers(set_value(_answers(original), "project.name", "customer-churn"), original)
    assert "  name: customer-churn # the service name\n" in text


def test_a_value_that_becomes_a_list_goes_below_its_key_keeping_the_comment() -> None:
    original = "schema_version: 1\nretraining:\n  canary_stages: null   # later\n"
    text = dump_answers(
        set_value(_answers(original), "retraining.canary_stages", [10, 100]), original
    )
    assert (
        text == "schema_version: 1\nretraining:\n  canary_stages:   # later\n    - 10\n    - 100\n"
    )


def test_a_block_text_becomes_one_line() -> None:
    original = "schema_version: 1\nproject:\n  description: |\n    two\n    lines\n  cloud: aws\n"
    text = dump_answers(set_value(_answers(original), "project.description", "one"), original)
    assert text == "schema_version: 1\nproject:\n  description: one\n  cloud: aws\n"


def test_a_byte_order_mark_stays() -> None:
    original = "\ufeffschema_version: 1\nproject:\n  cloud: aws  # here\n"
    text = dump_answers(set_value(_answers(original), "project.cloud", "gcp"), original)
    assert text == "\ufeffschema_version: 1\nproject:\n  cloud: gcp  # here\n"


def test_an_anchor_used_twice_falls_back_to_a_plain_dump_that_reads_back() -> None:
    original = (
        "schema_version: 1\n# a comment\nproject:\n  name: &name churn\n  description: *name\n"
    )
    answers = set_value(_answers(original), "project.name", "fraud")
    text = dump_answers(answers, original)
    assert "# a comment" not in text
    assert explicit_data(_answers(text)) == explicit_data(answers)


@given(example=st.sampled_from(sorted(EXAMPLES.glob("*.yaml"))), second=ANSWERS_DATA)
def test_a_change_into_an_example_keeps_the_comments_of_every_key_kept(
    example: Any, second: dict[str, Any]
) -> None:
    """Every comment on a line whose key is still there afterwards is still there."""
    original = example.read_text(encoding="utf-8")
    wanted = Answers.model_validate(second)
    text = dump_answers(wanted, original)
    assert explicit_data(_answers(text)) == explicit_data(wanted)
    kept_keys = {line.split(":")[0].strip() for line in text.splitlines() if ":" in line}
    for line in original.splitlines():
        code, _, comment = line.partition(" #")
        key = code.split(":")[0].strip()
        if comment and ":" in code and key in kept_keys and f"{key}:" in text:
            assert f"#{comment}" in text, line
