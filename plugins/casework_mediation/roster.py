"""The 以案定补 roster (发放名册) as an XLSX workbook, written atomically.

Sheets: the roster per mediator (to pay from and sign), the case list with the rule or the reason
for each case, and the totals per committee and per township. Mediators' ID numbers and phones
come from the committee registry and are masked unless the caller asks for them in clear.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casework.i18n import tr
from casework.personal import mask_id_number, mask_phone, mask_text
from casework.text import xlsx_append
from casework_mediation.codes import AGREEMENT_FORMS

if TYPE_CHECKING:
    from casework_mediation.subsidy import SubsidyResult


def _heading(result: SubsidyResult) -> list[list[Any]]:
    rules = result.rules
    rows: list[list[Any]] = [
        [
            tr(
                f"{result.year}年度人民调解以案定补发放名册",
                f"{result.year} mediation subsidy roster",
            )
        ],
        [
            tr(
                f"依据: {rules.locality}({rules.source})",
                f"Rules: {rules.locality} ({rules.source})",
            )
        ],
    ]
    if rules.example:
        rows.append(
            [
                tr(
                    "注意: 所用规则为随软件提供的示例,不是任何地方的真实标准",
                    "Note: these are the shipped example rules, not any locality's real standard",
                )
            ]
        )
    return rows


def _person(result: SubsidyResult, committee: str, name: str, unmasked: bool) -> tuple[str, str]:
    found = result.registry.get(committee)
    mediator = found.mediator(name) if found else None
    if mediator is None:
        return "", ""
    id_number = mediator.person.id_number or ""
    phone = mediator.person.phone or ""
    if unmasked:
        return id_number, phone
    return mask_id_number(id_number), mask_phone(phone)


def _append(sheet: Any, unmasked: bool, row: list[Any]) -> None:
    """One row through the core's spreadsheet door: text as text, numbers masked unless asked."""
    xlsx_append(
        sheet, row if unmasked else [mask_text(v) if isinstance(v, str) else v for v in row]
    )


def write_roster(result: SubsidyResult, path: Path, *, unmasked: bool = False) -> Path:
    """Write ``result``'s roster to ``path`` (temp file beside it, then ``os.replace``)."""
    import openpyxl
    from openpyxl.styles import Font

    from casework_mediation.subsidy import atomic_target, replace_atomically

    workbook = openpyxl.Workbook()
    roster = workbook.active
    roster.title = tr("发放名册", "roster")
    for row in _heading(result):
        _append(roster, unmasked, row)
    roster["A1"].font = Font(bold=True, size=14)
    header = [
        tr("序号", "No."),
        tr("乡镇(街道)", "township"),
        tr("调解委员会", "committee"),
        tr("调解员", "mediator"),
        tr("身份证号", "ID number"),
        tr("联系电话", "phone"),
        tr("补贴案件数", "cases"),
        tr("补贴金额(元)", "amount (yuan)"),
        tr("领取人签字", "signature"),
    ]
    _append(roster, unmasked, header)
    totals = result.by_mediator()
    for n, total in enumerate(totals, start=1):
        committee, name = total.key
        id_number, phone = _person(result, committee, name, unmasked)
        found = result.registry.get(committee)
        _append(
            roster,
            unmasked,
            [
                n,
                total.township,
                found.name if found else committee,
                name,
                id_number,
                phone,
                total.cases,
                total.amount,
                "",
            ],
        )
    _append(
        roster,
        unmasked,
        ["", tr("合计", "total"), "", "", "", "", result.subsidised, result.total, ""],
    )

    cases = workbook.create_sheet(tr("案件明细", "cases"))
    _append(
        cases,
        unmasked,
        [
            tr("案件编号", "case"),
            tr("调解委员会", "committee"),
            tr("乡镇(街道)", "township"),
            tr("调解员", "mediators"),
            tr("协议日期", "agreement date"),
            tr("协议形式", "agreement"),
            tr("等级", "grade"),
            tr("补贴金额(元)", "amount (yuan)"),
            tr("依据", "rule"),
            tr("不予补贴原因", "reasons for no subsidy"),
        ],
    )
    for line in result.cases:
        _append(
            cases,
            unmasked,
            [
                line.case_id,
                line.committee_name or line.committee,
                line.township,
                "、".join(line.mediators),
                line.succeeded_on.isoformat() if line.succeeded_on else "",
                AGREEMENT_FORMS[line.form].get() if line.form else "",
                line.grade or "",
                line.amount,
                line.rule.get() if line.rule else "",
                ";".join(str(r) for r in line.reasons),
            ],
        )

    summary = workbook.create_sheet(tr("汇总", "totals"))
    _append(summary, unmasked, [tr("按调解委员会", "by committee")])
    _append(
        summary,
        unmasked,
        [
            tr("编号", "id"),
            tr("调解委员会", "committee"),
            tr("乡镇(街道)", "township"),
            tr("案件数", "cases"),
            tr("金额(元)", "amount (yuan)"),
        ],
    )
    for total in result.by_committee():
        _append(
            summary, unmasked, [total.key[0], total.name, total.township, total.cases, total.amount]
        )
    _append(summary, unmasked, [])
    _append(summary, unmasked, [tr("按乡镇(街道)", "by township")])
    _append(
        summary,
        unmasked,
        [tr("乡镇(街道)", "township"), tr("案件数", "cases"), tr("金额(元)", "amount (yuan)")],
    )
    for total in result.by_township():
        _append(summary, unmasked, [total.township, total.cases, total.amount])

    fd, temp = atomic_target(path)
    os.close(fd)
    try:
        workbook.save(temp)
        replace_atomically(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return path
