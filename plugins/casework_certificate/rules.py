"""The locality's rules of 行政执法证件: validity, the renewal window and the examination.

National law requires enforcement officers to hold a certificate (行政处罚法 2021 Art. 42:
执法人员应当具有行政执法资格; 国办发〔2018〕118号 on 持证上岗 and the three enforcement
systems), and leaves the certificates' management to the provinces. The province's own rules
(for 山西, its 行政执法证件管理办法 and 行政执法条例) could not be consulted for this software: the
values below are **example data**, not statutory ones, and a locality sets its own in a TOML
file its book's settings name (rules key ``certificate_rules``, conventional path
``<book>/certificate/rules.toml``; see :mod:`casework.locality`; ``CASEWORK_CERTIFICATE_LOCAL``
names one for books that name none)::

    validity_months = 60          # 证件有效期
    renewal_months = 3            # 有效期届满前几个月申请换证
    exam_required = ["new", "supervision"]
    pass_mark = 60                # 公共法律知识考试合格分数
    resits = 1                    # 不合格者可补考次数
    source = "山西省行政执法证件管理办法"
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from casework.errors import ValidationError
from casework.i18n import tr
from casework_certificate.codes import TYPES

LOCAL_RULES_ENV = "CASEWORK_CERTIFICATE_LOCAL"
"""Environment variable naming a TOML file of :class:`LocalRules`."""

EXAMPLE_SOURCE = "示例数据(非法定值):各省行政执法证件管理办法另有规定的,以本地规则文件为准"
"""The source shown for the example values."""


@attrs.frozen
class LocalRules:
    """Validity (months), the renewal window before expiry, the exam and its re-sits."""

    validity_months: int = 60
    renewal_months: int = 3
    exam_required: tuple[str, ...] = ("new", "supervision")
    pass_mark: int = 60
    resits: int = 1
    source: str = EXAMPLE_SOURCE


_INTS = {"validity_months": (12, 120), "renewal_months": (1, 11), "pass_mark": (1, 100),
         "resits": (0, 5)}  # fmt: skip


def parse_local_rules(raw: Mapping[str, Any], where: str = "rules") -> LocalRules:
    """Build :class:`LocalRules` from parsed TOML; one error lists every bad field."""
    problems = [
        tr(f"{k}: 未知的设置项", f"{k}: unknown setting")
        for k in sorted(set(raw) - {*_INTS, "exam_required", "source"})
    ]
    values: dict[str, Any] = {}
    for key, (low, high) in _INTS.items():
        if key in raw:
            value = raw[key]
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                problems.append(tr(f"{key}: 应为{low}至{high}的整数", f"{key}: {low} to {high}"))
            else:
                values[key] = value
    if "exam_required" in raw:
        listed = raw["exam_required"]
        if not isinstance(listed, list) or any(t not in TYPES for t in listed):
            problems.append(
                tr(
                    f"exam_required: 应为证件类型列表,可用: {', '.join(TYPES)}",
                    f"exam_required: a list of {', '.join(TYPES)}",
                )
            )
        else:
            values["exam_required"] = tuple(listed)
    if "source" in raw:
        values["source"] = str(raw["source"])
    if problems:
        raise ValidationError(
            tr(f"执法证件本地规则 {where} 无效", f"invalid certificate rules {where}"),
            problems=problems,
            hint=tr(f"修正文件 {where}", f"correct {where}"),
        )
    rules = LocalRules(**values)
    if rules.renewal_months >= rules.validity_months:
        raise ValidationError(
            tr(f"执法证件本地规则 {where} 无效", f"invalid certificate rules {where}"),
            problems=[tr("renewal_months: 须短于 validity_months", "renewal_months: < validity")],
        )
    return rules


def load_local_rules(path: str | Path | None = None) -> LocalRules:
    """Return the locality's rules from TOML ``path`` (default: ``$CASEWORK_CERTIFICATE_LOCAL``)."""
    chosen = path if path is not None else os.environ.get(LOCAL_RULES_ENV)
    if not chosen:
        return LocalRules()
    file = Path(chosen)
    try:
        raw = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        hint = (
            tr("修正该文件,或改正案件簿设置中的文件名", "repair the file or the book's setting")
            if path is not None
            else tr(
                f"修正该文件,或取消环境变量 {LOCAL_RULES_ENV}", f"fix it or unset {LOCAL_RULES_ENV}"
            )
        )
        raise ValidationError(
            tr(f"无法读取本地规则文件 {file}: {exc}", f"cannot read local rules {file}: {exc}"),
            hint=hint,
        ) from None
    return parse_local_rules(raw, str(file))
