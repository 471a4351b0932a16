"""``python -m casework lawyer-subsidy --year YEAR``: the year's 办案补贴 per lawyer and per firm.

Only :mod:`click` is imported here; the book, rich and the subsidy engine are imported when the
command runs, so that start-up stays quick.
"""

from __future__ import annotations

from typing import Any

import click


def _root_obj() -> dict[str, Any]:
    obj = click.get_current_context().find_root().obj
    return obj if isinstance(obj, dict) else {}


@click.command("lawyer-subsidy")
@click.option("--year", type=int, required=True, help="年度 / the year, e.g. 2020")
@click.option(
    "--rules",
    "rules_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="补贴标准文件(TOML/JSON),不写则用案件簿中安装的标准 / a rules file",
)
@click.option(
    "--install",
    is_flag=True,
    help="把 --rules 指定的标准安装到案件簿 / install the --rules file in the book",
)
@click.option("--cases", "show_cases", is_flag=True, help="逐案列出 / list every case")
def lawyer_subsidy(year: int, rules_path: str | None, install: bool, show_cases: bool) -> None:
    """按律师、律师事务所汇总年度法律援助办案补贴 / lawyers' legal-aid subsidies for a year."""
    import casework
    from casework.errors import CaseworkError
    from casework.i18n import tr
    from casework.text import scrub

    obj = _root_obj()
    if install and not rules_path:
        raise click.UsageError(tr("--install 需要 --rules 文件", "--install needs --rules FILE"))
    try:
        from casework_legal_aid import subsidy

        with casework.open_book(obj.get("book", "./casework-book"), create=False) as book:
            rules = subsidy.use_rules(book, rules_path) if install and rules_path else rules_path
            result = subsidy.compute(book, year, rules)
    except CaseworkError as exc:
        raise click.ClickException(scrub(str(exc))) from None
    if obj.get("json"):
        import json

        from casework.personal import mask_data

        data = mask_data(result.to_dict(obj.get("lang")))
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    _show(result, show_cases)


def _show(result: Any, show_cases: bool) -> None:
    from rich.table import Table

    from casework.i18n import tr
    from casework.text import console as safe_console
    from casework.text import safe_markup

    console = safe_console()
    title = tr(f"{result.year}年法律援助办案补贴", f"Legal-aid case subsidies, {result.year}")
    console.print(f"[bold]{safe_markup(title)}[/bold]  {safe_markup(result.rules.name)}")
    if result.rules.example:
        console.print(
            "[yellow]"
            + safe_markup(
                tr(
                    "注意: 使用的是示例标准,不是任何地方的真实标准;请用 --rules 文件 --install 安装本地标准",
                    "note: these are the EXAMPLE rates, no real standard; install yours with "
                    "--rules FILE --install",
                )
            )
            + "[/yellow]"
        )
    for heading, rows, with_firm in (
        (tr("按承办人", "By lawyer"), result.by_lawyer, True),
        (tr("按律师事务所", "By firm"), result.by_firm, False),
    ):
        table = Table(title=heading)
        table.add_column(tr("承办人", "lawyer") if with_firm else tr("律所", "firm"))
        if with_firm:
            table.add_column(tr("律所", "firm"))
        table.add_column(tr("案件", "cases"), justify="right")
        table.add_column(tr("获补贴", "paid"), justify="right")
        table.add_column(tr("金额(元)", "yuan"), justify="right")
        for row in rows:
            cells = [safe_markup(row.name)] + ([safe_markup(row.firm)] if with_firm else [])
            table.add_row(*cells, str(row.cases), str(row.paid), str(row.amount))
        console.print(table)
    if show_cases:
        table = Table(title=tr("逐案", "By case"))
        for column in (tr("案件", "case"), tr("承办人", "lawyer"), tr("金额", "yuan")):
            table.add_column(column)
        table.add_column(tr("说明", "reason"))
        for line in result.cases:
            table.add_row(
                line.case_id,
                safe_markup(line.assignee or "-"),
                str(line.amount),
                safe_markup(str(line.reason)),
            )
        console.print(table)
    console.print(tr(f"合计: {result.total}元", f"Total: {result.total} yuan"))


def register(cli: click.Group) -> None:
    """Add the command to the ``casework`` group."""
    cli.add_command(lawyer_subsidy)
