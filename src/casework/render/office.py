"""The report as an XLSX workbook (openpyxl) and a DOCX document (python-docx).

Both libraries are imported inside the functions, so importing :mod:`casework.render` stays cheap.
The functions return the file's bytes; :func:`casework.render.write_report` writes them atomically.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from typing import Any

from casework.model import Case
from casework.personal import mask_text
from casework.render.common import (
    CASE_COLUMNS,
    MONTHS,
    case_rows,
    figure_rows,
    format_figure,
    kind_title,
    missing_lines,
    notes,
    report_title,
    sentences,
    word,
)
from casework.report import Figure, Report, ReportSection
from casework.text import xlsx_append

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
_FIXED_TIME = dt.datetime(2000, 1, 1)

BODY_FONT = "仿宋_GB2312"
"""The body font of a government report (GB/T 9704); Word falls back when it is missing."""
HEADING_FONT = "黑体"
"""The font of the report's headings."""


def _sheet_name(title: str, taken: set[str]) -> str:
    base = _SHEET_BAD.sub(" ", title).strip("' ")[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _cell_value(value: Figure | dt.date | str) -> Any:
    if isinstance(value, str):
        return mask_text(value)
    return value


def xlsx_bytes(
    report: Report, lang: str | None = None, cases: Iterable[Case] | None = None
) -> bytes:
    """The workbook: a summary sheet, one sheet per kind, and a case list when ``cases`` is given.

    Figures are stored as numbers, dates as dates; the figure keys stand beside their labels so a
    spreadsheet formula can find them.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    book = Workbook()
    taken: set[str] = set()

    summary = book.active
    summary.title = _sheet_name(word("summary", lang), taken)
    xlsx_append(summary, [report_title(report, lang)])
    summary["A1"].font = Font(bold=True, size=14)
    for line in missing_lines(report, lang):
        xlsx_append(summary, [line])
        summary.cell(summary.max_row, 1).font = Font(bold=True, color="C00000")
    xlsx_append(summary, [])
    head = [word("kind", lang), word("received", lang), *(m.get(lang) for m in MONTHS)]
    xlsx_append(summary, head)
    for cell in summary[summary.max_row]:
        cell.font = bold
    for section in report.sections:
        months = list(report.monthly.get(section.kind, ()))
        total: int | None = sum(months) if months else None
        xlsx_append(summary, [kind_title(report, section, lang), total, *months])
    xlsx_append(summary, [])
    xlsx_append(summary, [word("text", lang)])
    summary.cell(summary.max_row, 1).font = bold
    for section in report.sections:
        for sentence in [*sentences(section, lang), *notes(section, lang)]:
            xlsx_append(summary, [sentence])
            summary.cell(summary.max_row, 1).alignment = wrap
    summary.column_dimensions["A"].width = 60

    for section in report.sections:
        _kind_sheet(
            book.create_sheet(_sheet_name(kind_title(report, section, lang), taken)),
            report,
            section,
            lang,
            bold,
            wrap,
        )

    if cases is not None:
        sheet = book.create_sheet(_sheet_name(word("cases", lang), taken))
        xlsx_append(sheet, [word(c, lang) for c in CASE_COLUMNS])
        for cell in sheet[1]:
            cell.font = bold
        for row in case_rows(cases, lang):
            xlsx_append(sheet, [_cell_value(v) for v in row])
        for letter, width in zip("ABCDEFG", (14, 12, 24, 12, 12, 12, 60), strict=True):
            sheet.column_dimensions[letter].width = width
        for column in ("D", "F"):
            for cell in sheet[column][1:]:
                cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"

    book.properties.creator = "casework"
    book.properties.created = book.properties.modified = _FIXED_TIME
    out = io.BytesIO()
    book.save(out)
    return _fixed_zip_times(out.getvalue())


def _kind_sheet(
    sheet: Any, report: Report, section: ReportSection, lang: str | None, bold: Any, wrap: Any
) -> None:
    xlsx_append(sheet, [kind_title(report, section, lang)])
    sheet["A1"].font = bold
    for sentence in [*sentences(section, lang), *notes(section, lang)]:
        xlsx_append(sheet, [sentence])
        sheet.cell(sheet.max_row, 1).alignment = wrap
    xlsx_append(sheet, [])
    xlsx_append(sheet, [word("figure", lang), word("key", lang), word("value", lang)])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for label, key, value in figure_rows(section, lang):
        xlsx_append(sheet, [label, key, _cell_value(value)])
    for table in section.tables:
        xlsx_append(sheet, [])
        xlsx_append(sheet, [mask_text(table.title.get(lang))])
        sheet.cell(sheet.max_row, 1).font = bold
        xlsx_append(sheet, [mask_text(c.get(lang)) for c in table.columns])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for row in table.rows_in(lang):
            xlsx_append(sheet, [_cell_value(v) for v in row])
    months = report.monthly.get(section.kind)
    if months:
        xlsx_append(sheet, [])
        xlsx_append(sheet, [word("intake", lang)])
        sheet.cell(sheet.max_row, 1).font = bold
        for month, count in zip(MONTHS, months, strict=False):
            xlsx_append(sheet, [month.get(lang), None, count])
        xlsx_append(sheet, [word("total", lang), None, sum(months)])
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 28


def _font(run_or_style: Any, name: str) -> None:
    from docx.oxml.ns import qn

    run_or_style.font.name = name
    r_pr = run_or_style.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def docx_bytes(report: Report, lang: str | None = None, figures: bool = True) -> bytes:
    """The document: a title, then per kind a heading, its paragraphs and (``figures``) a table.

    The paragraphs are the report's sentences, ready to paste into the year's report; body text is
    set in 仿宋_GB2312 and headings in 黑体, as official documents are.
    """
    from docx import Document
    from docx.shared import Pt

    document = Document()
    normal = document.styles["Normal"]
    _font(normal, BODY_FONT)
    normal.font.size = Pt(14)
    for name in ("Title", "Heading 1", "Heading 2"):
        _font(document.styles[name], HEADING_FONT)
    document.add_heading(report_title(report, lang), level=0)
    for line in missing_lines(report, lang):
        document.add_paragraph().add_run(line).bold = True
    if not report.sections:
        document.add_paragraph(word("empty", lang))
    for section in report.sections:
        document.add_heading(kind_title(report, section, lang), level=1)
        for sentence in sentences(section, lang):
            document.add_paragraph(sentence)
        for note in notes(section, lang):
            document.add_paragraph(note).runs[0].italic = True
        if not figures:
            continue
        rows = figure_rows(section, lang)
        if rows:
            _docx_table(
                document,
                [word("figure", lang), word("value", lang)],
                [[label, format_figure(v, key)] for label, key, v in rows],
            )
        for table in section.tables:
            document.add_heading(mask_text(table.title.get(lang)), level=2)
            _docx_table(
                document,
                [mask_text(c.get(lang)) for c in table.columns],
                [[format_figure(v) for v in row] for row in table.rows_in(lang)],
            )
    props = document.core_properties
    props.author = "casework"
    props.title = report_title(report, lang)
    props.created = props.modified = _FIXED_TIME
    out = io.BytesIO()
    document.save(out)
    return _fixed_zip_times(out.getvalue())


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _fixed_zip_times(data: bytes) -> bytes:
    """The same zip with every member dated :data:`_FIXED_TIME`: one report, one file's bytes.

    openpyxl and python-docx stamp each member (openpyxl also ``modified``) with the time of
    writing, so the same report written a second later differed, and a restored book's report
    could not be compared with the original's.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            member = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl sets 'modified' when saving
                member = _MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", member)
            target.writestr(fixed, member)
    return out.getvalue()


def _docx_table(document: Any, head: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=False):
            cell.text = text
