"""The 行政应诉 case type: the government as defendant, one case per lawsuit across instances.

A case opens by ``serve`` (收到起诉状副本) on the day of service, which starts the 15-day period
for the defence and evidence. Recipe (``book = casework.open_book(...)``)::

    case = book.create(
        "litigation",
        received_on=date(2020, 5, 11),                  # the day the complaint copy was served
        actor="法制科",
        parties=[{"role": "plaintiff", "name": "王五", "id_number": "11010519491231002X"}],
        details={"defendant": "清河县人民政府", "defendant_short": "市政府",
                 "court": "清河县人民法院", "court_number": "(2020)冀0534行初5号",
                 "contested_act": "房屋征收补偿决定", "filed_on": "2020-05-08"},
    )
    book.act(case.id, "file_defence", on=date(2020, 5, 20), actor="法制科")
    book.act(case.id, "schedule_hearing", on=date(2020, 6, 1), actor="法制科",
             data={"hearing_on": "2020-06-15"})
    book.act(case.id, "attend_hearing", on=date(2020, 6, 15), actor="法制科",
             data={"appearances": [{"name": "赵副市长", "post": "副市长",
                                    "category": "deputy_head"}]})
    book.act(case.id, "judge", on=date(2020, 7, 20), actor="法制科",
             data={"type": "claims_dismissed"})         # codes: rules.OUTCOMES
    book.act(case.id, "close", on=date(2020, 8, 10), actor="法制科")   # after the appeal period

Other paths: ``appeal`` (from ``judged``, ``{"by": "plaintiff", "filed_on": "2020-07-30"}``)
opens the second instance, which again takes ``schedule_hearing`` / ``attend_hearing`` / ``judge``
(``appeal_dismissed``, ``appeal_withdrawn``, ``amended`` with ``{"result": <outcome>}``, or
``remanded``, after which the first instance runs again, with a new six-month period from the
remand's service and never under the simplified procedure, ALL Arts. 81, 82, 89); the court's
time limits leave out the time of 公告, 鉴定, 调解, 中止 and jurisdiction disputes (Interp18
Art. 50): ``court_pause`` with ``{"ground": "appraisal"}``, then ``court_resume``; 撤诉 is ``judge`` with
``withdrawal_allowed`` (or ``deemed_withdrawn``); ``retrial`` reopens a closed case (再审).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from typing import Any

import attrs

from casework import Action, CaseType, ClockRule, Label, State, Workflow
from casework.errors import InvalidAction
from casework.i18n import tr
from casework.model import Case, Flag
from casework.validators import code_in, listed_codes, not_blank
from casework_litigation.report import FACTS_VERSION
from casework_litigation.report import facts as report_facts
from casework_litigation.rules import (
    APPEARANCE_CATEGORIES,
    APPELLANTS,
    COURT_LEVELS,
    DEFENCE_DAYS,
    EFFECTIVE,
    FIRST,
    FIRST_INSTANCE_MONTHS,
    FIRST_INSTANCE_SIMPLIFIED_DAYS,
    HEAD_RULES,
    HEARING_NOTICE_DAYS,
    INSTANCES,
    OUTCOMES,
    PROCEDURES,
    RETRIAL,
    SECOND,
    SECOND_INSTANCE_MONTHS,
    counts_as_head,
    head_rule,
)

_code_in = code_in
_codes = listed_codes
_text = not_blank


# -- details -----------------------------------------------------------------------------------


@attrs.frozen
class Appearance:
    """Who appeared for the defendant: name, post and category (``rules.APPEARANCE_CATEGORIES``)."""

    name: str = attrs.field(validator=_text)
    post: str = ""
    category: str = attrs.field(default="staff", validator=_code_in(APPEARANCE_CATEGORIES))


@attrs.frozen
class HearingRecord:
    """A hearing attended: date, instance, who appeared and whether a head was among them."""

    held_on: dt.date
    instance: str
    appearances: tuple[Appearance, ...]
    head_appeared: bool
    head_rule: str


@attrs.frozen
class Judgment:
    """A judgment or ruling: its type, instance, date and date of service."""

    type: str
    instance: str
    on: dt.date
    served_on: dt.date
    result: str | None = None


@attrs.frozen
class AppealRecord:
    """An appeal: by whom and when it was filed."""

    by: str
    filed_on: dt.date


@attrs.frozen
class LitigationDetails:
    """The fields of a 行政应诉 case; those from ``defence_filed_on`` on are set by actions.

    ``defendant`` is the organ sued; ``defendant_short`` the short name the annual report uses
    (e.g. ``市政府``). Plaintiffs, third parties and the agents ad litem are ``case.parties``.
    ``outcome`` is the outcome in force: the last first-instance or retrial outcome, kept by an
    appeal dismissed and replaced by an amendment's ``result``.
    """

    defendant: str = attrs.field(validator=_text)
    defendant_short: str = ""
    court: str = ""
    court_level: str = attrs.field(default="basic", validator=_code_in(COURT_LEVELS))
    instance: str = attrs.field(default=FIRST, validator=_code_in(INSTANCES))
    procedure: str = attrs.field(default="ordinary", validator=_code_in(PROCEDURES))
    contested_act: str = ""
    court_number: str = ""
    filed_on: dt.date | None = None
    co_defendants: tuple[str, ...] = ()
    defence_filed_on: dt.date | None = None
    evidence: tuple[str, ...] = ()
    hearing_on: dt.date | None = None
    hearings: tuple[HearingRecord, ...] = ()
    judgments: tuple[Judgment, ...] = ()
    appeals: tuple[AppealRecord, ...] = ()
    outcome: str | None = None

    @property
    def short_name(self) -> str:
        """The defendant's name for reports: the short name, else the full name."""
        return self.defendant_short or self.defendant


# -- action data -------------------------------------------------------------------------------


@attrs.frozen
class FileDefence:
    """答辩状与证据: the evidence listed, and a note."""

    evidence: tuple[str, ...] = ()
    note: str = ""


@attrs.frozen
class ScheduleHearing:
    """开庭: the hearing date, and when the 出庭通知书 arrived (default: the day recorded)."""

    hearing_on: dt.date
    notified_on: dt.date | None = None


@attrs.frozen
class AttendHearing:
    """出庭应诉: everyone who appeared for the defendant."""

    appearances: tuple[Appearance, ...]


@attrs.frozen
class Judge:
    """裁判: type (``rules.OUTCOMES``); ``result`` for ``amended``; the date served on the organ."""

    type: str = attrs.field(validator=_code_in(OUTCOMES))
    result: str | None = attrs.field(default=None, validator=_code_in(dict.fromkeys(EFFECTIVE)))
    served_on: dt.date | None = None


COURT_PAUSES: dict[str, Label] = {
    "announcement": Label("公告期间", "announcement"),
    "appraisal": Label("鉴定期间", "expert appraisal"),
    "mediation": Label("调解期间", "mediation"),
    "suspension": Label("中止诉讼期间", "suspension"),
    "jurisdiction": Label("审理管辖异议、处理管辖争议期间", "jurisdiction objection or dispute"),
}
"""Times the courts' own limits leave out (Interp18 Art. 50)."""


@attrs.frozen
class CourtPause:
    """The court's time limit stops running: on which ground (``COURT_PAUSES``)."""

    ground: str = attrs.field(validator=_code_in(COURT_PAUSES))
    note: str = ""


def _court_running(case: Case, on: dt.date) -> str | None:
    """A court's time limit can be paused only while one is running."""
    if any(c.planning and c.status == "running" for c in case.clocks):
        return None
    return tr("没有正在计算的法院审理期限", "no court time limit is running")


def _court_paused(case: Case, on: dt.date) -> str | None:
    """A court's time limit can be resumed only while one is paused."""
    if any(c.planning and c.status == "paused" for c in case.clocks):
        return None
    return tr("法院审理期限未在扣除中", "no court time limit is paused")


@attrs.frozen
class Appeal:
    """上诉: by whom (``plaintiff``, ``defendant``, ``third_party``) and the day it was filed."""

    by: str = attrs.field(validator=_code_in(APPELLANTS))
    filed_on: dt.date


@attrs.frozen
class Retrial:
    """再审: the new court number and the ground."""

    court_number: str = ""
    reason: str = ""


# -- guards and effects ------------------------------------------------------------------------


def _details(case: Case, **changes: Any) -> Case:
    return attrs.evolve(case, details=attrs.evolve(case.details, **changes))


def _flag(case: Case, flag: Flag) -> Case:
    return attrs.evolve(case, flags=(*case.flags, flag))


def _refuse_now(case: Case, message: str, hint: str | None = None) -> InvalidAction:
    return InvalidAction(message, state=case.state, hint=hint)


def _file_defence(case: Case, data: FileDefence, on: dt.date) -> Case:
    updated = _details(case, defence_filed_on=on, evidence=tuple(data.evidence))
    clock = case.clock("defence")
    if clock is not None and clock.overdue(on):
        updated = _flag(
            updated,
            Flag(
                "late_defence",
                f"答辩举证逾期(期限至{clock.due_on}):逾期提供的证据视为没有相应证据"
                "(行政诉讼法第34条第2款)",
                f"defence filed after {clock.due_on}: late evidence counts as none (ALL 34(2))",
            ),
        )
    return updated


def _guard_schedule(case: Case, data: ScheduleHearing) -> str | None:
    if case.state == "judged" and case.details.judgments[-1].type != "remanded":
        return tr(
            "已作出裁判;只有发回重审后才能再次开庭", "a hearing after judgment needs a remand"
        )
    return None


def _schedule(case: Case, data: ScheduleHearing, on: dt.date) -> Case:
    if data.hearing_on < on:
        raise _refuse_now(
            case,
            tr(
                f"data.hearing_on: 开庭日期 {data.hearing_on} 早于登记日期 {on}",
                f"data.hearing_on {data.hearing_on} is before {on}",
            ),
        )
    updated = _details(case, hearing_on=data.hearing_on)
    notified = data.notified_on or on
    if (data.hearing_on - notified).days < HEARING_NOTICE_DAYS:
        updated = _flag(
            updated,
            Flag(
                "short_notice",
                f"出庭通知书送达距开庭不足{HEARING_NOTICE_DAYS}日(出庭应诉规定第5条)",
                f"hearing notice less than {HEARING_NOTICE_DAYS} days ahead (Heads20 Art. 5)",
            ),
        )
    return updated


def _guard_attend(case: Case, on: dt.date) -> str | None:
    scheduled = case.details.hearing_on
    if scheduled is not None and on < scheduled:
        return tr(
            f"开庭日期为 {scheduled},{on} 不能登记出庭应诉",
            f"the hearing is on {scheduled}: attendance cannot be recorded on {on}",
        )
    return None


def _attend(case: Case, data: AttendHearing, on: dt.date) -> Case:
    rule = head_rule(on)
    head = any(counts_as_head(a.category, on) for a in data.appearances)
    record = HearingRecord(on, case.details.instance, tuple(data.appearances), head, rule.name)
    updated = _details(case, hearings=(*case.details.hearings, record), hearing_on=None)
    if data.appearances and all(a.category == "lawyer" for a in data.appearances):
        updated = _flag(
            updated,
            Flag(
                "lawyer_only",
                f"{on}庭审仅有律师出庭,行政机关须派工作人员(行政诉讼法解释第128条第2款)",
                f"only a lawyer appeared on {on}; the organ must send staff (Interp18 128(2))",
            ),
        )
    return updated


def _guard_judge(case: Case, data: Judge) -> str | None:
    kind = OUTCOMES[data.type]
    instance = case.details.instance
    if instance not in kind.instances:
        allowed = {c: t for c, t in OUTCOMES.items() if instance in t.instances}
        return tr(
            f"{INSTANCES[instance].zh}不能作出“{kind.label.zh}”,可用: {_codes(allowed)}",
            f"{data.type} is not a {instance}-instance outcome; use {', '.join(allowed)}",
        )
    if data.type == "amended" and data.result is None:
        return tr(
            f"改判须写明改判结果(data.result),可用: {', '.join(EFFECTIVE)}",
            f"an amendment needs its result (data.result): one of {', '.join(EFFECTIVE)}",
        )
    if data.type != "amended" and data.result is not None:
        return tr("只有改判(amended)需要 result", "only amended takes a result")
    return None


def _judge(case: Case, data: Judge, on: dt.date) -> Case:
    details: LitigationDetails = case.details
    served = data.served_on or on
    if served < on:
        raise _refuse_now(
            case,
            tr(
                f"data.served_on: 送达日期 {served} 早于裁判登记日期 {on}",
                f"data.served_on {served} is before {on}",
            ),
        )
    kind = OUTCOMES[data.type]
    record = Judgment(data.type, details.instance, on, served, data.result)
    outcome = details.outcome
    instance = details.instance
    if data.type == "amended":
        outcome = data.result
    elif data.type == "remanded":
        outcome, instance = None, FIRST
    elif not kind.keeps_outcome:
        outcome = data.type
    return _details(
        case, judgments=(*details.judgments, record), outcome=outcome, instance=instance
    )


def _appealable(case: Case) -> int:
    details: LitigationDetails = case.details
    if not details.judgments:
        return 0
    last = details.judgments[-1]
    return OUTCOMES[last.type].appeal_days if last.instance == FIRST else 0


def _guard_appeal(case: Case, data: Appeal) -> str | None:
    if not _appealable(case):
        return tr(
            "该裁判不能上诉(二审、再审裁判,或准予撤诉、调解等)",
            "this judgment or ruling cannot be appealed",
        )
    clock = next((c for c in case.clocks if c.name.startswith("appeal") and c.running), None)
    if clock is not None and clock.due_on is not None and data.filed_on > clock.due_on:
        return tr(
            f"上诉期已于{clock.due_on}届满(上诉状提交于{data.filed_on})",
            f"the appeal period ended on {clock.due_on} (appeal filed {data.filed_on})",
        )
    return None


def _appeal(case: Case, data: Appeal, on: dt.date) -> Case:
    if data.filed_on > on:
        raise _refuse_now(
            case,
            tr(
                f"data.filed_on: 上诉日期 {data.filed_on} 晚于登记日期 {on}",
                f"data.filed_on {data.filed_on} is after {on}",
            ),
        )
    record = AppealRecord(data.by, data.filed_on)
    return _details(case, appeals=(*case.details.appeals, record), instance=SECOND)


def _close(case: Case, data: None, on: dt.date) -> Case:
    running = [
        c
        for c in case.clocks
        if c.name.startswith("appeal") and c.running and c.due_on is not None and on <= c.due_on
    ]
    if running:
        raise _refuse_now(
            case,
            tr(
                f"上诉期至{running[0].due_on}届满,裁判尚未生效",
                f"the appeal period runs until {running[0].due_on}; not yet effective",
            ),
            hint=tr("上诉期届满后再结案,或登记上诉", "close after it, or record the appeal"),
        )
    return case


def _retrial(case: Case, data: Retrial, on: dt.date) -> Case:
    number = data.court_number or case.details.court_number
    return _details(case, instance=RETRIAL, court_number=number)


def _served_or(case: Case, data: Any, on: dt.date) -> dt.date:
    return getattr(data, "served_on", None) or on


def _filed_or(case: Case, data: Any, on: dt.date) -> dt.date:
    return case.details.filed_on or on


def _appeal_filed(case: Case, data: Any, on: dt.date) -> dt.date:
    return getattr(data, "filed_on", None) or on


def _opens_appeal(days: int) -> Callable[[Case, Any], bool]:
    def when(case: Case, data: Any) -> bool:
        return _appealable(case) == days

    return when


def _procedure(name: str) -> Callable[[Case, Any], bool]:
    def when(case: Case, data: Any) -> bool:
        if isinstance(data, Judge):  # a remand: tried anew, never simplified (ALL Art. 82)
            return data.type == "remanded" and name == "ordinary"
        return bool(case.details.procedure == name)

    return when


def _filed_or_remanded(case: Case, data: Any, on: dt.date) -> dt.date:
    if isinstance(data, Judge):
        return data.served_on or on
    return _filed_or(case, data, on)


# -- the workflow ------------------------------------------------------------------------------


def L(zh: str, en: str) -> Label:
    """Shorthand for :class:`Label`."""
    return Label(zh, en)


STATES = (
    State("served", L("已收到起诉状副本(待答辩)", "served, defence due")),
    State("defended", L("已答辩举证", "defence filed")),
    State("hearing_scheduled", L("待开庭", "hearing scheduled")),
    State("heard", L("已开庭(待裁判)", "heard, awaiting judgment")),
    State("judged", L("已裁判(上诉期/待生效)", "judged")),
    State("appealed", L("二审/再审中", "on appeal or retrial")),
    State("closed", L("已结案(裁判生效)", "closed"), final=True),
)

_IN_COURT = ("served", "defended", "hearing_scheduled", "heard", "appealed")

ACTIONS = (
    Action("serve", L("收到起诉状副本", "complaint served"), sources="@new", target="served"),
    Action("file_defence", L("提交答辩状与证据", "file the defence"), sources="served",
           target="defended", data=FileDefence, effect=_file_defence),
    Action("schedule_hearing", L("排定开庭", "schedule a hearing"),
           sources=("served", "defended", "heard", "appealed", "judged"),
           target="hearing_scheduled", data=ScheduleHearing, guard=_guard_schedule,
           effect=_schedule),
    Action("attend_hearing", L("出庭应诉", "attend the hearing"), sources="hearing_scheduled",
           target="heard", data=AttendHearing, effect=_attend, available=_guard_attend),
    Action("judge", L("收到裁判", "judgment or ruling"), sources=_IN_COURT, target="judged",
           data=Judge, guard=_guard_judge, effect=_judge),
    Action("appeal", L("上诉", "appeal"), sources="judged", target="appealed", data=Appeal,
           guard=_guard_appeal, effect=_appeal),
    Action("close", L("结案(裁判生效)", "close"), sources="judged", target="closed",
           effect=_close),
    Action("retrial", L("再审", "retrial"), sources="closed", target="appealed", data=Retrial,
           effect=_retrial),
    Action("court_pause", L("法院审理期限扣除(开始)", "court time limit paused"),
           sources=_IN_COURT, data=CourtPause, available=_court_running),
    Action("court_resume", L("法院审理期限扣除(结束)", "court time limit resumed"),
           sources=_IN_COURT, available=_court_paused),
)  # fmt: skip

COURT_PAUSE_SOURCE = "最高法行政诉讼法解释第50条"

CLOCKS = (
    ClockRule(
        "defence",
        L("答辩举证期限", "defence and evidence"),
        DEFENCE_DAYS,
        "natural",
        starts_on="serve",
        stops_on=("file_defence", "judge"),
        source="行政诉讼法第67条",
    ),
    ClockRule(
        "first_instance",
        L("一审审理期限(法院)", "first instance (court)"),
        FIRST_INSTANCE_MONTHS,
        "months",
        starts_on=("serve", "judge"),
        stops_on="judge",
        pauses_on="court_pause",
        resumes_on="court_resume",
        when=_procedure("ordinary"),
        start=_filed_or_remanded,
        planning=True,
        source="行政诉讼法第81条(发回重审的自发回裁定送达起重新计算,第89条;扣除期间见解释第50条)",
    ),
    ClockRule(
        "first_instance_simplified",
        L("一审审理期限(简易程序)", "first instance, simplified (court)"),
        FIRST_INSTANCE_SIMPLIFIED_DAYS,
        "natural",
        starts_on="serve",
        stops_on="judge",
        pauses_on="court_pause",
        resumes_on="court_resume",
        when=_procedure("simplified"),
        start=_filed_or,
        planning=True,
        source="行政诉讼法第83条",
    ),
    ClockRule(
        "appeal_judgment",
        L("上诉期限(判决)", "appeal period (judgment)"),
        15,
        "natural",
        starts_on="judge",
        stops_on=("appeal", "close"),
        when=_opens_appeal(15),
        start=_served_or,
        planning=True,
        source="行政诉讼法第85条",
    ),
    ClockRule(
        "appeal_ruling",
        L("上诉期限(裁定)", "appeal period (ruling)"),
        10,
        "natural",
        starts_on="judge",
        stops_on=("appeal", "close"),
        when=_opens_appeal(10),
        start=_served_or,
        planning=True,
        source="行政诉讼法第85条",
    ),
    ClockRule(
        "second_instance",
        L("二审审理期限(法院)", "second instance (court)"),
        SECOND_INSTANCE_MONTHS,
        "months",
        starts_on="appeal",
        stops_on="judge",
        pauses_on="court_pause",
        resumes_on="court_resume",
        start=_appeal_filed,
        planning=True,
        source="行政诉讼法第88条",
    ),
)

ALL17 = Workflow(
    "ALL17",
    dt.date(2015, 5, 1),
    tuple(STATES),
    tuple(ACTIONS),
    tuple(CLOCKS),
    label=L(
        "行政诉讼法(2017年修正)及其司法解释(2018年)",
        "Administrative Litigation Law (2017) and the 2018 interpretation",
    ),
)
"""The one rule set: ALL as amended (2014 revision in force 2015-05-01, 2017 amendment)."""


def _describe(case: Case) -> str:
    details: LitigationDetails = case.details
    plaintiffs = "、".join(p.name for p in case.parties_in("plaintiff")) or tr("原告", "plaintiff")
    where = f" {details.court_number}" if details.court_number else ""
    return tr(
        f"{plaintiffs} 诉 {details.defendant}{where} ({INSTANCES[details.instance].zh})",
        f"{plaintiffs} v. {details.defendant}{where} ({details.instance} instance)",
    )


def _duplicate_key(case: Case) -> Hashable | None:
    plaintiff = next(iter(case.parties_in("plaintiff")), None)
    if plaintiff is None:
        return None
    who = plaintiff.id_number or plaintiff.name
    return ("litigation", who, case.details.defendant, case.details.contested_act)


FIELDS: dict[str, Label] = {
    "defendant": L("被告", "defendant"),
    "defendant_short": L("被告简称", "defendant (short name)"),
    "court": L("受诉法院", "court"),
    "court_level": L("法院层级", "court level"),
    "instance": L("审级", "instance"),
    "procedure": L("审理程序", "procedure"),
    "contested_act": L("被诉行政行为", "contested act"),
    "court_number": L("法院案号", "court case number"),
    "filed_on": L("立案日期", "filed on"),
    "co_defendants": L("共同被告", "co-defendants"),
    "defence_filed_on": L("答辩日期", "defence filed on"),
    "evidence": L("证据目录", "evidence"),
    "hearing_on": L("开庭日期", "hearing on"),
    "hearings": L("出庭记录", "hearings attended"),
    "judgments": L("裁判", "judgments and rulings"),
    "appeals": L("上诉", "appeals"),
    "outcome": L("生效结果", "outcome in force"),
}

ROLES: dict[str, Label] = {
    "plaintiff": L("原告", "plaintiff"),
    "third_party": L("第三人", "third party"),
    "agent": L("诉讼代理人", "agent ad litem"),
    "plaintiff_agent": L("原告代理人", "plaintiff's agent"),
}

FIELDS.update(
    {
        "hearings.held_on": L("开庭日期", "held on"),
        "hearings.instance": L("审级", "instance"),
        "hearings.appearances": L("出庭人员", "who appeared"),
        "hearings.appearances.name": L("姓名", "name"),
        "hearings.appearances.post": L("职务", "post"),
        "hearings.appearances.category": L("出庭身份", "capacity"),
        "hearings.head_appeared": L("负责人出庭", "head appeared"),
        "hearings.head_rule": L("适用规定", "rule applied"),
        "judgments.type": L("裁判类型", "judgment"),
        "judgments.instance": L("审级", "instance"),
        "judgments.on": L("裁判日期", "given on"),
        "judgments.served_on": L("送达日期", "served on"),
        "judgments.result": L("结果", "result"),
        "appeals.by": L("上诉人", "appellant"),
        "appeals.filed_on": L("上诉日期", "filed on"),
    }
)

DATA_FIELDS: dict[str, Label] = {
    "note": L("说明", "note"),
    "notified_on": L("传票送达日期", "summons received on"),
    "appearances": L("出庭人员", "who appeared"),
    "appearances.name": L("姓名", "name"),
    "appearances.post": L("职务", "post"),
    "appearances.category": L("出庭身份", "capacity"),
    "type": L("裁判类型", "judgment"),
    "result": L("变更后结果", "result as amended"),
    "served_on": L("送达日期", "served on"),
    "by": L("上诉人", "appellant"),
    "appeal:filed_on": L("上诉日期", "filed on"),
    "retrial:reason": L("再审理由", "ground of retrial"),
    "court_pause:ground": L("不计入审理期限的事由", "ground excluded from the time limit"),
}
"""Labels of the action-data fields (those not named here read as the details field's)."""

LITIGATION = CaseType(
    name="litigation",
    label=L("行政应诉", "administrative litigation"),
    details=LitigationDetails,
    workflows=tuple([ALL17]),
    code="LT",
    fields=FIELDS,
    roles=ROLES,
    required_roles={"plaintiff": 1},
    describe=_describe,
    duplicate_key=_duplicate_key,
    facts=report_facts,
    facts_version=FACTS_VERSION,
    codes={
        "type": OUTCOMES,
        "result": OUTCOMES,
        "outcome": OUTCOMES,
        "by": APPELLANTS,
        "instance": INSTANCES,
        "category": APPEARANCE_CATEGORIES,
        "head_rule": {
            rule.name: L(f"{rule.source}", f"{rule.name} ({rule.effective_from})")
            for rule in HEAD_RULES
        },
    },
    data_fields=DATA_FIELDS,
    intake=(
        "defendant",
        "defendant_short",
        "court",
        "court_number",
        "court_level",
        "instance",
        "procedure",
        "contested_act",
        "filed_on",
        "co_defendants",
    ),
)
"""The 行政应诉 case type (kind ``litigation``, case ids ``LT2020-0001``)."""
