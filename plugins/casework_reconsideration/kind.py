"""The 行政复议 case type: details, action data, and one workflow per rule set.

A case opens by ``receive`` (收到申请). Recipes (``book = casework.open_book(...)``)::

    case = book.create(
        "reconsideration",
        received_on=date(2020, 3, 2),
        actor="王科员",
        parties=[{"role": "applicant", "name": "张三", "id_number": "11010519491231002X"}],
        details={
            "respondent": "清河县公安局",
            "act": {"description": "清公(治)决字〔2020〕12号行政处罚决定", "category": "penalty",
                    "made_on": "2020-02-10"},
            "learned_on": "2020-02-12",
            "request": "撤销该处罚决定",
        },
    )
    # 受理 (assigns the 案号), then send the copy, receive the answer, decide:
    book.act(case.id, "accept", on=date(2020, 3, 5), actor="王科员")
    book.act(case.id, "send_copy", on=date(2020, 3, 6), actor="王科员")
    book.act(case.id, "receive_answer", on=date(2020, 3, 16), actor="王科员")
    book.act(case.id, "decide", on=date(2020, 4, 20), actor="王科员",
             data={"type": "upheld"})                    # codes: rules.DECISIONS

Other outcomes, each from the state named:

- 不予受理 (``received``): ``reject`` with ``{"reason": ..., "ground": "行政复议法第17条"}``.
- 告知向有权机关申请 (``received``): ``refer`` with ``{"organ": "吕梁市人民政府"}`` (under ARL23
  this is a 不予受理 naming the organ, state ``rejected``; under ARL99 its own state ``referred``).
- 视为受理: nothing to do; when the review period ends without a decision the book records the
  system action ``deem_accept`` on its last day (ARL99: accepted from receipt; ARL23: from that day).
- 补正 (``received``): ``request_correction`` with ``{"items": ["身份证明"]}`` (ARL99 also
  ``"due_on"``, the 合理期限 of the notice), then ``receive_correction`` (back to ``received``);
  without correction the case ends ``abandoned`` (ARL23: the system action ``deem_abandon`` after
  10 working days, ``extend_correction`` with ``{"days": n, "reason": ...}`` may extend once;
  ARL99: ``abandon`` once the notice's date has passed).
- 听证 / 听取意见 (``accepted``): ``hear`` with ``{"form": "hearing"}`` or ``{"form": "views"}``.
- 中止 / 恢复: ``suspend`` with ``{"ground": "force_majeure"}``, then ``resume``.
- 延长 (``accepted``, ordinary procedure): ``extend`` with
  ``{"days": 30, "approver": "李主任", "reason": "案情复杂"}``.
- 调解 (``accepted``/``suspended``): ``mediate`` → ``mediated``; 和解: ``settle`` → ``terminated``.
- 撤回: ``withdraw`` → ``terminated``; 终止: ``terminate`` with ``{"ground": "no_heir"}``.
- 简易程序 (ARL23 only): ``accept`` with ``{"procedure": "simplified"}``; 转为普通程序
  (Art. 55) is ``switch_procedure`` with ``{"approver": "李主任", "reason": "案情复杂"}``: the
  simplified decision period stops and the ordinary one runs (from the acceptance, or from the
  switch where the rule set says so); a switch after the simplified period ended is flagged.
- 听证通知: ``notify_hearing`` with ``{"hearing_on": "2024-03-19"}``; under ARL23 the hearing must
  be at least 5 working days after the notice (Art. 51, Art. 88: the 5 working days lie wholly
  between the notice and the hearing); a 听证 held without such a notice is flagged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from typing import Any

import attrs

from casework import Action, CaseType, ClockRule, Expiry, Label, State, Workflow
from casework.deadlines import due_date
from casework.errors import InvalidAction
from casework.i18n import tr
from casework.model import Case, Flag
from casework.validators import code_in, not_blank
from casework_reconsideration.report import FACTS_VERSION
from casework_reconsideration.report import facts as report_facts
from casework_reconsideration.rules import (
    ACT_CATEGORIES,
    DECISIONS,
    HEARING_FORMS,
    ORDINARY,
    PROCEDURES,
    REDO_ALLOWED,
    RULE_SETS,
    SIMPLIFIED,
    SUSPENSION_GROUNDS,
    TERMINATION_GROUNDS,
    RuleSet,
    labels,
    rules_of,
)

_code_in = code_in
_text = not_blank


# -- details -----------------------------------------------------------------------------------


@attrs.frozen
class ContestedAct:
    """The administrative act (行政行为) the applicant contests."""

    description: str = attrs.field(validator=_text)
    category: str = attrs.field(default="other", validator=_code_in(ACT_CATEGORIES))
    made_on: dt.date | None = None
    document_number: str = ""


@attrs.frozen
class HearingRecord:
    """A 听证 or 听取意见 held on ``held_on``."""

    form: str
    held_on: dt.date
    participants: str = ""
    summary: str = ""


@attrs.frozen
class Extension:
    """The one extension of the decision period: days, the approving head, the reason."""

    days: int
    approver: str
    reason: str
    approved_on: dt.date


@attrs.frozen
class ReconsiderationDetails:
    """The fields of a 行政复议 case; those below ``request`` are filled in by actions.

    ``respondent`` is the agency whose act is contested (被申请人); applicants, their agent and
    third parties with identity data are ``case.parties``. ``application_period`` is the
    application window in days (60 by default; longer where another law allows, ARL23 Art. 20).
    """

    respondent: str = attrs.field(validator=_text)
    act: ContestedAct
    learned_on: dt.date | None = None
    request: str = ""
    third_parties: tuple[str, ...] = ()
    handling_office: str = ""
    application_period: int = 60
    procedure: str = attrs.field(default=ORDINARY, validator=_code_in(PROCEDURES))
    accepted_on: dt.date | None = None
    deemed_accepted: bool = False
    correction_items: tuple[str, ...] = ()
    correction_due_on: dt.date | None = None
    copy_sent_on: dt.date | None = None
    answer_received_on: dt.date | None = None
    hearings: tuple[HearingRecord, ...] = ()
    suspension_ground: str | None = None
    extension: Extension | None = None
    switched_on: dt.date | None = None
    hearing_on: dt.date | None = None
    hearing_noticed_on: dt.date | None = None
    decision: str | None = attrs.field(default=None, validator=_code_in(DECISIONS))
    redo: bool = False
    outcome: str | None = None
    reason: str = ""
    ground: str = ""
    referred_to: str = ""


# -- action data -------------------------------------------------------------------------------


@attrs.frozen
class Accept:
    """受理: the procedure (``ordinary``, or ``simplified`` under ARL23) and its ground."""

    procedure: str = attrs.field(default=ORDINARY, validator=_code_in(PROCEDURES))
    simplified_ground: str = ""


@attrs.frozen
class Reject:
    """不予受理: the reason and the legal ground."""

    reason: str = attrs.field(validator=_text)
    ground: str = attrs.field(validator=_text)


@attrs.frozen
class Refer:
    """告知向有权机关申请: the competent organ named."""

    organ: str = attrs.field(validator=_text)
    reason: str = ""


@attrs.frozen
class RequestCorrection:
    """通知补正: every item to supply at once; ``due_on`` is the notice's date (ARL99 only)."""

    items: tuple[str, ...]
    due_on: dt.date | None = None


@attrs.frozen
class ExtendCorrection:
    """延长补正期限 (ARL23 Art. 31): working days added, and the applicant's good reason."""

    days: int
    reason: str = attrs.field(validator=_text)


@attrs.frozen
class SendCopy:
    """发送申请书副本; ``delivered_on`` is when the respondent received it (default: the day)."""

    delivered_on: dt.date | None = None


@attrs.frozen
class Hear:
    """听证 (``hearing``) or 听取意见 (``views``)."""

    form: str = attrs.field(validator=_code_in(HEARING_FORMS))
    participants: str = ""
    summary: str = ""


@attrs.frozen
class SwitchProcedure:
    """转为普通程序 (ARL23 Art. 55): the head of the 复议机构 who approved it, and why."""

    approver: str = attrs.field(validator=_text)
    reason: str = ""


@attrs.frozen
class NotifyHearing:
    """听证通知: the day of the hearing, and where."""

    hearing_on: dt.date
    place: str = ""


@attrs.frozen
class Suspend:
    """中止, with its ground (a code of ``rules.SUSPENSION_GROUNDS``)."""

    ground: str = attrs.field(validator=_code_in(SUSPENSION_GROUNDS))
    note: str = ""


@attrs.frozen
class Extend:
    """延长审理期限: days (the core reads ``days``), the approving head and the reason."""

    days: int
    approver: str = attrs.field(validator=_text)
    reason: str = attrs.field(validator=_text)


@attrs.frozen
class Decide:
    """行政复议决定: its type (a code of ``rules.DECISIONS``) and whether 责令重作."""

    type: str = attrs.field(validator=_code_in(DECISIONS))
    redo: bool = False
    summary: str = ""


@attrs.frozen
class Resolution:
    """调解书 / 和解 / 撤回: a short summary."""

    summary: str = ""


@attrs.frozen
class Terminate:
    """终止, with its ground (a code of ``rules.TERMINATION_GROUNDS``)."""

    ground: str = attrs.field(validator=_code_in(TERMINATION_GROUNDS))
    note: str = ""


# -- guards and effects ------------------------------------------------------------------------


def _details(case: Case, **changes: Any) -> Case:
    return attrs.evolve(case, details=attrs.evolve(case.details, **changes))


def _refuse_now(case: Case, message: str, hint: str | None = None) -> InvalidAction:
    return InvalidAction(message, state=case.state, hint=hint)


def _receive(case: Case, data: None, on: dt.date) -> Case:
    details: ReconsiderationDetails = case.details
    if details.learned_on is None:
        return case
    last = due_date(details.learned_on, details.application_period, "natural")
    if case.received_on <= last:
        return case
    flag = Flag(
        "late_application",
        f"申请超过申请期限(知道行政行为之日{details.learned_on}起{details.application_period}日,"
        f"至{last}届满),请审查是否有正当理由",
        f"filed after the application period ({details.application_period} days from "
        f"{details.learned_on}, ended {last}); check for a good reason",
    )
    return attrs.evolve(case, flags=(*case.flags, flag))


def _accepted_on(case: Case, on: dt.date) -> dt.date:
    return case.received_on if rules_of(case.regime).accepted_from_receipt else on


def _guard_accept(case: Case, data: Accept) -> str | None:
    rules = rules_of(case.regime)
    if data.procedure not in rules.procedures:
        return tr(
            f"{rules.name}不适用{PROCEDURES[data.procedure].zh},可用: "
            f"{labels(rules.procedures, PROCEDURES)}",
            f"{rules.name} has no {data.procedure} procedure; use {', '.join(rules.procedures)}",
        )
    return None


def _accept(case: Case, data: Accept, on: dt.date) -> Case:
    return _details(case, accepted_on=_accepted_on(case, on), procedure=data.procedure)


def _deem_accept(case: Case, data: None, on: dt.date) -> Case:
    return _details(case, accepted_on=_accepted_on(case, on), deemed_accepted=True)


def _reject(case: Case, data: Reject, on: dt.date) -> Case:
    return _details(case, outcome="rejected", reason=data.reason, ground=data.ground)


def _refer(case: Case, data: Refer, on: dt.date) -> Case:
    return _details(case, outcome="referred", referred_to=data.organ, reason=data.reason)


def _guard_correction(case: Case, data: RequestCorrection) -> str | None:
    rules = rules_of(case.regime)
    if not [item for item in data.items if item.strip()]:
        return tr("补正通知须列明需要补正的事项(items)", "list the items to correct (items)")
    if rules.correction is None and data.due_on is None:
        return tr(
            "须在补正通知中载明合理的补正期限(due_on)", "give the correction deadline (due_on)"
        )
    if rules.correction is not None and data.due_on is not None:
        return tr(
            f"{rules.name}规定补正期限为{rules.correction.length}个工作日,不能另定(去掉 due_on)",
            f"{rules.name} fixes the period at {rules.correction.length} working days; "
            "leave out due_on",
        )
    return _one_notice(case, None)


def _one_notice(case: Case, on: dt.date | None) -> str | None:
    if rules_of(case.regime).one_correction_notice and case.has_event("request_correction"):
        return tr(
            "补正通知应一次性告知,本案已通知过补正", "a correction notice was already sent once"
        )
    return None


def _request_correction(case: Case, data: RequestCorrection, on: dt.date) -> Case:
    if data.due_on is not None and data.due_on <= on:
        raise _refuse_now(
            case,
            tr(
                f"data.due_on: 补正期限 {data.due_on} 须晚于通知之日 {on}",
                f"data.due_on must be after {on}",
            ),
        )
    return _details(case, correction_items=tuple(data.items), correction_due_on=data.due_on)


def _abandon_unavailable(case: Case, on: dt.date) -> str | None:
    """Why 视为放弃 cannot be recorded on ``on``: the period the notice set has not ended."""
    due = case.details.correction_due_on
    if due is None or on <= due:
        return tr(
            f"补正期限({due})尚未届满,不能视为放弃",
            f"the correction period (until {due}) has not ended",
        )
    return None


def _abandon(case: Case, data: None, on: dt.date) -> Case:
    reason = _abandon_unavailable(case, on)
    if reason is not None:
        raise _refuse_now(
            case, reason, hint=tr("期限届满后再登记", "record it after the period ends")
        )
    return _details(case, outcome="abandoned")


def _deem_abandon(case: Case, data: None, on: dt.date) -> Case:
    return _details(case, outcome="abandoned")


def _send_copy(case: Case, data: SendCopy, on: dt.date) -> Case:
    if data.delivered_on is not None and data.delivered_on < on:
        raise _refuse_now(
            case,
            tr(
                f"data.delivered_on: 送达日期 {data.delivered_on} 早于发送日期 {on}",
                f"delivered_on {data.delivered_on} is before the sending date {on}",
            ),
        )
    return _details(case, copy_sent_on=on)


def _answer_start(case: Case, data: SendCopy, on: dt.date) -> dt.date:
    return data.delivered_on or on


def _receive_answer(case: Case, data: None, on: dt.date) -> Case:
    return _details(case, answer_received_on=on)


def _earliest_hearing(case: Case, noticed_on: dt.date) -> dt.date | None:
    """The first day a 听证 may be held after a notice of ``noticed_on`` (``None``: any day)."""
    period = rules_of(case.regime).hearing_notice
    if period is None:
        return None
    last = due_date(noticed_on, period.length, period.unit)
    return last + dt.timedelta(days=1)


def _notify_hearing(case: Case, data: NotifyHearing, on: dt.date) -> Case:
    if data.hearing_on <= on:
        raise _refuse_now(
            case,
            tr(
                f"data.hearing_on: 听证日期 {data.hearing_on} 须晚于通知日期 {on}",
                f"data.hearing_on {data.hearing_on} must be after the notice ({on})",
            ),
        )
    earliest = _earliest_hearing(case, on)
    if earliest is not None and data.hearing_on < earliest:
        period = rules_of(case.regime).hearing_notice
        assert period is not None
        raise _refuse_now(
            case,
            tr(
                f"听证通知须在举行听证{period.length}个工作日前发出({period.source}):"
                f"{on} 通知的听证最早于 {earliest} 举行",
                f"the hearing notice must go out {period.length} working days ahead "
                f"({period.source}): notified on {on}, the hearing can be on {earliest} at the "
                "earliest",
            ),
            hint=tr("改定听证日期", "choose a later hearing date"),
        )
    return _details(case, hearing_on=data.hearing_on, hearing_noticed_on=on)


def _hear(case: Case, data: Hear, on: dt.date) -> Case:
    record = HearingRecord(data.form, on, data.participants, data.summary)
    updated = _details(case, hearings=(*case.details.hearings, record), hearing_on=None)
    period = rules_of(case.regime).hearing_notice
    if data.form != "hearing" or period is None:
        return updated
    noticed = case.details.hearing_noticed_on
    earliest = _earliest_hearing(case, noticed) if noticed is not None else None
    if noticed is None or (earliest is not None and on < earliest):
        flag = Flag(
            "hearing_notice",
            f"听证({on})未在{period.length}个工作日前书面通知当事人({period.source})",
            f"the hearing of {on} was not notified {period.length} working days ahead "
            f"({period.source})",
        )
        updated = attrs.evolve(updated, flags=(*updated.flags, flag))
    return updated


def _switch_available(case: Case, on: dt.date) -> str | None:
    if case.details.procedure != SIMPLIFIED:
        return tr(
            "只有适用简易程序的案件才能转为普通程序(行政复议法第55条)",
            "only a case under the simplified procedure can switch (ARL23 Art. 55)",
        )
    return None


def _switch(case: Case, data: SwitchProcedure, on: dt.date) -> Case:
    updated = _details(case, procedure=ORDINARY, switched_on=on)
    clock = case.clock("decision_simplified")
    if clock is not None and clock.due_on is not None and on > clock.due_on:
        flag = Flag(
            "late_switch",
            f"简易程序审理期限已于{clock.due_on}届满,{on}才转为普通程序(行政复议法第55条、第62条)",
            f"switched on {on}, after the simplified period ended on {clock.due_on} "
            "(ARL23 Arts. 55, 62)",
        )
        updated = attrs.evolve(updated, flags=(*updated.flags, flag))
    return updated


def _switch_start(rules: RuleSet) -> Callable[[Case, Any, dt.date], dt.date]:
    """Where the ordinary decision period starts: the acceptance, or the switch (``rules``)."""

    def start(case: Case, data: Any, on: dt.date) -> dt.date:
        if isinstance(data, SwitchProcedure) and rules.switch_counts_from == "switch":
            return on
        return case.details.accepted_on or on

    return start


def _suspend(case: Case, data: Suspend, on: dt.date) -> Case:
    return _details(case, suspension_ground=data.ground)


def _resume(case: Case, data: None, on: dt.date) -> Case:
    return _details(case, suspension_ground=None)


def _guard_extend(case: Case, data: Extend | None) -> str | None:
    if case.details.procedure == SIMPLIFIED:
        return tr(
            "简易程序案件的审理期限不能延长(行政复议法第62条第2款)",
            "the simplified procedure's period cannot be extended (ARL23 Art. 62(2))",
        )
    return None


def _extend(case: Case, data: Extend, on: dt.date) -> Case:
    return _details(case, extension=Extension(data.days, data.approver, data.reason, on))


def _guard_decide(case: Case, data: Decide) -> str | None:
    rules = rules_of(case.regime)
    if data.type not in rules.decisions:
        return tr(
            f"{rules.name}不允许“{DECISIONS[data.type].zh}”决定,可用: "
            f"{labels(rules.decisions, DECISIONS)}",
            f"{rules.name} does not allow {data.type}; use one of {', '.join(rules.decisions)}",
        )
    if data.redo and data.type not in REDO_ALLOWED:
        return tr(
            f"只有{labels(sorted(REDO_ALLOWED), DECISIONS)}可以责令重作",
            f"only {', '.join(sorted(REDO_ALLOWED))} may order the act redone",
        )
    return None


def _guard_terminate(case: Case, data: Terminate, on: dt.date) -> str | None:
    """终止 for a long suspension needs a qualifying ground and the full period, per regime."""
    if data.ground != "long_suspension":
        return None
    rules = rules_of(case.regime)
    source = rules.long_suspension_source
    ground = case.details.suspension_ground
    if case.state != "suspended" or ground is None:
        return tr(
            f"案件未处于中止状态,不能以“中止满六十日”终止({source})",
            f"the case is not suspended: it cannot end for a long suspension ({source})",
        )
    if ground not in rules.long_suspension_grounds:
        allowed = labels(rules.long_suspension_grounds, SUSPENSION_GROUNDS)
        return tr(
            f"中止事由 {ground}({SUSPENSION_GROUNDS[ground].zh})不能因中止满"
            f"{rules.long_suspension_days}日而终止,仅限: {allowed}({source})",
            f"a suspension on ground {ground} never ends the case; only {allowed} do ({source})",
        )
    event = case.last_event("suspend")
    since = event.on if event is not None else on
    # the day of suspension is not counted (Civil Code Art. 201): the period is complete at the
    # end of its last day, so termination is possible from the next day
    earliest = since + dt.timedelta(days=rules.long_suspension_days + 1)
    if on < earliest:
        return tr(
            f"中止自{since}起未满{rules.long_suspension_days}日,最早{earliest}可终止({source})",
            f"suspended since {since}: not yet {rules.long_suspension_days} days; "
            f"the earliest day is {earliest} ({source})",
        )
    return None


def _decide(case: Case, data: Decide, on: dt.date) -> Case:
    return _details(case, decision=data.type, redo=data.redo, outcome="decided")


def _ending(outcome: str) -> Callable[[Case, Any, dt.date], Case]:
    def effect(case: Case, data: Any, on: dt.date) -> Case:
        ground = getattr(data, "ground", "")
        reason = getattr(data, "summary", "") or getattr(data, "note", "")
        return _details(case, outcome=outcome, ground=ground or case.details.ground, reason=reason)

    return effect


# -- workflows ---------------------------------------------------------------------------------


def L(zh: str, en: str) -> Label:
    """Shorthand for :class:`Label`."""
    return Label(zh, en)


STATES: dict[str, State] = {
    s.name: s
    for s in (
        State("received", L("受理审查中", "under acceptance review")),
        State("awaiting_correction", L("待补正", "awaiting correction")),
        State("accepted", L("审理中", "accepted, under review")),
        State("suspended", L("中止", "suspended")),
        State("decided", L("已作出复议决定", "decided"), final=True),
        State("mediated", L("已调解结案", "mediated"), final=True),
        State("rejected", L("不予受理", "not accepted"), final=True),
        State("referred", L("已告知向有关机关申请", "referred to the competent organ"), final=True),
        State("abandoned", L("视为放弃", "deemed abandoned"), final=True),
        State("terminated", L("已终止", "terminated"), final=True),
    )
}

ENDS_BEFORE_ACCEPTANCE = ("reject", "refer", "withdraw", "abandon", "deem_abandon")
ENDS_AFTER_ACCEPTANCE = ("decide", "mediate", "settle", "withdraw", "terminate")


def _actions(rules: RuleSet) -> list[Action]:
    review = ("received",)
    running = ("accepted", "suspended")
    actions = [
        Action("receive", L("收到申请", "receive"), sources="@new", target="received",
               effect=_receive),
        Action("accept", L("受理", "accept"), sources=review, target="accepted", data=Accept,
               guard=_guard_accept, effect=_accept, numbers=True),
        Action("deem_accept", L("视为受理", "deemed accepted"), sources=review,
               target="accepted", effect=_deem_accept, system=True),
        Action("reject", L("不予受理", "reject"), sources=review, target="rejected", data=Reject,
               effect=_reject),
        Action("refer", L("告知向有权机关申请", "refer to the competent organ"), sources=review,
               target="rejected" if rules.refer_is_rejection else "referred", data=Refer,
               effect=_refer),
        Action("request_correction", L("通知补正", "request correction"), sources=review,
               target="awaiting_correction", data=RequestCorrection, guard=_guard_correction,
               effect=_request_correction, available=_one_notice),
        Action("receive_correction", L("收到补正材料", "receive corrected materials"),
               sources="awaiting_correction", target="received"),
        Action("send_copy", L("发送申请书副本", "send the copy to the respondent"),
               sources=running, data=SendCopy, effect=_send_copy, numbers=True),
        Action("receive_answer", L("收到答复", "receive the answer"), sources=running,
               effect=_receive_answer),
        Action("hear", L("听证/听取意见", "hear"), sources="accepted", data=Hear, effect=_hear,
               numbers=True),
        Action("notify_hearing", L("通知听证", "notify a hearing"), sources="accepted",
               data=NotifyHearing, effect=_notify_hearing, numbers=True),
        Action("suspend", L("中止", "suspend"), sources="accepted", target="suspended",
               data=Suspend, effect=_suspend, numbers=True),
        Action("resume", L("恢复审理", "resume"), sources="suspended", target="accepted",
               effect=_resume),
        Action("extend", L("延长审理期限", "extend"), sources="accepted", data=Extend,
               guard=_guard_extend, effect=_extend, numbers=True,
               available=lambda case, on: _guard_extend(case, None)),
        Action("decide", L("作出复议决定", "decide"), sources="accepted", target="decided",
               data=Decide, guard=_guard_decide, effect=_decide, numbers=True),
        Action("mediate", L("制作调解书", "mediate"), sources=running, target="mediated",
               data=Resolution, effect=_ending("mediated"), numbers=True),
        Action("settle", L("和解", "settle"), sources=running, target="terminated",
               data=Resolution, effect=_ending("settled"), numbers=True),
        Action("withdraw", L("撤回申请", "withdraw"),
               sources=("received", "awaiting_correction", *running), target="terminated",
               data=Resolution, effect=_ending("withdrawn")),
        Action("terminate", L("终止", "terminate"), sources=running, target="terminated",
               data=Terminate, guard=_guard_terminate, effect=_ending("terminated"),
               numbers=True),
    ]  # fmt: skip
    if SIMPLIFIED in rules.procedures:
        actions.append(
            Action("switch_procedure", L("转为普通程序", "switch to the ordinary procedure"),
                   sources=running, data=SwitchProcedure, available=_switch_available,
                   effect=_switch, numbers=True)
        )  # fmt: skip
    if rules.correction is None:
        actions.append(
            Action("abandon", L("视为放弃(逾期未补正)", "abandoned (no correction)"),
                   sources="awaiting_correction", target="abandoned", effect=_abandon,
                   available=_abandon_unavailable)
        )  # fmt: skip
    else:
        actions += [
            Action("extend_correction", L("延长补正期限", "extend the correction period"),
                   sources="awaiting_correction", data=ExtendCorrection),
            Action("deem_abandon", L("视为放弃", "deemed abandoned"),
                   sources="awaiting_correction", target="abandoned", effect=_deem_abandon,
                   system=True),
        ]  # fmt: skip
    return actions


def _is(procedure: str) -> Callable[[Case, Any], bool]:
    def when(case: Case, data: Any) -> bool:
        return bool(case.details.procedure == procedure)

    return when


def _from_acceptance(case: Case, data: Any, on: dt.date) -> dt.date:
    return case.details.accepted_on or on


def _names(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else value


def _clocks(rules: RuleSet) -> list[ClockRule]:
    deemed = Label(
        "视为受理(自收到申请之日起受理)"
        if rules.accepted_from_receipt
        else "视为受理(自审查期限届满之日起受理)",
        "deemed accepted (as from receipt)"
        if rules.accepted_from_receipt
        else "deemed accepted (as from the end of the review period)",
    )
    declared = {a.name for a in _actions(rules)}
    before = tuple(n for n in ENDS_BEFORE_ACCEPTANCE if n in declared)
    ends = (*before, *ENDS_AFTER_ACCEPTANCE)
    review = ClockRule(
        "review",
        L("受理审查期限", "acceptance review"),
        rules.review.length,
        rules.review.unit,
        starts_on="receive",
        stops_on=("accept", *before),
        pauses_on="request_correction",
        resumes_on=() if rules.correction_restarts_review else "receive_correction",
        restarts_on="receive_correction" if rules.correction_restarts_review else (),
        expiry=Expiry(deemed, action="deem_accept"),
        source=rules.review.source,
    )
    clocks = [review]
    if rules.correction is not None:
        clocks.append(
            ClockRule(
                "correction",
                L("补正期限", "correction period"),
                rules.correction.length,
                rules.correction.unit,
                starts_on="request_correction",
                stops_on=("receive_correction", "withdraw"),
                extends_on="extend_correction",
                max_extension=rules.correction_extension,
                expiry=Expiry(L("视为放弃复议申请", "application deemed abandoned"),
                              action="deem_abandon"),
                source=rules.correction.source,
            )
        )  # fmt: skip
    # Under ARL99 an application not rejected counts as accepted on receipt (Art. 17(2)): the
    # copy and decision periods run from receipt, the 补正 time excluded (ARR07 Art. 29).
    from_receipt = rules.accepted_from_receipt
    start_on = "receive" if from_receipt else ("accept", "deem_accept")
    start = None if from_receipt else _from_acceptance
    early_stops = before if from_receipt else ()
    correction_pause = ("request_correction",) if from_receipt else ()
    correction_resume = ("receive_correction",) if from_receipt else ()
    switching = SIMPLIFIED in rules.procedures
    variants = [(ORDINARY, rules.copy, rules.answer, rules.decision)]
    if rules.simplified_decision and rules.simplified_copy and rules.simplified_answer:
        variants.append(
            (SIMPLIFIED, rules.simplified_copy, rules.simplified_answer, rules.simplified_decision)
        )
    for procedure, copy, answer, decision in variants:
        when = _is(procedure) if len(variants) > 1 else None
        suffix = "" if procedure == ORDINARY else "_simplified"
        tag = "" if procedure == ORDINARY else "(简易程序)"
        tag_en = "" if procedure == ORDINARY else " (simplified)"
        clocks += [
            ClockRule(
                "copy" + suffix,
                L("发送申请书副本期限" + tag, "copy to the respondent" + tag_en),
                copy.length,
                copy.unit,
                starts_on=start_on,
                stops_on=("send_copy", *ends),
                pauses_on=correction_pause,
                resumes_on=correction_resume,
                when=when,
                start=start,
                source=copy.source,
            ),
            ClockRule(
                "answer" + suffix,
                L("被申请人答复期限" + tag, "respondent's answer" + tag_en),
                answer.length,
                answer.unit,
                starts_on="send_copy",
                stops_on=("receive_answer", *ends),
                when=when,
                start=_answer_start,
                source=answer.source,
            ),
            ClockRule(
                "decision" + suffix,
                L("审理期限" + tag, "decision period" + tag_en),
                decision.length,
                decision.unit,
                starts_on=(
                    (*_names(start_on), "switch_procedure")
                    if switching and procedure == ORDINARY
                    else start_on
                ),
                stops_on=(
                    *early_stops,
                    *ENDS_AFTER_ACCEPTANCE,
                    *(("switch_procedure",) if switching and procedure == SIMPLIFIED else ()),
                ),
                pauses_on=(*correction_pause, "suspend"),
                resumes_on=(*correction_resume, "resume"),
                extends_on="extend" if procedure == ORDINARY else None,
                max_extension=rules.max_extension if procedure == ORDINARY else 0,
                when=when,
                start=_switch_start(rules) if switching and procedure == ORDINARY else start,
                source=decision.source,
            ),
        ]
    return clocks


def build_workflow(rules: RuleSet) -> Workflow:
    """Build the workflow of one rule set."""
    states = [s for s in STATES.values() if s.name != "referred" or not rules.refer_is_rejection]
    return Workflow(
        rules.name,
        rules.effective_from,
        tuple(states),
        tuple(_actions(rules)),
        tuple(_clocks(rules)),
        label=rules.label,
    )


def _describe(case: Case) -> str:
    details: ReconsiderationDetails = case.details
    applicants = "、".join(p.name for p in case.parties_in("applicant")) or tr(
        "申请人", "applicant"
    )
    return tr(
        f"{applicants} 不服 {details.respondent} {details.act.description}",
        f"{applicants} v. {details.respondent}: {details.act.description}",
    )


def _duplicate_key(case: Case) -> Hashable | None:
    applicant = next(iter(case.parties_in("applicant")), None)
    if applicant is None:
        return None
    who = applicant.id_number or applicant.name
    return ("reconsideration", who, case.details.respondent, case.details.act.description)


FIELDS: dict[str, Label] = {
    "respondent": L("被申请人", "respondent"),
    "act": L("被申请复议的行政行为", "contested act"),
    "learned_on": L("知道行政行为之日", "learned of the act on"),
    "request": L("复议请求", "request"),
    "third_parties": L("第三人", "third parties"),
    "handling_office": L("承办机构", "handling office"),
    "application_period": L("申请期限(日)", "application period (days)"),
    "procedure": L("审理程序", "procedure"),
    "accepted_on": L("受理日期", "accepted on"),
    "deemed_accepted": L("视为受理", "deemed accepted"),
    "correction_items": L("补正事项", "items to correct"),
    "correction_due_on": L("补正期限", "correct by"),
    "copy_sent_on": L("副本发送日期", "copy sent on"),
    "answer_received_on": L("答复收到日期", "answer received on"),
    "hearings": L("听证/听取意见", "hearings"),
    "suspension_ground": L("中止事由", "ground of suspension"),
    "extension": L("延长审理期限", "extension"),
    "switched_on": L("转为普通程序日期", "switched to the ordinary procedure on"),
    "hearing_on": L("听证日期", "hearing on"),
    "hearing_noticed_on": L("听证通知日期", "hearing notified on"),
    "decision": L("复议决定", "decision"),
    "redo": L("责令重作", "ordered to act anew"),
    "outcome": L("结案方式", "outcome"),
    "reason": L("理由", "reason"),
    "ground": L("依据", "legal ground"),
    "referred_to": L("告知的有权机关", "competent organ"),
}

FIELDS.update(
    {
        "act.description": L("行为名称及文号", "description"),
        "act.category": L("行为类别", "category"),
        "act.made_on": L("作出日期", "made on"),
        "act.document_number": L("文书编号", "document number"),
        "hearings.form": L("形式", "form"),
        "hearings.held_on": L("日期", "held on"),
        "hearings.participants": L("参加人", "participants"),
        "hearings.summary": L("情况", "summary"),
        "extension.days": L("延长天数", "days added"),
        "extension.approver": L("批准人", "approved by"),
        "extension.approved_on": L("批准日期", "approved on"),
    }
)

DATA_FIELDS: dict[str, Label] = {
    "simplified_ground": L("适用简易程序的理由", "ground for the simplified procedure"),
    "organ": L("有权机关", "competent organ"),
    "items": L("补正事项", "items to correct"),
    "due_on": L("补正期限", "correct by"),
    "delivered_on": L("送达日期", "delivered on"),
    "form": L("形式", "form"),
    "participants": L("参加人", "participants"),
    "summary": L("情况", "summary"),
    "note": L("说明", "note"),
    "days": L("延长天数", "days added"),
    "approver": L("批准人", "approved by"),
    "type": L("决定类型", "decision"),
    "extend_correction:days": L("延长补正天数(工作日)", "working days added"),
    "decide:summary": L("决定摘要", "summary"),
    "notify_hearing:hearing_on": L("听证日期", "hearing on"),
    "notify_hearing:place": L("听证地点", "hearing place"),
}
"""Labels of the action-data fields (those not named here read as the details field's)."""

OUTCOMES: dict[str, Label] = {
    "decided": L("作出决定", "decided"),
    "rejected": L("不予受理", "rejected"),
    "referred": L("告知向有权机关申请", "referred"),
    "abandoned": L("视为放弃", "abandoned"),
    "mediated": L("调解", "mediated"),
    "settled": L("和解", "settled"),
    "withdrawn": L("撤回", "withdrawn"),
    "terminated": L("终止", "terminated"),
}
"""How a case ended (details ``outcome``)."""

ROLES: dict[str, Label] = {
    "applicant": L("申请人", "applicant"),
    "agent": L("委托代理人", "agent"),
    "representative": L("法定代理人", "legal representative"),
    "third_party": L("第三人", "third party"),
    "respondent": L("被申请人", "respondent"),
}

RECONSIDERATION = CaseType(
    name="reconsideration",
    label=L("行政复议", "administrative reconsideration"),
    details=ReconsiderationDetails,
    workflows=tuple(build_workflow(r) for r in RULE_SETS.values()),
    code="RC",
    number_format="{short}政复〔{year}〕{seq}号",
    fields=FIELDS,
    roles=ROLES,
    required_roles={"applicant": 1},
    describe=_describe,
    facts=report_facts,
    facts_version=FACTS_VERSION,
    duplicate_key=_duplicate_key,
    codes={
        "outcome": OUTCOMES,
        "suspension_ground": SUSPENSION_GROUNDS,
        "hearings.form": HEARING_FORMS,
    },
    data_fields=DATA_FIELDS,
    intake=(
        "respondent",
        "act.description",
        "act.category",
        "act.made_on",
        "act.document_number",
        "learned_on",
        "request",
        "third_parties",
        "application_period",
    ),
)
"""The 行政复议 case type (kind ``reconsideration``, case ids ``RC2020-0001``)."""
