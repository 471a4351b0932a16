"""The 行政执法证件 section of the annual report.

Figures of year ``Y`` (stable keys; "in Y" means an event dated in Y):

- ``applications``: applications received in Y; ``new``, ``renewal``, ``supervision``: the same
  by type (codes of :data:`~casework_certificate.codes.TYPES`);
- ``persons``: distinct officers applied for in Y (by ID number, else name); ``bodies``:
  distinct enforcement bodies that applied in Y;
- ``exam_sittings``: examination sittings in Y; ``exam_passed`` / ``exam_failed`` by result;
  ``resits``: sittings in Y after a failed one; ``exam_bodies``: distinct bodies with a sitting;
- ``issued``: certificates issued in Y; ``refused``, ``withdrawn``: applications ending so in Y;
- ``suspended``, ``revoked``, ``cancelled``, ``expired``: those events in Y;
- ``valid_at_end``: certificates in force on 31 December of Y (not suspended), whatever the year
  of issue; ``suspended_at_end``: suspended then;
- ``renewal_overdue``: certificates in force at year end whose renewal window passed without an
  application for renewal.

The zh sentence follows the 2020 report of 汾阳市: 梳理出符合条件的执法人员403人,其中新申领执法证的
225人换证的174人申领监督执法证4人 (with commas between the clauses).
"""

from __future__ import annotations

from collections import Counter

from casework.i18n import Label
from casework.model import Case
from casework.report import Figure, ReportContext, ReportSection, ReportTable
from casework_certificate.codes import KIND, TYPES
from casework_certificate.register import entries
from casework_certificate.report import LABELS, ORDER, sentences  # unchanged by the move


def _who(case: Case) -> str:
    holder = next(iter(case.parties_in("holder")), None)
    return (holder.id_number or holder.name) if holder else case.id


def _count(context: ReportContext, cases: list[Case], *names: str) -> int:
    return sum(1 for c in cases for _ in context.events_in_year(c, names))


def _resits(context: ReportContext, case: Case) -> int:
    count, failed = 0, False
    for event in case.events:
        if event.action in ("pass_exam", "fail_exam"):
            if failed and event.on.year == context.year:
                count += 1
            failed = failed or event.action == "fail_exam"
    return count


def figures(context: ReportContext) -> tuple[dict[str, Figure], list[tuple[str, int, int, int]]]:
    """The figures of ``context.year`` and the rows per body (applications, issued, valid)."""
    # corrected after the move to facts: judged on the report's day, not 31 December
    year_end = context.as_of
    cases = context.cases(KIND)
    received = context.received(KIND)
    types = Counter(c.details.cert_type for c in received)
    in_force = entries(context.open_at_end(KIND), year_end)
    valid = [e for rows in in_force.values() for e in rows if not e.suspended]
    sat = {
        c.details.body for c in cases if any(context.events_in_year(c, ("pass_exam", "fail_exam")))
    }
    renewal_overdue = 0
    for case in context.open_at_end(KIND):
        clock = case.clock("renewal")
        due = clock.due_on if clock is not None else None
        if clock is not None and due is not None and due < year_end:
            renewal_overdue += clock.stopped_on is None or clock.stopped_on > year_end
    values: dict[str, Figure] = {
        "applications": len(received),
        **{code: types.get(code, 0) for code in TYPES},
        "persons": len({_who(c) for c in received}),
        "bodies": len({c.details.body for c in received}),
        "exam_sittings": _count(context, cases, "pass_exam", "fail_exam"),
        "exam_passed": _count(context, cases, "pass_exam"),
        "exam_failed": _count(context, cases, "fail_exam"),
        "resits": sum(_resits(context, c) for c in cases),
        "exam_bodies": len(sat),
        "issued": _count(context, cases, "issue"),
        "refused": _count(context, cases, "refuse"),
        "withdrawn": _count(context, cases, "withdraw"),
        "suspended": _count(context, cases, "suspend"),
        "revoked": _count(context, cases, "revoke"),
        "cancelled": _count(context, cases, "cancel"),
        "expired": _count(context, cases, "expire"),
        "valid_at_end": len(valid),
        "suspended_at_end": sum(1 for rows in in_force.values() for e in rows if e.suspended),
        "renewal_overdue": renewal_overdue,
    }
    applied = Counter(c.details.body for c in received)
    issued = Counter(c.details.body for c in cases if any(context.events_in_year(c, "issue")))
    holding = Counter(e.body for e in valid)
    bodies = sorted(set(applied) | set(issued) | set(holding))
    rows = [(b, applied.get(b, 0), issued.get(b, 0), holding.get(b, 0)) for b in bodies]
    return values, rows


def section(context: ReportContext) -> ReportSection:
    """Build the 行政执法证件 section of ``context.year``'s report."""
    values, rows = figures(context)
    zh, en = sentences(values)
    table = ReportTable(
        title=Label("各执法主体申领、发证及有效证件", "applications, issues and valid by body"),
        columns=(
            Label("执法主体", "body"),
            Label("申领", "applications"),
            Label("发证", "issued"),
            Label("年末有效", "valid at year end"),
        ),
        rows=tuple(rows),
    )
    return ReportSection(
        kind=KIND,
        title=Label("行政执法证件", "Enforcement certificates"),
        figures=values,
        labels=LABELS,
        text_zh=zh,
        text_en=en,
        tables=(table,) if rows else (),
        order=ORDER,
    )
