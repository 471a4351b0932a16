"""The 行政应诉 section of the annual report: a fold over the facts kept with each case.

The report never loads a case: it reads the facts :func:`facts` projects off every case (see
:mod:`casework.facts`) as they stood on the report's day.

Every figure counts what happened in the report's year ``Y`` (``context.year``):

- ``cases``: lawsuits the government took part in during Y: cases with any event dated in Y
  (service, defence, hearing, judgment, closing); ``received``: complaints served in Y.
- ``hearings``: hearings attended in Y (``attend_hearing``); ``hearings_with_head``: those where
  someone who counts as a 负责人 appeared, by the rule in force on the hearing day (Interp18
  Art. 128 before 2020-07-01, Heads20 Art. 2 from then); ``appearance_rate`` = with head /
  hearings, a ratio rounded to 4 places (``None`` without hearings).
- ``judged``: cases closed in Y with an outcome in force (the last first-instance or retrial
  outcome, kept when an appeal is dismissed, replaced when it is amended);
  ``outcomes_<code>``: those cases by outcome, one key per code of ``rules.EFFECTIVE``.
- ``lost``: of those, outcomes against the organ (撤销, 部分撤销, 履行, 给付, 确认违法, 确认无效,
  补救/赔偿, 变更); ``loss_rate`` (败诉率) = lost / judged (``None`` when nothing was judged).
  Withdrawals and mediated cases stay in the denominator: they are concluded lawsuits.
- ``withdrawn``: of ``judged``, those ended by 撤诉 (准予撤诉 or 按撤诉处理).
- ``overdue_defences``: defence periods exceeded: the defence filed in Y after its last day,
  or none filed by the report's day with the last day passed (cases with an event in Y or
  received in it).
- ``appeals``: appeals filed in Y (by either side).

Sentence, as in the 2020 report of 汾阳市: "全年市政府共参加行政应诉案件4件,每次出庭均有行政主要
负责人或分管负责人出庭参与诉讼。" The defendant's name is the cases' ``defendant_short`` (or
``defendant``); when heads did not appear at every hearing the sentence gives the counts and rate.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from casework.facts import CaseFacts, ClockFact
from casework.i18n import Label
from casework.locality import Locality
from casework.model import Case
from casework.report import Figure, ReportContext, ReportSection, ReportTable
from casework_litigation.rules import EFFECTIVE, OUTCOMES, counts_as_head

KIND = "litigation"
FACTS_VERSION = 1
"""The version of :func:`facts`; raise it when the projection changes."""

LABELS: dict[str, Label] = {
    "cases": Label("参加应诉案件", "lawsuits"),
    "received": Label("新收起诉", "complaints served"),
    "hearings": Label("出庭次数", "hearings attended"),
    "hearings_with_head": Label("负责人出庭次数", "hearings with a head"),
    "appearance_rate": Label("负责人出庭率", "head appearance rate"),
    "judged": Label("审结", "concluded by the court"),
    "lost": Label("败诉", "lost"),
    "loss_rate": Label("败诉率", "loss rate"),
    "withdrawn": Label("撤诉", "withdrawn"),
    "overdue_defences": Label("逾期答辩举证", "late defences"),
    "appeals": Label("上诉", "appeals"),
    **{f"outcomes_{code}": OUTCOMES[code].label for code in EFFECTIVE},
}


def facts(case: Case) -> Iterator[tuple[str, Any]]:
    """What the section reads of a case as it stands (besides the facts every case keeps).

    ``outcome``: the outcome in force, when there is one; a ``hearing`` per hearing attended
    (its number, date, and whether a head appeared by the rule in force that day); an
    ``appeal`` per appeal (its number and the day it was filed); and the defendant organ's
    name for the sentence: ``defendant_short`` when the case gives one, else ``defendant``
    (an organ's name, never a party's).
    """
    details = case.details
    if details.outcome:
        yield ("outcome", details.outcome)
    for i, hearing in enumerate(details.hearings):
        head = any(counts_as_head(a.category, hearing.held_on) for a in hearing.appearances)
        yield ("hearing", (i, hearing.held_on.isoformat(), head))
    for i, appeal in enumerate(details.appeals):
        yield ("appeal", (i, appeal.filed_on.isoformat()))
    if details.defendant_short:
        yield ("defendant_short", details.defendant_short)
    else:
        yield ("defendant", details.defendant)


def _late(clock: ClockFact | None, year: int, year_end: str) -> bool:
    """Exceeded: stopped in the year after its last day, or still running past it at ``year_end``."""
    if clock is None or clock.due_on is None:
        return False
    ended = clock.stopped_on
    if ended is not None and ended.startswith(str(year)):
        return ended > clock.due_on
    still_open = ended is None or ended > year_end
    return still_open and clock.due_on < year_end and clock.started_on <= year_end


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _active(cases: Iterable[CaseFacts], year: int) -> list[CaseFacts]:
    """The cases with an event dated in ``year``."""
    prefix = str(year)
    return [c for c in cases if any(e[2].startswith(prefix) for e in c.all("event"))]


def figures(context: ReportContext) -> dict[str, Figure]:
    """Compute the section's figures for ``context.year`` (keys documented in the module)."""
    year = context.year
    prefix = str(year)
    day = context.as_of.isoformat()
    cases = [c for c in context.facts(KIND) if c.touches(year)]
    hearings = [h for c in cases for h in c.all("hearing") if h[1].startswith(prefix)]
    with_head = sum(1 for h in hearings if h[2])
    closed = [
        str(c.get("outcome"))
        for c in cases
        if c.closed_on is not None and c.closed_on.startswith(prefix) and c.get("outcome")
    ]
    lost = sum(1 for code in closed if OUTCOMES[code].lost)
    out: dict[str, Figure] = {
        "cases": len(_active(cases, year)),
        "received": sum(1 for c in cases if c.year == year),
        "hearings": len(hearings),
        "hearings_with_head": with_head,
        "appearance_rate": _ratio(with_head, len(hearings)),
        "judged": len(closed),
        "lost": lost,
        "loss_rate": _ratio(lost, len(closed)),
        "withdrawn": sum(1 for code in closed if OUTCOMES[code].withdrawal),
        "overdue_defences": sum(1 for c in cases if _late(c.clock("defence"), year, day)),
        "appeals": sum(1 for c in cases for a in c.all("appeal") if a[1].startswith(prefix)),
    }
    for code in EFFECTIVE:
        out[f"outcomes_{code}"] = sum(1 for c in closed if c == code)
    return out


def defendant_names(cases: Iterable[CaseFacts], locality: Locality | None = None) -> str:
    """The defendants' short names, in order of first appearance, joined by 、.

    A defendant without a short name that is the locality's own government is called as the
    locality's reports call it (县政府, 市政府 or 区政府).
    """
    names: list[str] = []
    for case in cases:
        name = case.get("defendant_short")
        if not name:
            name = case.get("defendant", "")
            if locality is not None and name == locality.government_name:
                name = locality.government_short
        if name not in names:
            names.append(name)
    return "、".join(names)


def sentences(figures: dict[str, Figure], defendant: str) -> tuple[str, str]:
    """Return the zh and en sentences for ``figures`` and the ``defendant``'s name."""
    cases, hearings, heads = figures["cases"], figures["hearings"], figures["hearings_with_head"]
    if not cases:
        return "全年未发生行政应诉案件。", "There were no administrative lawsuits in the year."
    zh = f"全年{defendant}共参加行政应诉案件{cases}件"
    en = (
        f"In the year the government was defendant in {cases} administrative lawsuits ({defendant})"
    )
    if not hearings:
        zh += ",全年未开庭。"
        en += "; no hearing was held."
    elif heads == hearings:
        zh += ",每次出庭均有行政主要负责人或分管负责人出庭参与诉讼。"
        en += "; a principal or deputy head appeared at every hearing."
    else:
        rate = float(figures["appearance_rate"] or 0) * 100
        zh += f",出庭{hearings}次,其中负责人出庭{heads}次,负责人出庭率{rate:.1f}%。"
        en += f"; {hearings} hearings, a head appeared at {heads} ({rate:.1f}%)."
    return zh, en


def section(context: ReportContext) -> ReportSection:
    """Build the 行政应诉 section of ``context.year``'s report."""
    values = figures(context)
    cases = [c for c in context.facts(KIND) if c.touches(context.year)]
    zh, en = sentences(values, defendant_names(_active(cases, context.year), context.book.locality))
    table = ReportTable(
        title=Label("生效裁判结果", "outcomes in force"),
        columns=(Label("结果", "outcome"), Label("件数", "count")),
        rows=tuple((OUTCOMES[c].label, values[f"outcomes_{c}"]) for c in EFFECTIVE),
    )
    return ReportSection(
        kind=KIND,
        title=Label("行政应诉", "Administrative litigation"),
        figures=values,
        labels=LABELS,
        text_zh=tuple([zh]),
        text_en=tuple([en]),
        tables=tuple([table]),
        order=20,
    )
