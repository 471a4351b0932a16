"""The ``report`` command: the annual report on screen, as JSON, or written to a file.

The renderers are :mod:`casework.render`'s: ``report_renderable`` for the terminal,
``report_json`` for ``--json`` and ``write_report`` for Markdown, JSON, XLSX and DOCX files
(written atomically; an XLSX workbook also gets the list of the year's cases, masked).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casework.cli.context import Env
from casework.errors import ValidationError
from casework.i18n import tr

if TYPE_CHECKING:
    from casework.book import Book


def refresh_facts(e: Env, book: Book, kinds: Sequence[str] | None = None) -> int:
    """Bring the stored report facts of ``kinds`` (default: the stale ones) up to date.

    A kind whose plugin changed its projection, or a book whose rules changed, has its facts
    derived and stored once, with a progress bar at a terminal; later reports read them. A book
    that cannot be written (read-only) is left as it is: its report derives what is stale.
    Returns the cases written.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    todo = book.stale_facts() if kinds is None else list(kinds)
    if not todo:
        return 0
    if getattr(book.store, "read_only", False):
        return 0
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=e.err,
        transient=True,
        disable=e.as_json or not e.err.is_terminal,
    ) as progress:
        tasks: dict[str, Any] = {}

        def advance(kind: str, done: int, total: int) -> None:
            if kind not in tasks:
                label = book.case_type(kind).label
                tasks[kind] = progress.add_task(
                    tr(f"更新{label.zh}的报表事实", f"report facts of {label.en}"), total=total
                )
            progress.update(tasks[kind], completed=done)

        written = book.refresh_facts(todo, progress=advance)
    if written:
        e.note(
            tr(f"已更新 {written} 件案件的报表事实", f"report facts updated for {written} cases")
        )
    return written


def run_report(
    e: Env, year: int, fmt: str | None, output: str | None, as_of: dt.date | None = None
) -> None:
    """Build the report of ``year`` (as of ``as_of``) and show it, print it as JSON, or write it."""
    from casework import render

    book = e.book()
    refresh_facts(e, book)
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
