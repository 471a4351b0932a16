"""Commands this plugin adds to ``python -m casework``: ``subsidy`` and ``committees``.

They read the global options from the root context (``--book``, ``--lang``, ``--json``) and open
the book without creating it. Output is a rich table for people, JSON with ``--json``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from casework.i18n import tr
from casework.personal import mask_data
from casework.text import scrub


def _options() -> dict[str, Any]:
    obj = click.get_current_context().find_root().obj
    return obj if isinstance(obj, dict) else {}


def _open() -> Any:
    import casework

    return casework.open_book(_options().get("book", "./casework-book"), create=False)


def _console() -> Any:
    from casework.text import console

    return console(highlight=False, soft_wrap=False)


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def register(cli: click.Group) -> None:
    """Add ``subsidy`` and the ``committees`` group to ``cli``."""
    cli.add_command(subsidy)
    cli.add_command(committees_group)


@click.command("subsidy")
@click.option("--year", type=int, required=True, help="年度 / the year")
@click.option(
    "--rules",
    "rules_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="以案定补规则文件 / rules file (default: <book>/mediation/subsidy.toml or the example)",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "xlsx", "json"]),
    default="table",
    show_default=True,
    help="输出格式 / output format",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="输出文件 / output file (xlsx, json)",
)
@click.option(
    "--unmask", "unmasked", is_flag=True, help="名册显示完整身份证号和电话 / show ID numbers"
)
@click.option("--unmasked", "unmasked_alias", is_flag=True, hidden=True)
def subsidy(
    year: int,
    rules_path: Path | None,
    fmt: str,
    output: Path | None,
    unmasked: bool,
    unmasked_alias: bool,
) -> None:
    """以案定补: 计算年度补贴并生成发放名册 / compute the year's case-based subsidies."""
    unmasked = unmasked or unmasked_alias  # --unmasked: the earlier spelling, kept working
    from casework.errors import CaseworkError
    from casework_mediation.subsidy import compute

    options = _options()
    try:
        with _open() as book:
            result = compute(book, year, rules_path)
    except CaseworkError as exc:
        raise click.ClickException(scrub(str(exc))) from None
    lang = options.get("lang")
    if fmt == "xlsx":
        target = output or Path(f"mediation-subsidy-{year}.xlsx")
        try:
            result.write_xlsx(target, unmasked=unmasked)
        except CaseworkError as exc:
            raise click.ClickException(scrub(str(exc))) from None
        if options.get("json"):
            _print_json(
                {"output": str(target), "subsidised": result.subsidised, "total": result.total}
            )
        else:
            click.echo(tr(f"已写入发放名册 {target}", f"roster written to {target}"))
        return
    if fmt == "json" or options.get("json"):
        data = result.to_dict(lang)
        if not unmasked:
            data = mask_data(data)
        if output is not None:
            output.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
            click.echo(tr(f"已写入 {output}", f"written to {output}"))
        else:
            _print_json(data)
        return
    _console().print(subsidy_view(result))


def subsidy_view(result: Any) -> Any:
    """A rich renderable of a subsidy result: totals per committee, refusals, the sum."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from casework.text import safe_markup

    parts: list[Any] = []
    rules = result.rules
    parts.append(
        Text(
            tr(
                f"{result.year}年度以案定补 · 依据: {rules.locality}",
                f"{result.year} case-based subsidies · rules: {rules.locality}",
            ),
            style="bold",
        )
    )
    if rules.example:
        parts.append(
            Text(
                tr(
                    "注意: 示例规则,非任何地方的真实标准",
                    "note: example rules, not a real standard",
                ),
                style="yellow",
            )
        )
    table = Table(title=tr("按调解委员会", "by committee"))
    for header in (
        tr("调解委员会", "committee"),
        tr("乡镇(街道)", "township"),
        tr("案件", "cases"),
        tr("金额(元)", "yuan"),
    ):
        table.add_column(header)
    for total in result.by_committee():
        table.add_row(
            safe_markup(total.name),
            safe_markup(total.township),
            str(total.cases),
            str(total.amount),
        )
    parts.append(table)
    refused = [c for c in result.refused if c.succeeded_on is not None]
    if refused:
        detail = Table(title=tr("未予补贴的调解成功案件", "settled cases not subsidised"))
        detail.add_column(tr("案件", "case"))
        detail.add_column(tr("原因", "reasons"))
        for line in refused:
            detail.add_row(line.case_id, safe_markup(";".join(str(r) for r in line.reasons)))
        parts.append(detail)
    warned = [c for c in result.cases if c.warnings]
    if warned:
        check = Table(title=tr("请核实的案件(已计入补贴)", "cases to check (subsidised)"))
        check.add_column(tr("案件", "case"))
        check.add_column(tr("提示", "warning"))
        for line in warned:
            check.add_row(line.case_id, safe_markup(";".join(str(w) for w in line.warnings)))
        parts.append(check)
    parts.append(
        Text(
            tr(
                f"补贴案件 {result.subsidised} 件,合计 {result.total} 元",
                f"{result.subsidised} cases subsidised, {result.total} yuan in all",
            )
        )
    )
    return Group(*parts)


@click.group("committees")
def committees_group() -> None:
    """人民调解委员会登记 / the registry of mediation committees."""


@committees_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def import_command(file: Path) -> None:
    """从 CSV/XLSX 导入调委会及调解员 / import committees from a CSV or XLSX file."""
    from casework.errors import CaseworkError
    from casework_mediation.committees import import_committees

    try:
        with _open() as book:
            summary = import_committees(book, file)
    except CaseworkError as exc:
        raise click.ClickException(scrub(str(exc))) from None
    if _options().get("json"):
        _print_json(
            {
                "created": list(summary.created),
                "replaced": list(summary.replaced),
                "mediators": summary.mediators,
            }
        )
        return
    click.echo(
        tr(
            f"已导入调委会 {summary.committees} 个(新增 {len(summary.created)},更新 "
            f"{len(summary.replaced)}),调解员 {summary.mediators} 名",
            f"imported {summary.committees} committees ({len(summary.created)} new, "
            f"{len(summary.replaced)} replaced), {summary.mediators} mediators",
        )
    )


@committees_group.command("list")
@click.option("--unmasked", is_flag=True, help="显示完整身份证号和电话 / show ID numbers")
def list_command(unmasked: bool) -> None:
    """列出调委会 / list the registered committees."""
    from rich.table import Table

    from casework.errors import CaseworkError
    from casework.text import safe_markup
    from casework_mediation.codes import COMMITTEE_TYPES
    from casework_mediation.committees import committee_rows, committees

    try:
        with _open() as book:
            registry = list(committees(book).values())
    except CaseworkError as exc:
        raise click.ClickException(scrub(str(exc))) from None
    if _options().get("json"):
        rows = committee_rows(registry, unmasked=unmasked)
        _print_json(rows if unmasked else mask_data(rows))
        return
    table = Table(title=tr(f"人民调解委员会 {len(registry)} 个", f"{len(registry)} committees"))
    for header in (
        tr("编号", "id"),
        tr("名称", "name"),
        tr("类型", "type"),
        tr("乡镇(街道)", "township"),
        tr("调解员", "mediators"),
    ):
        table.add_column(header)
    for committee in registry:
        table.add_row(
            safe_markup(committee.id),
            safe_markup(committee.name),
            COMMITTEE_TYPES[committee.type].get(),
            safe_markup(committee.township),
            safe_markup("、".join(m.name for m in committee.mediators)),
        )
    _console().print(table)
