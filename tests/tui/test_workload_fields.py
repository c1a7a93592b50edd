"""The workload, governance, deployment and CI runner questions on the forms: each reached
with the keyboard and saved, refused values marked on the field, and the preview following
the workload (batch scoring drops the latency criterion)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from screens.widgets.preview import MarkdownPreview, SectionView
from tests.tui.driving import choose, settle, type_into
from wizard.io.loader import load_answers
from wizard.model.dotted_keys import value_at

SIZE = (120, 40)
LATENCY = "< 100 ms: online serving"  # the promotion criteria row, where the threshold lives

#: Per step: (key, "choose" or "type", what the keys send, the value the answers then hold).
ENTRIES: dict[str, list[tuple[str, str, str, Any]]] = {
    "project": [
        ("project.team_size", "type", "2", 2),
        ("project.budget", "choose", "minim", "minimal"),
        ("workload.serving", "choose", "stream", "streaming"),
        ("workload.model_kind", "choose", "forec", "forecasting"),
        ("workload.primary_metric", "type", "wape", "wape"),
        ("workload.higher_is_better", "choose", "no", False),
        ("workload.label_delay_days", "type", "30", 30),
        ("workload.rows_per_window", "type", "20000", 20000),
        ("workload.first_model", "choose", "yes", True),
        ("governance.regime", "choose", "regul", "regulated"),
        ("governance.frameworks", "type", "sr-11-7, gdpr", ["sr-11-7", "gdpr"]),
    ],
    "thresholds": [
        ("promotion.min_accuracy_gain_pct", "type", "0", 0.0),
        ("promotion.min_metric_value", "type", "0.8", 0.8),
        ("deployment.strategy", "choose", "shadow", "shadow"),
        ("deployment.bake_minutes", "type", "45", 45),
        ("retraining.drift.cadence", "type", "hourly", "hourly"),
    ],
    "cicd": [
        ("cicd.install", "type", "pip install -e .", "pip install -e ."),
        ("cicd.runner", "type", "self-hosted", "self-hosted"),
    ],
}


def _markdown(app: Any) -> str:
    return "".join(view.text for view in app.screen.query_one(MarkdownPreview).query(SectionView))


async def test_batch_serving_is_saved_and_drops_the_latency_criterion(
    answers_from: Callable[..., Path], make_app: Callable[..., Any]
) -> None:
    path = answers_from("fraud-detection", "project")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert LATENCY in _markdown(app)
        await choose(pilot, "workload.serving", "batch")
        await settle(pilot)
        assert app.state.answers.workload.serving == "batch"
        assert LATENCY not in _markdown(app)
        assert "batch scoring: no caller waits" in _markdown(app)
        app.save_now()
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["workload"]["serving"] == "batch"


@pytest.mark.parametrize("step", list(ENTRIES))
async def test_each_new_question_is_reached_and_saved(
    step: str, answers_from: Callable[..., Path], make_app: Callable[..., Any]
) -> None:
    path = answers_from("minimal", step)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key, how, keys, _ in ENTRIES[step]:
            if how == "choose":
                await choose(pilot, key, keys)
            else:
                await type_into(pilot, key, keys)
            await settle(pilot)
            assert app.screen.field(key).problem is None, key
        app.save_now()
    saved = load_answers(path)
    for key, _, _, expected in ENTRIES[step]:
        assert value_at(saved, key) == expected, key


@pytest.mark.parametrize(
    ("step", "key", "text", "words"),
    [
        ("project", "workload.label_delay_days", "4000", "3650"),
        ("project", "workload.rows_per_window", "0", "1"),
        ("thresholds", "deployment.bake_minutes", "2000", "1440"),
        ("thresholds", "promotion.min_metric_value", "high", "number"),
        ("thresholds", "retraining.drift.cadence", "*/5 * * * *", "more than once an hour"),
    ],
)
async def test_a_refused_value_is_marked_on_its_field_and_not_saved(
    step: str,
    key: str,
    text: str,
    words: str,
    answers_from: Callable[..., Path],
    make_app: Callable[..., Any],
) -> None:
    path = answers_from("churn-azure", step)
    before = value_at(load_answers(path), key)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_into(pilot, key, text)
        await settle(pilot)
        field = app.screen.field(key)
        assert field.problem is not None and words in field.problem, field.problem
        assert value_at(app.state.answers, key) == before
        app.save_now()
    assert value_at(load_answers(path), key) == before


async def test_never_and_locked_are_answers_on_the_forms(
    answers_from: Callable[..., Path], make_app: Callable[..., Any]
) -> None:
    """``never`` is typed where a number or a schedule goes, the lock and the gain unit are
    chosen, all four are saved as answers (not as unknown), and the preview follows them."""
    path = answers_from("churn-azure", "project")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_into(pilot, "workload.label_delay_days", "never")
        await choose(pilot, "governance.locked", "yes")
        await settle(pilot)
        for key in ("workload.label_delay_days", "governance.locked"):
            assert app.screen.field(key).problem is None, key
        assert "**No labels come back:**" in app.state.documents.markdown
        app.save_now()
    saved = load_answers(path)
    assert saved.workload.label_delay_days == "never"
    assert saved.governance.locked is True

    path = answers_from("churn-azure", "thresholds")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_into(pilot, "retraining.schedule", "never")
        await choose(pilot, "promotion.gain_unit", "units")
        await settle(pilot)
        for key in ("retraining.schedule", "promotion.gain_unit"):
            assert app.screen.field(key).problem is None, key
        assert "never (`retraining.schedule: never`)" in app.state.documents.markdown
        app.save_now()
    saved = load_answers(path)
    assert saved.retraining.schedule == "never"
    assert saved.promotion.gain_unit == "units"
