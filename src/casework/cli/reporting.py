"""The ``report`` command: the annual report on screen, as JSON, or written to a file.

The renderers are :mod:`casework.render`'s: ``report_renderable`` for the terminal,
``report_json`` for ``--json`` and ``write_report`` for Markdown, JSON, XLSX and DOCX files
(written atomically; an XLSX workbook also gets the list of the year's cases, masked).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from casework.cli.context import Env
from casework.errors import ValidationError
from casework.i18n import tr


def run_report(
    e: Env, year: int, fmt: str | None, output: str | None, as_of: dt.date | None = None
) -> None:
    """Build the report of ``year`` (as of ``as_of``) and show it, print it as JSON, or write it."""
    from casework import render

    book = e.book()
    report = book.report(year, as_of=as_of)
    if output is None and fmt is not None:
        raise ValidationError(
            tr("缺少输出文件", "no output file"),
            problems=["--output"],
            hint=tr("用 --output 文件名 指定", "give --output PATH"),
        )
    if output is not None:
        path = Path(output)
        chosen = fmt or render.guess_format(path)
        if chosen is None:
            raise ValidationError(
                tr("无法判断文件格式", "cannot tell the file format"),
                problems=[f"--output {output}"],
                hint=tr("用 --format md|json|xlsx|docx", "give --format md|json|xlsx|docx"),
            )
        cases = render.report_cases(book, year, as_of=report.as_of) if chosen == "xlsx" else None
        written = render.write_report(report, path, chosen, e.lang, cases=cases)
        if e.as_json:
            e.emit({"year": year, "format": chosen, "output": str(written)})
        else:
            e.note(tr(f"已写入 {written}", f"written: {written}"))
        return
    if e.as_json:
        import click

        click.echo(render.report_json(report, e.lang), nl=False)
        return
    e.show(render.report_renderable(report, e.lang))
