"""A case type defined inside the tests: proves a new kind needs no core change."""

from __future__ import annotations

import datetime as dt

import attrs

from casework import (
    Action,
    CaseType,
    ClockRule,
    Expiry,
    Label,
    State,
    Workflow,
    hookimpl,
)
from casework.model import Case, Flag


@attrs.frozen
class PetitionDetails:
    subject: str
    amount: int = 0
    decision: str | None = None
    learned_on: dt.date | None = None


@attrs.frozen
class Decide:
    outcome: str


@attrs.frozen
class Extend:
    days: int
    approver: str


@attrs.frozen
class Suspend:
    ground: str


def _decide(case: Case, data: Decide, on: dt.date) -> Case:
    return attrs.evolve(case, details=attrs.evolve(case.details, decision=data.outcome))


def _guard_decide(case: Case, data: Decide) -> str | None:
    if data.outcome not in {"upheld", "revoked"}:
        return f"unknown outcome {data.outcome}: use upheld or revoked"
    return None


def _late(case: Case, data: object, on: dt.date) -> Case:
    learned = case.details.learned_on
    if learned and (case.received_on - learned).days > 60:
        return attrs.evolve(case, flags=(*case.flags, Flag("late", "逾期申请", "filed late")))
    return case


STATES = (
    State("received", Label("已收到", "received")),
    State("accepted", Label("已受理", "accepted")),
    State("suspended", Label("中止", "suspended")),
    State("rejected", Label("不予受理", "rejected"), final=True),
    State("decided", Label("已决定", "decided"), final=True),
)
ACTIONS = (
    Action("receive", Label("收到", "receive"), sources="@new", target="received", effect=_late),
    Action("accept", Label("受理", "accept"), sources="received", target="accepted", numbers=True),
    Action(
        "deem_accept",
        Label("视为受理", "deem accepted"),
        sources="received",
        target="accepted",
        system=True,
    ),
    Action("reject", Label("不予受理", "reject"), sources="received", target="rejected"),
    Action(
        "suspend", Label("中止", "suspend"), sources="accepted", target="suspended", data=Suspend
    ),
    Action("resume", Label("恢复", "resume"), sources="suspended", target="accepted"),
    Action("extend", Label("延长", "extend"), sources="accepted", data=Extend),
    Action(
        "decide",
        Label("决定", "decide"),
        sources="accepted",
        target="decided",
        data=Decide,
        guard=_guard_decide,
        effect=_decide,
    ),
    Action("reopen", Label("重新办理", "reopen"), sources=("decided",), target="accepted"),
)
CLOCKS = (
    ClockRule(
        "review",
        Label("受理审查", "acceptance review"),
        5,
        "working",
        starts_on="receive",
        stops_on=("accept", "reject"),
        expiry=Expiry(Label("视为受理", "deemed accepted"), action="deem_accept"),
    ),
    ClockRule(
        "decision",
        Label("决定期限", "decision period"),
        60,
        "natural",
        starts_on=("accept", "deem_accept"),
        stops_on="decide",
        pauses_on="suspend",
        resumes_on="resume",
        extends_on="extend",
        max_extension=30,
    ),
)

PETITION = CaseType(
    name="petition",
    label=Label("测试申请", "test petition"),
    details=PetitionDetails,
    code="PT",
    number_format="测字〔{year}〕{seq}号",
    workflows=(
        Workflow("OLD", dt.date(2000, 1, 1), STATES, ACTIONS, CLOCKS),
        Workflow(
            "NEW",
            dt.date(2024, 1, 1),
            STATES,
            ACTIONS,
            (attrs.evolve(CLOCKS[0], length=3), CLOCKS[1]),
        ),
    ),
)


class PetitionPlugin:
    __name__ = "petition-test-plugin"

    @hookimpl
    def register_case_types(self, register):  # type: ignore[no-untyped-def]
        register(PETITION)
