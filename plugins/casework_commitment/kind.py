"""The 证明事项告知承诺制 case type: a matter concluded on a written commitment, verified afterwards.

A case opens by ``apply`` (申请并签署告知承诺书): the organ has told the applicant in writing what
the certificate would prove and the liability for a false commitment, and the applicant signed
the commitment instead of bringing the certificate (国办发〔2020〕42号 (四)). Recipe
(``book = casework.open_book(...)``)::

    case = book.create(
        "commitment",
        received_on=date(2020, 3, 2),
        actor="任科员",
        parties=[{"role": "applicant", "name": "张三", "id_number": "..."}],
        details={"matter": "funeral_survivor", "department": "某市人力资源和社会保障局",
                 "certificates": ["死亡证明", "亲属关系证明"]},
    )
    book.act(case.id, "conclude", on=date(2020, 3, 4), actor="任科员",
             data={"decision_number": "人社承〔2020〕12号"})           # 办结 on the commitment
    book.act(case.id, "confirm", on=date(2020, 3, 20), actor="任科员",
             data={"method": "data_sharing"})                          # 核查属实: closed

Concluding starts the clock ``verification`` (事中事后核查期限, the locality's period, see
:mod:`casework_commitment.rules`), stopped by ``confirm`` or ``find_false``. Other paths:

- ``find_false`` (``concluded``) with ``{"method": ..., "finding": ...}``: the commitment proved
  untrue; then ``revoke`` with ``{"consequences": ["recovery"], "decision_number": ...}`` revokes
  the decision (撤销行政决定) and records 失信: the flag ``dishonest``, the consequences
  ``credit_record`` and ``exclusion`` always, and the applicant in the book's register of
  dishonest commitments (see :mod:`casework_commitment.credit`).
- ``terminate`` (``applied``) with ``{"method": ..., "finding": ...}``: a false commitment found
  before the decision (事中核查): handling ends (终止办理), with the same 失信 record.
- ``refuse`` (``applied``) with ``{"reason": ...}``: 不予办理; ``withdraw`` (``applied``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from casework import Action, CaseType, ClockRule, Label, State, Workflow
from casework.i18n import tr
from casework.locality import from_rules_file
from casework.model import Case, Flag
from casework.validators import code_in, code_problem, not_blank
from casework_commitment.codes import ALWAYS, CONSEQUENCES, KIND, MATTERS, METHODS, OUTCOMES, ROLES
from casework_commitment.report import FACTS_VERSION
from casework_commitment.report import facts as report_facts
from casework_commitment.rules import LocalRules, load_local_rules


def _texts(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    return tuple(str(v).strip() for v in value if str(v).strip())


# -- details and action data -------------------------------------------------------------------


@attrs.frozen
class CommitmentDetails:
    """The fields of a 告知承诺 case; those below ``certificates`` are filled in by actions.

    ``matter`` is a code of :data:`~casework_commitment.codes.MATTERS`; ``department`` the organ
    handling it (承办部门); ``certificates`` the 证明事项 the commitment stands in for. The applicant
    who signs the commitment is ``case.parties`` in role ``applicant``.
    """

    matter: str = attrs.field(validator=code_in(MATTERS))
    department: str = attrs.field(validator=not_blank)
    certificates: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    decision_number: str = ""
    concluded_on: dt.date | None = None
    verified_on: dt.date | None = None
    method: str | None = attrs.field(default=None, validator=code_in(METHODS))
    finding: str = ""
    consequences: tuple[str, ...] = ()
    dishonest: bool = False
    outcome: str | None = attrs.field(default=None, validator=code_in(OUTCOMES))
    reason: str = ""


@attrs.frozen
class Conclude:
    """办结: the decision's number, if the organ numbers its decisions."""

    decision_number: str = ""


@attrs.frozen
class Verification:
    """核查: how the commitment was checked (a code of ``codes.METHODS``)."""

    method: str = attrs.field(validator=code_in(METHODS))
    note: str = ""


@attrs.frozen
class FalseFinding:
    """核查发现承诺不实: how it was checked and what was found."""

    method: str = attrs.field(validator=code_in(METHODS))
    finding: str = attrs.field(validator=not_blank)


def _consequences(_: Any, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    for item in value:
        if problem := code_problem(CONSEQUENCES, item, attribute.name):
            raise ValueError(problem)


@attrs.frozen
class Revocation:
    """撤销行政决定: further consequences (codes of ``codes.CONSEQUENCES``) and the number."""

    consequences: tuple[str, ...] = attrs.field(
        default=(), converter=_texts, validator=_consequences
    )
    decision_number: str = ""


@attrs.frozen
class Reason:
    """不予办理 / 撤回: the reason."""

    reason: str = ""


# -- effects -----------------------------------------------------------------------------------


def _details(case: Case, **changes: Any) -> Case:
    return attrs.evolve(case, details=attrs.evolve(case.details, **changes))


def _dishonest(case: Case, extra: tuple[str, ...], outcome: str, on: dt.date) -> Case:
    consequences = tuple(dict.fromkeys((*ALWAYS, *extra)))
    flag = Flag(
        "dishonest",
        f"承诺不实,已记入失信记录({on}),信用修复前不再适用告知承诺制",
        f"false commitment entered in the credit record ({on}); no commitment until repaired",
    )
    return attrs.evolve(
        _details(case, consequences=consequences, dishonest=True, outcome=outcome),
        flags=(*case.flags, flag),
    )


def _conclude(case: Case, data: Conclude, on: dt.date) -> Case:
    return _details(case, decision_number=data.decision_number, concluded_on=on)


def _confirm(case: Case, data: Verification, on: dt.date) -> Case:
    return _details(case, verified_on=on, method=data.method, outcome="verified")


def _find_false(case: Case, data: FalseFinding, on: dt.date) -> Case:
    return _details(case, verified_on=on, method=data.method, finding=data.finding)


def _terminate(case: Case, data: FalseFinding, on: dt.date) -> Case:
    case = _details(case, verified_on=on, method=data.method, finding=data.finding)
    return _dishonest(case, (), "terminated", on)


def _revoke(case: Case, data: Revocation, on: dt.date) -> Case:
    return _dishonest(case, data.consequences, "revoked", on)


def _ending(outcome: str) -> Any:
    def effect(case: Case, data: Reason, on: dt.date) -> Case:
        return _details(case, outcome=outcome, reason=data.reason)

    return effect


def _guard_refuse(case: Case, data: Reason) -> str | None:
    if not data.reason.strip():
        return tr("不予办理须写明理由(reason)", "give the reason for refusing (reason)")
    return None


# -- the workflow ------------------------------------------------------------------------------

STATES = (
    State("applied", Label("已申请(已签署承诺书)", "applied on a commitment")),
    State("concluded", Label("已办结,待核查", "concluded, awaiting verification")),
    State("found_false", Label("核查发现承诺不实", "commitment found false")),
    State("verified", Label("核查属实", "verified"), final=True),
    State("revoked", Label("已撤销决定", "decision revoked"), final=True),
    State("terminated", Label("已终止办理", "handling terminated"), final=True),
    State("refused", Label("不予办理", "refused"), final=True),
    State("withdrawn", Label("已撤回", "withdrawn"), final=True),
)

ACTIONS = (
    Action("apply", Label("申请并签署承诺书", "apply on a commitment"), sources="@new",
           target="applied"),
    Action("conclude", Label("办结", "conclude"), sources="applied", target="concluded",
           data=Conclude, effect=_conclude),
    Action("refuse", Label("不予办理", "refuse"), sources="applied", target="refused",
           data=Reason, guard=_guard_refuse, effect=_ending("refused")),
    Action("withdraw", Label("撤回申请", "withdraw"), sources="applied", target="withdrawn",
           data=Reason, effect=_ending("withdrawn")),
    Action("terminate", Label("发现承诺不实,终止办理", "false commitment: terminate"),
           sources="applied", target="terminated", data=FalseFinding, effect=_terminate),
    Action("confirm", Label("核查属实", "verified as true"), sources="concluded",
           target="verified", data=Verification, effect=_confirm),
    Action("find_false", Label("核查发现承诺不实", "find the commitment false"),
           sources="concluded", target="found_false", data=FalseFinding, effect=_find_false),
    Action("revoke", Label("撤销决定并记入失信", "revoke and record dishonesty"),
           sources="found_false", target="revoked", data=Revocation, effect=_revoke),
)  # fmt: skip


def make_case_type(rules: LocalRules | None = None) -> CaseType:
    """Build the ``commitment`` case type with the locality's verification period."""
    rules = rules or LocalRules()
    clocks = (
        ClockRule(
            "verification",
            Label("事中事后核查期限", "verification period"),
            rules.verification_length,
            rules.verification_unit,
            starts_on="conclude",
            stops_on=("confirm", "find_false"),
            source=rules.verification_source,
        ),
    )
    workflow = Workflow(
        "GB42",
        dt.date(2019, 5, 1),
        STATES,
        ACTIONS,
        clocks,
        label=Label(
            "证明事项告知承诺制(国办发〔2020〕42号)",
            "certification by commitment (State Council Office 2020 No. 42)",
        ),
    )
    return CaseType(
        name=KIND,
        label=Label("证明事项告知承诺", "certification by commitment"),
        details=CommitmentDetails,
        workflows=(workflow,),
        code="CM",
        fields=FIELDS,
        roles=ROLES,
        required_roles={"applicant": 1},
        describe=_describe,
        facts=report_facts,
        facts_version=FACTS_VERSION,
        data_fields={"note": Label("说明", "note")},
        intake=("matter", "department", "certificates"),
        localize=from_rules_file(
            "commitment_verification", lambda path: make_case_type(load_local_rules(path))
        ),
    )


def _describe(case: Case) -> str:
    applicant = next(iter(case.parties_in("applicant")), None)
    who = applicant.name if applicant else tr("申请人", "applicant")
    return f"{who} {MATTERS[case.details.matter].get()}"


FIELDS: dict[str, Label] = {
    "matter": Label("承诺事项", "matter"),
    "department": Label("承办部门", "department"),
    "certificates": Label("以承诺替代的证明", "certificates replaced"),
    "decision_number": Label("决定文号", "decision number"),
    "concluded_on": Label("办结日期", "concluded on"),
    "verified_on": Label("核查日期", "verified on"),
    "method": Label("核查方式", "verification method"),
    "finding": Label("核查发现", "finding"),
    "consequences": Label("失信后果", "consequences"),
    "dishonest": Label("失信记录", "dishonest"),
    "outcome": Label("结果", "outcome"),
    "reason": Label("理由", "reason"),
}
