"""The 行政执法证件 case type: an application for an officer's certificate, and the certificate.

A case opens by ``apply``: an enforcement body (执法主体) applies for one officer (the party in role
``holder``). Recipe (``book = casework.open_book(...)``)::

    case = book.create(
        "certificate", received_on=date(2020, 5, 11), actor="法制股",
        parties=[{"role": "holder", "name": "张三", "id_number": "..."}],
        details={"body": "某市市场监督管理局", "cert_type": "new", "field": "市场监管"},
    )
    book.act(case.id, "pass_exam", on=date(2020, 6, 20), actor="法制股",
             data={"score": 82, "session": "2020年第一批"})         # 公共法律知识考试
    book.act(case.id, "issue", on=date(2020, 7, 6), actor="法制股",
             data={"number": "14118200123"})                       # 发证: valid

A renewal (``cert_type`` ``renewal``) names the certificate it replaces (``previous_number``)
and, unless the locality requires the examination for renewals too, is issued without one.
A failed examination (``fail_exam``) may be re-sat as often as the locality's ``resits`` allow;
then only ``refuse`` (不予发证) remains. Issuing starts two clocks: ``validity`` (证件有效期; when it
ends the book records the system action ``expire``; shown for planning, never as overdue work)
and ``renewal`` (申请换证期限, ending the locality's ``renewal_months`` before expiry; listed by
``due`` so that the office reminds the body), stopped by ``request_renewal``. A valid
certificate may be suspended (``suspend`` / ``reinstate``), revoked (``revoke``) or cancelled
(``cancel``, e.g. ``replaced`` once the renewed certificate is issued). The periods are the
locality's data (:mod:`casework_certificate.rules`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from casework import Action, CaseType, ClockRule, Expiry, Label, State, Workflow
from casework.deadlines import add_months
from casework.i18n import tr
from casework.locality import from_rules_file
from casework.model import Case
from casework.validators import code_in, not_blank
from casework_certificate.codes import (
    CANCELLATION_GROUNDS,
    KIND,
    OUTCOMES,
    REVOCATION_GROUNDS,
    ROLES,
    SUSPENSION_GROUNDS,
    TYPES,
)
from casework_certificate.report import FACTS_VERSION
from casework_certificate.report import facts as report_facts
from casework_certificate.rules import LocalRules, load_local_rules

EXAM_ACTIONS = ("pass_exam", "fail_exam")


def _score(_: Any, attribute: attrs.Attribute[Any], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise ValueError(tr(f"{attribute.name}: 应为0至100的整数", f"{attribute.name}: 0 to 100"))


@attrs.frozen
class CertificateDetails:
    """The fields of a certificate case; those below ``previous_number`` are filled in by actions.

    ``body`` is the enforcement body applying (执法主体); ``cert_type`` a code of ``codes.TYPES``;
    ``field`` the enforcement field (执法领域) and ``post`` the officer's post; a renewal names the
    certificate it replaces in ``previous_number``.
    """

    body: str = attrs.field(validator=not_blank)
    cert_type: str = attrs.field(validator=code_in(TYPES))
    field: str = ""
    post: str = ""
    previous_number: str = ""
    exam_scores: tuple[int, ...] = ()
    number: str = ""
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None
    renewal_requested_on: dt.date | None = None
    suspension_ground: str | None = attrs.field(default=None, validator=code_in(SUSPENSION_GROUNDS))
    ground: str = ""
    outcome: str | None = attrs.field(default=None, validator=code_in(OUTCOMES))
    reason: str = ""


@attrs.frozen
class Exam:
    """A sitting of the public-law examination: the score (0-100) and the session's name."""

    score: int = attrs.field(validator=_score)
    session: str = ""


@attrs.frozen
class Issue:
    """发证: the certificate's number."""

    number: str = attrs.field(validator=not_blank)


@attrs.frozen
class Suspension:
    """暂扣: the ground (a code of ``codes.SUSPENSION_GROUNDS``)."""

    ground: str = attrs.field(validator=code_in(SUSPENSION_GROUNDS))
    note: str = ""


@attrs.frozen
class Revocation:
    """收回、吊销: the ground (a code of ``codes.REVOCATION_GROUNDS``)."""

    ground: str = attrs.field(validator=code_in(REVOCATION_GROUNDS))
    note: str = ""


@attrs.frozen
class Cancellation:
    """注销: the ground (a code of ``codes.CANCELLATION_GROUNDS``)."""

    ground: str = attrs.field(validator=code_in(CANCELLATION_GROUNDS))
    note: str = ""


@attrs.frozen
class Reason:
    """不予发证 / 撤回: the reason."""

    reason: str = ""


def _details(case: Case, **changes: Any) -> Case:
    return attrs.evolve(case, details=attrs.evolve(case.details, **changes))


def _failures(case: Case) -> int:
    return sum(1 for e in case.events if e.action == "fail_exam")


def _guard_apply(case: Case, data: None) -> str | None:
    details: CertificateDetails = case.details
    if details.cert_type == "renewal" and not details.previous_number.strip():
        return tr(
            "换证申请须写明原证件号(details.previous_number)",
            "a renewal names the certificate it replaces (details.previous_number)",
        )
    return None


def _exam_guards(rules: LocalRules) -> tuple[Any, Any]:
    def sittings_left(case: Case) -> str | None:
        if _failures(case) > rules.resits:
            return tr(
                f"已用完补考机会({rules.resits}次),只能不予发证(refuse)",
                f"no re-sit left ({rules.resits} allowed): refuse the application",
            )
        return None

    def passed(case: Case, data: Exam) -> str | None:
        if data.score < rules.pass_mark:
            return tr(
                f"data.score: {data.score}分低于合格分数{rules.pass_mark}分,请登记不合格(fail_exam)",
                f"data.score {data.score} is below the pass mark {rules.pass_mark}: use fail_exam",
            )
        return sittings_left(case)

    def failed(case: Case, data: Exam) -> str | None:
        if data.score >= rules.pass_mark:
            return tr(
                f"data.score: {data.score}分已达合格分数{rules.pass_mark}分,请登记合格(pass_exam)",
                f"data.score {data.score} reaches the pass mark {rules.pass_mark}: use pass_exam",
            )
        return sittings_left(case)

    return passed, failed


def _record_exam(case: Case, data: Exam, on: dt.date) -> Case:
    return _details(case, exam_scores=(*case.details.exam_scores, data.score))


def _issue_guard(rules: LocalRules) -> Any:
    def guard(case: Case, data: Issue) -> str | None:
        kind = case.details.cert_type
        if case.state != "qualified" and kind in rules.exam_required:
            return tr(
                f"{TYPES[kind].zh}须先通过公共法律知识考试(pass_exam)",
                f"a {TYPES[kind].en} needs a passed examination first (pass_exam)",
            )
        return None

    return guard


def _issuer(rules: LocalRules) -> Any:
    def effect(case: Case, data: Issue, on: dt.date) -> Case:
        expires = add_months(on, rules.validity_months)
        return _details(case, number=data.number, issued_on=on, expires_on=expires,
                        outcome="issued")  # fmt: skip

    return effect


def _request_renewal(case: Case, data: None, on: dt.date) -> Case:
    return _details(case, renewal_requested_on=on)


def _suspend(case: Case, data: Suspension, on: dt.date) -> Case:
    return _details(case, suspension_ground=data.ground)


def _reinstate(case: Case, data: None, on: dt.date) -> Case:
    return _details(case, suspension_ground=None)


def _ending(outcome: str) -> Any:
    def effect(case: Case, data: Any, on: dt.date) -> Case:
        return _details(
            case,
            outcome=outcome,
            ground=getattr(data, "ground", ""),
            reason=getattr(data, "reason", "") or getattr(data, "note", ""),
        )

    return effect


def _guard_refuse(case: Case, data: Reason) -> str | None:
    if not data.reason.strip():
        return tr("不予发证须写明理由(reason)", "give the reason for refusing (reason)")
    return None


STATES = (
    State("applied", Label("已申请", "applied")),
    State("exam_failed", Label("考试不合格,待补考", "failed the exam, may re-sit")),
    State("qualified", Label("考试合格,待发证", "passed, awaiting issue")),
    State("valid", Label("持证有效", "valid")),
    State("suspended", Label("暂扣", "suspended")),
    State("refused", Label("不予发证", "refused"), final=True),
    State("withdrawn", Label("已撤回", "withdrawn"), final=True),
    State("revoked", Label("已收回、吊销", "revoked"), final=True),
    State("cancelled", Label("已注销", "cancelled"), final=True),
    State("expired", Label("有效期届满", "expired"), final=True),
)


def _actions(rules: LocalRules) -> tuple[Action, ...]:
    passed, failed = _exam_guards(rules)
    sitting = ("applied", "exam_failed")
    held = ("valid", "suspended")
    return (
        Action("apply", Label("申请", "apply"), sources="@new", target="applied",
               guard=_guard_apply),
        Action("pass_exam", Label("考试合格", "pass the exam"), sources=sitting,
               target="qualified", data=Exam, guard=passed, effect=_record_exam),
        Action("fail_exam", Label("考试不合格", "fail the exam"), sources=sitting,
               target="exam_failed", data=Exam, guard=failed, effect=_record_exam),
        Action("refuse", Label("不予发证", "refuse"), sources=(*sitting, "qualified"),
               target="refused", data=Reason, guard=_guard_refuse, effect=_ending("refused")),
        Action("withdraw", Label("撤回申请", "withdraw"), sources=(*sitting, "qualified"),
               target="withdrawn", data=Reason, effect=_ending("withdrawn")),
        Action("issue", Label("发证", "issue"), sources=("applied", "qualified"), target="valid",
               data=Issue, guard=_issue_guard(rules), effect=_issuer(rules)),
        Action("request_renewal", Label("申请换证", "apply for renewal"), sources=held,
               effect=_request_renewal),
        Action("suspend", Label("暂扣", "suspend"), sources="valid", target="suspended",
               data=Suspension, effect=_suspend),
        Action("reinstate", Label("发还", "reinstate"), sources="suspended", target="valid",
               effect=_reinstate),
        Action("revoke", Label("收回、吊销", "revoke"), sources=held, target="revoked",
               data=Revocation, effect=_ending("revoked")),
        Action("cancel", Label("注销", "cancel"), sources=held, target="cancelled",
               data=Cancellation, effect=_ending("cancelled")),
        Action("expire", Label("有效期届满", "expire"), sources=held, target="expired",
               effect=_ending("expired"), system=True),
    )  # fmt: skip


def _clocks(rules: LocalRules) -> tuple[ClockRule, ...]:
    return (
        ClockRule(
            "validity",
            Label("证件有效期", "validity"),
            rules.validity_months,
            "months",
            starts_on="issue",
            stops_on=("revoke", "cancel"),
            expiry=Expiry(Label("证件有效期届满", "certificate expired"), action="expire"),
            planning=True,  # no one's duty: it runs out, and the book records the expiry
            source=rules.source,
        ),
        ClockRule(
            "renewal",
            Label(
                f"申请换证期限(有效期届满前{rules.renewal_months}个月)",
                f"renewal (apply {rules.renewal_months} months before expiry)",
            ),
            rules.validity_months - rules.renewal_months,
            "months",
            starts_on="issue",
            stops_on=("request_renewal", "revoke", "cancel", "expire"),
            source=rules.source,
        ),
    )


def make_case_type(rules: LocalRules | None = None) -> CaseType:
    """Build the ``certificate`` case type with the locality's rules."""
    rules = rules or LocalRules()
    workflow = Workflow(
        "LOCAL",
        dt.date(2000, 1, 1),
        STATES,
        _actions(rules),
        _clocks(rules),
        label=Label("行政执法证件管理(本地规则)", "enforcement certificates (local rules)"),
    )
    return CaseType(
        name=KIND,
        label=Label("行政执法证件", "enforcement certificate"),
        details=CertificateDetails,
        workflows=(workflow,),
        code="EC",
        fields=FIELDS,
        facts=report_facts,
        facts_version=FACTS_VERSION,
        roles=ROLES,
        required_roles={"holder": 1},
        describe=_describe,
        data_fields={
            "score": Label("考试成绩", "exam score"),
            "session": Label("考试场次", "exam session"),
            "note": Label("说明", "note"),
        },
        intake=("body", "cert_type", "field", "post", "previous_number"),
        localize=from_rules_file(
            "certificate_rules", lambda path: make_case_type(load_local_rules(path))
        ),
    )


def _describe(case: Case) -> str:
    holder = next(iter(case.parties_in("holder")), None)
    who = holder.name if holder else tr("执法人员", "officer")
    return f"{case.details.body} {who} {TYPES[case.details.cert_type].get()}"


FIELDS: dict[str, Label] = {
    "body": Label("执法主体", "enforcement body"),
    "cert_type": Label("申领类型", "application type"),
    "field": Label("执法领域", "enforcement field"),
    "post": Label("岗位", "post"),
    "previous_number": Label("原证件号", "previous certificate"),
    "exam_scores": Label("考试成绩", "exam scores"),
    "number": Label("证件号", "certificate number"),
    "issued_on": Label("发证日期", "issued on"),
    "expires_on": Label("有效期至", "valid until"),
    "renewal_requested_on": Label("申请换证日期", "renewal requested on"),
    "suspension_ground": Label("暂扣事由", "suspension ground"),
    "ground": Label("收回、注销事由", "ground"),
    "outcome": Label("结果", "outcome"),
    "reason": Label("理由", "reason"),
}
