"""The 人民调解 section of the annual report.

Figures (stable keys) for the report year Y:

``registered``
    disputes registered (``register``) in Y.
``succeeded``
    disputes mediated successfully in Y: ``succeed`` events dated in Y (whatever the year of
    registration). The seed's 982.
``failed`` / ``withdrawn``
    ``fail`` / ``withdraw`` events dated in Y.
``success_rate``
    ``succeeded / (succeeded + failed)``, a ratio from 0 to 1 like every ``*_rate`` figure (shown
    as a percentage); ``None`` when both are 0.
    Withdrawn disputes were never mediated to an end, so they are left out.
``written_agreements`` / ``oral_agreements``
    the ``succeed`` events of Y by agreement form (调解协议书 / 口头协议).
``confirmations``
    agreements the court confirmed valid (``confirm`` step ``granted``) in Y;
    ``confirmations_applied``: joint applications (step ``applied``) in Y.
``subsidised`` / ``subsidy_total``
    cases of Y that earn a 以案定补 subsidy, and the total in yuan, computed by
    :func:`casework_mediation.subsidy.compute` with the book's rules
    (``<book>/mediation/subsidy.toml``, else the shipped example). The seed's 847.
``rules``
    which subsidy rules the two figures above come from: ``"local"`` (the locality's own file) or
    ``"example"`` (the shipped example rules, no county's real standard). With ``"example"``, in a
    year with settled disputes, the two figures' labels and a note in every report format say so.
``committees``
    committees in the registry that existed in Y (the seed's 323 organisations).
``committees_active``
    committees with at least one dispute registered, mediated, settled or failed in Y.
``by_type_<code>``
    disputes registered in Y per dispute type, one key per code of
    :data:`casework_mediation.codes.DISPUTE_TYPES` (0 included).

The zh sentence follows the seed: 各级调解委员会成功调解各类矛盾纠纷982件,对其中847件卷宗规范的
案件进行以案定补。, preceded by 全市共有人民调解组织323个。 when committees are registered (全县, 全市 or 全区 as
the book's locality settings say).
"""

from __future__ import annotations

from typing import Any

from casework.i18n import Label
from casework.report import Figure, ReportContext, ReportSection, ReportTable
from casework_mediation.codes import DISPUTE_TYPES, KIND
from casework_mediation.committees import committees
from casework_mediation.dossier import book_checklists
from casework_mediation.report import (  # unchanged by the move
    EXAMPLE_NOTES,
    LABELS,
    RULES,
    TITLE,
    _sentences,
)
from casework_mediation.rules import book_rules
from casework_mediation.subsidy import evaluate


def _count(context: ReportContext, cases: list[Any], action: str, **match: Any) -> int:
    total = 0
    for case in cases:
        for event in context.events_in_year(case, action):
            if all(event.data.get(k) == v for k, v in match.items()):
                total += 1
    return total


def section(context: ReportContext) -> ReportSection:
    """Build the section for ``context.year``."""
    year = context.year
    cases = context.cases(KIND)
    registry = committees(context.book)
    registered = [c for c in context.received(KIND) if c.has_event("register")]
    succeeded = _count(context, cases, "succeed")
    failed = _count(context, cases, "fail")
    rules = book_rules(context.book)
    # 以案定补 judges the dossier, which is often filed after the year's end: the settlements of
    # the year, with their files as they stand when the report is made
    # corrected after the move to facts: the settlements up to the report's day, not the year's
    filed = [
        c
        for c in context.as_filed(KIND)
        if all(e.on <= context.as_of for e in c.events if e.action == "succeed")
    ]
    result = evaluate(filed, year, rules, registry, book_checklists(context.book))
    active = {
        c.details.committee
        for c in cases
        if any(True for _ in context.events_in_year(c, ("register", "mediate", "succeed", "fail")))
    }
    figures: dict[str, Figure] = {
        "registered": len(registered),
        "succeeded": succeeded,
        "failed": failed,
        "withdrawn": _count(context, cases, "withdraw"),
        "success_rate": round(succeeded / (succeeded + failed), 4) if succeeded + failed else None,
        "written_agreements": _count(context, cases, "succeed", form="written"),
        "oral_agreements": _count(context, cases, "succeed", form="oral"),
        "confirmations": _count(context, cases, "confirm", step="granted"),
        "confirmations_applied": _count(context, cases, "confirm", step="applied"),
        "subsidised": result.subsidised,
        "subsidy_total": result.total,
        "rules": "example" if rules.example else "local",
        "committees": sum(1 for c in registry.values() if c.exists_in(year)),
        "committees_active": len(active),
    }
    by_type = {code: 0 for code in DISPUTE_TYPES}
    settled = {code: 0 for code in DISPUTE_TYPES}
    for case in registered:
        by_type[case.details.dispute_type] += 1
    for case in cases:
        for _ in context.events_in_year(case, "succeed"):
            settled[case.details.dispute_type] += 1
    figures.update({f"by_type_{code}": n for code, n in by_type.items()})
    text_zh, text_en = _sentences(figures, context.book.locality.area)
    tables = (
        ReportTable(
            Label("按纠纷类型", "by dispute type"),
            (Label("类型", "type"), Label("登记", "registered"), Label("调解成功", "settled")),
            tuple(
                (DISPUTE_TYPES[code].get(), by_type[code], settled[code])
                for code in DISPUTE_TYPES
                if by_type[code] or settled[code]
            ),
        ),
        ReportTable(
            Label("以案定补(按乡镇)", "case-based subsidies by township"),
            (Label("乡镇(街道)", "township"), Label("案件", "cases"), Label("金额(元)", "yuan")),
            tuple((t.township, t.cases, t.amount) for t in result.by_township()),
        ),
    )
    labels = dict(LABELS)
    notes: tuple[Label, ...] = ()
    if rules.example and (result.subsidised or figures["succeeded"]):
        for key in ("subsidised", "subsidy_total"):
            labels[key] = Label(f"{LABELS[key].zh}(示例规则)", f"{LABELS[key].en} (example rules)")
        notes = EXAMPLE_NOTES
    return ReportSection(
        kind=KIND,
        title=TITLE,
        figures=figures,
        labels=labels,
        values={"rules": RULES},
        notes=notes,
        text_zh=text_zh,
        text_en=text_en,
        tables=tables,
        order=40,
    )
