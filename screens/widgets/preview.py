"""The live preview beside every form: architecture.md, mlops-architecture.yaml, the CI file.

architecture.md is rendered with Rich's Markdown, one Static per section, because Textual's
Markdown widget remounts a widget per block on every update (about 0.9 s for this document).
Here only the sections whose text changed are repainted; the first of them is scrolled into
view and briefly highlighted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markdown import Markdown as RichMarkdown
from rich.syntax import Syntax
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Static, TabbedContent, TabPane

if TYPE_CHECKING:
    from screens.documents import PreviewDocuments
    from wizard.render.markdown import MarkdownSection

HIGHLIGHT_SECONDS = 1.2
MARKDOWN_TAB = "preview-md"
SPEC_TAB = "preview-yaml"
CI_TAB = "preview-ci"
PREVIEW_TABS: tuple[str, ...] = (MARKDOWN_TAB, SPEC_TAB, CI_TAB)


class SectionView(Static):
    """One section of architecture.md."""

    def __init__(self, section: MarkdownSection) -> None:
        super().__init__(self._renderable(section.text), id=f"section-{section.id}")
        self.text = section.text

    @staticmethod
    def _renderable(text: str) -> RichMarkdown:
        return RichMarkdown(text, code_theme="ansi_dark", hyperlinks=False)

    def show_text(self, text: str) -> None:
        self.text = text
        self.update(self._renderable(text))


class MarkdownPreview(VerticalScroll):
    """architecture.md as rendered Markdown, repainted section by section."""

    can_focus = True

    def show_sections(self, sections: tuple[MarkdownSection, ...]) -> list[SectionView]:
        """Display ``sections``; return the views whose text changed (none on first show)."""
        views = list(self.query(SectionView))
        if [view.id for view in views] != [f"section-{section.id}" for section in sections]:
            self.remove_children()
            self.mount_all(SectionView(section) for section in sections)
            return []
        changed = [
            view for view, section in zip(views, sections, strict=True) if view.text != section.text
        ]
        for view in changed:
            section = sections[views.index(view)]
            view.show_text(section.text)
        return changed

    def flash(self, view: SectionView) -> None:
        """Bring a changed section into view and highlight it for a moment."""
        self.scroll_to_widget(view, animate=False, top=True)
        view.add_class("-changed")
        self.set_timer(HIGHLIGHT_SECONDS, lambda: view.remove_class("-changed"))


class SourcePreview(VerticalScroll):
    """A YAML document with syntax highlighting."""

    can_focus = True

    def compose(self) -> ComposeResult:
        yield Static(classes="source")

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text: str | None = None

    def show_text(self, text: str) -> bool:
        """Display ``text``; True if it differs from what was shown."""
        if text == self.text:
            return False
        self.text = text
        syntax = Syntax(text, "yaml", theme="ansi_dark", word_wrap=True, background_color="default")
        self.query_one(".source", Static).update(syntax)
        return True


class PreviewPane(Vertical):
    """Tabs with the three exported documents of the current answers."""

    documents: reactive[PreviewDocuments | None] = reactive(None, init=False, always_update=True)

    def compose(self) -> ComposeResult:
        with TabbedContent(initial=MARKDOWN_TAB):
            with TabPane("architecture.md", id=MARKDOWN_TAB):
                yield MarkdownPreview(id="markdown-preview")
            with TabPane("mlops-architecture.yaml", id=SPEC_TAB):
                yield SourcePreview(id="spec-preview")
            with TabPane("CI pipeline", id=CI_TAB):
                yield SourcePreview(id="ci-preview")

    def on_mount(self) -> None:
        if self.documents is not None:
            self.watch_documents(self.documents)

    def watch_documents(self, documents: PreviewDocuments | None) -> None:
        if documents is None:
            return
        markdown = self.query_one(MarkdownPreview)
        changed = markdown.show_sections(documents.sections)
        if changed:
            markdown.flash(changed[0])
        self.query_one("#spec-preview", SourcePreview).show_text(documents.spec)
        self.query_one("#ci-preview", SourcePreview).show_text(documents.ci.text)
        tabs = self.query_one(TabbedContent)
        tab = tabs.get_tab(CI_TAB)
        if str(tab.label) != documents.ci.path:
            tab.label = documents.ci.path

    def show_next_tab(self) -> None:
        """Cycle the tabs: architecture.md, the spec, the CI file."""
        tabs = self.query_one(TabbedContent)
        index = PREVIEW_TABS.index(tabs.active) if tabs.active in PREVIEW_TABS else -1
        tabs.active = PREVIEW_TABS[(index + 1) % len(PREVIEW_TABS)]
