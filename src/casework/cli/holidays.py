"""``casework calendar``: which years the book's calendar covers, and where each year comes from.

The installed ``chinese-calendar`` release covers a run of years (2004-2026 in 1.11.0); the book's
holiday files (``<book>/calendar/<year>.json``) add or replace years. Dates that fall in any other
year are counted on weekends alone and shown as provisional (暂定).
"""

from __future__ import annotations

import click

from casework.cli.context import env


@click.command("calendar")
def calendar_command() -> None:
    """节假日数据覆盖的年份及来源 / the years the holiday data covers, and from where."""
    from rich.table import Table

    from casework.deadlines import package_calendar
    from casework.i18n import tr

    e = env()
    book = e.book()
    package = package_calendar()
    files = book.calendar.files
    covered = book.calendar.covered()
    if e.as_json:
        e.emit(
            {
                "package": None
                if package is None
                else {
                    "name": "chinese-calendar",
                    "version": package.version,
                    "first": package.first,
                    "last": package.last,
                },
                "files": [
                    {
                        "year": year,
                        "path": str(path),
                        "overrides": package is not None and package.first <= year <= package.last,
                    }
                    for year, path in sorted(files.items())
                ],
                "covered": list(covered) if covered else None,
            }
        )
        return
    table = Table(title=tr("节假日数据", "Holiday data"), title_justify="left")
    table.add_column(tr("年份", "Years"), no_wrap=True)
    table.add_column(tr("来源", "Source"), overflow="fold")
    if package is not None:
        table.add_row(
            f"{package.first}–{package.last}",
            tr(
                f"chinese-calendar {package.version}(按国务院办公厅放假通知)",
                f"chinese-calendar {package.version} (the State Council's holiday notices)",
            ),
        )
    for year, path in sorted(files.items()):
        overrides = package is not None and package.first <= year <= package.last
        shown = path
        if book.root is not None and path.is_relative_to(book.root):
            shown = path.relative_to(book.root)
        table.add_row(
            str(year),
            shown.as_posix()
            + (tr("(替代包内数据)", " (replaces the package's data)") if overrides else ""),
        )
    e.show(table)
    if not files:
        e.show(
            tr(
                "本案件簿没有节假日文件;可在 calendar/<年份>.json 中补充包未覆盖的年份。",
                "This book has no holiday file; add a year the package lacks in "
                "calendar/<year>.json.",
            )
        )
    if covered:
        e.show(
            tr(
                f"{covered[0]}–{covered[1]} 年以外的日期只按周末计算,期限标为“暂定”。",
                f"Dates outside {covered[0]}–{covered[1]} are counted on weekends alone and "
                "marked provisional.",
            )
        )
