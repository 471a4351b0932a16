"""The 人民调解 section of the annual report: a fold over the facts kept with each case.

The report never loads a case: it reads the facts :func:`facts` projects off every case (see
:mod:`casework.facts`) as they stood on the report's day, and, for 以案定补, as the dossier is
filed now (``context.facts_as_filed``).

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
    cases of Y that earn a 以案定补 subsidy, and the total in yuan, judged as
    :func:`casework_mediation.subsidy.compute` judges them (over the cases' facts, with the
    dossier as filed now) with the book's rules
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

from collections.abc import Iterator
from typing import Any

from casework.facts import CaseFacts
from casework.i18n import Label
from casework.model import Case
from casework.report import Figure, ReportContext, ReportSection, ReportTable
from casework_mediation.codes import DISPUTE_TYPES, KIND
from casework_mediation.committees import committees
from casework_mediation.dossier import book_checklists
from casework_mediation.rules import book_rules
from casework_mediation.subsidy import claim_facts, totals_from_facts

FACTS_VERSION = 1
"""The version of :func:`facts`; raise it when the projection changes."""

RULES: dict[str, Label] = {
    "local": Label("本地标准", "local"),
    "example": Label("示例规则", "example"),
    "none": Label("未设", "none"),
}
"""How the ``rules`` figure reads: the book's own standard, the shipped example, or none."""

TITLE = Label("人民调解", "People's mediation")

LABELS: dict[str, Label] = {
    "registered": Label("受理登记纠纷", "disputes registered"),
    "succeeded": Label("调解成功", "mediated successfully"),
    "failed": Label("调解不成", "mediation failed"),
    "withdrawn": Label("撤回", "withdrawn"),
    "success_rate": Label("调解成功率", "success rate"),
    "written_agreements": Label("书面协议", "written agreements"),
    "oral_agreements": Label("口头协议", "oral agreements"),
    "confirmations": Label("司法确认有效", "judicially confirmed"),
    "confirmations_applied": Label("申请司法确认", "confirmation applications"),
    "subsidised": Label("以案定补案件", "cases subsidised"),
    "subsidy_total": Label("以案定补金额(元)", "subsidies (yuan)"),
    "rules": Label("以案定补规则", "subsidy rules"),
    "committees": Label("人民调解组织", "mediation organisations"),
    "committees_active": Label("有案件的调解组织", "organisations with cases"),
    **{
        f"by_type_{code}": Label(f"{label.zh}纠纷", f"{label.en} disputes")
        for code, label in DISPUTE_TYPES.items()
    },
}
"""The label of every figure key."""

EXAMPLE_NOTES = (
    Label(
        "以案定补件数和金额按随附的示例规则计算(示例规则不是任何地方的真实标准),"
        "请在案件簿中提供本地以案定补规则文件。",
        "The subsidised cases and amounts are computed from the shipped example rules, which are "
        "no locality's real standard; put the locality's own rules file in the book.",
    ),
    Label("本地规则文件位置(mediation/subsidy.toml)", "where it goes: mediation/subsidy.toml"),
)
"""The notes a section carries when its subsidy figures come from the example rules."""


def facts(case: Case) -> Iterator[tuple[str, Any]]:
    """What the section reads of a case as it stands (besides the facts every case keeps).

    ``dispute_type``; a ``succeed_form`` (event number, agreement form) per ``succeed`` and a
    ``confirm_step`` (event number, step) per ``confirm``; and what 以案定补 judges
    (:func:`casework_mediation.subsidy.claim_facts`: the committee, the mediators as digests,
    the dossier's item codes, the follow-up's finding, the grade).
    """
    yield ("dispute_type", case.details.dispute_type)
    for event in case.events:
        if event.action == "succeed":
            yield ("succeed_form", (event.seq, (event.data or {}).get("form")))
        elif event.action == "confirm":
            yield ("confirm_step", (event.seq, (event.data or {}).get("step")))
    yield from claim_facts(case)


ACTIVE = frozenset({"register", "mediate", "succeed", "fail"})
"""The actions that make a committee active in the year."""


def _tally(
    cases: list[CaseFacts], year: int
) -> tuple[dict[tuple[str, Any], int], dict[str, int], set[str]]:
    """The events of ``year`` counted, the settlements by dispute type, the active committees.

    Events are counted by action (``(action, None)``) and by agreement form or confirmation step
    (``("succeed", "written")``, ``("confirm", "granted")``).
    """
    counts: dict[tuple[str, Any], int] = {}
    settled = dict.fromkeys(DISPUTE_TYPES, 0)
    active: set[str] = set()
    prefix = str(year)
    for case in cases:
        data: dict[int, Any] | None = None
        for seq, action, on in case.all("event"):
            if not on.startswith(prefix):
                continue
            counts[(action, None)] = counts.get((action, None), 0) + 1
            if action in ACTIVE:
                active.add(case.get("committee"))
            if action == "succeed":
                settled[case.get("dispute_type")] += 1
            if action in ("succeed", "confirm"):
                if data is None:
                    data = dict(case.all("succeed_form")) | dict(case.all("confirm_step"))
                key = (action, data.get(seq))
                counts[key] = counts.get(key, 0) + 1
    return counts, settled, active


def section(context: ReportContext) -> ReportSection:
    """Build the section for ``context.year``."""
    year = context.year
    cases = [c for c in context.facts(KIND) if c.touches(year)]
    registry = committees(context.book)
    registered = [c for c in cases if c.year == year and c.has_event("register")]
    counts, settled, active = _tally(cases, year)
    succeeded = counts.get(("succeed", None), 0)
    failed = counts.get(("fail", None), 0)
    rules = book_rules(context.book)
    # 以案定补 judges the dossier, which is often filed after the year's end: the settlements of
    # the year, with their files as they stand when the report is made
    result = totals_from_facts(
        context.facts_as_filed(KIND), year, rules, registry, book_checklists(context.book)
    )
    figures: dict[str, Figure] = {
        "registered": len(registered),
        "succeeded": succeeded,
        "failed": failed,
        "withdrawn": counts.get(("withdraw", None), 0),
        "success_rate": round(succeeded / (succeeded + failed), 4) if succeeded + failed else None,
        "written_agreements": counts.get(("succeed", "written"), 0),
        "oral_agreements": counts.get(("succeed", "oral"), 0),
        "confirmations": counts.get(("confirm", "granted"), 0),
        "confirmations_applied": counts.get(("confirm", "applied"), 0),
        "subsidised": result.subsidised,
        "subsidy_total": result.total,
        "rules": "example" if rules.example else "local",
        "committees": sum(1 for c in registry.values() if c.exists_in(year)),
        "committees_active": len(active),
    }
    by_type = dict.fromkeys(DISPUTE_TYPES, 0)
    for case in registered:
        by_type[case.get("dispute_type")] += 1
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


def _sentences(figures: dict[str, Figure], area: str = "全县") -> tuple[list[str], list[str]]:
    """The section's sentences; ``area`` is the locality's 全县/全市/全区."""
    zh: list[str] = []
    en: list[str] = []
    if figures["committees"]:
        zh.append(f"{area}共有人民调解组织{figures['committees']}个。")
        en.append(f"There are {figures['committees']} people's mediation organisations.")
    succeeded, subsidised = figures["succeeded"], figures["subsidised"]
    if subsidised:
        zh.append(
            f"各级调解委员会成功调解各类矛盾纠纷{succeeded}件,"
            f"对其中{subsidised}件卷宗规范的案件进行以案定补。"
        )
        en.append(
            f"Mediation committees at all levels settled {succeeded} disputes; {subsidised} of "
            f"them, with standard dossiers, were subsidised case by case (以案定补), "
            f"{figures['subsidy_total']} yuan in all."
        )
    elif succeeded:
        zh.append(f"各级调解委员会成功调解各类矛盾纠纷{succeeded}件。")
        en.append(f"Mediation committees at all levels settled {succeeded} disputes.")
    return zh, en
