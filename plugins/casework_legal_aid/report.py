"""The 法律援助 section of the annual report: a fold over the facts kept with each case.

The report never loads a case: it reads the facts :func:`facts` projects off every case (see
:mod:`casework.facts`) as they stood on the report's day.

Figures of year ``Y`` (stable keys; "in Y" means an event dated in Y):

- ``accepted``: cases received in Y, by either route (the seed's 受理), whatever became of them;
- ``criminal``, ``civil``, ``administrative``, ``state_compensation``: ``accepted`` by category;
- ``by_application``, ``by_notice``: ``accepted`` by route;
- ``court_notices``: persons (人次) named in the notices of people's courts received in Y;
  ``procuratorate_notices``, ``public_security_notices``: the same for the other organs;
- ``appointment_letters``: 法律援助案件指定书 issued in Y, i.e. appointments answering a notice;
- ``assignment_notices``: 指派通知书 issued in Y, i.e. appointments after a grant;
- ``granted``, ``refused``, ``withdrawn``, ``terminated``, ``closed``: ``approve``, ``refuse``,
  ``withdraw``, ``terminate`` and ``close`` (结案) events in Y, whenever the case was received;
- ``late_reviews``: ``approve`` and ``refuse`` decisions in Y taken after the review period had
  ended (each such case carries the flag ``late_review``);
- ``pending``: cases received by 31 December of Y that had not reached a final state by then
  (earlier years' cases included);
- ``full_coverage``: ``accepted`` cases under the full defence coverage pilot;
- ``subsidy_total``: the year's 办案补贴 in yuan under the rules installed in the book
  (:func:`casework_legal_aid.subsidy.use_rules`); ``None`` when the book has none, because the
  shipped example table is no real standard;
- ``rules``: which rules ``subsidy_total`` comes from: ``"local"``, ``"example"`` (the example
  table installed: the label and a note in every format say so) or ``"none"`` (no amount; a
  note says how to install the locality's standard), as the mediation section's ``rules``.
  The subsidies are those of the year as it stood at its end, whatever the report's day: the
  total ``lawyer-subsidy`` gives for Y (:func:`casework_legal_aid.subsidy.compute`).

The zh sentences follow the seed: 共受理各类援助案件222件,其中刑事案件160件,民事案件59件,行政案件3件。
共收到汾阳市人民法院通知辩护函158人次,出具法律援助案件指定书158份。 Categories with no case are left
out; the organs are named from the data, each with its count, most notices first.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, cast

from casework.facts import CaseFacts
from casework.i18n import Label
from casework.model import Case
from casework.report import Figure, ReportContext, ReportSection, ReportTable
from casework_legal_aid import codes
from casework_legal_aid.codes import KIND

if TYPE_CHECKING:
    from casework_legal_aid.kind import LegalAidDetails

FACTS_VERSION = 1
"""The version of :func:`facts`; raise it when the projection changes."""

RULES: dict[str, Label] = {
    "local": Label("本地标准", "local"),
    "example": Label("示例规则", "example"),
    "none": Label("未设", "none"),
}
"""How the ``rules`` figure reads: the book's own standard, the shipped example, or none."""

ORDER = 30

LABELS: Mapping[str, Label] = {
    "accepted": Label("受理援助案件", "cases accepted"),
    "criminal": Label("刑事案件", "criminal cases"),
    "civil": Label("民事案件", "civil cases"),
    "administrative": Label("行政案件", "administrative cases"),
    "state_compensation": Label("国家赔偿案件", "state compensation cases"),
    "by_application": Label("依申请受理", "by application"),
    "by_notice": Label("通知辩护/代理", "by notice"),
    "court_notices": Label("法院通知(人次)", "court notices (persons)"),
    "procuratorate_notices": Label("检察院通知(人次)", "procuratorate notices (persons)"),
    "public_security_notices": Label("公安机关通知(人次)", "police notices (persons)"),
    "appointment_letters": Label("出具指定书(份)", "appointment letters issued"),
    "assignment_notices": Label("出具指派通知书(份)", "assignment notices issued"),
    "granted": Label("决定给予援助", "aid granted"),
    "refused": Label("不予援助", "aid refused"),
    "withdrawn": Label("撤回申请", "applications withdrawn"),
    "terminated": Label("终止援助", "aid terminated"),
    "closed": Label("结案", "cases closed"),
    "late_reviews": Label("逾期作出审查决定", "reviews decided late"),
    "pending": Label("年末未结", "pending at year end"),
    "full_coverage": Label("刑事辩护全覆盖试点案件", "full-coverage pilot cases"),
    "subsidy_total": Label("办案补贴(元)", "case subsidies (yuan)"),
    "rules": Label("办案补贴标准", "subsidy rules"),
}

NOTES: Mapping[str, Label] = {
    "example": Label(
        "办案补贴按随附的示例标准计算(示例规则不是任何省份的真实标准);请安装本地标准。",
        "The case subsidies are computed from the shipped example rules, which are no "
        "province's real standard; install the locality's own.",
    ),
    "none": Label(
        "本案件簿未设办案补贴标准,未计算补贴金额;请用命令(lawyer-subsidy)安装本地标准。",
        "No subsidy standard is installed in this book, so no amount is given "
        "(install the locality's with lawyer-subsidy --rules FILE --install).",
    ),
}
"""The note the section carries for each ``rules`` value other than ``local``."""
"""The label of every figure."""

_ORGAN_FIGURE = {
    "court": "court_notices",
    "procuratorate": "procuratorate_notices",
    "public_security": "public_security_notices",
}


def facts(case: Case) -> Iterator[tuple[str, Any]]:
    """What the section reads of a case as it stands (besides the facts every case keeps).

    ``category``; ``stage``, ``route`` and ``grade`` when set; ``full_coverage`` when true;
    ``notice``: ``(organ_kind, organ, notice_type, persons)`` of the notifying organ's letter
    (the organ is a public body the sentences name, never a party); ``assignee_kind`` of the
    current assignment, once appointed; ``filed_on`` once the file is handed in.
    """
    details = cast("LegalAidDetails", case.details)
    yield ("category", details.category)
    if details.stage is not None:
        yield ("stage", details.stage)
    if details.route is not None:
        yield ("route", details.route)
    if details.full_coverage:
        yield ("full_coverage", True)
    notice = details.notice
    if notice is not None:
        yield ("notice", (notice.organ_kind, notice.organ, notice.notice_type, notice.persons))
    if details.assignments:
        yield ("assignee_kind", details.assignments[-1].assignee_kind)
    if details.filed_on is not None:
        yield ("filed_on", details.filed_on.isoformat())
    if details.grade is not None:
        yield ("grade", details.grade)


_COUNTED = {
    "approve": "granted",
    "refuse": "refused",
    "withdraw": "withdrawn",
    "terminate": "terminated",
    "close": "closed",
}
"""The figure each event dated in the year counts in (``appoint`` goes by the route)."""


def figures(context: ReportContext) -> tuple[dict[str, Figure], list[tuple[str, str, int]]]:
    """Compute the figures, and the notices per (organ, notice type) in persons."""
    year = context.year
    pool = context.facts(KIND)
    counts: Counter[str] = Counter()
    notices: Counter[tuple[str, str]] = Counter()
    for case in pool:
        if not case.touches(year):
            continue
        notice_route = case.get("route") == "notice"
        if case.year == year:
            counts["accepted"] += 1
            counts[str(case.get("category"))] += 1
            counts["by_notice" if notice_route else "by_application"] += 1
            if case.get("full_coverage"):
                counts["full_coverage"] += 1
            notice = case.get("notice")
            if notice is not None:
                organ_kind, organ, notice_type, persons = notice
                counts[_ORGAN_FIGURE[organ_kind]] += persons
                notices[(organ, notice_type)] += persons
        decided = False
        for event in case.events(*_COUNTED, "appoint", year=year):
            if event.action == "appoint":
                counts["appointment_letters" if notice_route else "assignment_notices"] += 1
            else:
                counts[_COUNTED[event.action]] += 1
                decided = decided or event.action in ("approve", "refuse")
        if decided and "late_review" in case.flags:
            counts["late_reviews"] += 1
    out: dict[str, Figure] = {key: counts[key] for key in LABELS}
    out["pending"] = sum(1 for case in pool if case.open)
    out["subsidy_total"], out["rules"] = _subsidy_total(context)
    ordered = sorted(notices.items(), key=lambda item: (-item[1], item[0]))
    return out, [(organ, kind, persons) for (organ, kind), persons in ordered]


def _year_end_facts(context: ReportContext) -> list[CaseFacts]:
    """The facts of the cases the year touches, as they stood at its end."""
    year = context.year
    if context.as_of != dt.date(year, 12, 31):
        context = ReportContext(context.book, year)
    return [case for case in context.facts(KIND) if case.touches(year)]


def _subsidy_total(context: ReportContext) -> tuple[int | None, str]:
    from casework_legal_aid.subsidy import installed_rules, total_of_facts

    rules = installed_rules(context.book)
    if rules is None:
        return None, "none"
    total = total_of_facts(_year_end_facts(context), context.year, rules)
    return total, "example" if rules.example else "local"


def _n(value: Figure) -> int:
    return int(value or 0)


def sentences(
    values: Mapping[str, Figure], notices: list[tuple[str, str, int]]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The report's sentences in zh and en."""
    zh: list[str] = []
    en: list[str] = []
    parts = [(code, _n(values[code])) for code in codes.CATEGORIES if _n(values[code])]
    first_zh = f"共受理各类援助案件{_n(values['accepted'])}件"
    first_en = f"{_n(values['accepted'])} legal-aid cases were accepted"
    if not _n(values["accepted"]):
        first_zh, first_en = "全年未受理法律援助案件", "No legal-aid case was accepted in the year"
    if parts:
        first_zh += ",其中" + ",".join(f"{codes.CATEGORIES[c].zh}案件{n}件" for c, n in parts)
        first_en += ": " + ", ".join(f"{n} {codes.CATEGORIES[c].en}" for c, n in parts)
    zh.append(first_zh + "。")
    en.append(first_en + ".")
    letters = _n(values["appointment_letters"])
    if notices or letters:
        title = codes.DOCUMENTS["designation_letter"]
        received_zh = "、".join(
            f"{organ}{codes.NOTICE_LETTERS[kind].zh}{persons}人次"
            for organ, kind, persons in notices
        )
        received_en = ", ".join(
            f"{codes.NOTICE_LETTERS[kind].en} for {persons} persons from {organ}"
            for organ, kind, persons in notices
        )
        head_zh = f"共收到{received_zh}," if notices else ""
        head_en = f"Received {received_en}; " if notices else ""
        zh.append(f"{head_zh}出具{title.zh}{letters}份。")
        en.append(f"{head_en}issued {letters} appointment letters ({title.zh}).")
    tail = [(k, _n(values[k])) for k in ("closed", "terminated", "refused", "pending")]
    if any(n for _, n in tail):
        closed, terminated, refused, pending = (n for _, n in tail)
        zh.append(
            f"全年结案{closed}件,终止法律援助{terminated}件,不予法律援助{refused}件,"
            f"年末未结{pending}件。"
        )
        en.append(
            f"{closed} cases were closed, aid was terminated in {terminated} and refused in "
            f"{refused}; {pending} were pending at the end of the year."
        )
    return tuple(zh), tuple(en)


def section(context: ReportContext) -> ReportSection:
    """Build the section of ``context.year``."""
    values, notices = figures(context)
    text_zh, text_en = sentences(values, notices)
    tables = []
    if notices:
        tables.append(
            ReportTable(
                title=Label("通知辩护/代理来源", "notices by organ"),
                columns=(
                    Label("通知机关", "organ"),
                    Label("类型", "type"),
                    Label("人次", "persons"),
                ),
                rows=tuple(
                    (organ, codes.NOTICE_TYPES[kind], persons) for organ, kind, persons in notices
                ),
            )
        )
    labels = dict(LABELS)
    if values["rules"] == "example":
        total = LABELS["subsidy_total"]
        labels["subsidy_total"] = Label(f"{total.zh}(示例规则)", f"{total.en} (example rules)")
    busy = any(values[k] for k in ("accepted", "closed", "pending"))
    note = NOTES.get(str(values["rules"])) if busy else None
    return ReportSection(
        kind=KIND,
        title=Label("法律援助", "Legal aid"),
        figures=values,
        labels=labels,
        values={"rules": RULES},
        notes=(note,) if note else (),
        text_zh=tuple(text_zh),
        text_en=tuple(text_en),
        tables=tuple(tables),
        order=ORDER,
    )
