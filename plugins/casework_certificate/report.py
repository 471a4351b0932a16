"""The 行政执法证件 section of the annual report: a fold over the facts kept with each case.

The report never loads a case: it reads what :func:`facts` projects off every case (see
:mod:`casework.facts`) as it stood on the report's day.

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

The last three are judged on the report's day (``context.as_of``): 31 December, or the earlier
day a report of the current year is asked for, so that a certificate in force that day counts
and a renewal window still open is not overdue.

The zh sentence follows the 2020 report of 汾阳市: 梳理出符合条件的执法人员403人,其中新申领执法证的
225人换证的174人申领监督执法证4人 (with commas between the clauses).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from typing import Any

from casework.facts import CaseFacts
from casework.i18n import Label
from casework.model import Case
from casework.report import Figure, ReportContext, ReportSection, ReportTable
from casework_certificate.codes import KIND, TYPES
from casework_certificate.register import ENDINGS

ORDER = 60

FACTS_VERSION = 1
"""The version of :func:`facts`; raise it when the projection changes."""

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

_COUNTED = {
    "pass_exam": "exam_passed",
    "fail_exam": "exam_failed",
    "issue": "issued",
    "refuse": "refused",
    "withdraw": "withdrawn",
    "suspend": "suspended",
    "revoke": "revoked",
    "cancel": "cancelled",
    "expire": "expired",
}
"""The actions counted when dated in the year, and the figure each adds to."""


def officer(case: Case) -> str:
    """Who the application is for, as an opaque key: equal for the same officer, nothing more.

    The officer is known by ID number, else by name (the case id when no holder is named); the
    key is a digest of that, so the facts never hold the ID number or the name itself.
    """
    holder = next(iter(case.parties_in("holder")), None)
    who = (holder.id_number or holder.name) if holder else case.id
    return hashlib.sha256(f"{KIND}\0{who}".encode()).hexdigest()[:24]


def facts(case: Case) -> Iterator[tuple[str, Any]]:
    """What the section reads of a case as it stands (besides the facts every case keeps).

    ``cert_type`` (a code of :data:`~casework_certificate.codes.TYPES`); ``body``, the
    enforcement body (an organ, not a person); ``officer``, the key of :func:`officer`; and once
    a certificate is issued, ``validity``: ``(issued_on, expires_on)``.
    """
    details = case.details
    yield ("cert_type", details.cert_type)
    yield ("body", details.body)
    yield ("officer", officer(case))
    if details.issued_on is not None and details.expires_on is not None:
        yield ("validity", (details.issued_on.isoformat(), details.expires_on.isoformat()))


def _in_force(case: CaseFacts, day: str) -> bool | None:
    """The case's certificate on ``day``: ``None`` when none was in force, else whether suspended.

    As :func:`casework_certificate.register.entry_on`, over the facts: issued by ``day``, not
    past its last day, no revocation, cancellation or expiry recorded, suspended when the last
    suspension was not followed by a reinstatement.
    """
    validity = case.get("validity")
    if validity is None or validity[0] > day or day > validity[1]:
        return None
    suspended = False
    for event in case.events():
        if event.on > day:
            break
        if event.action in ENDINGS:
            return None
        if event.action == "suspend":
            suspended = True
        elif event.action == "reinstate":
            suspended = False
    return suspended


def figures(context: ReportContext) -> tuple[dict[str, Figure], list[tuple[str, int, int, int]]]:
    """The figures of ``context.year`` and the rows per body (applications, issued, valid)."""
    year = context.year
    prefix = str(year)
    day = context.as_of.isoformat()
    pool = context.facts(KIND)
    counts: Counter[str] = Counter()
    types: Counter[str] = Counter()
    applied: Counter[str] = Counter()
    issued: Counter[str] = Counter()
    holding: Counter[str] = Counter()
    officers: set[str] = set()
    sat: set[str] = set()
    resits = valid = suspended_at_end = renewal_overdue = 0
    for case in pool:
        body = str(case.get("body"))
        if case.touches(year):
            if case.year == year:
                types[case.get("cert_type")] += 1
                applied[body] += 1
                officers.add(case.get("officer"))
            failed = sitting = issued_here = False
            for event in case.events():
                dated = event.on.startswith(prefix)
                if dated and event.action in _COUNTED:
                    counts[_COUNTED[event.action]] += 1
                    issued_here = issued_here or event.action == "issue"
                if event.action in ("pass_exam", "fail_exam"):
                    if dated:
                        sitting = True
                        resits += failed
                    failed = failed or event.action == "fail_exam"
            if sitting:
                sat.add(body)
            if issued_here:
                issued[body] += 1
        if not case.open:
            continue
        standing = _in_force(case, day)
        if standing is not None:
            if standing:
                suspended_at_end += 1
            else:
                valid += 1
                holding[body] += 1
        clock = case.clock("renewal")
        if clock is not None and clock.due_on is not None and clock.due_on < day:
            renewal_overdue += clock.stopped_on is None or clock.stopped_on > day
    values: dict[str, Figure] = {
        "applications": sum(applied.values()),
        **{code: types.get(code, 0) for code in TYPES},
        "persons": len(officers),
        "bodies": len(applied),
        "exam_sittings": counts["exam_passed"] + counts["exam_failed"],
        "exam_passed": counts["exam_passed"],
        "exam_failed": counts["exam_failed"],
        "resits": resits,
        "exam_bodies": len(sat),
        "issued": counts["issued"],
        "refused": counts["refused"],
        "withdrawn": counts["withdrawn"],
        "suspended": counts["suspended"],
        "revoked": counts["revoked"],
        "cancelled": counts["cancelled"],
        "expired": counts["expired"],
        "valid_at_end": valid,
        "suspended_at_end": suspended_at_end,
        "renewal_overdue": renewal_overdue,
    }
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
