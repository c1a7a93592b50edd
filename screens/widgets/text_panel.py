"""Text derived from the design (the level, the PSI band, the risks), shown beside the form.

Replaced on every keystroke, so it avoids what a Static does on each update: laying the
whole screen out again. Only a change in the number of lines needs a new layout; otherwise
repainting the panel is enough.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget


class TextPanel(Widget):
    """Static text that is replaced only when it differs, relaid out only when it resizes."""

    DEFAULT_CSS = """
    TextPanel {
        height: auto;
    }
    """

    def __init__(self, text: Text | str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text(text) if isinstance(text, str) else text

    @property
    def text(self) -> Text:
        return self._text

    def _height(self, text: Text, width: int) -> int:
        return len(text.wrap(self.app.console, max(width, 1)))

    def show(self, text: Text | str) -> None:
        text = Text(text) if isinstance(text, str) else text
        if text == self._text:
            return
        width = self.content_region.width
        resized = not width or self._height(text, width) != self._height(self._text, width)
        self._text = text
        self.refresh(layout=resized)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._height(self._text, width)

    def render(self) -> RenderableType:
        return self._text
