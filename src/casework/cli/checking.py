"""``casework check``: read the whole book, replay every history, list each problem and its fix.

Exit status 0 when the book is sound, 1 when any problem is found. ``--repair`` first rebuilds
what is derived from the case records (``index.json`` and its counters, temporaries an
interrupted write left); it never changes a case record.
"""

from __future__ import annotations

import attrs
import click

from casework.cli.context import env
from casework.i18n import tr


@click.command()
@click.option("--repair", is_flag=True, help="重建派生文件(不改动案件记录) / rebuild derived files")
def check(repair: bool) -> None:
    """检查案件簿:读取每个文件、重放每个案件 / check every file and history of the book."""
    from rich.table import Table
    from rich.text import Text

    e = env()
    result = e.book().check(repair=repair)
    for done in result.repaired:
        e.note(done)
    if e.as_json:
        e.emit(
            {
                "cases": result.cases,
                "repaired": list(result.repaired),
                "problems": [attrs.asdict(p) for p in result.problems],
            }
        )
    elif result.problems:
        table = Table(title=tr("发现的问题", "Problems found"), title_justify="left")
        for name in (
            tr("文件", "file"),
            tr("案件", "case"),
            tr("问题", "problem"),
            tr("处理", "fix"),
        ):
            table.add_column(name, overflow="fold")
        for problem in result.problems:
            table.add_row(
                Text(problem.file),
                Text(problem.case or "—"),
                Text(problem.problem),
                Text(problem.fix),
            )
        e.show(table)
    if result.problems:
        derived = sum(p.derived for p in result.problems)
        e.note(
            tr(
                f"{result.cases} 件案件中发现 {len(result.problems)} 个问题"
                + (f";其中 {derived} 个可用 --repair 修复" if derived else ""),
                f"{len(result.problems)} problem(s) in a book of {result.cases} cases"
                + (f"; --repair fixes {derived} of them" if derived else ""),
            ),
            style="bold red",
        )
        click.get_current_context().exit(1)
    e.note(
        tr(
            f"案件簿完好:{result.cases} 件案件均已核对",
            f"the book is sound: {result.cases} cases checked",
        )
    )


def register(cli: click.Group) -> None:
    """Add the ``check`` command to the command line."""
    cli.add_command(check)
