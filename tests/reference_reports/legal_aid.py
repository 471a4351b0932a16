"""The 法律援助 section of the annual report.

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

The zh sentences follow the seed: 共受理各类援助案件222件,其中刑事案件160件,民事案件59件,行政案件3件。
共收到汾阳市人民法院通知辩护函158人次,出具法律援助案件指定书158份。 Categories with no case are left
out; the organs are named from the data, each with its count, most notices first.
"""

from __future__ import annotations

from collections import Counter

from casework.i18n import Label
from casework.report import Figure, ReportContext, ReportSection, ReportTable
from casework_legal_aid import codes
from casework_legal_aid.codes import KIND
from casework_legal_aid.kind import LegalAidDetails
from casework_legal_aid.report import (  # unchanged by the move
    _ORGAN_FIGURE,
    LABELS,
    NOTES,
    ORDER,
    RULES,
    sentences,
)

"""The label of every figure."""


def _details(details: object) -> LegalAidDetails:
    assert isinstance(details, LegalAidDetails)
    return details


def figures(context: ReportContext) -> tuple[dict[str, Figure], list[tuple[str, str, int]]]:
    """Compute the figures, and the notices per (organ, notice type) in persons."""
    received = context.received(KIND)
    out: dict[str, Figure] = {key: 0 for key in LABELS}
    notices: Counter[tuple[str, str]] = Counter()
    for case in received:
        details = _details(case.details)
        out["accepted"] = int(out["accepted"] or 0) + 1
        out[details.category] = int(out[details.category] or 0) + 1
        route = "by_notice" if details.route == "notice" else "by_application"
        out[route] = int(out[route] or 0) + 1
        if details.full_coverage:
            out["full_coverage"] = int(out["full_coverage"] or 0) + 1
        if details.notice is not None:
            key = _ORGAN_FIGURE[details.notice.organ_kind]
            out[key] = int(out[key] or 0) + details.notice.persons
            notices[(details.notice.organ, details.notice.notice_type)] += details.notice.persons
    counted = {
        "approve": "granted",
        "refuse": "refused",
        "withdraw": "withdrawn",
        "terminate": "terminated",
        "close": "closed",
    }
    for case in context.cases(KIND):
        details = _details(case.details)
        for event in context.events_in_year(case, (*counted, "appoint")):
            if event.action == "appoint":
                key = "appointment_letters" if details.route == "notice" else "assignment_notices"
            else:
                key = counted[event.action]
            out[key] = int(out[key] or 0) + 1
    out["late_reviews"] = sum(
        1
        for case in context.cases(KIND)
        if any(f.code == "late_review" for f in case.flags)
        and any(True for _ in context.events_in_year(case, ("approve", "refuse")))
    )
    out["pending"] = len(context.open_at_end(KIND))
    out["subsidy_total"], out["rules"] = _subsidy_total(context)
    ordered = sorted(notices.items(), key=lambda item: (-item[1], item[0]))
    return out, [(organ, kind, persons) for (organ, kind), persons in ordered]


def _subsidy_total(context: ReportContext) -> tuple[int | None, str]:
    from casework_legal_aid.subsidy import compute, installed_rules

    rules = installed_rules(context.book)
    if rules is None:
        return None, "none"
    total = compute(context.book, context.year, rules).total
    return total, "example" if rules.example else "local"


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
