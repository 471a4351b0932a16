"""The law of 行政应诉 as data: court periods, outcome types, and who counts as a head in court.

Periods follow 行政诉讼法 (ALL, 2017 text) and the 2018 interpretation (Interp18); court periods
are natural days or months. Who counts as a 负责人 appearing in court is decided by the rule in
force on the day of the hearing: Interp18 Art. 128 until 2020-06-30, the 2020 provision on heads
appearing in court (Heads20, in force 2020-07-01) from then.
"""

from __future__ import annotations

import datetime as dt

import attrs

from casework.i18n import Label

DEFENCE_DAYS = 15
"""Evidence, normative documents and 答辩状 within 15 days of service (ALL Art. 67)."""
FIRST_INSTANCE_MONTHS = 6
"""First instance: 6 months from 立案 (ALL Art. 81)."""
FIRST_INSTANCE_SIMPLIFIED_DAYS = 45
"""Simplified first instance: 45 days from 立案 (ALL Art. 83)."""
SECOND_INSTANCE_MONTHS = 3
"""Second instance: 3 months from receipt of the appeal (ALL Art. 88)."""
APPEAL_DAYS_JUDGMENT = 15
APPEAL_DAYS_RULING = 10
"""Appeal: 15 days from service of a judgment, 10 of a ruling (ALL Art. 85)."""
HEARING_NOTICE_DAYS = 3
"""The court's 出庭通知书 reaches the organ at least 3 days before the hearing (Heads20 Art. 5)."""

FIRST, SECOND, RETRIAL = "first", "second", "retrial"
INSTANCES: dict[str, Label] = {
    FIRST: Label("一审", "first instance"),
    SECOND: Label("二审", "second instance"),
    RETRIAL: Label("再审", "retrial"),
}

COURT_LEVELS: dict[str, Label] = {
    "basic": Label("基层人民法院", "basic court"),
    "intermediate": Label("中级人民法院", "intermediate court"),
    "high": Label("高级人民法院", "high court"),
    "supreme": Label("最高人民法院", "Supreme People's Court"),
}

PROCEDURES: dict[str, Label] = {
    "ordinary": Label("普通程序", "ordinary procedure"),
    "simplified": Label("简易程序", "simplified procedure"),
}

APPELLANTS: dict[str, Label] = {
    "plaintiff": Label("原告", "plaintiff"),
    "defendant": Label("被告", "defendant"),
    "third_party": Label("第三人", "third party"),
}


@attrs.frozen
class OutcomeType:
    """A judgment or ruling: its label, kind, the instances it ends, and what it means.

    ``lost``: the judgment goes against the defendant organ (败诉). ``appeal_days``: the appeal
    period it opens (0: not appealable, or final). ``withdrawal``: the suit ends by 撤诉.
    ``keeps_outcome``: a second-instance result that leaves the first-instance outcome in force.
    """

    label: Label
    ruling: bool
    instances: frozenset[str]
    lost: bool = False
    appeal_days: int = 0
    withdrawal: bool = False
    keeps_outcome: bool = False
    source: str = ""


_TRIAL = frozenset({FIRST, RETRIAL})
_APPEAL = frozenset({SECOND, RETRIAL})

OUTCOMES: dict[str, OutcomeType] = {
    "claims_dismissed": OutcomeType(
        Label("判决驳回诉讼请求", "claims dismissed"), False, _TRIAL,
        appeal_days=APPEAL_DAYS_JUDGMENT, source="行政诉讼法第69条"),
    "revoked": OutcomeType(
        Label("判决撤销", "act revoked"), False, _TRIAL, lost=True,
        appeal_days=APPEAL_DAYS_JUDGMENT, source="行政诉讼法第70条"),
    "partly_revoked": OutcomeType(
        Label("判决部分撤销", "act partly revoked"), False, _TRIAL, lost=True,
        appeal_days=APPEAL_DAYS_JUDGMENT, source="行政诉讼法第70条"),
    "ordered_to_perform": OutcomeType(
        Label("判决履行法定职责", "ordered to perform"), False, _TRIAL, lost=True,
        appeal_days=APPEAL_DAYS_JUDGMENT, source="行政诉讼法第72条"),
    "ordered_to_pay": OutcomeType(
        Label("判决给付", "ordered to pay"), False, _TRIAL, lost=True,
        appeal_days=APPEAL_DAYS_JUDGMENT, source="行政诉讼法第73条"),
    "confirmed_illegal": OutcomeType(
        Label("判决确认违法", "confirmed illegal"), False, _TRIAL, lost=True,
        appeal_days=APPEAL_DAYS_JUDGMENT, source="行政诉讼法第74条"),
    "confirmed_void": OutcomeType(
        Label("判决确认无效", "confirmed void"), False, _TRIAL, lost=True,
        appeal_days=APPEAL_DAYS_JUDGMENT, source="行政诉讼法第75条"),
    "remedy": OutcomeType(
        Label("判决采取补救措施或赔偿", "remedial measures or compensation"), False, _TRIAL,
        lost=True, appeal_days=APPEAL_DAYS_JUDGMENT, source="行政诉讼法第76条"),
    "varied": OutcomeType(
        Label("判决变更", "act varied"), False, _TRIAL, lost=True,
        appeal_days=APPEAL_DAYS_JUDGMENT, source="行政诉讼法第77条"),
    "not_filed": OutcomeType(
        Label("裁定不予立案", "case not filed"), True, _TRIAL,
        appeal_days=APPEAL_DAYS_RULING, source="行政诉讼法第51条"),
    "suit_dismissed": OutcomeType(
        Label("裁定驳回起诉", "suit dismissed"), True, _TRIAL,
        appeal_days=APPEAL_DAYS_RULING, source="行政诉讼法解释第69条"),
    "withdrawal_allowed": OutcomeType(
        Label("裁定准予撤诉", "withdrawal allowed"), True, _TRIAL, withdrawal=True,
        source="行政诉讼法第62条"),
    "deemed_withdrawn": OutcomeType(
        Label("裁定按撤诉处理", "deemed withdrawn"), True, _TRIAL, withdrawal=True,
        source="行政诉讼法第58条"),
    "mediated": OutcomeType(
        Label("调解结案", "mediated"), False, _TRIAL, source="行政诉讼法第60条"),
    "appeal_dismissed": OutcomeType(
        Label("驳回上诉,维持原裁判", "appeal dismissed, upheld"), False, _APPEAL,
        keeps_outcome=True, source="行政诉讼法第89条第1款第1项"),
    "appeal_withdrawn": OutcomeType(
        Label("准予撤回上诉", "appeal withdrawn"), True, _APPEAL, keeps_outcome=True,
        source="行政诉讼法第101条、民事诉讼法"),
    "amended": OutcomeType(
        Label("依法改判、撤销或变更", "amended on appeal"), False, _APPEAL,
        source="行政诉讼法第89条第1款第2、3项"),
    "remanded": OutcomeType(
        Label("发回重审", "remanded"), True, _APPEAL, source="行政诉讼法第89条第1款第3、4项"),
}  # fmt: skip
"""Every judgment and ruling type; ``amended`` names the resulting outcome in ``result``."""

EFFECTIVE = tuple(code for code, t in OUTCOMES.items() if FIRST in t.instances)
"""The outcomes a case can end with (an amendment on appeal names one of them)."""


@attrs.frozen
class HeadRule:
    """Who counts as a 负责人 appearing in court, from ``effective_from``."""

    name: str
    effective_from: dt.date
    heads: frozenset[str]
    source: str


APPEARANCE_CATEGORIES: dict[str, Label] = {
    "principal_head": Label("主要负责人(正职)", "principal head"),
    "deputy_head": Label("分管负责人(副职)", "deputy head"),
    "deputy_level_head": Label(
        "参与分管被诉行为实施工作的副职级别负责人", "deputy-level head in charge of the act"
    ),
    "other_head": Label("其他参与分管的负责人", "other head in charge"),
    "staff": Label("工作人员", "staff member"),
    "lawyer": Label("律师", "lawyer"),
}
"""Who appeared; heads of entrusted bodies or lower organs are recorded as ``staff``."""

HEAD_RULES: tuple[HeadRule, ...] = (
    HeadRule(
        "Interp18",
        dt.date(2018, 2, 8),
        frozenset({"principal_head", "deputy_head", "other_head"}),
        "最高法关于适用《行政诉讼法》的解释 第128条",
    ),
    HeadRule(
        "Heads20",
        dt.date(2020, 7, 1),
        frozenset({"principal_head", "deputy_head", "deputy_level_head", "other_head"}),
        "最高法关于行政机关负责人出庭应诉若干问题的规定 第2条",
    ),
)


def head_rule(on: dt.date) -> HeadRule:
    """Return the rule in force on ``on`` (the earliest for older dates)."""
    chosen = HEAD_RULES[0]
    for rule in HEAD_RULES:
        if rule.effective_from <= on:
            chosen = rule
    return chosen


def counts_as_head(category: str, on: dt.date) -> bool:
    """Whether someone of ``category`` appearing on ``on`` counts as a head of the organ."""
    return category in head_rule(on).heads
