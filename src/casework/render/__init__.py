"""Renderers of the annual report: the terminal, Markdown, JSON, XLSX and DOCX.

>>> from casework.render import report_markdown, write_report
>>> report = book.report(2020)                        # doctest: +SKIP
>>> write_report(report, Path("2020.xlsx"), "xlsx")   # doctest: +SKIP

Every renderer masks clear ID-card and mobile numbers (:func:`mask_text`), whatever a plugin put in
its sentences or tables. Files are written atomically: a temporary file in the same folder, then
``os.replace``, so a reader never sees half a file. openpyxl and python-docx are imported only when
an XLSX or DOCX file is written, so the command line starts quickly.
"""

from __future__ import annotations

from casework.personal import mask_text
from casework.render.common import FORMATS, report_title
from casework.render.files import guess_format, report_bytes, report_cases, write_report
from casework.render.terminal import monthly_chart, report_renderable
from casework.render.text import report_json, report_markdown

__all__ = [
    "FORMATS",
    "guess_format",
    "mask_text",
    "monthly_chart",
    "report_bytes",
    "report_cases",
    "report_json",
    "report_markdown",
    "report_renderable",
    "report_title",
    "write_report",
]
