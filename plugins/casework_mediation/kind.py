"""人民调解 (people's mediation): the case type ``mediation``, its details and its workflow.

States: ``registered`` (受理登记) → ``mediating`` (调解中) → ``agreed`` (达成协议) or ``failed``
(调解不成, final) → ``archived`` (立卷归档, final); ``withdrawn`` (final) ends a dispute before
mediation. Details are filled by the actions, never typed in by hand; "standard dossier" (卷宗规范)
is derived from the dossier checklist (:mod:`casework_mediation.dossier`).

Recipe: carrying disputes to each outcome through the public API::

    import datetime as dt, casework
    from casework_mediation.committees import Committee, Mediator, put_committee

    book = casework.open_book("./book")
    # 1. register the committees and their mediators once (or `casework committees import FILE`)
    put_committee(book, Committee(
        id="XH-01", name="西河村人民调解委员会", type="village", township="贾家庄镇",
        mediators=(Mediator.of("李调解", id_number=None, phone=None),),
    ))
    # 2. register a dispute; the committee and every mediator must be in the registry
    case = book.create("mediation", received_on=dt.date(2020, 3, 2), actor="李调解",
        parties=[{"role": "applicant", "name": "张三"}, {"role": "respondent", "name": "李四"}],
        data={"committee": "XH-01", "mediators": ["李调解"], "dispute_type": "neighbour",
              "origin": "application", "amount": 3000})
    # 3. at least one recorded session
    book.act(case.id, "mediate", on=dt.date(2020, 3, 5), actor="李调解",
             data={"place": "村委会", "note": "背对背调解"})
    # 4a. success: a written 调解协议书 (or form "oral"); a grade may be proposed here
    book.act(case.id, "succeed", on=dt.date(2020, 3, 9), actor="李调解",
             data={"form": "written", "terms": "李四赔偿张三3000元"})
    book.act(case.id, "confirm", on=dt.date(2020, 3, 20), actor="李调解",    # optional, 30 ND
             data={"step": "applied", "court": "清河县人民法院"})
    book.act(case.id, "confirm", on=dt.date(2020, 3, 30), actor="李调解",
             data={"step": "granted"})
    book.act(case.id, "follow_up", on=dt.date(2020, 4, 9), actor="李调解",
             data={"performance": "performed"})
    book.act(case.id, "file_dossier", on=dt.date(2020, 4, 10), actor="李调解",
             data={"items": ["application", "rights_notice", "identity", "session_record",
                             "agreement", "follow_up_record", "confirmation_papers",
                             "back_cover"],
                   "grade": "general", "grade_approved_by": "贾家庄司法所"})
    # 4b. failure: book.act(id, "fail", ..., data={"directed_to": ["litigation"]}), then
    #     file_dossier with the items of a failed mediation
    # 4c. withdrawal before or during mediation: book.act(id, "withdraw", ...,
    #     data={"reason": "refused"})

Events are recorded in date order. Such an archived, performed, followed-up case with a standard
dossier and an approved grade earns the grade's amount under the 以案定补 rules
(:mod:`casework_mediation.subsidy`); leaving out the follow-up, a required dossier item or the
grade's approver makes a settled case that earns nothing, each with its reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping
from typing import Any

import attrs

from casework.errors import InvalidAction
from casework.i18n import Label, tr
from casework.model import Case, Flag
from casework.validators import code_in, codes_in
from casework.workflow import NEW, Action, CaseType, ClockRule, Expiry, State, Workflow
from casework_mediation.codes import (
    AGREEMENT_FORMS,
    CONFIRM_STEPS,
    DIRECTIONS,
    DISPUTE_TYPES,
    KIND,
    MEDIATION_KINDS,
    ORIGINS,
    PERFORMANCE,
    ROLES,
    TERMINATED_BY,
    WITHDRAW_REASONS,
    check_code,
)
from casework_mediation.dossier import TEMPLATE
from casework_mediation.report import FACTS_VERSION
from casework_mediation.report import facts as report_facts

CONFIRMATION_DAYS = 30
"""Days to apply jointly for 司法确认 after the agreement takes effect (PML Art. 33)."""


def _code(table: Mapping[str, Label]) -> Any:
    return code_in(table)


def _opt_code(table: Mapping[str, Label]) -> Any:
    return code_in(table)  # None passes


def _codes(table: Mapping[str, Label]) -> Any:
    return codes_in(table)


def _names(_: Any, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    for name in value:
        if not name.strip() or len(name) > 50:
            raise ValueError(
                tr(
                    f"{attribute.name}: 每个姓名 1 至 50 个字",
                    f"{attribute.name}: each name has 1 to 50 characters",
                )
            )
    if len(set(value)) != len(value):
        raise ValueError(
            tr(f"{attribute.name}: 姓名重复", f"{attribute.name}: a name is listed twice")
        )


def _not_negative(_: Any, attribute: attrs.Attribute[Any], value: int) -> None:
    if value < 0:
        raise ValueError(
            tr(f"{attribute.name}: 不能为负数", f"{attribute.name}: must not be negative")
        )


def _grade(_: Any, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None and not value.strip():
        raise ValueError(
            tr(
                f"{attribute.name}: 填写等级代码(如 general),或不填",
                f"{attribute.name}: a grade code such as 'general', or leave it out",
            )
        )


# -- records kept in the details --------------------------------------------------------------


@attrs.frozen
class Session:
    """One recorded mediation session (调解记录): date, mediators present, place, note."""

    on: dt.date
    mediators: tuple[str, ...] = ()
    place: str = ""
    note: str = ""


@attrs.frozen
class Agreement:
    """The agreement reached: ``form`` ``written`` (调解协议书) or ``oral`` (口头协议).

    ``effective_on``: a written agreement takes effect once signed and sealed (PML Art. 29), an
    oral one when the parties agree (Art. 30); the 30-day 司法确认 window counts from it.
    """

    form: str = attrs.field(validator=_code(AGREEMENT_FORMS))
    effective_on: dt.date
    terms: str = ""
    amount: int = attrs.field(default=0, validator=_not_negative)
    number: str = ""


@attrs.frozen
class Failure:
    """A failed mediation: where the parties were directed (PML Art. 26) and who ended it."""

    on: dt.date
    directed_to: tuple[str, ...] = attrs.field(validator=_codes(DIRECTIONS))
    terminated_by: str = attrs.field(default="mediator", validator=_code(TERMINATED_BY))
    reason: str = ""


@attrs.frozen
class Confirmation:
    """司法确认: the joint application and the court's ruling (``granted`` or ``rejected``)."""

    applied_on: dt.date
    court: str = ""
    ruling: str | None = attrs.field(default=None, validator=_opt_code(CONFIRM_STEPS))
    ruled_on: dt.date | None = None


@attrs.frozen
class FollowUp:
    """A follow-up visit (回访): when, by whom, and whether the agreement was performed."""

    on: dt.date
    performance: str = attrs.field(validator=_code(PERFORMANCE))
    by: str = ""
    note: str = ""


@attrs.frozen
class Dossier:
    """The filed dossier (卷宗): the checklist items present, the cover's entries."""

    filed_on: dt.date
    items: tuple[str, ...] = ()
    volume: str = ""
    filed_by: str = ""
    retention: str = ""


@attrs.frozen
class MediationDetails:
    """Details of a dispute; the actions fill them (see the module docstring's recipe).

    ``committee`` is a committee id of the registry; ``mediators`` the mediators' names as listed
    there; ``amount`` the amount at stake in yuan. ``grade`` and ``grade_approved_by`` are the
    case grade for 以案定补 and who approved it; ``grade_on`` the action that recorded it.
    """

    committee: str = ""
    mediators: tuple[str, ...] = attrs.field(default=(), validator=_names)
    dispute_type: str = attrs.field(default="other", validator=_code(DISPUTE_TYPES))
    origin: str = attrs.field(default="application", validator=_code(ORIGINS))
    referred_by: str = ""
    mediation_kind: str = attrs.field(default="people", validator=_code(MEDIATION_KINDS))
    amount: int = attrs.field(default=0, validator=_not_negative)
    summary: str = ""
    sessions: tuple[Session, ...] = ()
    agreement: Agreement | None = None
    failure: Failure | None = None
    withdrawal: str | None = attrs.field(default=None, validator=_opt_code(WITHDRAW_REASONS))
    confirmation: Confirmation | None = None
    follow_ups: tuple[FollowUp, ...] = ()
    dossier: Dossier | None = None
    grade: str | None = attrs.field(default=None, validator=_grade)
    grade_approved_by: str = ""
    grade_on: str | None = None
    possible_duplicates: tuple[str, ...] = ()
    duplicate_of: str | None = None

    @property
    def performance(self) -> str | None:
        """What the latest follow-up visit found, or ``None`` without a visit."""
        return self.follow_ups[-1].performance if self.follow_ups else None


# -- action data ------------------------------------------------------------------------------


@attrs.frozen
class Register:
    """Data of ``register`` (受理登记): the committee, mediators and the dispute."""

    committee: str
    mediators: tuple[str, ...] = attrs.field(default=(), validator=_names)
    dispute_type: str = attrs.field(default="other", validator=_code(DISPUTE_TYPES))
    origin: str = attrs.field(default="application", validator=_code(ORIGINS))
    referred_by: str = ""
    mediation_kind: str = attrs.field(default="people", validator=_code(MEDIATION_KINDS))
    amount: int = attrs.field(default=0, validator=_not_negative)
    summary: str = ""


@attrs.frozen
class Mediate:
    """Data of ``mediate``: a session; ``mediators`` present (added to the case's mediators)."""

    mediators: tuple[str, ...] = attrs.field(default=(), validator=_names)
    place: str = ""
    note: str = ""


@attrs.frozen
class Succeed:
    """Data of ``succeed``: the agreement, and optionally a proposed grade with its approver.

    ``effective_on`` defaults to the action's date.
    """

    form: str = attrs.field(validator=_code(AGREEMENT_FORMS))
    effective_on: dt.date | None = None
    terms: str = ""
    amount: int = attrs.field(default=0, validator=_not_negative)
    number: str = ""
    grade: str | None = attrs.field(default=None, validator=_grade)
    grade_approved_by: str = ""


@attrs.frozen
class Fail:
    """Data of ``fail`` (调解不成): where the parties were directed, at least one route."""

    directed_to: tuple[str, ...] = attrs.field(validator=_codes(DIRECTIONS))
    terminated_by: str = attrs.field(default="mediator", validator=_code(TERMINATED_BY))
    reason: str = ""


@attrs.frozen
class Confirm:
    """Data of ``confirm``: ``step`` ``applied`` (joint application), ``granted`` or ``rejected``."""

    step: str = attrs.field(validator=_code(CONFIRM_STEPS))
    court: str = ""
    joint: bool = True


@attrs.frozen
class VisitData:
    """Data of ``follow_up`` (回访): what the visit found, by whom."""

    performance: str = attrs.field(validator=_code(PERFORMANCE))
    by: str = ""
    note: str = ""


@attrs.frozen
class FileDossier:
    """Data of ``file_dossier`` (立卷归档): checklist item codes present, cover data, grade."""

    items: tuple[str, ...]
    volume: str = ""
    filed_by: str = ""
    retention: str = ""
    grade: str | None = attrs.field(default=None, validator=_grade)
    grade_approved_by: str = ""


@attrs.frozen
class Withdraw:
    """Data of ``withdraw``: ``withdrawn`` (application withdrawn) or ``refused`` (Art. 17)."""

    reason: str = attrs.field(default="withdrawn", validator=_code(WITHDRAW_REASONS))


# -- guards and effects -----------------------------------------------------------------------


def _details(case: Case) -> MediationDetails:
    details: MediationDetails = case.details
    return details


def _with(case: Case, **changes: Any) -> Case:
    return attrs.evolve(case, details=attrs.evolve(_details(case), **changes))


def _merge(names: tuple[str, ...], more: tuple[str, ...]) -> tuple[str, ...]:
    return (*names, *(n for n in more if n not in names))


def _guard_register(case: Case, data: Register) -> str | None:
    if not data.committee.strip():
        return tr("须填写调解委员会编号(committee)", "give the committee id (committee)")
    for party in case.parties:
        if (problem := check_code(party.role, ROLES, "parties.role")) is not None:
            return problem
    return None


@attrs.frozen
class RecordDuplicate:
    """Data of ``record_duplicate``: earlier cases this one may repeat, and the window used."""

    of: tuple[str, ...]
    window_days: int = 0


@attrs.frozen
class ConfirmDuplicate:
    """Data of ``confirm_duplicate``: the earlier case the officer finds this one repeats."""

    of: str
    note: str = ""


def _record_duplicate(case: Case, data: RecordDuplicate, on: dt.date) -> Case:
    found = tuple(dict.fromkeys((*_details(case).possible_duplicates, *data.of)))
    flag = Flag(
        "possible_duplicate",
        f"可能与 {'、'.join(found)} 为同一纠纷(同一当事人、纠纷类型,{data.window_days}日内登记);"
        "请核实,确为同一纠纷的用 confirm_duplicate 登记",
        f"may repeat {', '.join(found)} (same parties and dispute type, registered within "
        f"{data.window_days} days); check, and record confirm_duplicate if it is the same dispute",
    )
    flags = tuple(f for f in case.flags if f.code != "possible_duplicate")
    return attrs.evolve(_with(case, possible_duplicates=found), flags=(*flags, flag))


def _guard_confirm_duplicate(case: Case, data: ConfirmDuplicate) -> str | None:
    if data.of.strip() == case.id:
        return tr("data.of: 不能是本案自身", "data.of: not the case itself")
    if not data.of.strip():
        return tr("data.of: 须填写重复的案件编号", "data.of: give the case it repeats")
    return None


def _confirm_duplicate(case: Case, data: ConfirmDuplicate, on: dt.date) -> Case:
    flags = tuple(f for f in case.flags if f.code != "possible_duplicate")
    flag = Flag(
        "duplicate",
        f"经核实与 {data.of.strip()} 为同一纠纷(一案一补)",
        f"confirmed as the same dispute as {data.of.strip()} (one payment per dispute)",
    )
    return attrs.evolve(_with(case, duplicate_of=data.of.strip()), flags=(*flags, flag))


def _register(case: Case, data: Register, on: dt.date) -> Case:
    return _with(
        case,
        committee=data.committee.strip(),
        mediators=data.mediators,
        dispute_type=data.dispute_type,
        origin=data.origin,
        referred_by=data.referred_by,
        mediation_kind=data.mediation_kind,
        amount=data.amount,
        summary=data.summary,
    )


def _guard_mediate(case: Case, data: Mediate) -> str | None:
    if not data.mediators and not _details(case).mediators:
        return tr(
            "未指定调解员:请在 mediators 中写明主持调解的调解员(人民调解法第19条)",
            "no mediator assigned: name the mediators in data.mediators (PML Art. 19)",
        )
    return None


def _mediate(case: Case, data: Mediate, on: dt.date) -> Case:
    details = _details(case)
    present = data.mediators or details.mediators
    session = Session(on=on, mediators=present, place=data.place, note=data.note)
    return _with(
        case,
        mediators=_merge(details.mediators, data.mediators),
        sessions=(*details.sessions, session),
    )


def _guard_succeed(case: Case, data: Succeed, on: dt.date) -> str | None:
    """The agreement takes effect on or after the dispute was registered."""
    effective = data.effective_on or on
    if effective < case.received_on:
        return tr(
            f"协议生效日期 {effective} 早于纠纷登记日期 {case.received_on}",
            f"the agreement's effective date {effective} is before the dispute was registered "
            f"({case.received_on})",
        )
    return None


def _succeed(case: Case, data: Succeed, on: dt.date) -> Case:
    effective = data.effective_on or on
    if effective > on:
        raise _refusal(
            case,
            tr(
                f"协议生效日期 {effective} 晚于登记日期 {on}",
                f"the agreement's effective date {effective} is after the action date {on}",
            ),
        )
    agreement = Agreement(
        form=data.form,
        effective_on=effective,
        terms=data.terms,
        amount=data.amount,
        number=data.number,
    )
    changes: dict[str, Any] = {"agreement": agreement}
    if data.grade is not None:
        changes.update(
            grade=data.grade, grade_approved_by=data.grade_approved_by, grade_on="succeed"
        )
    return _with(case, **changes)


def _guard_fail(case: Case, data: Fail) -> str | None:
    if not data.directed_to:
        return tr(
            "调解不成须告知当事人可通过仲裁、行政、司法等途径解决(人民调解法第26条):"
            "请在 directed_to 中写明",
            "when mediation fails the parties must be told of arbitration, administrative or "
            "court routes (PML Art. 26): list them in data.directed_to",
        )
    return None


def _fail(case: Case, data: Fail, on: dt.date) -> Case:
    failure = Failure(
        on=on, directed_to=data.directed_to, terminated_by=data.terminated_by, reason=data.reason
    )
    return _with(case, failure=failure)


def _refusal(case: Case, message: str, hint: str | None = None) -> InvalidAction:
    return InvalidAction(message, state=case.state, hint=hint)


def _guard_confirm(case: Case, data: Confirm) -> str | None:
    current = _details(case).confirmation
    if data.step == "applied":
        if not data.joint:
            return tr(
                "司法确认须由双方当事人共同申请(人民调解法第33条)",
                "judicial confirmation needs a joint application of both parties (PML Art. 33)",
            )
        if current is not None:
            return tr(
                f"已于 {current.applied_on} 申请司法确认",
                f"already applied on {current.applied_on}",
            )
        return None
    if current is None:
        return tr(
            "尚未申请司法确认:先记录 step=applied", "no application yet: record step=applied first"
        )
    if current.ruling is not None:
        return tr(
            f"法院已于 {current.ruled_on} 作出裁定",
            f"the court already ruled on {current.ruled_on}",
        )
    return None


def _confirm(case: Case, data: Confirm, on: dt.date) -> Case:
    details = _details(case)
    if data.step == "applied":
        clock = case.clock("confirmation")
        agreement = details.agreement
        assert agreement is not None  # the workflow allows confirm only once agreed
        last = clock.due_on if clock is not None and clock.due_on is not None else None
        if last is not None and on > last:
            raise _refusal(
                case,
                tr(
                    f"申请司法确认须在调解协议生效({agreement.effective_on})之日起30日内,"
                    f"最迟于 {last}(含当日)提出;{on} 已逾期(人民调解法第33条)",
                    f"judicial confirmation must be applied for within 30 days of the agreement "
                    f"taking effect ({agreement.effective_on}), by {last} at the latest (that day "
                    f"included); {on} is too late "
                    f"(PML Art. 33)",
                ),
                hint=tr(
                    "逾期后当事人可就协议内容向法院提起诉讼",
                    "after the window the parties may sue on the agreement instead",
                ),
            )
        return _with(case, confirmation=Confirmation(applied_on=on, court=data.court))
    current = details.confirmation
    assert current is not None  # the guard refused a ruling without an application
    ruled = attrs.evolve(current, ruling=data.step, ruled_on=on, court=data.court or current.court)
    return _with(case, confirmation=ruled)


def _follow_up(case: Case, data: VisitData, on: dt.date) -> Case:
    visit = FollowUp(on=on, performance=data.performance, by=data.by, note=data.note)
    return _with(case, follow_ups=(*_details(case).follow_ups, visit))


def _guard_dossier(case: Case, data: FileDossier) -> str | None:
    if len(set(data.items)) != len(data.items):
        return tr("items 中有重复的材料", "data.items lists an item twice")
    confirmation = _details(case).confirmation
    if confirmation is not None and confirmation.ruling is None:
        return tr(
            "司法确认尚在审查中:法院裁定后再归档",
            "judicial confirmation is pending: file the dossier after the court rules",
        )
    return None


def _file_dossier(case: Case, data: FileDossier, on: dt.date) -> Case:
    dossier = Dossier(
        filed_on=on,
        items=data.items,
        volume=data.volume,
        filed_by=data.filed_by,
        retention=data.retention,
    )
    changes: dict[str, Any] = {"dossier": dossier}
    if data.grade is not None:
        changes.update(
            grade=data.grade, grade_approved_by=data.grade_approved_by, grade_on="file_dossier"
        )
    return _with(case, **changes)


def _withdraw(case: Case, data: Withdraw, on: dt.date) -> Case:
    return _with(case, withdrawal=data.reason)


def _confirmation_start(case: Case, data: Any, on: dt.date) -> dt.date:
    agreement = _details(case).agreement
    return agreement.effective_on if agreement is not None else on


# -- the workflow -----------------------------------------------------------------------------

STATES = (
    State("registered", Label("已登记", "registered")),
    State("mediating", Label("调解中", "in mediation")),
    State("agreed", Label("达成协议", "agreed")),
    State("failed", Label("调解不成", "failed"), final=True),
    State("withdrawn", Label("撤回", "withdrawn"), final=True),
    State("archived", Label("已归档", "archived"), final=True),
)

ALL_STATES = ("registered", "mediating", "agreed", "failed", "withdrawn", "archived")

ACTIONS = (
    Action(
        "register",
        Label("受理登记", "register"),
        sources=NEW,
        target="registered",
        data=Register,
        guard=_guard_register,
        effect=_register,
    ),
    Action(
        "mediate",
        Label("调解", "mediate"),
        sources=("registered", "mediating"),
        target="mediating",
        data=Mediate,
        guard=_guard_mediate,
        effect=_mediate,
    ),
    Action(
        "succeed",
        Label("调解成功", "succeed"),
        sources="mediating",
        target="agreed",
        data=Succeed,
        guard=_guard_succeed,
        effect=_succeed,
    ),
    Action(
        "fail",
        Label("调解不成", "fail"),
        sources="mediating",
        target="failed",
        data=Fail,
        guard=_guard_fail,
        effect=_fail,
    ),
    Action(
        "confirm",
        Label("司法确认", "judicial confirmation"),
        sources="agreed",
        data=Confirm,
        guard=_guard_confirm,
        effect=_confirm,
    ),
    Action(
        "follow_up",
        Label("回访", "follow-up visit"),
        sources="agreed",
        data=VisitData,
        effect=_follow_up,
    ),
    Action(
        "file_dossier",
        Label("立卷归档", "file the dossier"),
        sources=("agreed", "failed", "withdrawn"),
        target="archived",
        data=FileDossier,
        guard=_guard_dossier,
        effect=_file_dossier,
    ),
    Action(
        "withdraw",
        Label("撤回", "withdraw"),
        sources=("registered", "mediating"),
        target="withdrawn",
        data=Withdraw,
        effect=_withdraw,
    ),
    Action(
        "record_duplicate",
        Label("记录疑似重复纠纷", "record a possible duplicate"),
        sources=ALL_STATES,
        data=RecordDuplicate,
        effect=_record_duplicate,
    ),
    Action(
        "confirm_duplicate",
        Label("确认为重复纠纷", "confirm a duplicate"),
        sources=ALL_STATES,
        data=ConfirmDuplicate,
        guard=_guard_confirm_duplicate,
        effect=_confirm_duplicate,
    ),
)

CLOCKS = (
    ClockRule(
        "settlement",
        Label("一般一个月内调结", "settle within a month (as a rule)"),
        1,
        "months",
        starts_on="register",
        stops_on=("succeed", "fail", "withdraw"),
        planning=True,
        source="人民调解工作若干规定第33条",
    ),
    ClockRule(
        "confirmation",
        Label("申请司法确认期限", "window to apply for judicial confirmation"),
        CONFIRMATION_DAYS,
        "natural",
        starts_on="succeed",
        stops_on=("confirm", "file_dossier"),
        start=_confirmation_start,
        expiry=Expiry(Label("逾期未申请司法确认", "confirmation window closed")),
        planning=True,
        source="人民调解法第33条",
    ),
)

PML = Workflow(
    "PML",
    dt.date(2011, 1, 1),
    STATES,
    ACTIONS,
    CLOCKS,
    label=Label("人民调解法(2011年1月1日施行)", "People's Mediation Law (in force 2011-01-01)"),
)

FIELDS: Mapping[str, Label] = {
    "committee": Label("调解委员会", "committee"),
    "mediators": Label("调解员", "mediators"),
    "dispute_type": Label("纠纷类型", "dispute type"),
    "origin": Label("调解来源", "how it started"),
    "referred_by": Label("移送委托单位", "referred by"),
    "mediation_kind": Label("调解类别", "kind of mediation"),
    "amount": Label("涉及金额(元)", "amount at stake (yuan)"),
    "summary": Label("纠纷简要情况", "summary"),
    "sessions": Label("调解记录", "sessions"),
    "agreement": Label("调解协议", "agreement"),
    "failure": Label("调解不成", "failure"),
    "withdrawal": Label("撤回原因", "withdrawal"),
    "confirmation": Label("司法确认", "judicial confirmation"),
    "follow_ups": Label("回访", "follow-up visits"),
    "dossier": Label("卷宗", "dossier"),
    "grade": Label("案件等级", "case grade"),
    "grade_approved_by": Label("等级审批", "grade approved by"),
    "possible_duplicates": Label("疑似重复(待核实)", "possible duplicate of"),
    "duplicate_of": Label("确认重复", "confirmed duplicate of"),
}


def describe(case: Case) -> str:
    """One line for lists: dispute type, committee, agreement form or outcome."""
    details = _details(case)
    kind = DISPUTE_TYPES[details.dispute_type]
    form = AGREEMENT_FORMS[details.agreement.form].get() if details.agreement else ""
    return tr(
        f"{kind.zh}纠纷 · {details.committee}" + (f" · {form}" if form else ""),
        f"{kind.en} dispute · {details.committee}" + (f" · {form}" if form else ""),
    )


def duplicate_key(case: Case) -> Hashable | None:
    """Same committee, dispute type, party names and day: one dispute entered twice.

    That is what ``import`` skips. Disputes of the same people on other days are left to the
    adjustable rule of :mod:`casework_mediation.duplicates`, which flags and never refuses.
    """
    names = tuple(sorted(p.name for p in case.parties if p.role != "agent"))
    if not names:
        return None
    details = _details(case)
    return (details.committee, details.dispute_type, names, case.received_on.isoformat())


NESTED_FIELDS: Mapping[str, Label] = {
    "sessions.on": Label("日期", "on"),
    "sessions.place": Label("地点", "place"),
    "sessions.note": Label("情况", "note"),
    "agreement.form": Label("协议形式", "form"),
    "agreement.effective_on": Label("生效日期", "effective on"),
    "agreement.terms": Label("协议内容", "terms"),
    "agreement.amount": Label("协议金额(元)", "amount (yuan)"),
    "agreement.number": Label("协议书编号", "number"),
    "failure.on": Label("日期", "on"),
    "failure.directed_to": Label("告知途径", "directed to"),
    "failure.terminated_by": Label("终止方", "ended by"),
    "failure.reason": Label("原因", "reason"),
    "confirmation.applied_on": Label("申请日期", "applied on"),
    "confirmation.court": Label("法院", "court"),
    "confirmation.ruling": Label("裁定", "ruling"),
    "confirmation.ruled_on": Label("裁定日期", "ruled on"),
    "follow_ups.on": Label("日期", "on"),
    "follow_ups.performance": Label("履行情况", "performance"),
    "follow_ups.by": Label("回访人", "visited by"),
    "follow_ups.note": Label("情况", "note"),
    "dossier.filed_on": Label("归档日期", "filed on"),
    "dossier.items": Label("卷内材料", "items"),
    "dossier.volume": Label("卷号", "volume"),
    "dossier.filed_by": Label("立卷人", "filed by"),
    "dossier.retention": Label("保管期限", "retention"),
    "grade_on": Label("定级操作", "grade recorded by"),
}
"""Labels of the fields inside the records of a dispute (by dotted path)."""

DATA_FIELDS: Mapping[str, Label] = {
    "place": Label("调解地点", "place"),
    "note": Label("情况", "note"),
    "form": Label("协议形式", "form of the agreement"),
    "effective_on": Label("协议生效日期", "agreement effective on"),
    "terms": Label("协议内容", "terms"),
    "number": Label("协议书编号", "agreement number"),
    "directed_to": Label("告知途径", "directed to"),
    "terminated_by": Label("终止方", "ended by"),
    "reason": Label("原因", "reason"),
    "step": Label("确认进程", "step"),
    "court": Label("法院", "court"),
    "joint": Label("双方共同申请", "joint application"),
    "performance": Label("履行情况", "performance"),
    "by": Label("回访人", "visited by"),
    "items": Label("卷内材料", "dossier items"),
    "volume": Label("卷号", "volume"),
    "filed_by": Label("立卷人", "filed by"),
    "retention": Label("保管期限", "retention"),
    "withdraw:reason": Label("撤回原因", "reason for withdrawal"),
    "record_duplicate:of": Label("可能重复的案件", "possible repeats of"),
    "record_duplicate:window_days": Label("判断期间(天)", "window (days)"),
    "confirm_duplicate:of": Label("所重复的案件", "repeats the case"),
}
"""Labels of the action-data fields (those not named here read as the details field's)."""


def committee_names(book: Any) -> dict[str, Label]:
    """The registered committees of ``book``: id → name (for choosing one by name)."""
    from casework_mediation.committees import committees

    return {c.id: Label(c.name, c.name) for c in committees(book).values()}


def mediator_names(book: Any) -> dict[str, Label]:
    """The registered mediators of ``book``: name → "name (committee)"."""
    from casework_mediation.committees import committees

    out: dict[str, Label] = {}
    for committee in committees(book).values():
        for mediator in committee.mediators:
            out.setdefault(
                mediator.name,
                Label(f"{mediator.name}({committee.name})", f"{mediator.name} ({committee.name})"),
            )
    return out


MEDIATION = CaseType(
    name=KIND,
    label=Label("人民调解", "people's mediation"),
    details=MediationDetails,
    workflows=(PML,),
    code="MD",
    fields={**FIELDS, **NESTED_FIELDS},
    roles=ROLES,
    describe=describe,
    duplicate_key=duplicate_key,
    codes={"items": {item.code: item.label for item in TEMPLATE.items}},
    data_fields=DATA_FIELDS,
    intake=(),
    lookups={"committee": committee_names, "mediators": mediator_names},
    facts=report_facts,
    facts_version=FACTS_VERSION,
)
"""The case type registered under the name ``mediation`` (case ids ``MD2020-0001``)."""
