"""The code tables of 人民调解: each enumeration is a plain ``str`` code with zh/en labels.

Codes are what the book stores and what callers pass; labels are what people read. A value outside
a table is refused by :func:`check_code` with a message naming the allowed codes.
"""

from __future__ import annotations

from collections.abc import Mapping

from casework.i18n import Label
from casework.validators import code_problem

KIND = "mediation"
"""The case kind this plugin registers."""

COMMITTEE_TYPES: Mapping[str, Label] = {
    "village": Label("村民委员会人民调解委员会", "village committee"),
    "community": Label("居民委员会(社区)人民调解委员会", "residents' (community) committee"),
    "township": Label("乡镇(街道)人民调解委员会", "township / subdistrict committee"),
    "enterprise": Label("企事业单位人民调解委员会", "enterprise or institution committee"),
    "professional": Label("行业性专业性人民调解委员会", "sector-specific committee"),
}
"""Kinds of committee (PML Arts. 8 and 34)."""

DISPUTE_TYPES: Mapping[str, Label] = {
    "marriage_family": Label("婚姻家庭", "marriage and family"),
    "neighbour": Label("邻里", "neighbours"),
    "housing_homestead": Label("房屋宅基地", "housing and homestead"),
    "contract": Label("合同", "contract"),
    "damages": Label("损害赔偿", "damages"),
    "labour": Label("劳动", "labour"),
    "land_contract": Label("土地承包", "land contracting"),
    "forest": Label("山林", "forest land"),
    "land_acquisition": Label("征地拆迁", "land acquisition and demolition"),
    "traffic": Label("道路交通", "road traffic"),
    "medical": Label("医疗", "medical"),
    "other": Label("其他", "other"),
}
"""Dispute types, in the order reports list them."""

ORIGINS: Mapping[str, Label] = {
    "application": Label("当事人申请", "parties' application"),
    "initiative": Label("主动调解", "committee's own initiative"),
    "referral": Label("移送委托", "referred or entrusted"),
}
"""How a mediation started (PML Arts. 17-18)."""

MEDIATION_KINDS: Mapping[str, Label] = {
    "people": Label("人民调解", "people's mediation"),
    "administrative": Label("行政调解", "administrative mediation"),
    "judicial": Label("司法调解", "judicial mediation"),
}
"""What kind of mediation a record is; 以案定补 pays people's mediation only."""

AGREEMENT_FORMS: Mapping[str, Label] = {
    "written": Label("书面调解协议书", "written agreement"),
    "oral": Label("口头协议", "oral agreement"),
}
"""The two forms of an agreement (PML Arts. 28-30)."""

DIRECTIONS: Mapping[str, Label] = {
    "arbitration": Label("仲裁", "arbitration"),
    "administrative": Label("行政途径", "administrative channels"),
    "litigation": Label("诉讼", "court"),
    "other": Label("其他途径", "other channels"),
}
"""Where the parties were directed when mediation failed (PML Art. 26)."""

TERMINATED_BY: Mapping[str, Label] = {
    "mediator": Label("调解员终止", "ended by the mediator"),
    "party": Label("当事人要求终止", "ended at a party's demand"),
}
"""Who ended a failed mediation (PML Arts. 23 and 26)."""

WITHDRAW_REASONS: Mapping[str, Label] = {
    "withdrawn": Label("申请人撤回申请", "application withdrawn"),
    "refused": Label("一方当事人拒绝调解", "a party refused mediation"),
    "other": Label("其他", "other"),
}
"""Why a registered dispute ended without mediation (PML Art. 17)."""

PERFORMANCE: Mapping[str, Label] = {
    "performed": Label("已履行", "performed"),
    "partly": Label("部分履行", "partly performed"),
    "not_performed": Label("未履行", "not performed"),
    "not_due": Label("尚未到履行期", "not yet due"),
}
"""What a follow-up visit found about the agreement's performance (PML Art. 31)."""

CONFIRM_STEPS: Mapping[str, Label] = {
    "applied": Label("申请司法确认", "confirmation applied for"),
    "granted": Label("确认有效", "confirmed valid"),
    "rejected": Label("驳回申请", "application rejected"),
}
"""Steps of 司法确认 (PML Art. 33; CPL 2023 Arts. 205-206)."""

ROLES: Mapping[str, Label] = {
    "applicant": Label("申请人", "applicant"),
    "respondent": Label("被申请人", "respondent"),
    "party": Label("当事人", "party"),
    "agent": Label("委托代理人", "agent"),
}
"""Roles of the parties of a dispute."""


def check_code(value: str, table: Mapping[str, Label], field: str) -> str | None:
    """Return a problem naming ``field`` and the allowed codes, or ``None`` if ``value`` is one."""
    return code_problem(table, value, field)


def code_from_text(value: str, table: Mapping[str, Label]) -> str | None:
    """Return the code of ``value`` given as a code or as its zh/en label, or ``None``."""
    text = value.strip()
    if text in table:
        return text
    for code, label in table.items():
        if text in (label.zh, label.en):
            return code
    return None
