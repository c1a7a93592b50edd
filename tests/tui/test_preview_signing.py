"""The preview opens on "What you are signing": the lead sees what they would sign first,
without scrolling, and the document's other sections follow it."""

from __future__ import annotations

from textual.app import App, ComposeResult

from screens.widgets.preview import MarkdownPreview, PreviewPane, SectionView
from tests.paths import EXAMPLES
from wizard.io.loader import load_answers
from wizard.model.evidence import NO_EVIDENCE
from wizard.pipeline import build_markdown, complete_documents


async def test_the_preview_opens_on_what_the_lead_signs() -> None:
    documents = complete_documents(
        build_markdown(load_answers(EXAMPLES / "fraud-detection.yaml"), NO_EVIDENCE)
    )

    class ReadyApp(App[None]):
        def compose(self) -> ComposeResult:
            yield PreviewPane(documents, id="preview")

    app = ReadyApp()
    async with app.run_test(size=(100, 40)) as pilot:
        pane = app.query_one(PreviewPane)
        for _ in range(200):
            await pilot.pause(0.01)
            if len(pane.query(SectionView)) == len(documents.sections):
                break
        await pilot.pause()
        preview = pane.query_one(MarkdownPreview)
        assert preview.scroll_y == 0
        views = list(pane.query(SectionView))
        assert [view.id for view in views[:3]] == [
            "section-title",
            "section-signing",
            "section-current-state",
        ]
        signing = views[1]
        visible = preview.content_region
        # The page starts on the first screen, and its heading is the first thing below
        # the title.
        assert visible.y <= signing.region.y < visible.bottom
        assert "What you are signing" in signing.lines[0].text or any(
            "What you are signing" in line.text for line in signing.lines[:3]
        )
