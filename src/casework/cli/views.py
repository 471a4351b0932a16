"""Rich views: pure functions from facts to renderables; commands only choose and print them.

Every label comes from the case types (``Label``) or :func:`~casework.i18n.tr`, so ``--lang en``
switches all of them. User text is escaped or passed as :class:`rich.text.Text`, never as markup.
Views take the fact dicts of :mod:`casework.cli.facts`, the same data ``--json`` prints.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from casework.i18n import get_language, tr
from casework.text import visible

URGENCY_STYLE = {"overdue": "bold red", "soon": "yellow", "ok": "green", "paused": "cyan"}
STATUS = {
    "running": ("计算中", "running"),
    "paused": ("中止", "paused"),
    "stopped": ("已完成", "stopped"),
    "lapsed": ("已届满", "lapsed"),
}


def _table(title: str | None = None, **kwargs: Any) -> Table:
    return Table(
        title=title,
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        title_justify="left",
        title_style="bold",
        **kwargs,
    )


def _t(value: Any) -> Text:
    """User text as a Text (never parsed as markup, control characters made visible).

    ``None`` becomes a dash. Masking is the facts' business (:mod:`casework.cli.facts`), so that
    ``--unmask`` can show the numbers.
    """
    return Text("—" if value is None or value == "" else visible(str(value)))


def days_left_text(clock: Mapping[str, Any]) -> Text:
    """Days left of a period fact, coloured: red overdue, yellow within 3 days, marks appended."""
    urgency = clock["urgency"]
    left = clock["days_left"]
    if urgency == "paused":
        text = Text(tr("中止中", "paused"))
    elif left is None:
        text = Text("—")
    elif left < 0:
        text = Text(tr(f"逾期 {-left} 天", f"{-left} day{'s' if left < -1 else ''} overdue"))
    elif left == 0:
        text = Text(tr("今日到期", "due today"))
    else:
        text = Text(tr(f"剩 {left} 天", f"{left} day{'s' if left > 1 else ''} left"))
    text.stylize(URGENCY_STYLE.get(urgency, "dim"))
    return text


def due_text(clock: Mapping[str, Any]) -> Text:
    """The due date of a period fact, with "暂定/provisional" and "参考/planning" marks."""
    text = Text(clock["due_on"] or "—")
    if clock["provisional"]:
        text.append(" " + tr("暂定", "provisional"), style="italic magenta")
    if clock["planning"]:
        text.append(" " + tr("参考(他方期限)", "planning (another body's)"), style="italic dim")
    return text


def clocks_table(clocks: Sequence[Mapping[str, Any]]) -> Table:
    """The periods of a case: label, start, due date, days left, status, extension."""
    table = _table(tr("期限", "Periods"))
    for header in (
        tr("期限", "period"),
        tr("起算", "started"),
        tr("届满日", "due"),
        tr("剩余", "left"),
        tr("状态", "status"),
        tr("延长", "extended"),
    ):
        table.add_column(header)
    for clock in clocks:
        table.add_row(
            _t(clock["label"]),
            clock["started_on"],
            due_text(clock),
            days_left_text(clock),
            tr(*STATUS.get(clock["status"], (clock["status"], clock["status"]))),
            tr(f"{clock['extended_days']} 天", f"{clock['extended_days']} days")
            if clock["extended_days"]
            else "",
        )
    return table


def timeline(case: Mapping[str, Any], state_labels: Mapping[str, str]) -> Table:
    """The events of a case, creation first: date, action, state reached, actor, data, note."""
    table = _table(tr("经过", "Timeline"))
    for header in (
        "#",
        tr("日期", "date"),
        tr("操作", "action"),
        tr("状态", "state"),
        tr("经办人", "actor"),
        tr("内容", "data"),
    ):
        table.add_column(header)
    for event in case["events"]:
        data = event.get("data_shown")
        if data is None:
            data = tr(";", "; ").join(
                f"{k}: {_value(v)}" for k, v in event["data"].items() if v not in (None, "", [])
            )
        parts = [p for p in (data, event["note"], event.get("number") or "") if p]
        action = Text(event["label"])
        if event["system"]:
            action.append(" " + tr("(系统)", "(system)"), style="dim")
        table.add_row(
            str(event["seq"]),
            event["on"],
            action,
            _t(state_labels.get(event["to_state"], event["to_state"])),
            _t(event["actor"]),
            _t("; ".join(parts)),
        )
    return table


def case_card(
    case: Mapping[str, Any],
    *,
    field_labels: Mapping[str, str],
    role_labels: Mapping[str, str],
    state_labels: Mapping[str, str],
) -> RenderableType:
    """The case card of ``show``: header, parties, details, periods, timeline, allowed actions."""
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    rows = [
        (tr("案件编号", "case id"), case["id"]),
        (tr("类型", "kind"), case["kind_label"]),
        (tr("案号", "case number"), case["number"]),
        (tr("状态", "state"), case["state_label"]),
        (tr("收案日期", "received on"), case["received_on"]),
        (tr("结案日期", "closed on"), case["closed_on"]),
        (tr("规则", "rule set"), case.get("regime_label", case["regime"])),
        (tr("经办人", "assignee"), case["assignee"]),
    ]
    for label, value in rows:
        if value is not None:
            head.add_row(label, _t(value))
    for flag in case["flags"]:
        head.add_row(Text(tr("提示", "flag"), style="bold yellow"), Text(flag["text"], "yellow"))
    parts: list[RenderableType] = [
        Panel(
            head,
            title=Text(" ".join(p for p in (case["id"], case["summary"]) if p)),
            title_align="left",
            expand=False,
        )
    ]
    parties = _table(tr("当事人", "Parties"))
    for header in (
        tr("身份", "role"),
        tr("姓名", "name"),
        tr("身份证号", "ID"),
        tr("电话", "phone"),
    ):
        parties.add_column(header)
    for party in case["parties"]:
        parties.add_row(
            _t(role_labels.get(party["role"], party["role"])),
            _t(party["name"]),
            _t(party["id_number"]),
            _t(party["phone"]),
        )
    if case["parties"]:
        parts.append(parties)
    details = _table(tr("案件信息", "Details"))
    details.add_column(tr("项目", "field"), style="bold")
    details.add_column(tr("内容", "value"))
    shown_rows = case.get("details_shown")
    if shown_rows is None:
        shown_rows = [
            [field_labels.get(name, name), _value(value)]
            for name, value in (case["details"] or {}).items()
            if value not in (None, "", [], {})
        ]
    for label, text in shown_rows:
        details.add_row(_t(label), _t(text))
    if details.row_count:
        parts.append(details)
    if case["clocks"]:
        parts.append(clocks_table(case["clocks"]))
    parts.append(timeline(case, state_labels))
    allowed = case["allowed_actions"]
    line = Text(tr("当前可做: ", "allowed now: "), style="bold")
    if allowed:
        line.append(", ".join(named(a["label"], a["name"]) for a in allowed))
    else:
        line.append(tr("无(已结案)", "none (closed)"))
    parts.append(line)
    spaced: list[RenderableType] = []
    for part in parts:
        spaced += [part, Text("")] if isinstance(part, Table) else [part]
    return Group(*spaced)


def named(label: str, name: str) -> str:
    """``label (name)``, or just the name when the label is the name."""
    return name if label == name else f"{label} ({name})"


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return tr("是", "yes") if value else tr("否", "no")
    if isinstance(value, list):
        return tr("、", ", ").join(_value(v) for v in value)
    if isinstance(value, dict):
        return tr(";", "; ").join(
            f"{k}: {_value(v)}" for k, v in value.items() if v not in (None, "", [])
        )
    return str(value)


def case_list(
    rows: Sequence[Mapping[str, Any]], *, page: int, pages: int, total: int, width: int = 120
) -> Group:
    """The table of ``list``: one line per case, with its next period and a page footer.

    Below 100 columns the secondary columns (received on, assignee) are dropped first; the
    id and the next period are never cut, a cut state ends in "…", the summary wraps.
    """
    narrow = width < 100
    table = _table()
    table.add_column(tr("编号", "id"), no_wrap=True)
    table.add_column(
        tr("状态", "state"), max_width=12 if narrow else None, overflow="ellipsis", no_wrap=True
    )
    if not narrow:
        table.add_column(tr("收案", "received"), no_wrap=True)
        table.add_column(tr("经办人", "assignee"), max_width=10, overflow="ellipsis")
    table.add_column(tr("类型 · 摘要", "kind · summary"), ratio=1, overflow="fold")
    table.add_column(tr("下一期限", "next due"), min_width=12, overflow="fold")
    for row in rows:
        due = row["next_due"]
        next_due = Text()
        if due is not None:
            next_due = due_text(due)
            next_due.append("\n" if narrow else " ")
            next_due.append_text(days_left_text(due))
        about = Text(row["kind_label"], style="dim")
        if row["summary"]:
            about.append(" · " + row["summary"], style="")
        cells: list[Any] = [
            Text(row["id"], style="bold red" if row["overdue"] else ""),
            _t(row["state_label"]),
        ]
        if not narrow:
            cells += [row["received_on"], _t(row["assignee"])]
        table.add_row(*cells, about, next_due)
    footer = Text(
        tr(
            f"共 {total} 件,第 {page}/{pages} 页",
            f"{total} cases, page {page} of {pages}",
        ),
        style="dim",
    )
    return Group(table, footer)


def due_board(rows: Sequence[Mapping[str, Any]], *, on: str, width: int = 120) -> Group:
    """The deadline board: every running period due by the horizon, most urgent first.

    Days left, the due date and the case id are never cut; below 100 columns the kind and the
    state (secondary) are left out, and the period's name and the summary wrap.
    """
    narrow = width < 100
    table = _table(tr(f"期限看板(截至 {on})", f"Deadline board (as of {on})"), expand=True)
    table.add_column(tr("剩余", "left"), no_wrap=True)
    table.add_column(tr("届满日", "due"), no_wrap=True)
    table.add_column(tr("编号", "id"), no_wrap=True)
    if not narrow:
        table.add_column(tr("类型", "kind"), max_width=16, overflow="ellipsis", no_wrap=True)
    table.add_column(tr("期限", "period"), no_wrap=True, max_width=20, overflow="ellipsis")
    if not narrow:
        table.add_column(tr("状态", "state"), max_width=16, overflow="ellipsis", no_wrap=True)
    table.add_column(tr("摘要", "summary"), overflow="fold", ratio=1)
    for row in rows:
        clock = {k.removeprefix("clock_"): v for k, v in row.items() if k.startswith("clock_")}
        cells: list[Any] = [days_left_text(clock), due_text(clock), row["case"]]
        if not narrow:
            cells.append(_t(row["kind_label"]))
        cells.append(_t(clock["label"]))
        if not narrow:
            cells.append(_t(row["state_label"]))
        cells.append(_t(row["summary"]))
        table.add_row(*cells)
    if not rows:
        return Group(table, Text(tr("没有到期的期限", "nothing due"), style="green"))
    return Group(table)


DASHBOARD_DUE_ROWS = 10
"""How many of the periods due this week the dashboard lists (``due`` shows them all)."""


def dashboard(facts: Mapping[str, Any], *, width: int = 40) -> Group:
    """Due this week first; then counts per kind and state, the intake per month, overdue."""
    rows = facts.get("due_this_week", [])
    heading = Text(
        tr(
            f"本周到期({facts['as_of']} 起 7 日内)", f"Due this week (7 days from {facts['as_of']})"
        ),
        style="bold",
    )
    due = _table()
    due.add_column(tr("剩余", "left"), no_wrap=True)
    due.add_column(tr("编号", "id"), no_wrap=True)
    due.add_column(tr("期限", "period"), no_wrap=True, max_width=20, overflow="ellipsis")
    due.add_column(tr("届满日", "due"), no_wrap=True)
    due.add_column(tr("摘要", "summary"), overflow="fold")
    for row in rows[:DASHBOARD_DUE_ROWS]:
        clock = {k.removeprefix("clock_"): v for k, v in row.items() if k.startswith("clock_")}
        due.add_row(
            days_left_text(clock),
            row["case"],
            _t(clock["label"]),
            clock["due_on"] or "—",
            _t(row["summary"]),
        )
    lead: list[RenderableType] = [heading]
    if rows:
        lead.append(due)
    else:
        lead.append(Text(tr("没有到期的期限", "nothing is due"), style="green"))
    if len(rows) > DASHBOARD_DUE_ROWS:
        more = len(rows) - DASHBOARD_DUE_ROWS
        lead.append(Text(tr(f"另有 {more} 项,用 due 查看", f"{more} more: see 'due'"), style="dim"))
    counts = _table(tr("案件数(按类型和状态)", "Cases by kind and state"))
    counts.add_column(tr("类型", "kind"))
    counts.add_column(tr("状态", "state"))
    counts.add_column(tr("件数", "cases"), justify="right")
    for kind in facts["kinds"]:
        for i, state in enumerate(kind["states"]):
            counts.add_row(
                _t(kind["label"]) if i == 0 else "", _t(state["label"]), str(state["count"])
            )
        counts.add_row("", Text(tr("小计", "subtotal"), style="bold"), str(kind["total"]))
    from casework.render import monthly_chart

    year = Text(tr(f"{facts['year']} 年", f"{facts['year']}"), style="bold")
    chart = Group(year, monthly_chart(facts["monthly"], get_language(), width))
    overdue = facts["overdue"]
    line = Text(tr("逾期期限: ", "overdue periods: "), style="bold")
    line.append(str(overdue), style="bold red" if overdue else "bold green")
    line.append(tr(f"  未结案件: {facts['open']}", f"  open cases: {facts['open']}"))
    line.append(tr(f"  案件总数: {facts['total']}", f"  all cases: {facts['total']}"))
    return Group(*lead, Text(""), counts, Text(""), chart, Text(""), line)


def kinds_view(
    kinds: Sequence[Mapping[str, Any]], *, with_fields: bool = False, width: int = 120
) -> Group:
    """Every case type: its rule sets, states and actions with the data each action takes.

    An action reads as its label with its name below it, never cut (the name is what one may
    type); with ``with_fields`` the fields asked at intake follow.
    """
    parts: list[RenderableType] = []
    for kind in kinds:
        title = Text(f"{kind['label']} ({kind['name']}, {kind['code']})", style="bold")
        parts.append(title)
        for regime in kind["regimes"]:
            table = _table(
                tr(
                    f"规则 {regime['name']},自 {regime['effective_from']} 起",
                    f"rule set {regime['name']}, from {regime['effective_from']}",
                )
            )
            # the action's name (what one types) is never cut: its column is as wide as the
            # longest name; the other columns share the rest and wrap
            longest = max((len(a["name"]) + 3 for a in regime["actions"]), default=8)
            rest = max(width - longest - 6, 24)
            table.add_column(tr("操作", "action"), width=longest, overflow="fold")
            table.add_column(tr("从", "from"), width=rest * 3 // 10, overflow="fold")
            table.add_column(tr("到", "to"), width=rest * 3 // 10, overflow="fold")
            table.add_column(
                tr("所需数据", "data"), width=rest - 2 * (rest * 3 // 10), overflow="fold"
            )
            for action in regime["actions"]:
                data = "\n".join(
                    named(d["label"], d["name"]) + ("" if d["required"] else "?")
                    for d in action["data"]
                )
                cell = Text(action["label"])
                if action["label"] != action["name"]:
                    cell.append("\n(" + action["name"] + ")", style="dim")
                if action["system"]:
                    cell.append(" " + tr("(系统)", "(system)"), style="dim")
                table.add_row(
                    cell,
                    _t(tr("、", ", ").join(action["from_labels"])),
                    _t(action["to_label"]),
                    _t(data),
                )
            parts.append(table)
            states = Text(tr("状态: ", "states: "), style="bold")
            states.append(
                tr("、", ", ").join(f"{s['label']} ({s['name']})" for s in regime["states"])
            )
            parts.append(states)
            finals = Text(tr("终结状态: ", "final states: "), style="bold")
            finals.append(tr("、", ", ").join(s["label"] for s in regime["states"] if s["final"]))
            parts.append(finals)
            periods = Text(tr("期限: ", "periods: "), style="bold")
            periods.append(
                tr("、", ", ").join(f"{c['label']} {c['period']}" for c in regime["clocks"])
                or tr("无", "none")
            )
            parts.append(periods)
        if with_fields:
            parts += [Text(""), *_intake_parts(kind)]
        parts.append(Text(""))
    if not kinds:
        parts.append(Text(tr("未安装任何案件类型", "no case kind is installed"), style="yellow"))
    return Group(*parts)


def _fields_table(title: str, fields: Sequence[Mapping[str, Any]], option: str) -> Table:
    table = _table(title)
    table.add_column(tr("字段", "field"), overflow="fold")
    table.add_column(tr("类型", "type"), overflow="fold")
    table.add_column(tr("可选值 / 示例", "choices / example"), overflow="fold", ratio=1)
    for field in fields:
        mark = "" if field["required"] else "?"
        choices = tr("、", ", ").join(c["label"] for c in field["choices"])
        shown = choices or field["example"]
        name = Text(field["label"])
        name.append(f" ({field['path']}){mark}", style="dim")
        table.add_row(name, _t(field["type"]), _t(shown))
    return table


def _intake_parts(kind: Mapping[str, Any]) -> list[RenderableType]:
    intake = kind["intake"]
    parts: list[RenderableType] = []
    if intake["details"]:
        parts.append(
            _fields_table(
                tr(
                    "建档时填写的案件信息(--set 字段=值)",
                    "Details asked at intake (--set field=value)",
                ),
                intake["details"],
                "--set",
            )
        )
    for entry in intake["entry"]:
        parts.append(
            _fields_table(
                tr(
                    f"建档操作 {entry['label']} 的数据(--data 字段=值)",
                    f"Data of the opening action {entry['label']} (--data field=value)",
                ),
                entry["data"],
                "--data",
            )
        )
    if kind["roles"]:
        roles = Text(tr("当事人身份: ", "party roles: "), style="bold")
        roles.append(tr("、", ", ").join(f"{v} ({k})" for k, v in kind["roles"].items()))
        parts.append(roles)
    parts.append(Text(tr("? 表示可不填", "? marks an optional field"), style="dim"))
    return parts


def intake_view(kinds: Sequence[Mapping[str, Any]]) -> Group:
    """The fields asked when a case is opened, for each kind: path, label, type, choices."""
    parts: list[RenderableType] = []
    for kind in kinds:
        parts.append(Text(f"{kind['label']} ({kind['name']})", style="bold"))
        parts += _intake_parts(kind)
        parts.append(Text(""))
    return Group(*parts)


def plugins_view(
    plugins: Sequence[Mapping[str, Any]], failures: Mapping[str, str], hidden: int
) -> Group:
    """Installed plugins with version, hooks and case types; then failures with their error."""
    table = _table(tr("插件", "Plugins"))
    for header in (
        tr("名称", "name"),
        tr("版本", "version"),
        tr("钩子", "hooks"),
        tr("案件类型", "case types"),
    ):
        table.add_column(header, overflow="fold")
    for plugin in plugins:
        table.add_row(
            _t(plugin["name"]),
            _t(plugin["version"]),
            _t(", ".join(plugin["hooks"])),
            _t(
                tr("、", ", ").join(
                    named(label, name)
                    for label, name in zip(
                        plugin.get("case_type_labels", plugin["case_types"]),
                        plugin["case_types"],
                        strict=False,
                    )
                )
            ),
        )
    parts: list[RenderableType] = [table]
    if hidden:
        parts.append(
            Text(
                tr(
                    f"另有 {hidden} 个内置插件,用 --all 查看",
                    f"{hidden} built-in hidden: use --all",
                ),
                style="dim",
            )
        )
    for name, error in sorted(failures.items()):
        line = Text(tr(f"加载失败 {name}: ", f"failed to load {name}: "), style="bold red")
        line.append(error, style="red")
        parts.append(line)
    return Group(*parts)


def problems_table(problems: Sequence[Mapping[str, Any]], title: str) -> Table:
    """The bad rows of an import (or the duplicates): line, field and what is wrong."""
    table = _table(title)
    table.add_column(tr("行", "line"), justify="right")
    table.add_column(tr("字段", "field"))
    table.add_column(tr("问题", "problem"), overflow="fold")
    for problem in problems:
        table.add_row(str(problem["line"]), _t(problem["field"]), _t(problem["problem"]))
    return table
