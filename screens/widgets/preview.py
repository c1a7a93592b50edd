"""The live preview beside every form: architecture.md, mlops-architecture.yaml, the CI file.

architecture.md is rendered with Rich's Markdown, one widget per section, because Textual's
Markdown widget remounts a widget per block on every update (about 0.9 s for this document).
Only the sections whose text changed are rendered again, off the event loop; the first of
them is scrolled into view and briefly highlighted.
"""

from __future__ import annotations

import asyncio
import io
from typing import TYPE_CHECKING

from rich.console import Console
from rich.style import Style
from textual import work
from textual.app import ComposeResult
from textual.containers import ScrollableContainer, Vertical, VerticalScroll
from textual.geometry import Size
from textual.reactive import var
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

if TYPE_CHECKING:
    from textual.widgets import TabbedContent

    from wizard.pipeline import PreviewDocuments
    from wizard.render.markdown import MarkdownSection

HIGHLIGHT_SECONDS = 1.2
MARKDOWN_TAB = "preview-md"
SPEC_TAB = "preview-yaml"
CI_TAB = "preview-ci"
PREVIEW_TABS: tuple[str, ...] = (MARKDOWN_TAB, SPEC_TAB, CI_TAB)


def render_markdown_lines(text: str, width: int) -> list[Strip]:
    """One section of Markdown rendered by Rich into lines of ``width`` cells.

    Runs in a worker thread: the slow part of a repaint (Rich laying out tables and
    wrapping text) happens there, and the widget only hands the lines to the compositor.
    """
    # Imported on first use: Markdown parsing (markdown-it) is not needed for the first frame.
    from screens.widgets.markdown_tables import PreviewMarkdown

    console = Console(
        width=width,
        color_system="truecolor",
        force_terminal=True,
        legacy_windows=False,
        file=io.StringIO(),
    )
    markdown = PreviewMarkdown(text, code_theme="ansi_dark", hyperlinks=False)
    lines = console.render_lines(markdown, console.options.update_width(width), pad=False)
    return [Strip(line).simplify() for line in lines]


class SectionView(Widget):
    """One section of architecture.md, drawn from lines rendered ahead of time."""

    DEFAULT_CSS = """
    SectionView {
        height: auto;
    }
    """

    def __init__(self, section_id: str, text: str, lines: list[Strip]) -> None:
        super().__init__(id=f"section-{section_id}")
        self.text = text
        self.lines = lines
        self._style: Style | None = None
        """The widget's style, computed once per style change rather than once per line."""

    def show(self, text: str, lines: list[Strip]) -> None:
        resized = len(lines) != len(self.lines)
        self.text = text
        self.lines = lines
        self.refresh(layout=resized)

    def notify_style_update(self) -> None:
        self._style = None
        super().notify_style_update()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines)

    def render_line(self, y: int) -> Strip:
        if self._style is None:
            self._style = self.rich_style
        style = self._style
        width = self.size.width
        if y >= len(self.lines):
            return Strip.blank(width, style)
        return self.lines[y].crop_extend(0, width, style).apply_style(style)


class MarkdownPreview(VerticalScroll):
    """architecture.md as rendered Markdown, repainted section by section.

    Sections are rendered into lines in a worker thread at the pane's width, each one only
    when its text (or the width) changed; a newer document cancels an older rendering.
    """

    can_focus = True

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._sections: tuple[MarkdownSection, ...] = ()
        self._rendered: dict[tuple[str, int], list[Strip]] = {}
        self._width = 0
        self._flashed: tuple[MarkdownSection, ...] = ()
        """The document whose first changed section was last highlighted."""

    def show_sections(self, sections: tuple[MarkdownSection, ...]) -> None:
        self._sections = sections
        if self._width:
            self._show_first_change(sections, self._width)
            self._render_sections(sections, self._width)
        else:
            # Not laid out yet. Its Resize can be missed (the tabs mounted while the screen
            # was being laid out left the pane empty for good): look again once painted.
            self.call_after_refresh(self.on_resize)

    def on_resize(self) -> None:
        if not self.size.width:
            return
        # The gutter is kept for the scrollbar (app.tcss), so the width is stable.
        width = max(self.scrollable_content_region.width, 20)
        if width != self._width:
            self._width = width
            self._render_sections(self._sections, width)

    def _show_first_change(self, sections: tuple[MarkdownSection, ...], width: int) -> None:
        """Render the first changed section here and now (a few milliseconds), so the part
        of the document the user's keystroke changed paints on the next frame."""
        views = self._views_for(sections)
        if views is None:
            return  # a different outline: the worker rebuilds the views
        for view, section in zip(views, sections, strict=True):
            if view.text != section.text:
                key = (section.text, width)
                if key not in self._rendered:
                    self._rendered[key] = render_markdown_lines(*key)
                self._show_rendered(views, sections, width)
                return

    @work(exclusive=True, group="render-sections", exit_on_error=False)
    async def _render_sections(self, sections: tuple[MarkdownSection, ...], width: int) -> None:
        """Render what is missing, off the event loop, and show it. On an update, one
        section at a time after the previous one painted, so the interpreter is not shared
        with a frame being drawn."""
        wanted = [(section.text, width) for section in sections]
        rendered = {key: self._rendered[key] for key in wanted if key in self._rendered}
        self._rendered = rendered  # the cache stays one document big
        missing = [key for key in wanted if key not in rendered]
        views = self._views_for(sections)
        if views is None:
            rendered.update(
                await asyncio.to_thread(
                    lambda: {key: render_markdown_lines(*key) for key in missing}
                )
            )
            await self.remove_children()
            await self.mount_all(
                SectionView(section.id, section.text, rendered[key])
                for section, key in zip(sections, wanted, strict=True)
            )
            return
        self._show_rendered(views, sections, width)
        for key in missing:
            await self._next_refresh()
            rendered[key] = await asyncio.to_thread(render_markdown_lines, *key)
            self._show_rendered(views, sections, width)

    def _views_for(self, sections: tuple[MarkdownSection, ...]) -> list[SectionView] | None:
        """The section views, when they are one per section in the same order; else None."""
        views = list(self.query(SectionView))
        if [view.id for view in views] != [f"section-{section.id}" for section in sections]:
            return None
        return views

    async def _next_refresh(self) -> None:
        painted = asyncio.get_running_loop().create_future()
        self.call_after_refresh(lambda: painted.done() or painted.set_result(None))
        await painted

    def _show_rendered(
        self, views: list[SectionView], sections: tuple[MarkdownSection, ...], width: int
    ) -> None:
        """Show every section whose lines are ready; highlight the document's first change."""
        for view, section in zip(views, sections, strict=True):
            lines = self._rendered.get((section.text, width))
            if lines is None or view.lines is lines:
                continue
            if view.text != section.text and sections is not self._flashed:
                self._flashed = sections
                self.flash(view)
            view.show(section.text, lines)

    def flash(self, view: SectionView) -> None:
        """Bring a changed section into view and highlight it for a moment."""
        self.scroll_to_widget(view, animate=False, top=True)
        view.add_class("-changed")
        self.set_timer(HIGHLIGHT_SECONDS, lambda: view.remove_class("-changed"))


class SourcePreview(ScrollableContainer):
    """A YAML document with syntax highlighting. Long lines are not wrapped (a wrapped line
    reads as invalid YAML): the document scrolls sideways instead."""

    DEFAULT_CSS = """
    SourcePreview {
        overflow-x: auto;
        overflow-y: auto;
    }
    SourcePreview > .source {
        width: auto;
    }
    """

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
        from rich.syntax import Syntax  # Pygments, on first use rather than at start

        syntax = Syntax(
            text, "yaml", theme="ansi_dark", word_wrap=False, background_color="default"
        )
        self.query_one(".source", Static).update(syntax)
        return True


class PreviewTabs(Vertical):
    """The tabs: architecture.md, mlops-architecture.yaml and the CI file."""

    def compose(self) -> ComposeResult:
        # Imported here: the tabs (and their stylesheets) are not part of the first frame.
        from textual.widgets import TabbedContent, TabPane

        with TabbedContent(initial=MARKDOWN_TAB):
            with TabPane("architecture.md", id=MARKDOWN_TAB):
                yield MarkdownPreview(id="markdown-preview")
            with TabPane("mlops-architecture.yaml", id=SPEC_TAB):
                yield SourcePreview(id="spec-preview")
            with TabPane("CI pipeline", id=CI_TAB):
                yield SourcePreview(id="ci-preview")


class PreviewPane(Vertical):
    """The three exported documents of the current answers.

    The session's first screen paints before the first documents are built; until they are,
    the pane holds a single line instead of the tabs (about 30 widgets, a sixth of that
    first frame), and mounts the tabs when the documents arrive.
    """

    documents: var[PreviewDocuments | None] = var(None, init=False, always_update=True)

    def __init__(self, documents: PreviewDocuments | None = None, *, id: str | None = None):
        super().__init__(id=id)
        self.set_reactive(PreviewPane.documents, documents)
        self._tabs: PreviewTabs | None = None

    def compose(self) -> ComposeResult:
        if self.documents is None:
            yield Static("Building the documents…", classes="preview-placeholder")
        else:
            self._tabs = PreviewTabs()
            yield self._tabs

    def on_mount(self) -> None:
        if self.documents is not None:
            self._show(self.documents)

    def watch_documents(self, documents: PreviewDocuments | None) -> None:
        if documents is None:
            return
        if self._tabs is None:
            self._tabs = PreviewTabs()
            self.call_next(self._replace_placeholder, self._tabs)
        elif self._tabs.is_mounted:
            self._show(documents)

    async def _replace_placeholder(self, tabs: PreviewTabs) -> None:
        await self.remove_children()
        await self.mount(tabs)
        if self.documents is not None:
            self._show(self.documents)

    def _show(self, documents: PreviewDocuments) -> None:
        self.query_one(MarkdownPreview).show_sections(documents.sections)
        if documents.spec is not None:
            self.query_one("#spec-preview", SourcePreview).show_text(documents.spec)
        if documents.ci is not None:
            self.query_one("#ci-preview", SourcePreview).show_text(documents.ci.text)
            tab = self._tabbed_content().get_tab(CI_TAB)
            if str(tab.label) != documents.ci.path:
                tab.label = documents.ci.path

    def show_next_tab(self) -> None:
        """Cycle the tabs: architecture.md, the spec, the CI file (once they are shown)."""
        if self._tabs is None or not self._tabs.is_mounted:
            return
        tabs = self._tabbed_content()
        index = PREVIEW_TABS.index(tabs.active) if tabs.active in PREVIEW_TABS else -1
        tabs.active = PREVIEW_TABS[(index + 1) % len(PREVIEW_TABS)]

    def _tabbed_content(self) -> TabbedContent:
        from textual.widgets import TabbedContent

        return self.query_one(TabbedContent)
