"""What every renderer shares: wording, masking, number formats and the case-list rows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from casework.errors import UnknownKind
from casework.i18n import Label
from casework.model import Case
from casework.personal import mask_text
from casework.report import Figure, Report, ReportSection

FORMATS = ("md", "json", "xlsx", "docx")
"""The file formats :func:`casework.render.write_report` writes."""

MONTHS = tuple(
    Label(f"{m}月", name)
    for m, name in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
        start=1,
    )
)
"""Month names for the monthly intake, January first."""

WORDS = {
    "figure": Label("指标", "Figure"),
    "key": Label("键", "Key"),
    "value": Label("数值", "Value"),
    "kind": Label("类别", "Kind"),
    "month": Label("月份", "Month"),
    "intake": Label("每月收案", "Monthly intake"),
    "total": Label("合计", "Total"),
    "received": Label("本年收案", "Received in the year"),
    "summary": Label("汇总", "Summary"),
    "cases": Label("案件清单", "Cases"),
    "empty": Label("本年度没有可报告的案件类别。", "No case kind reported on this year."),
    "case_id": Label("案件编号", "Case id"),
    "number": Label("案号", "Case number"),
    "received_on": Label("收案日期", "Received on"),
    "state": Label("状态", "State"),
    "closed_on": Label("结案日期", "Closed on"),
    "parties": Label("当事人", "Parties"),
    "describe": Label("摘要", "Summary"),
    "text": Label("报告文字", "Report text"),
    "tables": Label("统计表", "Tables"),
}


def word(key: str, lang: str | None) -> str:
    """A renderer's own wording (column heads, titles) in ``lang``."""
    return WORDS[key].get(lang)


def missing_lines(report: Report, lang: str | None = None) -> list[str]:
    """One line per kind with cases in the year whose plugin is not loaded (its figures absent)."""
    return [
        Label(
            f"缺少 {kind} 类案件的统计:{why}",
            f"figures of case kind {kind} are missing: {why}",
        ).get(lang)
        for kind, why in sorted(report.missing.items())
    ]


def report_title(report: Report, lang: str | None = None) -> str:
    """The report's title, e.g. ``清河县2021年度法治政府建设报告·案件工作``.

    It leads with the book's locality when the book names one (:attr:`Report.locality`). A report
    counted before the year's end says so: ``…·案件工作(截至2026年12月2日)``.
    """
    place = mask_text(report.locality)
    title = Label(
        f"{place}{report.year}年度法治政府建设报告·案件工作",
        f"Rule-of-law report {report.year}: casework" + (f" ({place})" if place else ""),
    ).get(lang)
    stamp = report.as_of_text(lang)
    if not stamp:
        return title
    return Label(f"{title}({stamp})", f"{title} ({stamp})").get(lang)


def format_figure(value: Figure, key: str | None = None) -> str:
    """A figure as text: integers plainly (``982``), fractions to two places, ``—`` for none.

    A ``*_rate`` figure is a ratio from 0 to 1 by convention and is shown as a percentage
    (``0.3`` -> ``30.0%``).
    """
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value)
    if key is not None and key.endswith("_rate") and isinstance(value, int | float):
        return f"{value * 100:.1f}%"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return mask_text(str(value))


def kind_title(report: Report, section: ReportSection, lang: str | None) -> str:
    """The section's title in ``lang`` (its kind label when the title is empty)."""
    title = section.title.get(lang)
    if not title and section.kind in report.kind_labels:
        title = report.kind_labels[section.kind].get(lang)
    return mask_text(title or section.kind)


def figure_rows(section: ReportSection, lang: str | None) -> list[tuple[str, str, Figure]]:
    """``(label, key, value)`` for each figure of ``section``, in the plugin's order.

    A figure with no value (``None``: e.g. no subsidy rules installed) is left out, and so is
    one a table of the section already shows (same name, same count): each count is printed
    once. The JSON report keeps every figure.
    """
    tabled = {
        (str(row[0]), row[-1])
        for table in section.tables
        for row in table.rows_in(lang)
        if len(row) >= 2
    }
    rows: list[tuple[str, str, Figure]] = []
    for key, value in section.figures.items():
        label = section.label(key, lang)
        if value is None or (label, value) in tabled:
            continue
        rows.append((mask_text(label), key, section.shown(key, value, lang)))
    return rows


def sentences(section: ReportSection, lang: str | None) -> list[str]:
    """The section's sentences in ``lang``, masked."""
    return [mask_text(line) for line in section.text(lang)]


def notes(section: ReportSection, lang: str | None) -> list[str]:
    """The section's notes in ``lang``, each marked 注: / Note:, masked."""
    mark = Label("注:", "Note: ").get(lang)
    return [mask_text(mark + note.get(lang)) for note in section.notes]


CASE_COLUMNS = ("case_id", "kind", "number", "received_on", "state", "closed_on", "parties")


def case_rows(cases: Iterable[Case], lang: str | None) -> list[list[Any]]:
    """One row per case for a case list: ids, labels, dates and masked parties."""
    from casework.plugins import case_type

    rows: list[list[Any]] = []
    for case in cases:
        try:
            kind = case_type(case.kind)
        except UnknownKind:
            kind_label, state_label, roles = case.kind, case.state, {}
        else:
            kind_label = kind.label.get(lang)
            state_label = kind.state_label(case.state).get(lang)
            roles = {k: v.get(lang) for k, v in kind.roles.items()}
        parties = "; ".join(_party(p.masked(), roles) for p in case.parties)
        rows.append(
            [
                case.id,
                kind_label,
                case.number or "",
                case.received_on,
                state_label,
                case.closed_on,
                mask_text(parties),
            ]
        )
    return rows


def _party(masked: dict[str, Any], roles: dict[str, str]) -> str:
    role = roles.get(masked["role"], masked["role"])
    extra = [v for v in (masked.get("id_number"), masked.get("phone")) if v]
    return f"{role} {masked['name']}" + (f" ({', '.join(extra)})" if extra else "")
