"""The case type ``xinfang`` (信访事项): a matter brought by letter, visit or online, and its answer.

A petitioner (信访人) brings a matter to an organ by letter, visit, telephone or online. The organ
registers it (``register``) and within 15 days tells the petitioner whether it accepts it
(``accept``), does not (``not_accept``), or sends it to the competent organ (``transfer``). An
accepted matter is answered in writing (``answer``) within 60 days of acceptance; the head of the
organ may extend that once by up to 30 days (``extend``). A petitioner who disagrees may ask the
organ above for a review (复查) within 30 days of the answer (``request_review``); the review
opinion (``review``) is due within 30 days. Without a request in time the matter is concluded
(the system action ``conclude``, recorded by the book when the window ends).

Periods: 信访条例 (国务院令第431号, 2005) Arts. 21-22 (15 days), 33 (60 days, extension of at most
30 days), 34 (复查: 30 days to ask, 30 days to answer); the 信访工作条例 (2022) keeps these
periods. 复核 (a further review above the reviewing organ) is not modelled in this example.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from casework import NEW, Action, Case, CaseType, ClockRule, Expiry, Label, State, Workflow
from casework.i18n import tr
from casework.validators import code_in, not_blank

from casework_xinfang.codes import CHANNELS, KIND, OPINIONS
from casework_xinfang.report import FACTS_VERSION
from casework_xinfang.report import facts as report_facts

LAW = "信访条例(国务院令第431号)"


@attrs.frozen
class Matter:
    """The details of a 信访 case.

    ``channel`` is a code of :data:`CHANNELS`; ``subject`` says what the matter is about;
    ``organ`` is the organ handling it. The rest is filled in by actions.
    """

    channel: str = attrs.field(validator=code_in(CHANNELS))
    subject: str = attrs.field(validator=not_blank)
    organ: str = attrs.field(validator=not_blank)
    opinion: str | None = attrs.field(default=None, validator=code_in(OPINIONS))
    review_opinion: str | None = attrs.field(default=None, validator=code_in(OPINIONS))
    transferred_to: str = ""
    reason: str = ""


@attrs.frozen
class Reason:
    """The data of ``not_accept``: why the matter is not accepted."""

    reason: str = attrs.field(validator=not_blank)


@attrs.frozen
class Transfer:
    """The data of ``transfer``: the competent organ the matter is sent to."""

    organ: str = attrs.field(validator=not_blank)


@attrs.frozen
class Extension:
    """The data of ``extend``: days (at most 30), the approving head and the reason."""

    days: int
    approver: str = attrs.field(validator=not_blank)
    reason: str = attrs.field(validator=not_blank)


@attrs.frozen
class Answer:
    """The data of ``answer`` and ``review``: the opinion (a code of :data:`OPINIONS`)."""

    opinion: str = attrs.field(validator=code_in(OPINIONS))
    summary: str = ""


def _set(**changes: Any) -> Any:
    def effect(case: Case, data: Any, on: dt.date) -> Case:
        values = {k: getattr(data, v) for k, v in changes.items()}
        return attrs.evolve(case, details=attrs.evolve(case.details, **values))

    return effect


def _guard_answer(case: Case, data: Answer) -> str | None:
    if data.opinion == "explained" and not data.summary.strip():
        return tr("解释说明须写明答复内容(summary)", "an explanation needs its text (summary)")
    return None


STATES = (
    State("registered", Label("已登记", "registered")),
    State("accepted", Label("已受理", "accepted")),
    State("answered", Label("已书面答复", "answered")),
    State("under_review", Label("复查中", "under review")),
    State("not_accepted", Label("不予受理", "not accepted"), final=True),
    State("transferred", Label("已转送有权处理机关", "transferred"), final=True),
    State("concluded", Label("已办结", "concluded"), final=True),
    State("reviewed", Label("已复查", "reviewed"), final=True),
)

ACTIONS = (
    Action("register", Label("登记", "register"), sources=NEW, target="registered"),
    Action("accept", Label("受理", "accept"), sources="registered", target="accepted"),
    Action("not_accept", Label("不予受理", "do not accept"), sources="registered",
           target="not_accepted", data=Reason, effect=_set(reason="reason")),
    Action("transfer", Label("转送", "transfer"), sources="registered", target="transferred",
           data=Transfer, effect=_set(transferred_to="organ")),
    Action("extend", Label("延长办理期限", "extend"), sources="accepted", data=Extension),
    Action("answer", Label("书面答复", "answer"), sources="accepted", target="answered",
           data=Answer, guard=_guard_answer, effect=_set(opinion="opinion")),
    Action("request_review", Label("请求复查", "request a review"), sources="answered",
           target="under_review"),
    Action("conclude", Label("办结(未请求复查)", "concluded"), sources="answered",
           target="concluded", system=True),
    Action("review", Label("复查意见", "review opinion"), sources="under_review",
           target="reviewed", data=Answer, guard=_guard_answer,
           effect=_set(review_opinion="opinion")),
)  # fmt: skip

CLOCKS = (
    ClockRule("acceptance", Label("告知是否受理期限", "acceptance"), 15, "natural",
              starts_on="register", stops_on=("accept", "not_accept", "transfer"),
              source=f"{LAW}第21、22条"),
    ClockRule("handling", Label("办理期限", "handling"), 60, "natural", starts_on="accept",
              stops_on="answer", extends_on="extend", max_extension=30,
              source=f"{LAW}第33条"),
    ClockRule("review_request", Label("请求复查期限", "time to ask for a review"), 30,
              "natural", starts_on="answer", stops_on="request_review",
              expiry=Expiry(Label("未请求复查,办结", "no review asked: concluded"),
                            action="conclude"),
              planning=True, source=f"{LAW}第34条"),
    ClockRule("review", Label("复查期限", "review"), 30, "natural", starts_on="request_review",
              stops_on="review", source=f"{LAW}第34条"),
)  # fmt: skip

XINFANG = CaseType(
    name=KIND,
    label=Label("信访", "letters and visits"),
    details=Matter,
    code="XF",
    workflows=(
        Workflow(
            "XF05",
            dt.date(2005, 5, 1),
            STATES,
            ACTIONS,
            CLOCKS,
            label=Label("信访条例(2005)", "Regulation on Letters and Visits (2005)"),
        ),
    ),
    fields={
        "channel": Label("信访形式", "channel"),
        "subject": Label("信访事项", "subject"),
        "organ": Label("办理机关", "handling organ"),
        "opinion": Label("处理意见", "opinion"),
        "review_opinion": Label("复查意见", "review opinion"),
        "transferred_to": Label("转送机关", "transferred to"),
        "reason": Label("不予受理理由", "reason"),
    },
    roles={"petitioner": Label("信访人", "petitioner")},
    describe=lambda case: f"{CHANNELS[case.details.channel].zh} {case.details.subject}",
    facts=report_facts,
    facts_version=FACTS_VERSION,
)
"""The registered case type (case ids ``XF2020-0001``)."""
