"""The code tables of 法律援助: each enumeration is a plain ``str`` code with zh/en labels.

Codes are what the book stores and what callers pass; labels are what people read. A value outside
a table is refused by :func:`code_problem` with a message naming the allowed codes.
"""

from __future__ import annotations

from collections.abc import Mapping

from casework import validators
from casework.i18n import Label

KIND = "legal_aid"
"""The case kind this plugin registers."""

CATEGORIES: Mapping[str, Label] = {
    "criminal": Label("刑事", "criminal"),
    "civil": Label("民事", "civil"),
    "administrative": Label("行政", "administrative"),
    "state_compensation": Label("国家赔偿", "state compensation"),
}
"""Case categories, in the order reports list them (国家赔偿: LAL Art. 31(1))."""

ROUTES: Mapping[str, Label] = {
    "application": Label("依申请", "by application"),
    "notice": Label("通知辩护/通知代理", "by notice"),
}
"""How a case came in: the person applied (LAL Arts. 24, 29, 31) or an organ notified (Art. 25)."""

STAGES: Mapping[str, Label] = {
    "investigation": Label("侦查", "investigation"),
    "prosecution": Label("审查起诉", "review for prosecution"),
    "trial": Label("审判", "trial"),
}
"""Stages of a criminal case."""

ORGAN_KINDS: Mapping[str, Label] = {
    "court": Label("人民法院", "people's court"),
    "procuratorate": Label("人民检察院", "people's procuratorate"),
    "public_security": Label("公安机关", "public security organ"),
}
"""Organs that notify the agency (LAL Art. 36)."""

ORGAN_STAGE: Mapping[str, str] = {
    "court": "trial",
    "procuratorate": "prosecution",
    "public_security": "investigation",
}
"""The criminal stage each notifying organ handles."""

NOTICE_TYPES: Mapping[str, Label] = {
    "defence": Label("通知辩护", "defence notice"),
    "representation": Label("通知代理", "representation notice"),
}
"""通知辩护 (LAL Art. 25) or 通知代理 (e.g. 强制医疗 respondents, Art. 28)."""

NOTICE_LETTERS: Mapping[str, Label] = {
    "defence": Label("通知辩护函", "defence notices"),
    "representation": Label("通知代理函", "representation notices"),
}
"""What the report calls the letters of each notice type."""

ROLES: Mapping[str, Label] = {
    "applicant": Label("申请人(受援人)", "applicant (aided person)"),
    "defendant": Label("犯罪嫌疑人、被告人(受援人)", "suspect or defendant (aided person)"),
    "agent": Label("法定代理人、代为申请人", "legal representative or filer"),
    "opposing": Label("对方当事人(含被害人)", "opposing party (incl. victim)"),
}
"""Party roles. ``applicant`` and ``defendant`` are aided persons; ``opposing`` are checked."""

AIDED_ROLES = frozenset({"applicant", "defendant"})
"""Roles of the people this office represents."""

ADVERSE_ROLES = frozenset({"opposing"})
"""Roles of the people whose interests run against the aided person."""

MEANS_TESTS: Mapping[str, Label] = {
    "verified": Label("经审查符合经济困难标准", "economic hardship verified"),
    "declared": Label("个人诚信承诺", "hardship declared on the applicant's word (Art. 41)"),
    "exempt": Label("免予核查经济困难状况", "exempt from the hardship check (Art. 42)"),
    "unrestricted": Label("不受经济困难条件限制", "no means condition (Art. 32)"),
    "not_applicable": Label("通知辩护/代理,不审查经济状况", "notice case: no means test"),
}
"""Outcomes of the economic-hardship assessment; which are allowed is rule-set data."""

EXEMPTION_GROUNDS: Mapping[str, Label] = {
    "dependent_no_income": Label(
        "无固定生活来源的未成年人、老年人、残疾人等", "minor, elderly or disabled without income"
    ),
    "assistance_recipient": Label(
        "社会救助、司法救助或者优抚对象", "recipient of social or judicial assistance"
    ),
    "migrant_worker_wages": Label(
        "进城务工人员请求支付劳动报酬或工伤赔偿", "migrant worker claiming wages or injury pay"
    ),
    "hero_relative": Label("英雄烈士近亲属维护其人格权益", "relative of a hero or martyr"),
    "good_samaritan": Label("因见义勇为行为主张权益", "injured while acting bravely"),
    "wrongful_conviction": Label(
        "再审改判无罪请求国家赔偿", "acquitted on retrial, claiming compensation"
    ),
    "domestic_violence": Label(
        "遭受虐待、遗弃或者家庭暴力的受害人", "victim of abuse, abandonment or domestic violence"
    ),
    "other": Label("法律、法规、规章规定的其他情形", "other case provided by law"),
}
"""Grounds of ``exempt`` (LAL Art. 42) and ``unrestricted`` (Art. 32) means tests."""

REFUSAL_GROUNDS: Mapping[str, Label] = {
    "means": Label("经济状况不符合法律援助标准", "means above the standard"),
    "scope": Label("申请事项不属于法律援助范围", "matter outside the scope of legal aid"),
    "jurisdiction": Label("不属于本机构受理范围", "not this agency's to handle"),
    "no_basis": Label("申请事项缺乏事实和法律依据", "no factual or legal basis"),
    "other": Label("其他理由", "other ground (state it)"),
}
"""Grounds of 不予法律援助 (LAL Art. 43: in writing, with reasons)."""

TERMINATION_GROUNDS: Mapping[str, Label] = {
    "fraud": Label("以欺骗或者其他不正当手段获得法律援助", "aid obtained by deceit"),
    "concealment": Label("故意隐瞒重要事实或者提供虚假证据", "facts concealed or false evidence"),
    "illegal_use": Label("利用法律援助从事违法活动", "aid used for unlawful ends"),
    "means_changed": Label("经济状况变化,不再符合法律援助条件", "means no longer qualify"),
    "proceedings_ended": Label("案件终止审理或者已经被撤销", "proceedings ended or quashed"),
    "own_counsel": Label("自行委托律师或者其他代理人", "aided person hired own counsel"),
    "requested": Label("受援人要求终止法律援助", "aided person asked to end the aid"),
    "other": Label("法律法规规定的其他情形", "other ground provided by law"),
}
"""Grounds of 终止法律援助 (LAL Art. 48; LAR03 Art. 23 had four of them)."""

ASSIGNEE_KINDS: Mapping[str, Label] = {
    "lawyer": Label("律师", "lawyer"),
    "grassroots_worker": Label("基层法律服务工作者", "grassroots legal service worker"),
    "staff": Label("法律援助机构工作人员", "legal-aid agency staff"),
    "volunteer": Label("法律援助志愿者", "legal-aid volunteer"),
}
"""Who may handle a case (LAL Art. 12)."""

OUTCOMES: Mapping[str, Label] = {
    "judgment": Label("判决、裁定", "judgment or ruling"),
    "mediated": Label("调解结案", "mediated settlement"),
    "settled": Label("和解", "settlement"),
    "arbitration": Label("仲裁裁决", "arbitral award"),
    "non_prosecution": Label("不起诉", "not prosecuted"),
    "case_dropped": Label("撤销案件", "case dropped by the organ"),
    "withdrawn": Label("撤诉、撤回", "withdrawn"),
    "non_litigation": Label("非诉讼事务办结", "non-litigation matter concluded"),
    "other": Label("其他", "other"),
}
"""How a matter ended when the case is closed (结案)."""

WITHDRAWAL_GROUNDS: Mapping[str, Label] = {
    "applicant": Label("申请人撤回申请", "applicant withdrew"),
    "no_response": Label("未按要求补充材料,视为撤回", "no materials supplied: deemed withdrawn"),
}
"""Why an application was withdrawn (LAL Art. 43(2); LAP12 Art. 13)."""

GRADES: Mapping[str, Label] = {
    "excellent": Label("优秀", "excellent"),
    "good": Label("良好", "good"),
    "pass": Label("合格", "pass"),
    "fail": Label("不合格", "fail"),
}
"""Quality-evaluation grades of a closed file (LAL Art. 59)."""

CONFLICT_RELATIONS: Mapping[str, Label] = {
    "opposes_client": Label(
        "本案对方当事人是本机构的受援人", "an opposing party here is aided by this office"
    ),
    "client_opposed": Label(
        "本案受援人是本机构另案的对方当事人", "the aided person here is opposed in another case"
    ),
}
"""How a likely conflict of interest arises."""


def code_problem(table: Mapping[str, Label], value: object, field: str) -> str | None:
    """Return why ``value`` is not a code of ``table`` (naming ``field`` and the codes), or None."""
    return validators.code_problem(table, value, field)


def label_of(table: Mapping[str, Label], code: str | None) -> Label:
    """Return the label of ``code`` in ``table`` (the code itself when unknown or empty)."""
    if code is None:
        return Label("", "")
    return table.get(code) or Label(code, code)


DOCUMENTS: Mapping[str, Label] = {
    "grant_decision": Label("给予法律援助决定书", "decision to grant legal aid"),
    "refusal_notice": Label("不予法律援助通知书", "notice refusing legal aid"),
    "designation_letter": Label("法律援助案件指定书", "appointment letter (reply to a notice)"),
    "assignment_notice": Label("指派通知书", "assignment notice"),
    "replacement_notice": Label("变更承办人通知书", "notice of a new assignee"),
    "termination_decision": Label("终止法律援助决定书", "decision to terminate legal aid"),
}
"""Documents the agency issues. A notice is answered by a 指定书 (the seed's name for it);
an application is assigned by a 指派通知书 (its name varies by province: 指派函, 指派书)."""
