"""The code tables of 免费法律咨询: plain ``str`` codes with zh/en labels."""

from __future__ import annotations

from collections.abc import Mapping

from casework.i18n import Label

KIND = "consultation"
"""The case kind this plugin registers."""

SITES: Mapping[str, Label] = {
    "hall": Label("审批大厅", "the approval hall"),
    "centre": Label("公共法律服务中心", "the public legal service centre"),
    "township": Label("乡镇(街道)公共法律服务工作站", "a township (street) public legal platform"),
}
"""Where a shift is held."""

PROVIDERS: Mapping[str, Label] = {
    "lawyer": Label("律师", "lawyer"),
    "grassroots": Label("基层法律服务工作者", "grassroots legal service worker"),
    "retired_judge": Label("退休法官", "retired judge"),
    "retired_prosecutor": Label("退休检察官", "retired prosecutor"),
}
"""Who may serve a shift."""

MATTERS: Mapping[str, Label] = {
    "marriage_family": Label("婚姻家庭", "marriage and family"),
    "labour": Label("劳动争议", "labour"),
    "land": Label("土地承包及宅基地", "land and homesteads"),
    "contract": Label("合同债务", "contracts and debts"),
    "damages": Label("人身损害赔偿", "personal injury"),
    "traffic": Label("交通事故", "traffic accidents"),
    "property": Label("房屋物业", "housing and property"),
    "inheritance": Label("继承", "inheritance"),
    "administrative": Label("行政事务", "administrative matters"),
    "criminal": Label("刑事", "criminal matters"),
    "other": Label("其他", "other"),
}
"""What people consult on, in the order the report lists them."""
