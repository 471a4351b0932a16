"""The locality's rules of 证明事项告知承诺制: how long the after-the-fact verification may take.

No national rule fixes the period: 国办发〔2020〕42号 (七) has each administrative organ verify a
commitment "在规定时间内" by the means it sets, and leaves the time to the organs and localities. The
default here (**20 working days from the conclusion**) is an example value of this software, not a
statutory period; a locality sets its own in a TOML file its book's settings name (rules key
``commitment_verification``, conventional path ``<book>/commitment/verification.toml``; see
:mod:`casework.locality`; ``CASEWORK_COMMITMENT_LOCAL`` names one for books that name none)::

    [verification]
    length = 3
    unit = "months"          # "working", "natural" or "months"
    source = "某市人社局告知承诺制事项核查办法"
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

import attrs

from casework.deadlines import UNITS, Unit
from casework.errors import ValidationError
from casework.i18n import tr

LOCAL_RULES_ENV = "CASEWORK_COMMITMENT_LOCAL"
"""Environment variable naming a TOML file of :class:`LocalRules`."""

DEFAULT_SOURCE = (
    "示例默认值(非法定期限):国办发〔2020〕42号第(七)项要求在规定时间内核查,期限由各地各部门确定"
)
"""The source shown for the default verification period."""


@attrs.frozen
class LocalRules:
    """The verification period (事中事后核查期限): ``length`` in ``unit`` from the conclusion."""

    verification_length: int = 20
    verification_unit: Unit = "working"
    verification_source: str = DEFAULT_SOURCE


def parse_local_rules(raw: Mapping[str, Any], where: str = "rules") -> LocalRules:
    """Build :class:`LocalRules` from parsed TOML; one error lists every bad field."""
    problems: list[str] = []
    section = raw.get("verification", {})
    if not isinstance(section, Mapping):
        section = {}
        problems.append(tr("verification: 应为表 [verification]", "verification: a table"))
    unknown = sorted(set(raw) - {"verification"}) + sorted(
        set(section) - {"length", "unit", "source"}
    )
    problems += [tr(f"{k}: 未知的设置项", f"{k}: unknown setting") for k in unknown]
    length = section.get("length", LocalRules.verification_length)
    if not isinstance(length, int) or isinstance(length, bool) or not 1 <= length <= 365:
        problems.append(
            tr("verification.length: 应为1至365的整数", "verification.length: 1 to 365")
        )
    unit = section.get("unit", "working")
    if unit not in UNITS:
        problems.append(
            tr(
                f"verification.unit: {unit!r} 无效,可用: {', '.join(UNITS)}",
                f"verification.unit: {unit!r} is not one of {', '.join(UNITS)}",
            )
        )
    source = section.get("source", "")
    if not isinstance(source, str):
        problems.append(tr("verification.source: 应为文字", "verification.source: text"))
    if problems:
        raise ValidationError(
            tr(f"告知承诺本地规则 {where} 无效", f"invalid commitment rules {where}"),
            problems=problems,
            hint=tr(f"修正文件 {where}", f"correct {where}"),
        )
    return LocalRules(
        verification_length=int(length),
        verification_unit=cast(Unit, unit),
        verification_source=str(source) or f"{where}(本地设定)",
    )


def load_local_rules(path: str | Path | None = None) -> LocalRules:
    """Return the locality's rules from TOML ``path`` (default: ``$CASEWORK_COMMITMENT_LOCAL``).

    Without a path or variable, the defaults of :class:`LocalRules` apply.
    """
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
