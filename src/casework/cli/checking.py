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


@click.command("facts")
@click.option(
    "--rebuild",
    is_flag=True,
    help="核对每件案件并更新过期的报表事实 / bring every kind's facts up to date",
)
def facts(rebuild: bool) -> None:
    """报表事实:各类型是否最新 / whether each kind's report facts are up to date."""
    from rich.table import Table

    from casework.book import FACTS_TABLE
    from casework.cli.reporting import refresh_facts
    from casework.plugins import case_types

    e = env()
    book = e.book()
    types = case_types()
    with book.store.transaction() as tx:
        counts = {k: len(tx.ids(k)) for k in tx.kinds() if k in types}
    written = refresh_facts(e, book, sorted(counts)) if rebuild else 0
    stale = set(book.stale_facts())
    marks = book.table(FACTS_TABLE)
    rows = {
        kind: {
            "cases": n,
            "version": book.facts_stamp(kind),
            "current": kind not in stale,
            "checked": kind in marks,
        }
        for kind, n in sorted(counts.items())
    }
    if e.as_json:
        e.emit({"kinds": rows, "written": written})
        return
    table = Table(title=tr("报表事实", "Report facts"), title_justify="left")
    for name in (
        tr("类型", "kind"),
        tr("案件", "cases"),
        tr("版本", "version"),
        tr("状态", "status"),
    ):
        table.add_column(name)
    for kind, row in rows.items():
        table.add_row(
            types[kind].label.get(e.lang),
            str(row["cases"]),
            str(row["version"]),
            tr("最新", "current")
            if row["current"]
            else tr("待更新", "out of date")
            if row["checked"]
            else tr("未核对", "not yet checked"),
        )
    e.show(table)
    if stale:
        e.note(
            tr(
                "运行 casework facts --rebuild 更新(报告时也会自动更新)",
                "run 'casework facts --rebuild' (a report also brings them up to date)",
            )
        )


def register(cli: click.Group) -> None:
    """Add the ``check`` and ``facts`` commands to the command line."""
    cli.add_command(check)
    cli.add_command(facts)
