"""The report as Markdown and as JSON."""

from __future__ import annotations

import orjson

from casework.personal import mask_data, mask_text
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
from casework.report import Figure, Report, ReportTable


def _cell(value: Figure | str) -> str:
    text = value if isinstance(value, str) else format_figure(value)
    return mask_text(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _md_table(head: list[str], rows: list[list[str]], right_from: int = 1) -> list[str]:
    align = ["---" if i < right_from else "---:" for i in range(len(head))]
    lines = ["| " + " | ".join(_cell(h) for h in head) + " |", "| " + " | ".join(align) + " |"]
    lines.extend("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows)
    return lines


def _report_table(table: ReportTable, lang: str | None) -> list[str]:
    head = [c.get(lang) for c in table.columns]
    rows = [[format_figure(c) for c in row] for row in table.rows_in(lang)]
    return [f"### {_cell(table.title.get(lang))}", "", *_md_table(head, rows), ""]


def report_markdown(report: Report, lang: str | None = None) -> str:
    """The report as Markdown: a heading per kind, its paragraphs, figures, tables and intake."""
    lines = [f"# {report_title(report, lang)}", ""]
    for line in missing_lines(report, lang):
        lines.extend([f"> **{_cell(line)}**", ""])
    if not report.sections:
        lines.extend([word("empty", lang), ""])
    for section in report.sections:
        lines.extend([f"## {kind_title(report, section, lang)}", ""])
        for sentence in sentences(section, lang):
            lines.extend([sentence, ""])
        for note in notes(section, lang):
            lines.extend([f"> {_cell(note)}", ""])
        if section.figures:
            rows = [
                [label, f"`{key}`", format_figure(v, key)]
                for label, key, v in figure_rows(section, lang)
            ]
            head = [word("figure", lang), word("key", lang), word("value", lang)]
            lines.extend([*_md_table(head, rows, right_from=2), ""])
        for table in section.tables:
            lines.extend(_report_table(table, lang))
        months = report.monthly.get(section.kind)
        if months:
            head = [word("month", lang), *(m.get(lang) for m in MONTHS), word("total", lang)]
            row = [word("intake", lang), *(str(n) for n in months), str(sum(months))]
            lines.extend([*_md_table(head, [row]), ""])
    return "\n".join(lines).rstrip("\n") + "\n"


def report_json(report: Report, lang: str | None = None) -> str:
    """The report as indented UTF-8 JSON (Chinese kept as is): :meth:`Report.to_dict`, masked."""
    data = mask_data(report.to_dict(lang))
    return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
