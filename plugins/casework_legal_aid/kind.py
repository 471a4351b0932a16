"""The 法律援助 case type: details, action data, guards and effects, one workflow per rule set.

A case comes in by ``apply`` (the person applies: review, then ``approve`` or ``refuse``) or by
``notify`` (a court, procuratorate or public security organ notifies the agency: 通知辩护/通知代理,
no review). It is then appointed (``appoint``), may change hands (``replace_lawyer``), ends by
``terminate`` or ``close`` (结案), has its file handed in (``submit_file``, or documents given at
``close``) and is evaluated (``review``). ``record_conflict`` / ``acknowledge_conflict`` hold the
conflict check (利益冲突审查, see :mod:`casework_legal_aid.conflicts`): ``appoint`` and ``close``
are refused while a likely conflict is unacknowledged.

Recipe (the data each action needs; codes are listed in :mod:`casework_legal_aid.codes`; a test
runs this block)::

    import datetime as dt, casework
    D = dt.date
    book = casework.open_book(":memory:")
    lawyer = {"assignee": "王律师", "firm": "山西某律师事务所"}

    # Notice route -> closed -> evaluated: a court notifies (one letter may name several
    # persons: "persons"), the agency appoints within 3 days (issuing a 法律援助案件指定书), the
    # lawyer closes the case and hands in the file, the agency evaluates it.
    case = book.create(
        "legal_aid", received_on=D(2020, 3, 2), actor="李主任",
        parties=[{"role": "defendant", "name": "张某"}],
        details={"category": "criminal", "matter": "涉嫌盗窃罪", "full_coverage": True},
        action="notify",
        data={"organ": "清河县人民法院", "organ_kind": "court",
              "letter_number": "(2020)晋1182刑初12号", "persons": 1},
    )
    book.act(case.id, "appoint", on=D(2020, 3, 3), actor="李主任",
             data={**lawyer, "letter_number": "清法援指〔2020〕1号"})
    book.act(case.id, "close", on=D(2020, 5, 20), actor="李主任",
             data={"outcome": "judgment", "documents": ["结案报告", "判决书"]})
    book.act(case.id, "review", on=D(2020, 6, 1), actor="李主任", data={"grade": "good"})

    # Application route -> granted -> closed (civil, administrative, state_compensation; a
    # criminal application also needs details["stage"]). The file may follow the closing.
    case = book.create(
        "legal_aid", received_on=D(2020, 4, 7), actor="李主任", action="apply",
        parties=[{"role": "applicant", "name": "赵某"},
                 {"role": "opposing", "name": "某建筑公司", "organisation": True}],
        details={"category": "civil", "matter": "追索劳动报酬"},
    )
    book.act(case.id, "request_materials", on=D(2020, 4, 8), actor="李主任",
             data={"items": ["劳动合同"]})                       # pauses the review
    book.act(case.id, "supplement", on=D(2020, 4, 10), actor="李主任")
    book.act(case.id, "approve", on=D(2020, 4, 13), actor="李主任",
             data={"decision_number": "清法援决〔2020〕5号", "means_test": "verified"})
    book.act(case.id, "appoint", on=D(2020, 4, 14), actor="李主任",
             data={**lawyer, "letter_number": "清法援派〔2020〕5号"})   # a 指派通知书
    book.act(case.id, "replace_lawyer", on=D(2020, 5, 6), actor="李主任",
             data={"assignee": "孙律师", "firm": "山西另一律师事务所", "reason": "回避"})
    book.act(case.id, "close", on=D(2020, 8, 3), actor="李主任", data={"outcome": "mediated"})
    book.act(case.id, "submit_file", on=D(2020, 8, 20), actor="李主任",
             data={"documents": ["结案报告", "调解书"]})

    # Application refused (不予法律援助通知书) or withdrawn.
    case = book.create("legal_aid", received_on=D(2020, 9, 1), actor="李主任", action="apply",
                       parties=[{"role": "applicant", "name": "钱某"}],
                       details={"category": "administrative", "matter": "工伤认定"})
    book.act(case.id, "refuse", on=D(2020, 9, 3), actor="李主任",
             data={"ground": "means", "notice_number": "清法援不〔2020〕1号"})
    case = book.create("legal_aid", received_on=D(2020, 9, 1), actor="李主任", action="apply",
                       parties=[{"role": "applicant", "name": "孙某"}],
                       details={"category": "civil", "matter": "离婚纠纷"})
    book.act(case.id, "withdraw", on=D(2020, 9, 2), actor="李主任",
             data={"ground": "applicant"})

    # Terminated (LAR03 grounds: means_changed, proceedings_ended, own_counsel, requested),
    # from notified, granted or assigned.
    case = book.create("legal_aid", received_on=D(2020, 10, 12), actor="李主任", action="notify",
                       parties=[{"role": "defendant", "name": "周某"}],
                       details={"category": "criminal", "matter": "涉嫌诈骗罪"},
                       data={"organ": "清河县人民检察院", "organ_kind": "procuratorate",
                             "letter_number": "清检通〔2020〕3号"})
    book.act(case.id, "terminate", on=D(2020, 10, 13), actor="李主任",
             data={"ground": "own_counsel", "decision_number": "清法援终〔2020〕1号"})

    assert book.report(2020).figures()["legal_aid"]["accepted"] == 5

A likely conflict of interest found on opening shows the flag ``conflict``; then ``appoint``
needs ``book.act(case.id, "acknowledge_conflict", ..., data={"reason": "..."})`` first.

Under ``LAL`` (received from 2022-01-01) an approval may also rest on ``means_test`` ``declared``
(Art. 41), ``exempt`` (Art. 42) or ``unrestricted`` (Art. 32), the last two with
``exemption_ground``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping
from typing import Any

import attrs

from casework.i18n import Label, tr
from casework.locality import from_rules_file
from casework.model import Case, Flag, Party
from casework.validators import code_in
from casework.workflow import Action, CaseType, ClockRule, State, Workflow
from casework_legal_aid import codes
from casework_legal_aid.codes import KIND, code_problem, label_of
from casework_legal_aid.report import FACTS_VERSION
from casework_legal_aid.report import facts as report_facts
from casework_legal_aid.rules import RULE_SETS, LocalRules, RuleSet, load_local_rules, rule_set

# -- validators ---------------------------------------------------------------------------------


def _code(table: Mapping[str, Label]) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    return code_in(table)


def _opt_code(table: Mapping[str, Label]) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    return code_in(table)  # None passes


def _text(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(tr(f"{attribute.name}: 不能为空", f"{attribute.name}: must not be empty"))
    if len(value) > 500:
        raise ValueError(tr(f"{attribute.name}: 最多500字", f"{attribute.name}: at most 500 chars"))


def _texts(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if any(not isinstance(v, str) or not v.strip() for v in value):
        raise ValueError(
            tr(f"{attribute.name}: 各项不能为空", f"{attribute.name}: no entry may be empty")
        )


def _positive(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(
            tr(f"{attribute.name}: 应为正整数", f"{attribute.name}: a whole number >= 1")
        )


# -- details ------------------------------------------------------------------------------------


@attrs.frozen
class Notice:
    """The notifying organ's letter (通知辩护函 / 通知代理函).

    ``persons``: how many people the letter asks counsel for (the report counts notices in 人次).
    """

    organ: str = attrs.field(validator=_text)
    organ_kind: str = attrs.field(validator=_code(codes.ORGAN_KINDS))
    letter_number: str = attrs.field(validator=_text)
    notice_type: str = attrs.field(default="defence", validator=_code(codes.NOTICE_TYPES))
    persons: int = attrs.field(default=1, validator=_positive)
    letter_date: dt.date | None = None
    hearing_on: dt.date | None = None


@attrs.frozen
class Assignment:
    """Who handles the case from ``on``: a lawyer (or other assignee, LAL Art. 12) and the firm."""

    assignee: str
    assignee_kind: str
    firm: str
    on: dt.date
    letter_number: str | None = None
    reason: str = ""


@attrs.frozen
class Document:
    """A document the agency issued: its kind (:data:`codes.DOCUMENTS`), number and date."""

    kind: str
    number: str
    issued_on: dt.date


@attrs.frozen
class ConflictHit:
    """A likely conflict of interest: the other case, the person, and how they relate."""

    case_id: str = attrs.field(validator=_text)
    name: str = attrs.field(validator=_text)
    relation: str = attrs.field(validator=_code(codes.CONFLICT_RELATIONS))


@attrs.frozen
class Acknowledgement:
    """The conflicts (by other case id) an officer acknowledged on ``on``, with the reason."""

    case_ids: tuple[str, ...]
    reason: str
    on: dt.date


MANAGED = (
    "route",
    "notice",
    "assignments",
    "documents",
    "refusal_ground",
    "refusal_reason",
    "termination_ground",
    "withdrawal_ground",
    "outcome",
    "concluded_on",
    "filed_documents",
    "filed_on",
    "grade",
    "materials_requested",
    "conflicts",
    "acknowledgements",
)
"""Details fields that actions record; a caller leaves them out when opening a case."""


@attrs.frozen
class LegalAidDetails:
    """The fields of a legal-aid case.

    Given when the case is opened: ``category``, ``matter`` (案由/事项), for criminal cases the
    ``stage`` (required by ``apply``; a notice implies it) and ``full_coverage`` (刑事案件律师辩护
    全覆盖试点), optionally ``means_test`` and ``exemption_ground``. The rest (see
    :data:`MANAGED`) is recorded by the actions.
    """

    category: str = attrs.field(validator=_code(codes.CATEGORIES))
    matter: str = attrs.field(validator=_text)
    stage: str | None = attrs.field(default=None, validator=_opt_code(codes.STAGES))
    full_coverage: bool = False
    means_test: str | None = attrs.field(default=None, validator=_opt_code(codes.MEANS_TESTS))
    exemption_ground: str | None = attrs.field(
        default=None, validator=_opt_code(codes.EXEMPTION_GROUNDS)
    )
    route: str | None = attrs.field(default=None, validator=_opt_code(codes.ROUTES))
    notice: Notice | None = None
    assignments: tuple[Assignment, ...] = ()
    documents: tuple[Document, ...] = ()
    refusal_ground: str | None = None
    refusal_reason: str = ""
    termination_ground: str | None = None
    withdrawal_ground: str | None = None
    outcome: str | None = None
    concluded_on: dt.date | None = None
    filed_documents: tuple[str, ...] = ()
    filed_on: dt.date | None = None
    grade: str | None = None
    materials_requested: tuple[str, ...] = ()
    conflicts: tuple[ConflictHit, ...] = ()
    acknowledgements: tuple[Acknowledgement, ...] = ()

    def __attrs_post_init__(self) -> None:
        if self.category != "criminal" and (self.stage is not None or self.full_coverage):
            raise ValueError(
                tr(
                    "stage/full_coverage: 只适用于刑事案件(category=criminal)",
                    "stage/full_coverage: only for criminal cases (category=criminal)",
                )
            )

    @property
    def assignment(self) -> Assignment | None:
        """The current assignment, if the case was appointed."""
        return self.assignments[-1] if self.assignments else None

    def unacknowledged(self) -> tuple[ConflictHit, ...]:
        """The recorded conflicts no acknowledgement covers yet."""
        done = {i for a in self.acknowledgements for i in a.case_ids}
        return tuple(h for h in self.conflicts if h.case_id not in done)


# -- action data --------------------------------------------------------------------------------


@attrs.frozen
class NotifyData:
    """Data of ``notify``: the organ (by name, e.g. 清河县人民法院), its kind and its letter."""

    organ: str = attrs.field(validator=_text)
    organ_kind: str = attrs.field(validator=_code(codes.ORGAN_KINDS))
    letter_number: str = attrs.field(validator=_text)
    notice_type: str = attrs.field(default="defence", validator=_code(codes.NOTICE_TYPES))
    persons: int = attrs.field(default=1, validator=_positive)
    letter_date: dt.date | None = None
    hearing_on: dt.date | None = None


@attrs.frozen
class MaterialsData:
    """Data of ``request_materials``: the one-time list of what is missing (LAL Art. 43(2))."""

    items: tuple[str, ...] = attrs.field(validator=_texts)

    def __attrs_post_init__(self) -> None:
        if not self.items:
            raise ValueError(tr("items: 至少列出一项材料", "items: list at least one item"))


@attrs.frozen
class WithdrawData:
    """Data of ``withdraw``: ``applicant`` withdrew, or ``no_response`` (deemed withdrawn)."""

    ground: str = attrs.field(validator=_code(codes.WITHDRAWAL_GROUNDS))


@attrs.frozen
class ApproveData:
    """Data of ``approve``: the 决定书 number and the means test (unless given in details)."""

    decision_number: str = attrs.field(validator=_text)
    means_test: str | None = attrs.field(default=None, validator=_opt_code(codes.MEANS_TESTS))
    exemption_ground: str | None = attrs.field(
        default=None, validator=_opt_code(codes.EXEMPTION_GROUNDS)
    )


@attrs.frozen
class RefuseData:
    """Data of ``refuse``: the ground, the 不予法律援助通知书 number, the reason in words."""

    ground: str = attrs.field(validator=_code(codes.REFUSAL_GROUNDS))
    notice_number: str = attrs.field(validator=_text)
    reason: str = ""


@attrs.frozen
class AppointData:
    """Data of ``appoint``: the assignee, their kind (default ``lawyer``), firm, letter number."""

    assignee: str = attrs.field(validator=_text)
    firm: str = attrs.field(validator=_text)
    letter_number: str = attrs.field(validator=_text)
    assignee_kind: str = attrs.field(default="lawyer", validator=_code(codes.ASSIGNEE_KINDS))


@attrs.frozen
class ReplaceData:
    """Data of ``replace_lawyer``: the new assignee and firm, the reason, optional new letter."""

    assignee: str = attrs.field(validator=_text)
    firm: str = attrs.field(validator=_text)
    reason: str = attrs.field(validator=_text)
    assignee_kind: str = attrs.field(default="lawyer", validator=_code(codes.ASSIGNEE_KINDS))
    letter_number: str | None = None


@attrs.frozen
class TerminateData:
    """Data of ``terminate``: the ground (allowed by the rule set) and the decision number."""

    ground: str = attrs.field(validator=_code(codes.TERMINATION_GROUNDS))
    decision_number: str | None = None


@attrs.frozen
class CloseData:
    """Data of ``close`` (结案): the outcome, when the matter ended, the documents handed in.

    ``concluded_on`` defaults to the action's date; with ``documents`` the file is handed in now.
    """

    outcome: str = attrs.field(validator=_code(codes.OUTCOMES))
    concluded_on: dt.date | None = None
    documents: tuple[str, ...] = attrs.field(default=(), validator=_texts)


@attrs.frozen
class FileData:
    """Data of ``submit_file``: the documents handed in (立卷材料)."""

    documents: tuple[str, ...] = attrs.field(validator=_texts)

    def __attrs_post_init__(self) -> None:
        if not self.documents:
            raise ValueError(tr("documents: 至少一份材料", "documents: at least one document"))


@attrs.frozen
class ReviewData:
    """Data of ``review``: the quality grade of the closed file, and the reviewer."""

    grade: str = attrs.field(validator=_code(codes.GRADES))
    reviewer: str = ""


@attrs.frozen
class ConflictData:
    """Data of ``record_conflict``: the likely conflicts found."""

    hits: tuple[ConflictHit, ...]

    def __attrs_post_init__(self) -> None:
        if not self.hits:
            raise ValueError(tr("hits: 至少一项冲突", "hits: at least one conflict"))


@attrs.frozen
class AcknowledgeData:
    """Data of ``acknowledge_conflict``: why the office may act despite the conflict."""

    reason: str = attrs.field(validator=_text)


# -- guards -------------------------------------------------------------------------------------


def _details(case: Case) -> LegalAidDetails:
    details = case.details
    assert isinstance(details, LegalAidDetails)
    return details


def _evolve(case: Case, **changes: Any) -> Case:
    return attrs.evolve(case, details=attrs.evolve(_details(case), **changes))


def _entry_problem(case: Case) -> str | None:
    details = _details(case)
    default = LegalAidDetails(category=details.category, matter=details.matter)
    given = [name for name in MANAGED if getattr(details, name) != getattr(default, name)]
    if given:
        return tr(
            f"details.{given[0]}: 由操作记录,新建案件时请勿填写",
            f"details.{given[0]} is recorded by the actions; leave it out when opening a case",
        )
    for index, party in enumerate(case.parties):
        problem = code_problem(codes.ROLES, party.role, f"parties[{index}].role")
        if problem:
            return problem
    if not any(p.role in codes.AIDED_ROLES for p in case.parties):
        return tr(
            "parties: 请登记受援人(role 为 applicant 或 defendant)",
            "parties: name the aided person (role applicant or defendant)",
        )
    return _means_problem(case, details.means_test, details.exemption_ground, optional=True)


def _means_problem(
    case: Case, means_test: str | None, ground: str | None, *, optional: bool
) -> str | None:
    rules = rule_set(case.regime)
    if means_test is None:
        if optional:
            return None
        return tr(
            f"means_test: 请填写经济困难审查结果({', '.join(sorted(rules.means_tests))})",
            f"means_test: give the hardship assessment ({', '.join(sorted(rules.means_tests))})",
        )
    if means_test not in rules.means_tests:
        return tr(
            f"means_test: {means_test} 不适用于{rules.name}规则,可用 "
            f"{', '.join(sorted(rules.means_tests))}",
            f"means_test: {means_test} does not exist under {rules.name}; use "
            f"{', '.join(sorted(rules.means_tests))}",
        )
    if means_test in ("exempt", "unrestricted") and ground is None:
        return tr(
            "exemption_ground: 免予核查或不受经济困难条件限制时须说明依据",
            "exemption_ground: give the ground for the exemption",
        )
    return None


def _guard_apply(case: Case, data: None) -> str | None:
    problem = _entry_problem(case)
    if problem:
        return problem
    details = _details(case)
    if details.category == "criminal" and details.stage is None:
        return tr(
            "details.stage: 刑事案件请填写诉讼阶段(investigation/prosecution/trial)",
            "details.stage: give the stage of a criminal case (investigation/prosecution/trial)",
        )
    return None


def _guard_notify(case: Case, data: NotifyData) -> str | None:
    problem = _entry_problem(case)
    if problem:
        return problem
    details = _details(case)
    if details.category != "criminal":
        return tr(
            "details.category: 通知辩护/通知代理只适用于刑事案件(含强制医疗),民事、行政案件请用 apply",
            "details.category: notices concern criminal cases only; open others with apply",
        )
    expected = codes.ORGAN_STAGE[data.organ_kind]
    if details.stage is not None and details.stage != expected:
        return tr(
            f"details.stage: {label_of(codes.ORGAN_KINDS, data.organ_kind).zh}通知的案件处于"
            f"{codes.STAGES[expected].zh}阶段({expected})",
            f"details.stage: a notice from a {data.organ_kind} is at stage {expected}",
        )
    if details.means_test not in (None, "not_applicable"):
        return tr(
            "details.means_test: 通知辩护/代理不审查经济状况,请勿填写",
            "details.means_test: notice cases have no means test; leave it out",
        )
    return None


def _guard_approve(case: Case, data: ApproveData) -> str | None:
    details = _details(case)
    means = data.means_test or details.means_test
    ground = data.exemption_ground or details.exemption_ground
    return _means_problem(case, means, ground, optional=False)


def _guard_refuse(case: Case, data: RefuseData) -> str | None:
    if data.ground == "other" and not data.reason.strip():
        return tr("reason: 以其他理由不予援助时须写明理由", "reason: state the other ground")
    return None


def _conflict_problem(case: Case, doing: Label) -> str | None:
    open_hits = _details(case).unacknowledged()
    if not open_hits:
        return None
    listed = ", ".join(f"{h.case_id}({h.name})" for h in open_hits)
    return tr(
        f"存在未确认的利益冲突({listed}),{doing.zh}前请先 acknowledge_conflict 并说明理由",
        f"unacknowledged conflict of interest ({listed}); acknowledge_conflict with a reason "
        f"before you {doing.en}",
    )


def _guard_appoint(case: Case, data: AppointData) -> str | None:
    return _conflict_problem(case, Label("指派", "appoint"))


def _guard_replace(case: Case, data: ReplaceData) -> str | None:
    current = _details(case).assignment
    if current is not None and (current.assignee, current.firm) == (data.assignee, data.firm):
        return tr(
            f"assignee: {data.assignee} 已是本案承办人", f"assignee: {data.assignee} already acts"
        )
    return _conflict_problem(case, Label("更换承办人", "replace the assignee"))


def _guard_terminate(case: Case, data: TerminateData) -> str | None:
    rules = rule_set(case.regime)
    if data.ground not in rules.termination_grounds:
        return tr(
            f"ground: {rules.name}规则下不能以 {data.ground} 终止,可用 "
            f"{', '.join(sorted(rules.termination_grounds))}",
            f"ground: {data.ground} is no ground under {rules.name}; use "
            f"{', '.join(sorted(rules.termination_grounds))}",
        )
    return None


def _guard_close(case: Case, data: CloseData) -> str | None:
    if data.concluded_on is not None and data.concluded_on < _details(case).assignments[0].on:
        return tr(
            "concluded_on: 办结日期早于指派日期", "concluded_on: before the case was appointed"
        )
    return _conflict_problem(case, Label("结案", "close"))


def _guard_submit(case: Case, data: FileData) -> str | None:
    if _details(case).filed_on is not None:
        return tr(f"立卷材料已于{_details(case).filed_on}提交", "the file was already handed in")
    return None


def _guard_review(case: Case, data: ReviewData) -> str | None:
    if _details(case).filed_on is None:
        return tr(
            "立卷材料尚未提交,请先 submit_file", "the file was not handed in yet: submit_file first"
        )
    return None


def _guard_acknowledge(case: Case, data: AcknowledgeData) -> str | None:
    if not _details(case).unacknowledged():
        return tr("没有待确认的利益冲突", "there is no conflict to acknowledge")
    return None


# -- effects ------------------------------------------------------------------------------------


def _document(kind: str, number: str, on: dt.date) -> Document:
    return Document(kind=kind, number=number, issued_on=on)


def _effect_apply(case: Case, data: None, on: dt.date) -> Case:
    return _evolve(case, route="application")


def _effect_notify(case: Case, data: NotifyData, on: dt.date) -> Case:
    notice = Notice(
        organ=data.organ.strip(),
        organ_kind=data.organ_kind,
        letter_number=data.letter_number.strip(),
        notice_type=data.notice_type,
        persons=data.persons,
        letter_date=data.letter_date,
        hearing_on=data.hearing_on,
    )
    return _evolve(
        case,
        route="notice",
        notice=notice,
        stage=_details(case).stage or codes.ORGAN_STAGE[data.organ_kind],
        means_test="not_applicable",
    )


def _effect_materials(case: Case, data: MaterialsData, on: dt.date) -> Case:
    return _evolve(case, materials_requested=(*_details(case).materials_requested, *data.items))


def _effect_withdraw(case: Case, data: WithdrawData, on: dt.date) -> Case:
    return _evolve(case, withdrawal_ground=data.ground)


def _late_review(case: Case, on: dt.date) -> Case:
    """Flag a review decided after its period (LAP12 Art. 13; LAL Art. 43): a fact to report."""
    clock = case.clock("review")
    if clock is None or clock.due_on is None or on <= clock.due_on:
        return case
    flag = Flag(
        "late_review",
        f"审查决定({on})晚于审查期限({clock.due_on}届满)",
        f"the review was decided on {on}, after its period ended on {clock.due_on}",
    )
    return attrs.evolve(case, flags=(*case.flags, flag))


def _effect_approve(case: Case, data: ApproveData, on: dt.date) -> Case:
    case = _late_review(case, on)
    details = _details(case)
    return _evolve(
        case,
        means_test=data.means_test or details.means_test,
        exemption_ground=data.exemption_ground or details.exemption_ground,
        documents=(
            *details.documents,
            _document("grant_decision", data.decision_number.strip(), on),
        ),
    )


def _effect_refuse(case: Case, data: RefuseData, on: dt.date) -> Case:
    case = _late_review(case, on)
    details = _details(case)
    return _evolve(
        case,
        refusal_ground=data.ground,
        refusal_reason=data.reason.strip(),
        documents=(*details.documents, _document("refusal_notice", data.notice_number.strip(), on)),
    )


def _effect_appoint(case: Case, data: AppointData, on: dt.date) -> Case:
    details = _details(case)
    letter = "designation_letter" if details.route == "notice" else "assignment_notice"
    assignment = Assignment(
        assignee=data.assignee.strip(),
        assignee_kind=data.assignee_kind,
        firm=data.firm.strip(),
        on=on,
        letter_number=data.letter_number.strip(),
    )
    return _evolve(
        case,
        assignments=(*details.assignments, assignment),
        documents=(*details.documents, _document(letter, data.letter_number.strip(), on)),
    )


def _effect_replace(case: Case, data: ReplaceData, on: dt.date) -> Case:
    details = _details(case)
    number = data.letter_number.strip() if data.letter_number else None
    assignment = Assignment(
        assignee=data.assignee.strip(),
        assignee_kind=data.assignee_kind,
        firm=data.firm.strip(),
        on=on,
        letter_number=number,
        reason=data.reason.strip(),
    )
    documents = details.documents
    if number:
        documents = (*documents, _document("replacement_notice", number, on))
    return _evolve(case, assignments=(*details.assignments, assignment), documents=documents)


def _effect_terminate(case: Case, data: TerminateData, on: dt.date) -> Case:
    details = _details(case)
    documents = details.documents
    if data.decision_number:
        documents = (*documents, _document("termination_decision", data.decision_number, on))
    return _evolve(case, termination_ground=data.ground, documents=documents)


def _effect_close(case: Case, data: CloseData, on: dt.date) -> Case:
    docs = tuple(d.strip() for d in data.documents)
    return _evolve(
        case,
        outcome=data.outcome,
        concluded_on=data.concluded_on or on,
        filed_documents=docs,
        filed_on=on if docs else None,
    )


def _effect_submit(case: Case, data: FileData, on: dt.date) -> Case:
    docs = tuple(d.strip() for d in data.documents)
    return _evolve(case, filed_documents=(*_details(case).filed_documents, *docs), filed_on=on)


def _effect_review(case: Case, data: ReviewData, on: dt.date) -> Case:
    return _evolve(case, grade=data.grade)


CONFLICT_FLAG = "conflict"
"""Code of the :class:`~casework.model.Flag` shown while a likely conflict is unacknowledged."""


def _conflict_flag(case: Case) -> tuple[Flag, ...]:
    others = tuple(f for f in case.flags if f.code != CONFLICT_FLAG)
    hits = _details(case).unacknowledged()
    if not hits:
        return others
    listed = ", ".join(f"{h.case_id}({h.name})" for h in hits)
    late = bool(_details(case).assignments)
    zh = f"可能存在利益冲突: {listed}"
    en = f"likely conflict of interest: {listed}"
    if late:
        zh += "(发现于指派之后,结案前须确认)"
        en += " (found after the appointment; acknowledge before closing)"
    else:
        zh += "(指派前须说明理由确认)"
        en += " (acknowledge with a reason before appointing)"
    return (*others, Flag(CONFLICT_FLAG, zh, en))


def _effect_conflict(case: Case, data: ConflictData, on: dt.date) -> Case:
    known = set(_details(case).conflicts)
    added = tuple(h for h in data.hits if h not in known)
    updated = _evolve(case, conflicts=(*_details(case).conflicts, *added))
    return attrs.evolve(updated, flags=_conflict_flag(updated))


def _effect_acknowledge(case: Case, data: AcknowledgeData, on: dt.date) -> Case:
    details = _details(case)
    ids = tuple(dict.fromkeys(h.case_id for h in details.unacknowledged()))
    ack = Acknowledgement(case_ids=ids, reason=data.reason.strip(), on=on)
    updated = _evolve(case, acknowledgements=(*details.acknowledgements, ack))
    return attrs.evolve(updated, flags=_conflict_flag(updated))


# -- states, actions, clocks ----------------------------------------------------------------------

OPEN_STATES = ("received", "awaiting_materials", "notified", "granted", "assigned")
FINAL_STATES = ("refused", "withdrawn", "terminated", "closed", "reviewed")

STATES = (
    State("received", Label("已受理申请(审查中)", "application received (under review)")),
    State("awaiting_materials", Label("待补充材料", "awaiting materials")),
    State("notified", Label("已收到通知", "notice received")),
    State("granted", Label("已决定给予法律援助", "aid granted")),
    State("assigned", Label("已指派(承办中)", "assigned (in progress)")),
    State("refused", Label("不予法律援助", "aid refused"), final=True),
    State("withdrawn", Label("申请已撤回", "application withdrawn"), final=True),
    State("terminated", Label("终止法律援助", "aid terminated"), final=True),
    State("closed", Label("已结案", "closed"), final=True),
    State("reviewed", Label("已质量评估", "file evaluated"), final=True),
)

ACTIONS = (
    Action(
        "apply",
        Label("受理申请", "receive an application"),
        sources="@new",
        target="received",
        guard=_guard_apply,
        effect=_effect_apply,
        numbers=True,
    ),
    Action(
        "notify",
        Label("收到通知辩护/代理", "receive a notice"),
        sources="@new",
        target="notified",
        data=NotifyData,
        guard=_guard_notify,
        effect=_effect_notify,
        numbers=True,
    ),
    Action(
        "request_materials",
        Label("通知补充材料", "ask for missing materials"),
        sources="received",
        target="awaiting_materials",
        data=MaterialsData,
        effect=_effect_materials,
    ),
    Action(
        "supplement",
        Label("补充材料", "materials supplied"),
        sources="awaiting_materials",
        target="received",
    ),
    Action(
        "withdraw",
        Label("撤回申请", "withdraw the application"),
        sources=("received", "awaiting_materials"),
        target="withdrawn",
        data=WithdrawData,
        effect=_effect_withdraw,
    ),
    Action(
        "approve",
        Label("给予法律援助", "grant legal aid"),
        sources="received",
        target="granted",
        data=ApproveData,
        guard=_guard_approve,
        effect=_effect_approve,
    ),
    Action(
        "refuse",
        Label("不予法律援助", "refuse legal aid"),
        sources="received",
        target="refused",
        data=RefuseData,
        guard=_guard_refuse,
        effect=_effect_refuse,
    ),
    Action(
        "appoint",
        Label("指派", "appoint"),
        sources=("granted", "notified"),
        target="assigned",
        data=AppointData,
        guard=_guard_appoint,
        effect=_effect_appoint,
    ),
    Action(
        "replace_lawyer",
        Label("更换承办人", "replace the assignee"),
        sources="assigned",
        data=ReplaceData,
        guard=_guard_replace,
        effect=_effect_replace,
    ),
    Action(
        "terminate",
        Label("终止法律援助", "terminate legal aid"),
        sources=("granted", "notified", "assigned"),
        target="terminated",
        data=TerminateData,
        guard=_guard_terminate,
        effect=_effect_terminate,
    ),
    Action(
        "close",
        Label("结案", "close"),
        sources="assigned",
        target="closed",
        data=CloseData,
        guard=_guard_close,
        effect=_effect_close,
    ),
    Action(
        "submit_file",
        Label("提交立卷材料", "hand in the file"),
        sources="closed",
        data=FileData,
        guard=_guard_submit,
        effect=_effect_submit,
    ),
    Action(
        "review",
        Label("质量评估", "evaluate the file"),
        sources="closed",
        target="reviewed",
        data=ReviewData,
        guard=_guard_review,
        effect=_effect_review,
    ),
    Action(
        "record_conflict",
        Label("记录利益冲突", "record a likely conflict"),
        sources=OPEN_STATES + FINAL_STATES,
        data=ConflictData,
        effect=_effect_conflict,
    ),
    Action(
        "acknowledge_conflict",
        Label("确认利益冲突", "acknowledge the conflict"),
        sources=OPEN_STATES,
        data=AcknowledgeData,
        guard=_guard_acknowledge,
        effect=_effect_acknowledge,
    ),
)


def _is_criminal(case: Case, data: object) -> bool:
    return bool(_details(case).category == "criminal")


def _not_criminal(case: Case, data: object) -> bool:
    return not _is_criminal(case, data)


def _no_documents(case: Case, data: object) -> bool:
    return isinstance(data, CloseData) and not data.documents


def _documents_in(case: Case, data: object) -> bool:
    return not isinstance(data, CloseData) or bool(data.documents)


def _from_conclusion(case: Case, data: object, on: dt.date) -> dt.date:
    return _details(case).concluded_on or on


def clock_rules(rules: RuleSet, local: LocalRules) -> tuple[ClockRule, ...]:
    """The clocks of one rule set, with the locality's closing periods."""
    return (
        ClockRule(
            "review",
            Label("审查决定期限", "review of the application"),
            rules.review.length,
            rules.review.unit,
            starts_on="apply",
            stops_on=("approve", "refuse", "withdraw"),
            pauses_on="request_materials",
            resumes_on="supplement",
            source=rules.review.source,
        ),
        ClockRule(
            "appoint_criminal",
            Label("指派期限(刑事)", "appointment after the grant (criminal)"),
            rules.appoint_criminal.length,
            rules.appoint_criminal.unit,
            starts_on="approve",
            stops_on=("appoint", "terminate"),
            when=_is_criminal,
            source=rules.appoint_criminal.source,
        ),
        ClockRule(
            "appoint_other",
            Label("指派期限(民事、行政等)", "appointment after the grant (civil etc.)"),
            rules.appoint_other.length,
            rules.appoint_other.unit,
            starts_on="approve",
            stops_on=("appoint", "terminate"),
            when=_not_criminal,
            source=rules.appoint_other.source,
        ),
        ClockRule(
            "appoint_notice",
            Label("收到通知后指派期限", "appointment after a notice"),
            rules.appoint_notice.length,
            rules.appoint_notice.unit,
            starts_on="notify",
            stops_on=("appoint", "terminate"),
            source=rules.appoint_notice.source,
        ),
        ClockRule(
            "filing",
            Label("提交立卷材料期限", "handing in the file"),
            local.filing_days,
            "natural",
            starts_on="close",
            stops_on="submit_file",
            when=_no_documents,
            start=_from_conclusion,
            source=local.source,
        ),
        ClockRule(
            "file_review",
            Label("案卷审查期限", "review of the file"),
            local.file_review_days,
            "natural",
            starts_on=("close", "submit_file"),
            stops_on="review",
            when=_documents_in,
            source=local.source,
        ),
    )


def workflow(rules: RuleSet, local: LocalRules) -> Workflow:
    """The workflow of one rule set."""
    return Workflow(
        rules.name,
        rules.effective_from,
        tuple(STATES),
        tuple(ACTIONS),
        tuple(clock_rules(rules, local)),
        label=rules.label,
    )


# -- the case type --------------------------------------------------------------------------------

FIELDS: Mapping[str, Label] = {
    "category": Label("案件类别", "category"),
    "matter": Label("案由/事项", "matter"),
    "stage": Label("诉讼阶段", "criminal stage"),
    "full_coverage": Label("刑事辩护全覆盖试点", "full defence coverage pilot"),
    "means_test": Label("经济困难审查", "means test"),
    "exemption_ground": Label("免予核查依据", "ground of exemption"),
    "route": Label("受理途径", "route"),
    "notice": Label("通知机关及函件", "notifying organ and letter"),
    "assignments": Label("承办人", "assignees"),
    "documents": Label("出具文书", "documents issued"),
    "refusal_ground": Label("不予援助理由", "ground of refusal"),
    "refusal_reason": Label("不予援助说明", "reason for refusal"),
    "termination_ground": Label("终止理由", "ground of termination"),
    "withdrawal_ground": Label("撤回原因", "ground of withdrawal"),
    "outcome": Label("结案方式", "outcome"),
    "concluded_on": Label("办结日期", "matter concluded on"),
    "filed_documents": Label("立卷材料", "documents filed"),
    "filed_on": Label("材料提交日期", "file handed in on"),
    "grade": Label("质量评估等级", "quality grade"),
    "materials_requested": Label("需补充材料", "materials requested"),
    "conflicts": Label("利益冲突", "likely conflicts"),
    "acknowledgements": Label("冲突确认", "conflicts acknowledged"),
}
"""A label per details field."""


def aided(case: Case) -> tuple[Party, ...]:
    """The aided persons of a case (roles ``applicant`` and ``defendant``)."""
    return tuple(p for p in case.parties if p.role in codes.AIDED_ROLES)


def _describe(case: Case) -> str:
    details = _details(case)
    names = "、".join(p.name for p in aided(case)) or "-"
    category = label_of(codes.CATEGORIES, details.category)
    route = label_of(codes.ROUTES, details.route)
    return tr(
        f"{category.zh}·{route.zh} {names} {details.matter}",
        f"{category.en}, {route.en}: {names}, {details.matter}",
    )


def _duplicate_key(case: Case) -> Hashable | None:
    people = aided(case)
    if not people:
        return None
    person = people[0]
    identity: Hashable = person.id_number or (person.name, person.born)
    return (KIND, identity, _details(case).matter.strip())


NESTED_FIELDS: Mapping[str, Label] = {
    "notice.organ": Label("通知机关", "notifying organ"),
    "notice.organ_kind": Label("机关类别", "kind of organ"),
    "notice.letter_number": Label("通知函编号", "letter number"),
    "notice.notice_type": Label("通知类型", "notice type"),
    "notice.persons": Label("受援人数", "persons aided"),
    "notice.letter_date": Label("通知日期", "letter dated"),
    "notice.hearing_on": Label("开庭日期", "hearing on"),
    "assignments.assignee": Label("承办人", "assignee"),
    "assignments.assignee_kind": Label("承办人类别", "kind of assignee"),
    "assignments.firm": Label("所在机构", "firm"),
    "assignments.on": Label("指派日期", "assigned on"),
    "assignments.letter_number": Label("指派函编号", "letter number"),
    "assignments.reason": Label("更换原因", "reason for the change"),
    "documents.kind": Label("文书", "document"),
    "documents.number": Label("文号", "number"),
    "documents.issued_on": Label("出具日期", "issued on"),
    "conflicts.case_id": Label("案件编号", "case id"),
    "conflicts.name": Label("姓名", "name"),
    "conflicts.relation": Label("关系", "relation"),
    "acknowledgements.case_ids": Label("案件编号", "case ids"),
    "acknowledgements.reason": Label("理由", "reason"),
    "acknowledgements.on": Label("确认日期", "on"),
}
"""Labels of the fields inside the records of a legal-aid case (by dotted path)."""

DATA_FIELDS: Mapping[str, Label] = {
    "organ": Label("通知机关", "notifying organ"),
    "organ_kind": Label("机关类别", "kind of organ"),
    "letter_number": Label("函件编号", "letter number"),
    "notice_type": Label("通知类型", "notice type"),
    "persons": Label("受援人数", "persons aided"),
    "letter_date": Label("通知日期", "letter dated"),
    "hearing_on": Label("开庭日期", "hearing on"),
    "items": Label("需补充材料", "materials requested"),
    "withdraw:ground": Label("撤回原因", "ground of withdrawal"),
    "refuse:ground": Label("不予援助理由", "ground of refusal"),
    "terminate:ground": Label("终止理由", "ground of termination"),
    "decision_number": Label("决定书编号", "decision number"),
    "notice_number": Label("通知书编号", "notice number"),
    "reason": Label("理由", "reason"),
    "assignee": Label("承办人", "assignee"),
    "firm": Label("所在机构", "firm"),
    "assignee_kind": Label("承办人类别", "kind of assignee"),
    "reviewer": Label("评估人", "reviewer"),
    "hits": Label("利益冲突", "likely conflicts"),
    "hits.case_id": Label("案件编号", "case id"),
    "hits.name": Label("姓名", "name"),
    "hits.relation": Label("关系", "relation"),
    "documents": Label("文书", "documents"),
}
"""Labels of the action-data fields (those not named here read as the details field's)."""


def make_case_type(local: LocalRules | None = None) -> CaseType:
    """Build the ``legal_aid`` case type with a locality's closing periods (default: 30/30 days).

    A book whose settings name a ``legal_aid_closing`` rules file (:mod:`casework.locality`)
    gets the type rebuilt with that file's periods; other books keep these.
    """
    chosen = local or LocalRules()
    return CaseType(
        name=KIND,
        label=Label("法律援助", "legal aid"),
        details=LegalAidDetails,
        workflows=tuple(workflow(rules, chosen) for rules in RULE_SETS),
        code="LA",
        number_format="{short}法援〔{year}〕{seq}号",
        fields={**FIELDS, **NESTED_FIELDS},
        roles=codes.ROLES,
        describe=_describe,
        duplicate_key=_duplicate_key,
        localize=from_rules_file(
            "legal_aid_closing", lambda path: make_case_type(load_local_rules(path))
        ),
        codes={
            "refusal_ground": codes.REFUSAL_GROUNDS,
            "termination_ground": codes.TERMINATION_GROUNDS,
            "withdrawal_ground": codes.WITHDRAWAL_GROUNDS,
            "outcome": codes.OUTCOMES,
            "grade": codes.GRADES,
            "assignee_kind": codes.ASSIGNEE_KINDS,
            "relation": codes.CONFLICT_RELATIONS,
            "documents.kind": codes.DOCUMENTS,
        },
        data_fields=DATA_FIELDS,
        intake=("category", "matter", "stage", "full_coverage", "means_test", "exemption_ground"),
        facts=report_facts,
        facts_version=FACTS_VERSION,
    )


LEGAL_AID = make_case_type()
"""The case type with the default local periods."""
