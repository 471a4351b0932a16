"""The code tables of 行政执法证件: plain ``str`` codes with zh/en labels."""

from __future__ import annotations

from collections.abc import Mapping

from casework.i18n import Label

KIND = "certificate"
"""The case kind this plugin registers."""

TYPES: Mapping[str, Label] = {
    "new": Label("新申领执法证", "new enforcement certificate"),
    "renewal": Label("换证", "renewal"),
    "supervision": Label("申领监督执法证", "supervision certificate"),
}
"""What is applied for, in the order the report lists them."""

SUSPENSION_GROUNDS: Mapping[str, Label] = {
    "investigation": Label("涉嫌违法违纪正在接受调查", "under investigation"),
    "unqualified_assessment": Label("年度考核不合格", "failed the annual assessment"),
    "misuse": Label("违规使用执法证件", "misuse of the certificate"),
    "other": Label("其他暂扣事由", "other ground"),
}
"""Grounds to suspend (暂扣) a certificate."""

REVOCATION_GROUNDS: Mapping[str, Label] = {
    "illegal_enforcement": Label("违法执法造成严重后果", "unlawful enforcement, serious harm"),
    "forgery_lending": Label("伪造、涂改、转借执法证件", "forged, altered or lent"),
    "criminal_penalty": Label("受到刑事处罚", "criminal penalty"),
    "dismissal": Label("受到开除处分", "dismissed"),
    "other": Label("其他收回、吊销事由", "other ground"),
}
"""Grounds to revoke (收回、吊销) a certificate."""

CANCELLATION_GROUNDS: Mapping[str, Label] = {
    "replaced": Label("换发新证", "replaced by a renewed certificate"),
    "left_post": Label("调离执法岗位", "left the enforcement post"),
    "retired": Label("退休", "retired"),
    "deceased": Label("死亡", "deceased"),
    "body_dissolved": Label("执法主体撤销或者职权调整", "body dissolved or powers moved"),
    "other": Label("其他注销事由", "other ground"),
}
"""Grounds to cancel (注销) a certificate."""

OUTCOMES: Mapping[str, Label] = {
    "issued": Label("已发证", "issued"),
    "refused": Label("不予发证", "refused"),
    "withdrawn": Label("撤回申请", "withdrawn"),
    "revoked": Label("收回、吊销", "revoked"),
    "cancelled": Label("注销", "cancelled"),
    "expired": Label("有效期届满", "expired"),
}
"""How an application or certificate ended."""

ROLES: Mapping[str, Label] = {
    "holder": Label("申领人(执法人员)", "applicant officer"),
}
"""Party roles: the officer the certificate is for."""
