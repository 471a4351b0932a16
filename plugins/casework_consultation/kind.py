"""The case type ``consultation`` (免费法律咨询): one duty shift and the consultations given on it.

A justice bureau has lawyers, legal service workers (基层法律服务工作者) and retired judges and
prosecutors sit duty shifts (坐班) at service points: the approval hall (审批大厅), the public legal
service centre, and the public legal service platforms of the townships and streets (乡镇(街道)).
Each shift is a case, received on the day of the shift. It is scheduled ahead (``schedule``) and
then logged (``hold``) or cancelled (``cancel``); a shift recorded only after it was held opens
directly by ``log``. The log gives the consultations (人次) by matter type and the people
referred to legal aid (转介法律援助). Recipe::

    case = book.create(
        "consultation", received_on=date(2020, 6, 5), actor="王科员",
        details={"site": "township", "venue": "杏花村镇公共法律服务工作站",
                 "provider": "李律师", "provider_kind": "lawyer"},
        action="log", data={"matters": {"marriage_family": 3, "labour": 2}, "referrals": 1},
    )

The one clock, ``log`` (台账登记, 3 working days from a scheduled shift to its log), is a
management rule of the register, not a statutory period: no law sets one for free consultation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from casework import NEW, Action, Case, CaseType, ClockRule, Label, State, Workflow
from casework.i18n import tr
from casework.validators import code_in, code_problem, not_blank
from casework_consultation.codes import KIND, MATTERS, PROVIDERS, SITES
from casework_consultation.report import FACTS_VERSION
from casework_consultation.report import facts as report_facts

MAX_PER_SHIFT = 500
"""More people than this on one shift is taken for a typing error."""


def _count(value: Any, field: str) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_PER_SHIFT:
        return tr(
            f"{field}: 应为0至{MAX_PER_SHIFT}的整数,收到 {value!r:.40}",
            f"{field}: a whole number from 0 to {MAX_PER_SHIFT}, got {value!r:.40}",
        )
    return None


def _check_matters(_: Any, attribute: attrs.Attribute[Any], value: Mapping[str, int]) -> None:
    for code, count in value.items():
        if problem := code_problem(MATTERS, code, f"{attribute.name}.{code}"):
            raise ValueError(problem)
        if problem := _count(count, f"{attribute.name}.{code}"):
            raise ValueError(problem)
    if sum(value.values()) > MAX_PER_SHIFT:
        raise ValueError(
            tr(
                f"{attribute.name}: 一个班次合计超过{MAX_PER_SHIFT}人次,请核对",
                f"{attribute.name}: more than {MAX_PER_SHIFT} people on one shift; check it",
            )
        )


def _check_count(_: Any, attribute: attrs.Attribute[Any], value: int) -> None:
    if problem := _count(value, attribute.name):
        raise ValueError(problem)


def _matters(value: Mapping[str, int]) -> dict[str, int]:
    return {str(k): v for k, v in dict(value).items() if v != 0}


@attrs.frozen
class Shift:
    """The details of a shift case.

    ``site`` is a code of :data:`SITES`; ``venue`` names the place (``审批大厅``,
    ``杏花村镇公共法律服务工作站``); ``provider`` is who served and ``provider_kind`` a code of
    :data:`PROVIDERS`. ``matters`` (people consulted by matter type) and ``referrals`` (people
    referred to legal aid) are filled in when the shift is logged.
    """

    site: str = attrs.field(validator=code_in(SITES))
    venue: str = attrs.field(validator=not_blank)
    provider: str = attrs.field(validator=not_blank)
    provider_kind: str = attrs.field(validator=code_in(PROVIDERS))
    matters: dict[str, int] = attrs.field(factory=dict, converter=_matters)
    referrals: int = 0
    reason: str = ""

    @property
    def consultations(self) -> int:
        """People consulted on the shift (人次), all matters together."""
        return sum(self.matters.values())


@attrs.frozen
class ShiftLog:
    """The data of ``hold``, ``log`` and ``amend``: people consulted by matter, and referrals."""

    matters: dict[str, int] = attrs.field(converter=_matters, validator=_check_matters)
    referrals: int = attrs.field(default=0, validator=_check_count)


@attrs.frozen
class Cancellation:
    """The data of ``cancel``: why the shift did not take place."""

    reason: str = attrs.field(validator=not_blank)


def _guard_log(case: Case, data: ShiftLog) -> str | None:
    total = sum(data.matters.values())
    if data.referrals > total:
        return tr(
            f"转介法律援助人数({data.referrals})不能多于咨询人次({total})",
            f"referrals ({data.referrals}) cannot exceed the people consulted ({total})",
        )
    return None


def _log(case: Case, data: ShiftLog, on: dt.date) -> Case:
    details = attrs.evolve(case.details, matters=data.matters, referrals=data.referrals)
    return attrs.evolve(case, details=details)


def _cancel(case: Case, data: Cancellation, on: dt.date) -> Case:
    return attrs.evolve(case, details=attrs.evolve(case.details, reason=data.reason))


STATES = (
    State("scheduled", Label("已排班", "scheduled")),
    State("held", Label("已坐班", "held"), final=True),
    State("cancelled", Label("已取消", "cancelled"), final=True),
)

ACTIONS = (
    Action("schedule", Label("排班", "schedule"), sources=NEW, target="scheduled"),
    Action("log", Label("登记已坐班次", "record a shift held"), sources=NEW, target="held",
           data=ShiftLog, guard=_guard_log, effect=_log),
    Action("hold", Label("坐班登记", "log the shift"), sources="scheduled", target="held",
           data=ShiftLog, guard=_guard_log, effect=_log),
    Action("cancel", Label("取消", "cancel"), sources="scheduled", target="cancelled",
           data=Cancellation, effect=_cancel),
    Action("amend", Label("更正台账", "correct the log"), sources="held", data=ShiftLog,
           guard=_guard_log, effect=_log),
)  # fmt: skip

CLOCKS = (
    ClockRule(
        "log",
        Label("台账登记", "register entry"),
        3,
        "working",
        starts_on="schedule",
        stops_on=("hold", "cancel"),
        source="坐班台账登记(管理期限,非法定期限;本软件示例值)",
    ),
)

FIELDS: dict[str, Label] = {
    "site": Label("坐班地点类型", "site"),
    "venue": Label("坐班地点", "venue"),
    "provider": Label("坐班人员", "served by"),
    "provider_kind": Label("人员类别", "provider kind"),
    "matters": Label("咨询人次(按事项)", "people consulted by matter"),
    "referrals": Label("转介法律援助", "referred to legal aid"),
    "reason": Label("取消原因", "reason for cancelling"),
}

CONSULTATION = CaseType(
    name=KIND,
    label=Label("免费法律咨询", "free legal consultation"),
    details=Shift,
    code="FC",
    workflows=(
        Workflow(
            "FC",
            dt.date(2015, 1, 1),
            STATES,
            ACTIONS,
            CLOCKS,
            label=Label("免费法律咨询便民坐班", "free consultation duty shifts"),
        ),
    ),
    fields=FIELDS,
    describe=lambda case: f"{case.details.venue} {case.details.provider}",
    codes={"matters": MATTERS},
    intake=("site", "venue", "provider", "provider_kind"),
    facts=report_facts,
    facts_version=FACTS_VERSION,
)
"""The ``consultation`` case type (case ids ``FC2020-0001``)."""
