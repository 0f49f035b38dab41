"""Tables that fit the terminal: too wide a table is split into parts, never cut.

Rich shrinks a table that is wider than the console by wrapping its text columns; a table whose
figures alone are wider (many periods, long headings, an 80-column terminal) would be cropped,
losing its last columns. :func:`print_tables` measures each table at the console's width and, when
its narrowest layout does not fit, prints it in parts: the first (label) column repeated beside as
many of the other columns as fit, in order. A table's caption (its footnote) is printed once,
after its last part, as a paragraph wrapped at the console's width; titles are printed the same
way above each part.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterable, Sequence

from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from zerozone.i18n import Language, translator

UNBOUNDED = 100_000
"""Width [characters] a table is measured in, wider than any table."""


def table_width(console: Console, table: Table) -> int:
    """The narrowest width [characters] ``table`` can be drawn in without cutting a column."""
    unbounded = console.options.update_width(UNBOUNDED)  # a measure is clamped to its maximum
    return Measurement.get(console, unbounded, table).minimum


def part_of(table: Table, columns: Sequence[int], title: str | Text | None) -> Table:
    """A copy of ``table`` with only ``columns`` (by index, in order), titled ``title``.

    Parameters
    ----------
    table : rich.table.Table
        The whole table.
    columns : sequence of int
        Indices of the columns kept.
    title : str, rich.text.Text or None
        Title of the part.
    """
    part = copy.copy(table)
    part.title, part.caption = title, None
    part.columns = [
        dataclasses.replace(table.columns[index], _cells=[], _index=k)
        for k, index in enumerate(columns)
    ]
    part.rows = []
    cells = [list(table.columns[index].cells) for index in columns]
    for number, row in enumerate(table.rows):
        part.add_row(*(column[number] for column in cells), style=row.style)
        part.rows[-1].end_section = row.end_section
    return part


def _content_range(console: Console, table: Table, index: int) -> tuple[int, int]:
    """Narrowest and widest content [characters] of column ``index`` (header and cells)."""
    column = table.columns[index]
    unbounded = console.options.update_width(UNBOUNDED)
    found = [Measurement.get(console, unbounded, cell) for cell in (column.header, *column.cells)]
    low = max([m.minimum for m in found] + [column.min_width or 0])
    high = max([m.maximum for m in found] + [low])
    return low, high


def sized(console: Console, table: Table) -> Table:
    """``table`` with its column widths set to fit the console when its widest layout does not.

    Rich narrows a too-wide table by shrinking its widest columns first, which can push a column
    below its longest word and crop it; here every column keeps at least its narrowest content
    and the spare width goes to the columns in proportion to how much more they would take.
    """
    ranges = [_content_range(console, table, k) for k in range(len(table.columns))]
    overhead = table_width(console, table) - sum(low for low, _high in ranges)
    available = console.width - overhead
    spare = available - sum(low for low, _high in ranges)
    wanted = sum(high - low for low, high in ranges)
    if wanted <= spare or spare < 0:
        return table
    for column, (low, high) in zip(table.columns, ranges, strict=True):
        column.width = low + (high - low) * spare // wanted
    return table


def column_groups(console: Console, table: Table) -> list[list[int]]:
    """Indices of the columns of each part: the first column, then as many as fit, in order."""
    width = console.width
    groups: list[list[int]] = []
    current: list[int] = []
    for index in range(1, len(table.columns)):
        trial = [0, *current, index]
        if current and table_width(console, part_of(table, trial, None)) > width:
            groups.append([0, *current])
            current = [index]
        else:
            current.append(index)
    groups.append([0, *current])
    return groups


def fitted(console: Console, table: Table, lang: Language = "en") -> list[Table]:
    """``table`` as it is when it fits the console, else split into parts that each fit.

    Parameters
    ----------
    console : rich.console.Console
        The console printed to (its width decides).
    table : rich.table.Table
        The table.
    lang : {"en", "az"}
        Language of the parts' "(part 1 of 2)" marks.

    Returns
    -------
    list of rich.table.Table
        One table, or its parts in column order; captions are left to :func:`print_tables`.
    """
    if len(table.columns) < 3 or table_width(console, table) <= console.width:
        return [sized(console, part_of(table, range(len(table.columns)), table.title))]
    _ = translator(lang)
    groups = column_groups(console, table)
    parts = []
    for number, columns in enumerate(groups, start=1):
        mark = _("part {number} of {count}").format(number=number, count=len(groups))
        title = Text.assemble(table.title or "", f" ({mark})") if table.title else mark
        parts.append(sized(console, part_of(table, columns, title)))
    return parts


def print_tables(console: Console, tables: Iterable[Table], lang: Language = "en") -> None:
    """Print ``tables`` to ``console``, each split into parts where it is too wide.

    Parameters
    ----------
    console : rich.console.Console
        The console (its width is the terminal's, or ``COLUMNS``, or 80 when not a terminal).
    tables : iterable of rich.table.Table
        The tables, in order.
    lang : {"en", "az"}
        Language of the parts' marks.
    """
    for table in tables:
        parts = fitted(console, table, lang)
        for part in parts:
            if part.title:  # a paragraph at the console's width, not wrapped to the table's
                console.print(part.title, style="table.title", highlight=False)
            part.title = part.caption = None
            console.print(part)
        if table.caption:
            note = table.caption if isinstance(table.caption, Text) else Text(str(table.caption))
            console.print(note, style="dim", highlight=False)
