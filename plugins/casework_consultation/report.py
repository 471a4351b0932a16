"""The 免费法律咨询 section of the annual report: a fold over the facts kept with each case.

The report never loads a case: it reads what :func:`facts` projects off every shift (see
:mod:`casework.facts`) as it stood on the report's day.

Figures of year ``Y`` (stable keys): every count is over the shifts held on a day of ``Y`` (a
shift's date of receipt is its day); cancelled shifts count only in ``cancelled``.

- ``shifts``: shifts held (坐班班次); ``consultations``: people consulted on them (咨询人次);
- ``consultations_<matter>``: people consulted per code of
  :data:`~casework_consultation.codes.MATTERS`;
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
from collections.abc import Iterator
from typing import Any

from casework.facts import CaseFacts
from casework.i18n import Label
from casework.model import Case
from casework.report import Figure, ReportContext, ReportSection, ReportTable
from casework_consultation.codes import KIND, MATTERS, PROVIDERS, SITES

ORDER = 70
"""Where the section sits in the report."""

FACTS_VERSION = 1
"""The version of :func:`facts`; raise it when the projection changes."""

LABELS: dict[str, Label] = {
    "shifts": Label("坐班班次", "shifts held"),
    "consultations": Label("咨询人次", "people consulted"),
    **{
        f"consultations_{k}": Label(f"咨询人次:{v.zh}", f"consulted: {v.en}")
        for k, v in MATTERS.items()
    },
    "referrals": Label("转介法律援助(人次)", "referred to legal aid"),
    "cancelled": Label("取消班次", "shifts cancelled"),
    **{f"{k}_shifts": Label(f"{v.zh}班次", f"shifts at {v.en}") for k, v in SITES.items()},
    "townships": Label("开展坐班的乡镇(街道)数", "townships with shifts"),
    **{
        f"{k}_shifts": Label(f"{v.zh}坐班班次", f"shifts by a {v.en}") for k, v in PROVIDERS.items()
    },
}
"""The label of every figure."""


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
        zh.append("法律服务工作者")
        en.append("legal service workers")
    retired = [k for k in ("retired_judge", "retired_prosecutor") if k in kinds]
    if len(retired) == 2:
        zh.append("退休法官、检察官")
        en.append("retired judges and prosecutors")
    elif retired:
        zh.append(PROVIDERS[retired[0]].zh)
        en.append(PROVIDERS[retired[0]].en + "s")
    return _join_zh(zh), _join_en(en)


def _places(hall: int, centre: int, townships: int) -> tuple[str, str]:
    zh: list[str] = []
    en: list[str] = []
    if hall:
        zh.append("市审批大厅")
        en.append("the approval hall")
    if centre:
        zh.append("公共法律服务中心")
        en.append("the public legal service centre")
    if townships:
        zh.append(f"{townships}个乡镇(街道)")
        en.append(f"{townships} townships (streets)")
    return _join_zh(zh), _join_en(en)


def facts(case: Case) -> Iterator[tuple[str, Any]]:
    """What the section reads of a shift as it stands (besides the facts every case keeps).

    ``site`` and ``provider_kind`` (codes), ``venue`` (the place, never who served), and once
    logged ``matters``: ``((matter, people), ...)`` by code, and ``referrals``.
    """
    details = case.details
    yield ("site", details.site)
    yield ("venue", details.venue)
    yield ("provider_kind", details.provider_kind)
    yield ("matters", tuple(sorted(details.matters.items())))
    yield ("referrals", details.referrals)


def figures(context: ReportContext) -> tuple[dict[str, Figure], list[CaseFacts]]:
    """Compute the figures of ``context.year`` and return them with the shifts held."""
    shifts: list[CaseFacts] = []
    cancelled = 0
    year = context.year
    for case in context.facts(KIND):
        if case.year != year:
            continue
        state = case.state
        if state == "held":
            shifts.append(case)
        elif state == "cancelled":
            cancelled += 1
    matters: Counter[str] = Counter()
    sites: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    townships: set[str] = set()
    referrals = 0
    for case in shifts:
        matters.update(dict(case.get("matters", ())))
        site = case.get("site")
        sites[site] += 1
        by_kind[case.get("provider_kind")] += 1
        referrals += case.get("referrals", 0)
        if site == "township":
            townships.add(case.get("venue"))
    out: dict[str, Figure] = {
        "shifts": len(shifts),
        "consultations": sum(matters.values()),
        **{f"consultations_{k}": matters.get(k, 0) for k in MATTERS},
        "referrals": referrals,
        "cancelled": cancelled,
        **{f"{k}_shifts": sites.get(k, 0) for k in SITES},
        "townships": len(townships),
        **{f"{k}_shifts": by_kind.get(k, 0) for k in PROVIDERS},
    }
    return out, shifts


def sentences(
    values: dict[str, Figure], kinds: set[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The zh and en sentences for ``values``; ``kinds`` are the provider kinds that served."""
    shifts, people = values["shifts"], values["consultations"]
    if not shifts:
        return (
            ("全年未开展免费法律咨询便民坐班服务。",),
            ("No free legal consultation shifts were held in the year.",),
        )
    who_zh, who_en = _providers(kinds)
    where_zh, where_en = _places(
        int(values["hall_shifts"] or 0),
        int(values["centre_shifts"] or 0),
        int(values["townships"] or 0),
    )
    zh = [
        f"扎实开展免费法律咨询便民服务,有序组织{who_zh}在{where_zh}开展免费法律咨询便民坐班服务,"
        f"全年安排{shifts}班次、咨询{people}人次。"
    ]
    shifts_en = "1 shift was" if shifts == 1 else f"{shifts} shifts were"
    people_en = "1 person" if people == 1 else f"{people} people"
    en = [
        f"Free legal consultation: {who_en} sat duty shifts at {where_en}; "
        f"{shifts_en} held and {people_en} consulted in the year."
    ]
    if values["referrals"]:
        zh.append(f"坐班中转介法律援助{values['referrals']}人次。")
        en.append(f"{values['referrals']} people were referred to legal aid from the shifts.")
    return tuple(zh), tuple(en)


def section(context: ReportContext) -> ReportSection:
    """Count the year's shifts and consultations and write the report's sentences."""
    values, shifts = figures(context)
    zh, en = sentences(values, {str(c.get("provider_kind")) for c in shifts})
    per_venue: dict[str, list[int]] = {}
    for case in shifts:
        row = per_venue.setdefault(str(case.get("venue")), [0, 0])
        row[0] += 1
        row[1] += sum(people for _, people in case.get("matters", ()))
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
