"""The rule sets of 行政复议: one per legal regime, chosen by the date of receipt.

``ARL99`` is the 1999 行政复议法 (amended 2009, 2017) with its 2007 实施条例 (ARR07); it governs
applications received before 2024-01-01. ``ARL23`` is the 2023 revision, in force 2024-01-01.
Periods, their units, the decision types, the extension approver and the procedural choices are
data here; :mod:`casework_reconsideration.kind` builds one workflow per rule set from them.
"""

from __future__ import annotations

import datetime as dt

import attrs

from casework.deadlines import Unit
from casework.i18n import Label


@attrs.frozen
class Period:
    """A statutory period: ``length`` in ``unit`` (``working`` or ``natural`` days), its source."""

    length: int
    unit: Unit
    source: str


@attrs.frozen
class RuleSet:
    """What one regime of 行政复议 prescribes.

    ``correction`` is the applicant's 补正 period (``None``: the notice sets a 合理期限, ARR07
    Art. 29); ``correction_restarts_review`` says whether corrected materials start the review
    afresh (ARL23 Art. 31) or the correction time is only excluded (ARR07 Art. 29).
    ``accepted_from_receipt`` dates every acceptance at the receipt (ARL99 Art. 17(2)); otherwise
    an explicit acceptance counts from its own day and a deemed one from the review's last day.
    ``refer_is_rejection`` makes 告知向有权机关申请 a 不予受理 (ARL23 Art. 30(2)) instead of a
    separate outcome (ARL99 Art. 17(1)). ``simplified`` holds the 简易程序 periods, if any.
    ``hearing_notice`` is how long before a 听证 the parties must be told (ARL23 Art. 51: 5
    working days; ``None``: no period set, as under ARR07 Art. 33). ``switch_counts_from`` says
    where the ordinary decision period of a case switched from 简易 to 普通 (ARL23 Art. 55) starts:
    ``"acceptance"`` (the default, as Interp18 Art. 105 counts a switched lawsuit from filing;
    ARL23 itself is silent, domain uncertainty 8) or ``"switch"`` (the day of the approval).
    """

    name: str
    label: Label
    effective_from: dt.date
    review: Period
    correction: Period | None
    correction_restarts_review: bool
    one_correction_notice: bool
    correction_extension: int
    copy: Period
    answer: Period
    decision: Period
    max_extension: int
    extension_approver: Label
    extension_source: str
    decisions: tuple[str, ...]
    procedures: tuple[str, ...]
    accepted_from_receipt: bool
    refer_is_rejection: bool
    simplified_copy: Period | None = None
    simplified_answer: Period | None = None
    simplified_decision: Period | None = None
    application_period: int = 60
    hearing_notice: Period | None = None
    switch_counts_from: str = "acceptance"
    long_suspension_grounds: tuple[str, ...] = (
        "applicant_died",
        "applicant_incapacitated",
        "organisation_dissolved",
    )
    long_suspension_days: int = 60
    long_suspension_source: str = ""


ORDINARY, SIMPLIFIED = "ordinary", "simplified"

PROCEDURES: dict[str, Label] = {
    ORDINARY: Label("普通程序", "ordinary procedure"),
    SIMPLIFIED: Label("简易程序", "simplified procedure"),
}

DECISIONS: dict[str, Label] = {
    "upheld": Label("维持", "upheld"),
    "revoked": Label("撤销", "revoked"),
    "partly_revoked": Label("部分撤销", "partly revoked"),
    "varied": Label("变更", "varied"),
    "confirmed_illegal": Label("确认违法", "confirmed illegal"),
    "confirmed_void": Label("确认无效", "confirmed void"),
    "ordered_to_perform": Label("责令履行", "ordered to perform"),
    "request_dismissed": Label("驳回复议请求", "request dismissed"),
    "application_dismissed": Label("驳回复议申请", "application dismissed"),
}
"""Every decision type of either regime; each rule set allows a subset."""

NOT_CORRECTING = frozenset({"upheld", "request_dismissed", "application_dismissed"})
"""Decisions that leave the act standing; every other decision corrects it (纠错)."""

REDO_ALLOWED = frozenset({"revoked", "partly_revoked", "confirmed_illegal"})
"""Decisions that may order the respondent to act anew (责令重作)."""

SUSPENSION_GROUNDS: dict[str, Label] = {
    "applicant_died": Label("申请人死亡", "applicant died"),
    "applicant_incapacitated": Label("申请人丧失参加复议的能力", "applicant lost capacity"),
    "applicant_missing": Label("申请人下落不明", "applicant missing"),
    "organisation_dissolved": Label("法人或其他组织终止", "organisation dissolved"),
    "force_majeure": Label("不可抗力", "force majeure"),
    "mediation": Label("调解、和解中双方同意中止", "mediation or settlement"),
    "interpretation": Label("需有权机关作出解释或确认", "awaiting an interpretation"),
    "other_case": Label("以其他案件结果为依据", "awaiting another case"),
    "normative_review": Label("附带审查规范性文件", "review of a normative document"),
    "other": Label("其他需要中止的情形", "other"),
}
"""Grounds of 中止 (ARL23 Art. 39; ARR07 Art. 41)."""

TERMINATION_GROUNDS: dict[str, Label] = {
    "withdrawn": Label("申请人撤回申请", "application withdrawn"),
    "no_heir": Label("申请人死亡,无近亲属或近亲属放弃", "applicant died without heirs"),
    "no_successor": Label("组织终止,无承受人或承受人放弃", "organisation without successor"),
    "settled": Label("达成和解", "settled"),
    "criminal_measures": Label("申请人被采取刑事强制措施", "criminal compulsory measures"),
    "long_suspension": Label("中止满六十日仍未消除", "suspension lasted 60 days"),
}
"""Grounds of 终止 (ARL23 Art. 41; ARR07 Art. 42)."""

ACT_CATEGORIES: dict[str, Label] = {
    "penalty": Label("行政处罚", "administrative penalty"),
    "licence": Label("行政许可", "administrative licence"),
    "enforcement": Label("行政强制", "administrative enforcement"),
    "disclosure": Label("政府信息公开", "information disclosure"),
    "expropriation": Label("征收征用及补偿", "expropriation and compensation"),
    "registration": Label("行政登记/确权", "registration"),
    "inaction": Label("不履行法定职责", "failure to perform a duty"),
    "complaint": Label("举报投诉处理", "handling of a complaint"),
    "other": Label("其他", "other"),
}
"""Categories of the contested act (行政行为), as the annual statistics count them."""

HEARING_FORMS: dict[str, Label] = {
    "hearing": Label("听证", "hearing"),
    "views": Label("听取意见", "hearing of views"),
}

ARL99 = RuleSet(
    name="ARL99",
    label=Label(
        "行政复议法(1999年,2017年修正)及实施条例(2007年)",
        "Administrative Reconsideration Law 1999 (amended 2017) with its 2007 regulations",
    ),
    effective_from=dt.date(1999, 10, 1),
    review=Period(5, "working", "行政复议法(1999) 第17条、第40条"),
    correction=None,
    correction_restarts_review=False,
    one_correction_notice=False,
    correction_extension=0,
    copy=Period(7, "working", "行政复议法(1999) 第23条、第40条"),
    answer=Period(10, "natural", "行政复议法(1999) 第23条"),
    decision=Period(60, "natural", "行政复议法(1999) 第31条"),
    max_extension=30,
    extension_approver=Label("行政复议机关负责人", "head of the reconsideration organ"),
    extension_source="行政复议法(1999) 第31条",
    decisions=(
        "upheld",
        "revoked",
        "partly_revoked",
        "varied",
        "confirmed_illegal",
        "ordered_to_perform",
        "request_dismissed",
        "application_dismissed",
    ),
    procedures=(ORDINARY,),
    accepted_from_receipt=True,
    refer_is_rejection=False,
    # 第41条第1款第(一)(二)(三)项: died, lost capacity, organisation dissolved
    long_suspension_source="行政复议法实施条例(2007) 第42条第1款第(五)项",
)

ARL23 = RuleSet(
    name="ARL23",
    label=Label("行政复议法(2023年修订)", "Administrative Reconsideration Law (2023 revision)"),
    effective_from=dt.date(2024, 1, 1),
    review=Period(5, "working", "行政复议法(2023) 第30条、第88条"),
    correction=Period(10, "working", "行政复议法(2023) 第31条、第88条"),
    correction_restarts_review=True,
    one_correction_notice=True,
    correction_extension=10,
    copy=Period(7, "working", "行政复议法(2023) 第48条、第88条"),
    answer=Period(10, "working", "行政复议法(2023) 第48条、第88条"),
    decision=Period(60, "natural", "行政复议法(2023) 第62条第1款"),
    max_extension=30,
    extension_approver=Label("行政复议机构负责人", "head of the reconsideration office"),
    extension_source="行政复议法(2023) 第62条第1款",
    decisions=(
        "upheld",
        "revoked",
        "partly_revoked",
        "varied",
        "confirmed_illegal",
        "confirmed_void",
        "ordered_to_perform",
        "request_dismissed",
        "application_dismissed",
    ),
    procedures=(ORDINARY, SIMPLIFIED),
    accepted_from_receipt=False,
    refer_is_rejection=True,
    simplified_copy=Period(3, "working", "行政复议法(2023) 第54条、第88条"),
    simplified_answer=Period(5, "working", "行政复议法(2023) 第54条、第88条"),
    simplified_decision=Period(30, "natural", "行政复议法(2023) 第62条第2款"),
    hearing_notice=Period(5, "working", "行政复议法(2023) 第51条、第88条"),
    # 第39条第1款第一、二、四项: died, lost capacity, organisation dissolved
    long_suspension_source="行政复议法(2023) 第41条第(五)项",
)

RULE_SETS: dict[str, RuleSet] = {r.name: r for r in (ARL99, ARL23)}


def rules_of(regime: str) -> RuleSet:
    """Return the rule set called ``regime`` (as recorded on a case)."""
    return RULE_SETS[regime]


def labels(codes: tuple[str, ...] | list[str], table: dict[str, Label]) -> str:
    """List ``codes`` with their Chinese labels, e.g. ``upheld(维持), revoked(撤销)``."""
    return ", ".join(f"{code}({table[code].zh})" for code in codes)
