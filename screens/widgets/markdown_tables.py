"""architecture.md's tables, readable at the preview's width, whatever the terminal's.

Rich draws a Markdown table at the width it is given: when its columns do not fit, it cuts
every cell to a few letters and an ellipsis (``Capa…  Stat…``), so at 80 columns the
capability table said nothing. Here a table that fits, once its longest words may fold, is
drawn as a table whose cells fold rather than lose their ends; a table too wide for that is
drawn as one record per row (the first cell as its title, then ``Heading: value`` lines),
which reads at any width and keeps every word.
"""

from __future__ import annotations

from typing import ClassVar

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.markdown import Markdown, MarkdownElement, TableElement
from rich.table import Table
from rich.text import Text

#: Cells a column needs at least for its words to read as words (a longer one folds).
READABLE_COLUMN = 12

#: Cells a column takes beyond its text: the padding between columns.
COLUMN_PADDING = 2


def _column_needs(header: Text, cells: list[Text]) -> int:
    """The cells a column needs: its longest word, up to ``READABLE_COLUMN``."""
    words = [word for text in (header, *cells) for word in text.plain.split()]
    return min(max((len(word) for word in words), default=1), READABLE_COLUMN)


class FittingTable(TableElement):
    """A Markdown table drawn as a table where it fits, else as one record per row."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        headers = [] if self.header is None or self.header.row is None else self.header.row.cells
        titles = [cell.content for cell in headers]
        rows = (
            []
            if self.body is None
            else [[cell.content for cell in r.cells] for r in self.body.rows]
        )
        columns = [[row[index] for row in rows if index < len(row)] for index in range(len(titles))]
        needed = sum(
            _column_needs(title, cells) + COLUMN_PADDING
            for title, cells in zip(titles, columns, strict=True)
        )
        if needed <= options.max_width:
            yield self._table(titles, rows)
        else:
            yield self._records(titles, rows)

    @staticmethod
    def _table(titles: list[Text], rows: list[list[Text]]) -> Table:
        table = Table(
            box=box.SIMPLE,
            pad_edge=False,
            style="markdown.table.border",
            show_edge=True,
            collapse_padding=True,
        )
        for title in titles:
            heading = title.copy()
            heading.stylize("markdown.table.header")
            table.add_column(heading, overflow="fold")
        for row in rows:
            table.add_row(*row)
        return table

    @staticmethod
    def _records(titles: list[Text], rows: list[list[Text]]) -> RenderableType:
        records: list[RenderableType] = []
        for row in rows:
            if not row:
                continue
            title = row[0].copy()
            title.stylize("bold")
            lines = [title]
            for heading, cell in zip(titles[1:], row[1:], strict=False):
                line = Text.assemble((heading.plain, "markdown.table.header"), ": ", cell)
                line.overflow = "fold"
                lines.append(line)
            records.append(Group(*lines, Text()))
        return Group(*records)


class PreviewMarkdown(Markdown):
    """Rich's Markdown with tables that stay readable at the preview's width."""

    elements: ClassVar[dict[str, type[MarkdownElement]]] = {
        **Markdown.elements,
        "table_open": FittingTable,
    }
