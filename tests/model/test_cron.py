"""Schedules are cron expressions that fire, within the subset the CI platforms accept, and
the document explains each in words (cronsim)."""

from __future__ import annotations

import pytest

from wizard.engine.schedule import describe_schedule
from wizard.io.errors import AnswersError
from wizard.io.loader import parse_answers
from wizard.model.cron import cron_problem, explain_cron


@pytest.mark.parametrize(
    ("expression", "words"),
    [
        ("0 0 31 2 *", "never fires"),
        ("0 0 30 2 *", "never fires"),
        ("0 0 31 4,6,9,11 *", "never fires"),
        ("5-1 * * * *", "runs backwards"),
        ("* * * * fri-mon", "runs backwards"),
        ("0 3 L * *", "not a number or a name"),
        ("0 3 * * 1#2", "not cron syntax"),
        ("0 3 * *", "5 fields"),
        ("60 * * * *", "outside 0-59"),
    ],
)
def test_a_schedule_that_never_runs_or_a_platform_refuses_is_refused(
    expression: str, words: str
) -> None:
    problem = cron_problem(expression)
    assert problem is not None and words in problem
    with pytest.raises(AnswersError) as raised:
        parse_answers(f"schema_version: 1\nretraining:\n  schedule: '{expression}'\n", "a.yaml")
    assert "a.yaml:3: retraining.schedule:" in str(raised.value)
    assert str(raised.value).count("(allowed:") == 1


@pytest.mark.parametrize(
    "expression", ["0 0 29 2 *", "0 3 * * 7", "*/15 * * * *", "0 2 * * mon-fri"]
)
def test_valid_schedules_pass(expression: str) -> None:
    assert cron_problem(expression) is None


def test_the_document_explains_every_schedule_in_words() -> None:
    assert explain_cron("0 3 1 */3 *") == "At 03:00 on the first day of every third month"
    assert describe_schedule("weekly") == "weekly (cron `0 3 * * 1`: at 03:00 on Monday, UTC)"
    assert describe_schedule("0 2 * * mon-fri") == (
        "on cron `0 2 * * mon-fri` (at 02:00 on Monday through Friday, UTC)"
    )


def test_a_cron_given_to_set_unquoted_gets_a_hint_to_quote_it(run_cli, tmp_path) -> None:
    from tests.paths import EXAMPLES

    result = run_cli(
        "export",
        "--answers",
        str(EXAMPLES / "fraud-detection.yaml"),
        "--out",
        str(tmp_path / "out"),
        "--set",
        "retraining.schedule=*/15 * * * *",
    )
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "quote it" in result.err and "retraining.schedule='\"*/15 * * * *\"'" in result.err
    assert not (tmp_path / "out").exists()
