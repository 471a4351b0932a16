"""The code tables of 证明事项告知承诺制: plain ``str`` codes with zh/en labels.

The matter types are those the 汾阳市 2020 report counts; a locality adds its own by registering a
case type built with :func:`casework_commitment.kind.make_case_type` from a longer table.
"""

from __future__ import annotations

from collections.abc import Mapping

from casework.i18n import Label

KIND = "commitment"
"""The case kind this plugin registers."""

MATTERS: Mapping[str, Label] = {
    "funeral_survivor": Label(
        "丧葬费补助金、抚恤费申领、遗属待遇申领", "funeral grant, survivor pension and benefits"
    ),
    "pension_transfer": Label("城乡居民养老转移接续", "transfer of residents' pension insurance"),
    "pension_cancellation": Label(
        "城乡居民养老保险注销登记", "cancellation of residents' pension insurance"
    ),
    "dependant_pension": Label("供养亲属抚恤金申领", "pension for supported relatives"),
    "other": Label("其他证明事项", "other certified matters"),
}
"""Matters handled on a written commitment, in the order the report lists them."""

METHODS: Mapping[str, Label] = {
    "data_sharing": Label("数据共享核查", "checked against shared data"),
    "inquiry": Label("函询核查", "checked by written inquiry"),
    "on_site": Label("现场核查", "checked on site"),
}
"""How a commitment was verified (国办发〔2020〕42号 (七): 数据共享、函询、现场核查等)."""

CONSEQUENCES: Mapping[str, Label] = {
    "credit_record": Label("纳入信用记录", "entered in the credit record"),
    "exclusion": Label("信用修复前不再适用告知承诺制", "no commitment until credit is repaired"),
    "recovery": Label("追回已发放待遇", "benefits paid are recovered"),
    "penalty": Label("予以行政处罚", "administrative penalty"),
    "referral": Label("涉嫌犯罪移送司法机关", "referred to the judicial organs"),
}
"""What follows a false commitment; ``credit_record`` and ``exclusion`` always do (42号 (七))."""

ALWAYS = ("credit_record", "exclusion")
"""The consequences every false commitment carries."""

OUTCOMES: Mapping[str, Label] = {
    "verified": Label("核查属实", "verified as true"),
    "revoked": Label("承诺不实,撤销决定", "false; decision revoked"),
    "terminated": Label("承诺不实,终止办理", "false; handling terminated"),
    "refused": Label("不予办理", "refused"),
    "withdrawn": Label("撤回申请", "withdrawn"),
}
"""How a matter ended."""

ROLES: Mapping[str, Label] = {
    "applicant": Label("申请人(承诺人)", "applicant (who commits)"),
    "agent": Label("代办人", "agent"),
}
"""Party roles."""
