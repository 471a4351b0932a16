"""The report in the terminal: a panel per kind with its sentences, figures, tables and intake.

Rich has no chart widget, so the monthly intake is drawn as horizontal bars of block characters,
scaled to the busiest month, with eighth-blocks for the remainder (``█████▍``).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.columns import Columns
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from casework.personal import mask_text
from casework.render.common import (
    MONTHS,
    figure_rows,
    format_figure,
    kind_title,
    missing_lines,
    notes,
    report_title,
    sentences,
    word,
)
from casework.report import Report, ReportSection, ReportTable

BAR_WIDTH = 30
_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(value: int, top: int, width: int = BAR_WIDTH) -> str:
    """A bar of ``value`` on a scale where ``top`` fills ``width`` cells; any non-zero shows."""
    if value <= 0 or top <= 0:
        return ""
    eighths = round(value * width * 8 / top)
    eighths = max(eighths, 1)
    full, rest = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[rest] if rest else "")


def monthly_chart(
    counts: Sequence[int], lang: str | None = None, width: int = BAR_WIDTH
) -> RenderableType:
    """A bar chart of the cases received in each month, with the year's total."""
    table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(no_wrap=True, min_width=width, style="cyan")
    table.add_column(justify="right", no_wrap=True)
    top = max(counts, default=0)
    for month, value in zip(MONTHS, counts, strict=False):
        table.add_row(Text(month.get(lang)), Text(bar(value, top, width)), Text(str(value)))
    table.add_row(Text(word("total", lang), style="bold"), Text(""), Text(str(sum(counts))))
    return Group(Text(word("intake", lang), style="bold"), table)


def _figures_table(section: ReportSection, lang: str | None) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=False)
    table.add_column(word("figure", lang))
    table.add_column(word("value", lang), justify="right")
    for label, key, value in figure_rows(section, lang):
        table.add_row(Text(label), Text(format_figure(value, key)))
    return table


def _table(found: ReportTable, lang: str | None) -> Table:
    table = Table(
        title=Text(mask_text(found.title.get(lang)), style="bold"),
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    for index, column in enumerate(found.columns):
        table.add_column(
            Text(mask_text(column.get(lang))), justify="left" if not index else "right"
        )
    for row in found.rows_in(lang):
        table.add_row(*(Text(format_figure(cell)) for cell in row))
    return table


def section_panel(report: Report, section: ReportSection, lang: str | None = None) -> Panel:
    """One kind's panel: sentences; figures and monthly intake side by side; its tables."""
    parts: list[RenderableType] = [Text(line) for line in sentences(section, lang)]
    parts.extend(Text(note, style="italic yellow") for note in notes(section, lang))
    side: list[RenderableType] = []
    if section.figures:
        side.append(_figures_table(section, lang))
    months = report.monthly.get(section.kind)
    if months:
        side.append(monthly_chart(months, lang))
    if side:
        parts.append(Columns(side, padding=(1, 4)))
    parts.extend(_table(t, lang) for t in section.tables)
    return Panel(
        Group(*parts),
        title=Text(kind_title(report, section, lang), style="bold"),
        title_align="left",
        border_style="blue",
    )


def report_renderable(report: Report, lang: str | None = None) -> RenderableType:
    """The whole report for a rich console: its title, then one panel per kind."""
    title = Text(report_title(report, lang), style="bold underline")
    missing = [Text(line, style="bold red") for line in missing_lines(report, lang)]
    if not report.sections:
        return Group(title, *missing, Text(word("empty", lang)))
    return Group(title, *missing, *(section_panel(report, s, lang) for s in report.sections))
