"""The preview pane on its own: a line until the first documents exist, then the tabs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import TabbedContent

from screens.widgets.preview import CI_TAB, SPEC_TAB, PreviewPane, SectionView, SourcePreview
from tests.tui.driving import settle
from wizard.io.loader import load_answers
from wizard.model.answers import Answers
from wizard.model.evidence import NO_EVIDENCE, Evidence
from wizard.pipeline import PreviewDocuments, build_markdown, complete_documents

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def build_documents(answers: Answers, evidence: Evidence) -> PreviewDocuments:
    """Both stages at once, as the session gets them one after the other."""
    return complete_documents(build_markdown(answers, evidence))


class PaneApp(App[None]):
    def compose(self) -> ComposeResult:
        yield PreviewPane(id="preview")


async def test_the_tabs_replace_the_placeholder_when_the_first_documents_arrive() -> None:
    documents = build_documents(load_answers(EXAMPLES / "recommender.yaml"), NO_EVIDENCE)
    app = PaneApp()
    async with app.run_test(size=(100, 40)) as pilot:
        pane = app.query_one(PreviewPane)
        assert not pane.query(TabbedContent)
        assert pane.query_one(".preview-placeholder")
        pane.show_next_tab()  # ctrl+t before there is anything to show: nothing happens

        pane.documents = documents
        for _ in range(100):
            await pilot.pause(0.01)
            if len(pane.query(SectionView)) == len(documents.sections):
                break
        assert not pane.query(".preview-placeholder")
        shown = "".join(view.text for view in pane.query(SectionView))
        assert shown == documents.markdown
        assert pane.query_one("#spec-preview", SourcePreview).text == documents.spec
        tabs = pane.query_one(TabbedContent)
        assert str(tabs.get_tab(CI_TAB).label) == ".gitlab-ci.yml"
        pane.show_next_tab()
        assert tabs.active == SPEC_TAB


async def test_a_pane_made_with_documents_shows_them_without_a_placeholder() -> None:
    documents = build_documents(load_answers(EXAMPLES / "fraud-detection.yaml"), NO_EVIDENCE)

    class ReadyApp(App[None]):
        def compose(self) -> ComposeResult:
            yield PreviewPane(documents, id="preview")

    app = ReadyApp()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        pane = app.query_one(PreviewPane)
        assert not pane.query(".preview-placeholder")
        assert pane.query_one("#ci-preview", SourcePreview).text == documents.ci.text


async def test_long_yaml_lines_scroll_sideways_instead_of_wrapping(
    answers_from: Callable[..., Path], make_app: Callable[..., Any]
) -> None:
    app = make_app(answers_from("fraud-detection", "project"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+t")
        await pilot.pause(0.3)  # (settle waits for the architecture.md tab's layout)
        preview = app.screen.query_one("#spec-preview", SourcePreview)
        lines = preview.text.splitlines()
        longest = max(len(line) for line in lines)
        assert longest > preview.size.width  # the example has lines too long to fit
        source = preview.query_one(".source")
        assert source.size.height <= len(lines) + 1  # a row per line: nothing wrapped
        assert preview.max_scroll_x > 0
