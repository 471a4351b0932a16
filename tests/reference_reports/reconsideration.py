"""The 行政复议 section of the annual report.

Every figure counts what happened in the report's year ``Y`` (``context.year``):

- ``received``: applications received in Y.
- ``accepted``: acceptances dated in Y, explicit (``accept``) or deemed (``deem_accept``).
- ``not_accepted``: 不予受理 dated in Y: ``reject``, and under ARL23 ``refer`` (a 不予受理 naming
  the competent organ).
- ``referred``: ``refer`` dated in Y, under either law (under ARL99 a separate outcome, not part
  of ``not_accepted``; under ARL23 also counted in ``not_accepted``).
- ``concluded``: cases closed in Y (any final state), whatever the year of receipt.
- ``pending``: cases received by the end of Y and still open at the end of Y.
- ``decided``: 复议决定 (``decide``) dated in Y; ``decisions_<code>`` the same by type, one key
  per code of ``rules.DECISIONS`` (zero included).
- ``corrected``: decisions in Y other than 维持 and 驳回 (复议请求 or 申请);
  ``correction_rate`` = corrected / decided, a ratio rounded to 4 places (``None`` without
  decisions).
- ``median_days_to_decision``: median natural days from acceptance to decision, over Y's
  decisions (``None`` without decisions).
- ``overdue``: cases whose decision period (after pauses and extension) was exceeded: closed in Y
  after its last day, or open at the end of Y with its last day passed.
- ``mediated``, ``terminated`` (settled, withdrawn, terminated), ``abandoned``: closings in Y by
  those outcomes; ``late_applications``: applications received in Y flagged out of time.

Without applications in Y the sentence says so ("全年未接收行政复议申请", with the earlier cases
concluded in Y and those still pending). Otherwise it follows the 2020 report of 汾阳市:
"全年共接收行政复议申请12件,其中受理11件,不予受理1件,现已全部办结。" Its 受理 and 不予受理 count
the applications received in Y (an earlier application accepted in Y is no part of "其中").
Earlier applications concluded in Y add ",另办结以往年度申请N件"; the last clause says
"尚有N件正在办理" when N applications received in Y were still open at the end of Y, and
"以往年度申请尚有N件正在办理" for earlier ones; "现已全部办结" only when nothing is pending.
"""

from __future__ import annotations

import datetime as dt
import statistics

from casework.i18n import Label
from casework.model import Case, Clock
from casework.report import Figure, ReportContext, ReportSection, ReportTable
from casework_reconsideration.report import KIND, LABELS, sentences  # unchanged by the move
from casework_reconsideration.rules import DECISIONS, NOT_CORRECTING, rules_of


def _in_year(day: dt.date | None, year: int) -> bool:
    return day is not None and day.year == year


def _events(case: Case, year: int, *names: str) -> int:
    return sum(1 for e in case.events if e.action in names and e.on.year == year)


def _late(clock: Clock | None, year: int, year_end: dt.date) -> bool:
    """Exceeded: stopped in the year after its last day, or still running past it at ``year_end``."""
    if clock is None or clock.due_on is None or clock.planning:
        return False
    ended = clock.stopped_on
    if ended is not None and ended.year == year:
        return ended > clock.due_on
    still_open = ended is None or ended > year_end
    return still_open and clock.due_on < year_end and clock.started_on <= year_end


def _open_at_year_end(case: Case, year_end: dt.date) -> bool:
    return case.received_on <= year_end and (case.closed_on is None or case.closed_on > year_end)


def figures(context: ReportContext) -> dict[str, Figure]:
    """Compute the section's figures for ``context.year`` (keys documented in the module)."""
    year = context.year
    cases = context.cases(KIND)
    earlier = [c for c in context.open_at_end(KIND) if c.received_on.year < year]
    known = {c.id for c in cases}
    everyone = cases + [c for c in earlier if c.id not in known]
    received = [c for c in cases if c.received_on.year == year]
    decisions: list[tuple[str, int]] = []
    for case in cases:
        for event in case.events:
            if event.action == "decide" and event.on.year == year:
                accepted = case.details.accepted_on or case.received_on
                decisions.append((str(event.data["type"]), (event.on - accepted).days))
    corrected = sum(1 for code, _ in decisions if code not in NOT_CORRECTING)
    closed = [c for c in cases if _in_year(c.closed_on, year)]
    out: dict[str, Figure] = {
        "received": len(received),
        "accepted": sum(_events(c, year, "accept", "deem_accept") for c in cases),
        "not_accepted": sum(
            _events(
                c, year, "reject", *(["refer"] if rules_of(c.regime).refer_is_rejection else [])
            )
            for c in cases
        ),
        "referred": sum(_events(c, year, "refer") for c in cases),
        "concluded": len(closed),
        "pending": sum(1 for c in everyone if _open_at_year_end(c, context.as_of)),
        "decided": len(decisions),
        "corrected": corrected,
        "correction_rate": round(corrected / len(decisions), 4) if decisions else None,
        "median_days_to_decision": (
            statistics.median(days for _, days in decisions) if decisions else None
        ),
        "overdue": sum(
            1
            for c in everyone
            if any(_late(k, year, context.as_of) for k in c.clocks if k.name.startswith("decision"))
        ),
        "mediated": sum(1 for c in closed if c.details.outcome == "mediated"),
        "terminated": sum(
            1 for c in closed if c.details.outcome in ("settled", "withdrawn", "terminated")
        ),
        "abandoned": sum(1 for c in closed if c.details.outcome == "abandoned"),
        "late_applications": sum(
            1 for c in received if any(f.code == "late_application" for f in c.flags)
        ),
    }
    for code in DECISIONS:
        out[f"decisions_{code}"] = sum(1 for d, _ in decisions if d == code)
    return out


def section(context: ReportContext) -> ReportSection:
    """Build the 行政复议 section of ``context.year``'s report."""
    values = figures(context)
    year = context.year
    still_open = sum(1 for c in context.received(KIND) if _open_at_year_end(c, context.as_of))
    referred_apart = sum(
        _events(c, year, "refer")
        for c in context.cases(KIND)
        if not rules_of(c.regime).refer_is_rejection
    )
    received = context.received(KIND)
    year_end = dt.date(year, 12, 31)
    rejecting = ("reject", "refer")
    own = (
        sum(1 for c in received if any(
            e.action in ("accept", "deem_accept") and e.on <= year_end for e in c.events
        )),
        sum(1 for c in received if any(
            e.action in rejecting[: 2 if rules_of(c.regime).refer_is_rejection else 1]
            and e.on <= year_end
            for e in c.events
        )),
    )  # fmt: skip
    carried = sum(
        1 for c in context.cases(KIND) if c.received_on.year < year and _in_year(c.closed_on, year)
    )
    zh, en = sentences(values, still_open, referred_apart, own=own, carried=carried)
    rows = tuple((label, values[f"decisions_{code}"]) for code, label in DECISIONS.items())
    table = ReportTable(
        title=Label("复议决定类型", "decisions by type"),
        columns=(Label("类型", "type"), Label("件数", "count")),
        rows=rows,
    )
    return ReportSection(
        kind=KIND,
        title=Label("行政复议", "Administrative reconsideration"),
        figures=values,
        labels=LABELS,
        text_zh=tuple([zh]),
        text_en=tuple([en]),
        tables=tuple([table]),
        order=10,
    )
