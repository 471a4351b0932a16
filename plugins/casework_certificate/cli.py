"""``python -m casework certificates``: the register of valid certificates per enforcement body.

Only :mod:`click` is imported here; the book and rich are imported when the command runs. The
book is opened with :func:`casework.cli.open_book_from`, so a folder that is not a book is
refused and errors get the command line's own handling.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import click


def _root_obj() -> dict[str, Any]:
    obj = click.get_current_context().find_root().obj
    return obj if isinstance(obj, dict) else {}


@click.command("certificates")
@click.option(
    "--on",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="截至日期 / the day (default: today), e.g. 2020-12-31",
)
@click.option("--body", default=None, help="只列该执法主体 / one enforcement body only")
@click.pass_context
def certificates(ctx: click.Context, on: dt.datetime | None, body: str | None) -> None:
    """各执法主体的有效行政执法证件台账 / valid enforcement certificates per body."""
    from casework.cli import open_book_from
    from casework.cli.context import today
    from casework.i18n import tr
    from casework_certificate.register import register

    day = on.date() if on is not None else today()
    obj = _root_obj()
    found = register(open_book_from(ctx), day, body)
    if obj.get("json"):
        import json

        data = {
            "on": day.isoformat(),
            "bodies": {k: [e.to_dict() for e in v] for k, v in found.items()},
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    from casework.text import console as safe_console
    from casework.text import safe_markup
    from casework_certificate.codes import TYPES

    console = safe_console(highlight=False)
    if not found:
        console.print(tr(f"{day} 没有有效的行政执法证件", f"no valid certificate on {day}"))
        return
    table = Table(title=tr(f"有效行政执法证件({day})", f"valid certificates on {day}"))
    for column in (tr("执法主体", "body"), tr("持证人", "holder"), tr("证件号", "number"),
                   tr("类型", "type"), tr("有效期至", "valid until")):  # fmt: skip
        table.add_column(column)
    for name, rows in found.items():
        for entry in rows:
            kind = TYPES[entry.cert_type].get()
            if entry.suspended:
                kind += tr("(暂扣)", " (suspended)")
            # a certificate's number is the register's point: shown, controls made inert
            table.add_row(safe_markup(name), safe_markup(entry.holder),
                          safe_markup(entry.number, unmask=True), kind,
                          entry.expires_on.isoformat())  # fmt: skip
    console.print(table)
    total = sum(len(v) for v in found.values())
    console.print(tr(f"共 {len(found)} 个执法主体,{total} 件证件", f"{len(found)} bodies, {total}"))
