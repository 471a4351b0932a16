"""The consultation section of the annual report.

Figures (stable keys):

- ``shifts``: shifts held in the year (坐班班次; cancelled shifts are not counted);
- ``consultations``: people consulted on them (咨询人次);
- ``cancelled``: shifts scheduled in the year and cancelled;
- ``hall_shifts`` / ``township_shifts``: shifts held at the approval hall / the townships;
- ``townships``: distinct township (street) venues that held a shift;
- ``lawyer_shifts``, ``grassroots_shifts``, ``retired_judge_shifts``,
  ``retired_prosecutor_shifts``: shifts held by each kind of provider.
"""

from __future__ import annotations

from collections import Counter

from casework import Case, Label, ReportContext, ReportSection, ReportTable

from casework_consultation.kind import KIND, PROVIDERS

ORDER = 90
"""Where the section sits in the report (the built-in kinds come first)."""

LABELS: dict[str, Label] = {
    "shifts": Label("坐班班次", "shifts held"),
    "consultations": Label("咨询人次", "people consulted"),
    "cancelled": Label("取消班次", "shifts cancelled"),
    "hall_shifts": Label("审批大厅班次", "shifts at the approval hall"),
    "township_shifts": Label("乡镇(街道)班次", "shifts in townships"),
    "townships": Label("开展坐班的乡镇(街道)数", "townships with shifts"),
    **{
        f"{k}_shifts": Label(f"{v.zh}坐班班次", f"shifts by a {v.en}") for k, v in PROVIDERS.items()
    },
}


def _join_zh(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else "、".join(parts[:-1]) + "和" + parts[-1]


def _join_en(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _providers(kinds: set[str]) -> tuple[str, str]:
    zh: list[str] = []
    en: list[str] = []
    if "lawyer" in kinds:
        zh.append("律师")
        en.append("lawyers")
    if "grassroots" in kinds:
        zh.append("基层法律服务工作者")
        en.append("grassroots legal service workers")
    retired = [k for k in ("retired_judge", "retired_prosecutor") if k in kinds]
    if len(retired) == 2:
        zh.append("退休法官、检察官")
        en.append("retired judges and prosecutors")
    elif retired:
        zh.append(PROVIDERS[retired[0]].zh)
        en.append(PROVIDERS[retired[0]].en + "s")
    return _join_zh(zh), _join_en(en)


def _venues(hall: int, townships: int) -> tuple[str, str]:
    zh: list[str] = []
    en: list[str] = []
    if hall:
        zh.append("市审批大厅")
        en.append("the city approval hall")
    if townships:
        zh.append(f"{townships}个乡镇(街道)")
        en.append(f"{townships} townships (streets)")
    return _join_zh(zh), _join_en(en)


def section(context: ReportContext) -> ReportSection:
    """Count the year's shifts and consultations and write the report's sentence."""
    shifts: list[Case] = []
    cancelled = 0
    for case in context.received(KIND):
        if case.state == "held":
            shifts.append(case)
        elif case.state == "cancelled":
            cancelled += 1
    people = sum(c.details.consultations for c in shifts)
    hall = sum(1 for c in shifts if c.details.site == "hall")
    township_venues = {c.details.venue for c in shifts if c.details.site == "township"}
    by_kind = Counter(c.details.provider_kind for c in shifts)
    figures: dict[str, int] = {
        "shifts": len(shifts),
        "consultations": people,
        "cancelled": cancelled,
        "hall_shifts": hall,
        "township_shifts": len(shifts) - hall,
        "townships": len(township_venues),
        **{f"{k}_shifts": by_kind.get(k, 0) for k in PROVIDERS},
    }
    if shifts:
        who_zh, who_en = _providers(set(by_kind))
        where_zh, where_en = _venues(hall, len(township_venues))
        text_zh = (
            f"扎实开展免费法律咨询便民服务,有序组织{who_zh}在{where_zh}开展免费法律咨询便民坐班服务,"
            f"全年安排{len(shifts)}班次、咨询{people}人次。",
        )
        shifts_en = "1 shift was" if len(shifts) == 1 else f"{len(shifts)} shifts were"
        people_en = "1 person" if people == 1 else f"{people} people"
        text_en = (
            f"Free legal consultation: {who_en} sat duty shifts at {where_en}; "
            f"{shifts_en} held and {people_en} consulted in the year.",
        )
    else:
        text_zh = ("本年度未开展免费法律咨询便民坐班服务。",)
        text_en = ("No free legal consultation shifts were held in the year.",)
    per_venue: dict[str, list[int]] = {}
    for case in shifts:
        row = per_venue.setdefault(case.details.venue, [0, 0])
        row[0] += 1
        row[1] += case.details.consultations
    table = ReportTable(
        title=Label("各坐班地点班次与咨询人次", "shifts and consultations by venue"),
        columns=(Label("坐班地点", "venue"), Label("班次", "shifts"), Label("人次", "people")),
        rows=tuple((venue, n, p) for venue, (n, p) in sorted(per_venue.items())),
    )
    return ReportSection(
        kind=KIND,
        title=Label("免费法律咨询", "Free legal consultation"),
        figures=figures,
        text_zh=text_zh,
        text_en=text_en,
        labels=LABELS,
        tables=(table,) if shifts else (),
        order=ORDER,
    )
