"""What a case type declares, checked when its plugin registers it.

:func:`problems` returns one line per mistake in a :class:`~casework.workflow.CaseType`: the
field (``workflows[ARL23].clocks[review].unit``), what is wrong and the fix, in the language in
force. The plugin manager refuses a plugin whose declarations have any, so that a misspelt unit
or number format is the plugin author's error at start-up, not the user's at ``create``.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from casework.deadlines import UNITS
from casework.i18n import Label, tr
from casework.workflow import CaseType, ClockRule, Workflow

NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
"""A kind's, state's, action's, clock's or role's name: lower-case ASCII, digits and ``_``."""

CODE_RE = re.compile(r"^[A-Z]{1,6}$")
"""A kind's case-id code: one to six capital letters (``RC`` in ``RC2020-0001``)."""

NUMBER_FIELDS = frozenset({"year", "seq", "short"})
"""The fields a case-number format (``number_format``) may use (``short``: the locality's)."""


def _bad_name(field: str, value: object) -> str | None:
    if isinstance(value, str) and NAME_RE.match(value):
        return None
    return tr(
        f"{field}: {value!r} 不是有效名称(须为小写英文字母、数字和 _,以字母开头,如 xinfang)",
        f"{field}: {value!r} is not a valid name (use lower-case ASCII letters, digits and _, "
        "starting with a letter, e.g. xinfang)",
    )


def _bad_label(field: str, value: object) -> str | None:
    if isinstance(value, Label) and value.zh.strip() and value.en.strip():
        return None
    return tr(
        f'{field}: 须为中英文都不为空的 Label("中文", "English")',
        f'{field}: must be a Label("中文", "English") with both texts given',
    )


def number_format_problem(field: str, fmt: object) -> str | None:
    """Why ``fmt`` is not a case-number format of ``{year}``, ``{seq}``, ``{short}`` (or ``None``)."""
    if fmt is None:
        return None
    fix = tr(
        "只能使用 {short}、{year} 和 {seq},如 {short}司复〔{year}〕{seq}号",
        "use only {short}, {year} and {seq}",
    )
    if not isinstance(fmt, str):
        return tr(f"{field}: 应为文字({fix})", f"{field}: must be text ({fix})")
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(fmt) if name is not None}
        fmt.format(year=2020, seq=1, short="")
    except (KeyError, IndexError, ValueError) as exc:
        return tr(
            f"{field}: {fmt!r} 无效: {exc}({fix})", f"{field}: {fmt!r} is invalid: {exc} ({fix})"
        )
    unknown = sorted(n.split(".")[0].split("[")[0] for n in names) if names else []
    stray = [n for n in unknown if n not in NUMBER_FIELDS]
    if stray:
        return tr(
            f"{field}: {fmt!r} 含未知字段 {', '.join(stray)}({fix})",
            f"{field}: {fmt!r} names unknown field(s) {', '.join(stray)} ({fix})",
        )
    return None


def _clock(prefix: str, rule: ClockRule, workflow: Workflow) -> Iterator[str]:
    where = f"{prefix}.clocks[{rule.name}]"
    if bad := _bad_name(f"{where}.name", rule.name):
        yield bad
    if bad := _bad_label(f"{where}.label", rule.label):
        yield bad
    if rule.unit not in UNITS:
        yield tr(
            f"{where}.unit: {rule.unit!r} 不是期限单位(可用: {', '.join(UNITS)})",
            f"{where}.unit: {rule.unit!r} is not a unit (use one of: {', '.join(UNITS)})",
        )
    if not isinstance(rule.length, int) or isinstance(rule.length, bool) or rule.length <= 0:
        yield tr(
            f"{where}.length: 应为正整数,收到 {rule.length!r}",
            f"{where}.length: must be a positive whole number, not {rule.length!r}",
        )
    if rule.extends_on:
        action = workflow.action(rule.extends_on)
        fields = {f.name for f in attrs.fields(action.data)} if action and action.data else set()
        if "days" not in fields:
            yield tr(
                f"{where}.extends_on: 操作 {rule.extends_on} 的数据须有整数字段 days(延长天数)",
                f"{where}.extends_on: the data of action {rule.extends_on} needs a whole-number "
                "field days (the extension)",
            )
        if rule.max_extension <= 0:
            yield tr(
                f"{where}.max_extension: 可延长时须为正整数(最多延长的天数)",
                f"{where}.max_extension: a positive number of days when the period extends",
            )
    if rule.expiry is not None:
        if bad := _bad_label(f"{where}.expiry.label", rule.expiry.label):
            yield bad
        if rule.expiry.action:
            action = workflow.action(rule.expiry.action)
            if action is not None and not action.system:
                yield tr(
                    f"{where}.expiry.action: 操作 {action.name} 须声明 system=True(由系统记录)",
                    f"{where}.expiry.action: action {action.name} must be declared system=True "
                    "(the book records it)",
                )


def _workflow(workflow: Workflow) -> Iterator[str]:
    prefix = f"workflows[{workflow.name}]"
    if not isinstance(workflow.effective_from, dt.date):
        yield tr(
            f"{prefix}.effective_from: 应为日期(datetime.date)",
            f"{prefix}.effective_from: must be a datetime.date",
        )
    for state in workflow.states:
        if bad := _bad_name(f"{prefix}.states[{state.name}].name", state.name):
            yield bad
        if bad := _bad_label(f"{prefix}.states[{state.name}].label", state.label):
            yield bad
    for action in workflow.actions:
        where = f"{prefix}.actions[{action.name}]"
        if bad := _bad_name(f"{where}.name", action.name):
            yield bad
        if bad := _bad_label(f"{where}.label", action.label):
            yield bad
        if action.data is not None and not attrs.has(action.data):
            yield tr(
                f"{where}.data: 须为 attrs 类或 None",
                f"{where}.data: must be an attrs class or None",
            )
    for rule in workflow.clocks:
        yield from _clock(prefix, rule, workflow)


def _roles(case_type: CaseType) -> Iterator[str]:
    for role, label in case_type.roles.items():
        if bad := _bad_name(f"roles[{role}]", role):
            yield bad
        if bad := _bad_label(f"roles[{role}]", label):
            yield bad
    required: Mapping[str, Any] = case_type.required_roles
    for role, count in required.items():
        if role not in case_type.roles:
            yield tr(
                f"required_roles[{role}]: 未在 roles 中声明(可用: {', '.join(case_type.roles)})",
                f"required_roles[{role}]: not declared in roles "
                f"(declared: {', '.join(case_type.roles) or 'none'})",
            )
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            yield tr(
                f"required_roles[{role}]: 应为至少为1的整数(所需人数),收到 {count!r}",
                f"required_roles[{role}]: a whole number of at least 1, not {count!r}",
            )


def problems(case_type: CaseType) -> list[str]:
    """Every mistake in ``case_type``'s declarations: field, what is wrong, the fix."""
    found: list[str] = []
    if bad := _bad_name("name", case_type.name):
        found.append(bad)
    if bad := _bad_label("label", case_type.label):
        found.append(bad)
    if not isinstance(case_type.code, str) or not CODE_RE.match(case_type.code):
        found.append(
            tr(
                f"code: {case_type.code!r} 无效(须为1至6个大写英文字母,如 XF)",
                f"code: {case_type.code!r} is invalid (use 1 to 6 capital letters, e.g. XF)",
            )
        )
    if bad := number_format_problem("number_format", case_type.number_format):
        found.append(bad)
    for name, label in case_type.fields.items():
        if bad := _bad_label(f"fields[{name}]", label):
            found.append(bad)
    found.extend(_roles(case_type))
    names = [w.name for w in case_type.workflows]
    if len(set(names)) != len(names):
        found.append(
            tr(
                f"workflows: 规则名重复 {names}(每套规则须有不同的 name)",
                f"workflows: repeated rule-set names {names} (give each its own name)",
            )
        )
    for workflow in case_type.workflows:
        found.extend(_workflow(workflow))
    return found


__all__ = ["CODE_RE", "NAME_RE", "NUMBER_FIELDS", "number_format_problem", "problems"]
