"""The 证明事项告知承诺制 section of the annual report.

Figures of year ``Y`` (stable keys; "in Y" means an event dated in Y):

- ``applied``: matters applied for on a commitment, received in Y;
- ``concluded``: matters concluded (办结) on a commitment in Y, whatever became of them later;
  ``concluded_<matter>`` the same per code of :data:`~casework_commitment.codes.MATTERS`;
- ``verified``: verifications in Y (``confirm``, ``find_false``, ``terminate``);
  ``verified_true``: found true; ``found_false``: found false (after or before the decision);
- ``revoked``: decisions revoked in Y for a false commitment; ``terminated``: matters whose
  handling was terminated in Y for one; ``dishonest``: the two together (失信 recorded in Y);
- ``refused``, ``withdrawn``: 不予办理 and 撤回 in Y;
- ``awaiting_verification``: matters concluded by 31 December of Y and not verified by then;
- ``verification_overdue``: verification periods exceeded: verified in Y after the last day, or
  still unverified on 31 December with the last day passed.

The first zh sentence follows the 2020 report of 汾阳市: 以填报承诺书的形式,办结丧葬费补助金、抚恤费
申领、遗属待遇申领事项152件;办结城乡居民养老转移接续事项45件;… (one clause per matter type with
matters concluded, in the order of the code table). The second gives the verification outcome.
"""

from __future__ import annotations

import datetime as dt

from casework.i18n import Label
from casework.model import Case, Clock
from casework.report import Figure, ReportContext, ReportSection, ReportTable
from casework_commitment.codes import KIND, MATTERS
from casework_commitment.report import LABELS, ORDER, sentences  # unchanged by the move


def _count(context: ReportContext, cases: list[Case], *names: str) -> int:
    return sum(1 for c in cases for _ in context.events_in_year(c, names))


def _late(clock: Clock | None, year: int, year_end: dt.date) -> bool:
    # corrected after the move to facts: compared with the report's day, not 31 December
    if clock is None or clock.due_on is None:
        return False
    ended = clock.stopped_on
    if ended is not None and ended.year == year:
        return ended > clock.due_on
    still_open = ended is None or ended > year_end
    return still_open and clock.due_on < year_end and clock.started_on <= year_end


def _awaiting(case: Case, year_end: dt.date) -> bool:
    concluded = any(e.action == "conclude" and e.on <= year_end for e in case.events)
    checked = any(e.action in ("confirm", "find_false") and e.on <= year_end for e in case.events)
    return concluded and not checked


def figures(context: ReportContext) -> dict[str, Figure]:
    """Compute the section's figures for ``context.year`` (keys documented in the module)."""
    year = context.year
    year_end = dt.date(year, 12, 31)
    cases = context.cases(KIND)
    known = {c.id for c in cases}
    everyone = cases + [c for c in context.open_at_end(KIND) if c.id not in known]
    out: dict[str, Figure] = {
        "applied": len(context.received(KIND)),
        "concluded": _count(context, cases, "conclude"),
    }
    for code in MATTERS:
        out[f"concluded_{code}"] = _count(
            context, [c for c in cases if c.details.matter == code], "conclude"
        )
    true = _count(context, cases, "confirm")
    false = _count(context, cases, "find_false", "terminate")
    revoked = _count(context, cases, "revoke")
    terminated = _count(context, cases, "terminate")
    out.update(
        verified=true + false,
        verified_true=true,
        found_false=false,
        revoked=revoked,
        terminated=terminated,
        dishonest=revoked + terminated,
        refused=_count(context, cases, "refuse"),
        withdrawn=_count(context, cases, "withdraw"),
        awaiting_verification=sum(1 for c in everyone if _awaiting(c, year_end)),
        verification_overdue=sum(
            1 for c in everyone if _late(c.clock("verification"), year, context.as_of)
        ),
    )
    return out


def section(context: ReportContext) -> ReportSection:
    """Build the 告知承诺 section of ``context.year``'s report."""
    values = figures(context)
    zh, en = sentences(values)
    table = ReportTable(
        title=Label("按事项办结件数", "concluded by matter"),
        columns=(Label("事项", "matter"), Label("件数", "count")),
        rows=tuple((label, values[f"concluded_{code}"]) for code, label in MATTERS.items()),
    )
    return ReportSection(
        kind=KIND,
        title=Label("证明事项告知承诺制", "Certification by written commitment"),
        figures=values,
        labels=LABELS,
        text_zh=zh,
        text_en=en,
        tables=(table,),
        order=ORDER,
    )
