"""The 免费法律咨询 section of the annual report.

Figures of year ``Y`` (stable keys): every count is over the shifts held on a day of ``Y`` (a
shift's date of receipt is its day); cancelled shifts count only in ``cancelled``.

- ``shifts``: shifts held (坐班班次); ``consultations``: people consulted on them (咨询人次);
- ``consultations_<matter>``: people consulted per code of
  :data:`~casework_consultation.kind.MATTERS`;
- ``referrals``: people referred to legal aid from a shift (转介法律援助);
- ``cancelled``: shifts of Y cancelled;
- ``hall_shifts``, ``centre_shifts``, ``township_shifts``: shifts held per kind of site;
  ``townships``: distinct township (street) venues that held a shift;
- ``lawyer_shifts``, ``grassroots_shifts``, ``retired_judge_shifts``,
  ``retired_prosecutor_shifts``: shifts held by each kind of provider.

The zh sentence follows the 2020 report of 汾阳市: 扎实开展免费法律咨询便民服务,有序组织律师、法律服务
工作者和退休法官、检察官在市审批大厅和14个乡镇(街道)开展免费法律咨询便民坐班服务,全年安排1430班次、
咨询6260人次。 The providers and places are named from the data.
"""

from __future__ import annotations

from collections import Counter

from casework.i18n import Label
from casework.model import Case
from casework.report import Figure, ReportContext, ReportSection, ReportTable
from casework_consultation.kind import KIND, MATTERS, PROVIDERS, SITES
from casework_consultation.report import (  # unchanged by the move
    LABELS,
    ORDER,
    sentences,
)


def figures(context: ReportContext) -> tuple[dict[str, Figure], list[Case]]:
    """Compute the figures of ``context.year`` and return them with the shifts held."""
    shifts: list[Case] = []
    cancelled = 0
    for case in context.received(KIND):
        if case.state == "held":
            shifts.append(case)
        elif case.state == "cancelled":
            cancelled += 1
    matters: Counter[str] = Counter()
    for case in shifts:
        matters.update(case.details.matters)
    sites = Counter(c.details.site for c in shifts)
    by_kind = Counter(c.details.provider_kind for c in shifts)
    out: dict[str, Figure] = {
        "shifts": len(shifts),
        "consultations": sum(matters.values()),
        **{f"consultations_{k}": matters.get(k, 0) for k in MATTERS},
        "referrals": sum(c.details.referrals for c in shifts),
        "cancelled": cancelled,
        **{f"{k}_shifts": sites.get(k, 0) for k in SITES},
        "townships": len({c.details.venue for c in shifts if c.details.site == "township"}),
        **{f"{k}_shifts": by_kind.get(k, 0) for k in PROVIDERS},
    }
    return out, shifts


def section(context: ReportContext) -> ReportSection:
    """Count the year's shifts and consultations and write the report's sentences."""
    values, shifts = figures(context)
    zh, en = sentences(values, {c.details.provider_kind for c in shifts})
    per_venue: dict[str, list[int]] = {}
    for case in shifts:
        row = per_venue.setdefault(case.details.venue, [0, 0])
        row[0] += 1
        row[1] += case.details.consultations
    tables = (
        ReportTable(
            title=Label("各坐班地点班次与咨询人次", "shifts and consultations by venue"),
            columns=(Label("坐班地点", "venue"), Label("班次", "shifts"), Label("人次", "people")),
            rows=tuple((venue, n, p) for venue, (n, p) in sorted(per_venue.items())),
        ),
        ReportTable(
            title=Label("咨询事项", "consultations by matter"),
            columns=(Label("事项", "matter"), Label("人次", "people")),
            rows=tuple((label, values[f"consultations_{k}"]) for k, label in MATTERS.items()),
        ),
    )
    return ReportSection(
        kind=KIND,
        title=Label("免费法律咨询", "Free legal consultation"),
        figures=values,
        labels=LABELS,
        text_zh=zh,
        text_en=en,
        tables=tables if shifts else (),
        order=ORDER,
    )
