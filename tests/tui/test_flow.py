"""The whole session driven with the keyboard: filling the steps, the live preview, refusal
of invalid values on the field, autosave and resume, export, and a broken answers file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from screens.load_error import LoadErrorScreen
from screens.session import SessionState
from screens.widgets.preview import MarkdownPreview, SectionView, SourcePreview
from tests.tui.driving import choose, focus_field, settle, type_into
from wizard.io.loader import load_answers
from wizard.pipeline import render_export

SIZE = (120, 40)


async def test_every_step_filled_with_the_keyboard(
    workdir: Path, make_app: Callable[..., object]
) -> None:
    app = make_app(workdir / "mlops-answers.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.current_step == "project"
        await type_into(pilot, "project.name", "card-fraud")
        await type_into(pilot, "project.description", "Scores card payments")
        await choose(pilot, "project.ci_platform", "gitlab")
        await choose(pilot, "project.cloud", "gcp")

        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.current_step == "maturity"
        await choose(pilot, "maturity.experiment_tracking", "yes")
        await choose(pilot, "maturity.model_registry", "partial")
        await choose(pilot, "maturity.monitoring", "no")

        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.current_step == "components"
        await choose(pilot, "components.experiment_tracking.tool", "weights")
        await choose(pilot, "components.monitoring", "evidently")

        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.current_step == "thresholds"
        await type_into(pilot, "retraining.drift.psi_threshold", "0.2")
        await type_into(pilot, "retraining.drift.key_features", "amount, country")
        await focus_field(pilot, "retraining.canary_stages", "#canary-new")
        await pilot.press("2", "0", "enter", "1", "0", "0", "enter")

        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.current_step == "cicd"
        await focus_field(pilot, "cicd.triggers", "SelectionList")
        await pilot.press("space")  # the first trigger: push
        await focus_field(pilot, "cicd.commands", "#command-train_model")
        await pilot.press(*"python train.py")

        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.current_step == "review"
        app.save_now()

    answers = load_answers(workdir / "mlops-answers.yaml")
    assert answers.project.name == "card-fraud"
    assert answers.project.description == "Scores card payments"
    assert answers.project.ci_platform == "gitlab-ci"
    assert answers.project.cloud == "gcp"
    assert answers.maturity.experiment_tracking == "yes"
    assert answers.maturity.model_registry == "partial"
    assert answers.maturity.monitoring == "no"
    assert answers.components.experiment_tracking.tool == "wandb"
    assert answers.components.monitoring == "evidently"
    assert answers.retraining.drift.psi_threshold == 0.2
    assert answers.retraining.drift.key_features == ["amount", "country"]
    assert answers.retraining.canary_stages == [20, 100]
    assert answers.cicd.triggers == ["push"]
    assert answers.cicd.commands == {"train_model": "python train.py"}
    assert answers.wizard.step == "review"


async def test_a_threshold_change_shows_in_the_preview(
    answers_from: Callable[..., Path], make_app: Callable[..., object]
) -> None:
    app = make_app(answers_from("churn-azure", "thresholds"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        markdown = app.screen.query_one(MarkdownPreview)
        before = app.state.documents.markdown
        assert "0.15" in before
        await type_into(pilot, "retraining.drift.psi_threshold", "0.3")
        await settle(pilot)
        after = "".join(view.text for view in markdown.query("SectionView"))
        assert after != before
        assert after == app.state.documents.markdown
        assert "0.3" in app.state.documents.markdown
        spec = app.screen.query_one("#spec-preview", SourcePreview)
        assert spec.text == app.state.documents.spec
        assert "psi_threshold: 0.3" in spec.text


async def test_a_keystroke_rebuilds_architecture_md_before_the_next_frame(
    answers_from: Callable[..., Path], make_app: Callable[..., object]
) -> None:
    """No debounce and no thread between a keystroke and the Markdown: the moment the app
    takes the new answer, the preview's document is built from it and the section the
    change lands in already holds its new text."""
    app = make_app(answers_from("churn-azure", "thresholds"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_field(pilot, "retraining.drift.psi_threshold", "Input")
        seen: list[tuple[bool, bool]] = []

        def answers_taken(answers: object) -> None:
            documents = app.state.documents
            current = documents is not None and documents.answers is answers
            shown = {view.id: view.text for view in app.screen.query(SectionView)}
            sections = documents.sections if current else ()
            in_view = any(
                "0.155" in section.text and shown.get(f"section-{section.id}") == section.text
                for section in sections
            )
            seen.append((current, in_view))

        def state_published(old: SessionState, new: SessionState) -> None:
            if new.answers is not old.answers:
                answers_taken(new.answers)

        app.watch(app, "state", state_published, init=False)
        await pilot.press("end", "5")
        assert app.state.answers.retraining.drift.psi_threshold == 0.155
        assert seen == [(True, True)]


async def test_an_invalid_psi_is_refused_on_the_field_and_not_saved(
    answers_from: Callable[..., Path], make_app: Callable[..., object]
) -> None:
    path = answers_from("churn-azure", "thresholds")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_into(pilot, "retraining.drift.psi_threshold", "1.5")
        await settle(pilot)
        field = app.screen.field("retraining.drift.psi_threshold")
        assert field.has_class("-invalid")
        assert field.problem is not None and "1" in field.problem
        assert app.state.answers.retraining.drift.psi_threshold == 0.15
        assert "0.15" in app.state.documents.spec
        app.save_now()
        assert load_answers(path).retraining.drift.psi_threshold == 0.15

        await pilot.press("backspace", "backspace", "backspace", *"0.2")
        await settle(pilot)
        assert field.problem is None
        assert not field.has_class("-invalid")
        assert app.state.answers.retraining.drift.psi_threshold == 0.2


async def test_export_writes_exactly_the_headless_export(
    answers_from: Callable[..., Path], make_app: Callable[..., object], workdir: Path
) -> None:
    path = answers_from("recommender", "review")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
    for file in render_export(load_answers(path), answers_text=path.read_text(encoding="utf-8")):
        assert (workdir / file.path).read_bytes() == file.text.encode("utf-8"), file.path


async def test_an_edited_file_keeps_the_users_edits_on_re_export(
    answers_from: Callable[..., Path], make_app: Callable[..., object], workdir: Path
) -> None:
    app = make_app(answers_from("fraud-detection", "review"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        document = workdir / "architecture.md"
        exported = document.read_text(encoding="utf-8")
        document.write_text(exported + "\nmy own notes\n", encoding="utf-8")

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ != "ConfirmOverwriteScreen"
        assert document.read_text(encoding="utf-8") == exported + "\nmy own notes\n"


async def test_a_file_no_export_wrote_is_overwritten_only_after_confirmation(
    answers_from: Callable[..., Path], make_app: Callable[..., object], workdir: Path
) -> None:
    app = make_app(answers_from("fraud-detection", "review"))
    document = workdir / "architecture.md"
    document.write_text("my own design\n", encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmOverwriteScreen"
        await pilot.press("n")
        await settle(pilot)
        assert document.read_text(encoding="utf-8") == "my own design\n"

        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert document.read_text(encoding="utf-8").startswith("# MLOps Architecture")


async def test_quitting_at_thresholds_resumes_there_with_the_values(
    answers_from: Callable[..., Path], make_app: Callable[..., object]
) -> None:
    path = answers_from("fraud-detection", "project")
    first = make_app(path)
    async with first.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await type_into(pilot, "retraining.data_window_days", "45")
        await pilot.press("ctrl+q")
    second = make_app(path)
    async with second.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert second.current_step == "thresholds"
        assert second.state.answers.retraining.data_window_days == 45
        field = second.screen.field("retraining.data_window_days")
        assert field.query_one("Input").value == "45"


async def test_a_corrupted_answers_file_opens_the_error_screen(
    workdir: Path, make_app: Callable[..., object]
) -> None:
    path = workdir / "mlops-answers.yaml"
    path.write_text(
        "schema_version: 1\nproject:\n  name: kept\n  cloud: mars\nretraining:\n"
        "  drift:\n    psi_threshold: 1.5\n",
        encoding="utf-8",
    )
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoadErrorScreen)
        shown = [str(problem) for problem in app.screen.problems]
        assert any(line.startswith("mlops-answers.yaml:4: project.cloud:") for line in shown)
        assert any(
            line.startswith("mlops-answers.yaml:7: retraining.drift.psi_threshold:")
            for line in shown
        )
        await pilot.press("v")
        await settle(pilot)
        assert app.current_step == "project"
        assert app.state.answers.project.name == "kept"
        assert app.state.answers.project.cloud is None
        await type_into(pilot, "project.description", "first change")
        await pilot.press("ctrl+q")  # saves: the broken file is copied aside first
    assert (workdir / "mlops-answers.yaml.broken").read_text(encoding="utf-8").endswith("1.5\n")


async def test_quitting_from_the_error_screen_leaves_the_file_alone(
    workdir: Path, make_app: Callable[..., object]
) -> None:
    path = workdir / "mlops-answers.yaml"
    broken = "schema_version: 1\nproject: [unclosed\n"
    path.write_text(broken, encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoadErrorScreen)
        await pilot.press("q")
    assert app.return_value == 2
    assert path.read_text(encoding="utf-8") == broken


def test_the_review_shows_code_spans_without_their_backticks() -> None:
    from screens.review import gaps_text, risks_text
    from tests.paths import EXAMPLES
    from wizard.engine import build_design
    from wizard.io.loader import load_answers

    design = build_design(load_answers(EXAMPLES / "minimal.yaml"))
    assert any("`" in gap.assumed or "`" in gap.question for gap in design.gaps)
    for text in (risks_text(design), gaps_text(design)):
        assert "`" not in text.plain
