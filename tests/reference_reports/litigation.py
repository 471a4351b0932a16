"""The 行政应诉 section of the annual report.

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
  or none filed by the end of Y with the last day passed.
- ``appeals``: appeals filed in Y (by either side).

Sentence, as in the 2020 report of 汾阳市: "全年市政府共参加行政应诉案件4件,每次出庭均有行政主要
负责人或分管负责人出庭参与诉讼。" The defendant's name is the cases' ``defendant_short`` (or
``defendant``); when heads did not appear at every hearing the sentence gives the counts and rate.
"""

from __future__ import annotations

import datetime as dt

from casework.i18n import Label
from casework.locality import Locality
from casework.model import Case, Clock
from casework.report import Figure, ReportContext, ReportSection, ReportTable
from casework_litigation.report import KIND, LABELS, _ratio, sentences  # unchanged by the move
from casework_litigation.rules import EFFECTIVE, OUTCOMES, counts_as_head


def _late(clock: Clock | None, year: int, year_end: dt.date) -> bool:
    """Exceeded: stopped in the year after its last day, or still running past it at ``year_end``."""
    if clock is None or clock.due_on is None:
        return False
    ended = clock.stopped_on
    if ended is not None and ended.year == year:
        return ended > clock.due_on
    still_open = ended is None or ended > year_end
    return still_open and clock.due_on < year_end and clock.started_on <= year_end


def figures(context: ReportContext) -> dict[str, Figure]:
    """Compute the section's figures for ``context.year`` (keys documented in the module)."""
    year = context.year
    cases = context.cases(KIND)
    active = [c for c in cases if any(e.on.year == year for e in c.events)]
    hearings = [h for c in cases for h in c.details.hearings if h.held_on.year == year]
    with_head = [
        h for h in hearings if any(counts_as_head(a.category, h.held_on) for a in h.appearances)
    ]
    closed = [
        c
        for c in cases
        if c.closed_on is not None and c.closed_on.year == year and c.details.outcome
    ]
    lost = [c for c in closed if OUTCOMES[c.details.outcome].lost]
    out: dict[str, Figure] = {
        "cases": len(active),
        "received": sum(1 for c in cases if c.received_on.year == year),
        "hearings": len(hearings),
        "hearings_with_head": len(with_head),
        "appearance_rate": _ratio(len(with_head), len(hearings)),
        "judged": len(closed),
        "lost": len(lost),
        "loss_rate": _ratio(len(lost), len(closed)),
        "withdrawn": sum(1 for c in closed if OUTCOMES[c.details.outcome].withdrawal),
        "overdue_defences": sum(1 for c in cases if _late(c.clock("defence"), year, context.as_of)),
        "appeals": sum(1 for c in cases for a in c.details.appeals if a.filed_on.year == year),
    }
    for code in EFFECTIVE:
        out[f"outcomes_{code}"] = sum(1 for c in closed if c.details.outcome == code)
    return out


def defendant_names(cases: list[Case], locality: Locality | None = None) -> str:
    """The defendants' short names, in order of first appearance, joined by 、.

    A defendant without a short name that is the locality's own government is called as the
    locality's reports call it (县政府, 市政府 or 区政府).
    """
    names: list[str] = []
    for case in cases:
        name = case.details.short_name
        if (
            locality is not None
            and not case.details.defendant_short
            and case.details.defendant == locality.government_name
        ):
            name = locality.government_short
        if name not in names:
            names.append(name)
    return "、".join(names)


def section(context: ReportContext) -> ReportSection:
    """Build the 行政应诉 section of ``context.year``'s report."""
    values = figures(context)
    active = [c for c in context.cases(KIND) if any(e.on.year == context.year for e in c.events)]
    zh, en = sentences(values, defendant_names(active, context.book.locality))
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
