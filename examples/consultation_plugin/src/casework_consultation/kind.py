"""The case type ``consultation`` (免费法律咨询): one duty shift and the consultations given on it.

A county's justice bureau has lawyers, grassroots legal service workers (基层法律服务工作者) and
retired judges and prosecutors sit duty shifts (坐班) at the city approval hall (审批大厅) and at
the public legal service platforms of the townships and streets (乡镇(街道)). Each shift is a
case: it is scheduled (``schedule``), then held and logged with the number of people consulted
and the topics raised (``hold``), or cancelled (``cancel``). A logged shift may be corrected
(``amend``). The date of receipt of the case is the date of the shift.

The one clock, ``log``, is a management rule, not a statute: the shift's register (台账) is
to be entered within 3 working days of the shift. Change it to your bureau's own rule.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from casework import NEW, Action, Case, CaseType, ClockRule, Label, State, Workflow

KIND = "consultation"

SITES: dict[str, Label] = {
    "hall": Label("市审批大厅", "the city approval hall"),
    "township": Label("乡镇(街道)公共法律服务平台", "a township (street) public legal platform"),
}
"""Where a shift is held: the approval hall, or a township's (street's) public platform."""

PROVIDERS: dict[str, Label] = {
    "lawyer": Label("律师", "lawyer"),
    "grassroots": Label("基层法律服务工作者", "grassroots legal service worker"),
    "retired_judge": Label("退休法官", "retired judge"),
    "retired_prosecutor": Label("退休检察官", "retired prosecutor"),
}
"""Who may serve a shift."""

MAX_PER_SHIFT = 500
"""More people than this on one shift is taken for a typing error."""


def _one_of(choices: dict[str, Label]) -> Any:
    def check(_: object, attribute: attrs.Attribute[Any], value: str) -> None:
        if value not in choices:
            raise ValueError(f"{attribute.name}: {value!r} is not one of {', '.join(choices)}")

    return check


def _topics(value: Any) -> tuple[str, ...]:
    return tuple(str(v).strip() for v in value if str(v).strip())


def _check_count(_: object, attribute: attrs.Attribute[Any], value: int) -> None:
    if not 0 <= value <= MAX_PER_SHIFT:
        raise ValueError(f"{attribute.name}: a whole number from 0 to {MAX_PER_SHIFT}")


@attrs.frozen
class Shift:
    """The details of a shift case.

    ``site`` is ``hall`` or ``township``; ``venue`` names the place (``审批大厅``,
    ``杏花村镇公共法律服务工作站``); ``provider`` is who served and ``provider_kind`` one of
    :data:`PROVIDERS`. ``consultations`` (人次) and ``topics`` are filled in when the shift is held.
    """

    site: str = attrs.field(validator=_one_of(SITES))
    venue: str
    provider: str
    provider_kind: str = attrs.field(validator=_one_of(PROVIDERS))
    consultations: int = attrs.field(default=0, validator=_check_count)
    topics: tuple[str, ...] = attrs.field(default=(), converter=_topics)


@attrs.frozen
class ShiftLog:
    """The data of ``hold`` and ``amend``: how many people were consulted, on what topics."""

    consultations: int = attrs.field(validator=_check_count)
    topics: tuple[str, ...] = attrs.field(default=(), converter=_topics)


@attrs.frozen
class Cancellation:
    """The data of ``cancel``: why the shift did not take place."""

    reason: str


def _log(case: Case, data: ShiftLog, on: dt.date) -> Case:
    details = attrs.evolve(case.details, consultations=data.consultations, topics=data.topics)
    return attrs.evolve(case, details=details)


STATES = (
    State("scheduled", Label("已排班", "scheduled")),
    State("held", Label("已坐班", "held"), final=True),
    State("cancelled", Label("已取消", "cancelled"), final=True),
)

ACTIONS = (
    Action("schedule", Label("排班", "schedule"), sources=NEW, target="scheduled"),
    Action(
        "hold",
        Label("坐班登记", "log the shift"),
        sources="scheduled",
        target="held",
        data=ShiftLog,
        effect=_log,
    ),
    Action(
        "cancel",
        Label("取消", "cancel"),
        sources="scheduled",
        target="cancelled",
        data=Cancellation,
    ),
    Action(
        "amend", Label("更正台账", "correct the log"), sources="held", data=ShiftLog, effect=_log
    ),
)

CLOCKS = (
    ClockRule(
        "log",
        Label("台账登记", "register entry"),
        3,
        "working",
        starts_on="schedule",
        stops_on=("hold", "cancel"),
        source="本局免费法律咨询坐班台账制度(管理期限,非法定期限)",
    ),
)

CONSULTATION = CaseType(
    name=KIND,
    label=Label("免费法律咨询", "free legal consultation"),
    details=Shift,
    code="FC",
    workflows=(
        Workflow(
            "FC2020",
            dt.date(2020, 1, 1),
            STATES,
            ACTIONS,
            CLOCKS,
            label=Label("免费法律咨询便民坐班", "free consultation duty shifts"),
        ),
    ),
    fields={
        "site": Label("坐班地点类型", "site"),
        "venue": Label("坐班地点", "venue"),
        "provider": Label("坐班人员", "served by"),
        "provider_kind": Label("人员类别", "provider kind"),
        "consultations": Label("咨询人次", "people consulted"),
        "topics": Label("咨询事项", "topics"),
    },
    describe=lambda case: f"{case.details.venue} {case.details.provider}",
)
"""The registered case type."""
