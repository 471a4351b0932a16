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

ORDER = 60

LABELS: dict[str, Label] = {
    "applications": Label("申领执法证件", "applications"),
    **{code: Label(label.zh, label.en) for code, label in TYPES.items()},
    "persons": Label("涉及执法人员", "officers"),
    "bodies": Label("申领的执法主体", "enforcement bodies applying"),
    "exam_sittings": Label("参加考试(人次)", "exam sittings"),
    "exam_passed": Label("考试合格(人次)", "sittings passed"),
    "exam_failed": Label("考试不合格(人次)", "sittings failed"),
    "resits": Label("补考(人次)", "re-sits"),
    "exam_bodies": Label("参加考试的单位", "bodies whose officers sat"),
    "issued": Label("核发证件", "certificates issued"),
    "refused": Label("不予发证", "refused"),
    "withdrawn": Label("撤回申请", "withdrawn"),
    "suspended": Label("暂扣", "suspended"),
    "revoked": Label("收回、吊销", "revoked"),
    "cancelled": Label("注销", "cancelled"),
    "expired": Label("有效期届满", "expired"),
    "valid_at_end": Label("年末有效证件", "valid at year end"),
    "suspended_at_end": Label("年末暂扣证件", "suspended at year end"),
    "renewal_overdue": Label("逾期未申请换证", "renewal overdue"),
}
"""The label of every figure."""


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


def sentences(values: dict[str, Figure]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The zh and en sentences for ``values``."""
    zh: list[str] = []
    en: list[str] = []
    if values["applications"]:
        parts = [
            ("新申领执法证的", "new", "new certificates"),
            ("换证的", "renewal", "renewals"),
            ("申领监督执法证", "supervision", "supervision certificates"),
        ]
        clauses = ",".join(f"{zh_}{values[code]}人" for zh_, code, _ in parts if values[code])
        zh.append(
            f"全年共受理{values['bodies']}家执法主体申领行政执法证件,梳理出符合条件的执法人员"
            f"{values['persons']}人,其中{clauses}。"
        )
        listed = ", ".join(f"{values[code]} {en_}" for _, code, en_ in parts if values[code])
        en.append(
            f"{values['bodies']} enforcement bodies applied for certificates for "
            f"{values['persons']} officers: {listed}."
        )
    if values["exam_sittings"]:
        zh.append(
            f"组织公共法律知识考试{values['exam_sittings']}人次,合格{values['exam_passed']}人次,"
            f"不合格{values['exam_failed']}人次。"
        )
        en.append(
            f"The public-law examination was sat {values['exam_sittings']} times: "
            f"{values['exam_passed']} passed, {values['exam_failed']} failed."
        )
    zh.append(f"全年核发行政执法证件{values['issued']}件,年末有效证件{values['valid_at_end']}件。")
    en.append(
        f"{values['issued']} certificates were issued; {values['valid_at_end']} were valid at "
        "the end of the year."
    )
    return tuple(zh), tuple(en)


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
