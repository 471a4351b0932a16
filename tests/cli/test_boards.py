"""list, due, dashboard, kinds, plugins and report: rich views and their --json twins agree."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from cli_helpers import Run, json_of, one_red_line, render

import casework
from casework.cli import views
from casework.cli.app import cli


def _new(run: Run, received: str, subject: str, actor: str = "王科员") -> str:
    result = run(
        "--json",
        "new",
        "petition",
        "--received-on",
        received,
        "--actor",
        actor,
        "--set",
        f"subject={subject}",
    )
    return str(json_of(result)["id"])


@pytest.fixture
def several(run: Run) -> list[str]:
    """Five petitions of 2024 in several states, and one of 2023."""
    run("init")
    ids = [_new(run, "2023-12-01", "旧案")]
    ids += [_new(run, f"2024-0{m}-01", f"事项{m}") for m in (1, 2, 3, 4)]
    ids.append(_new(run, "2024-04-10", "李的案件", actor="李科员"))
    run("act", ids[1], "accept", "--actor", "王科员", "--on", "2024-01-03")
    run(
        "act",
        ids[1],
        "decide",
        "--actor",
        "王科员",
        "--on",
        "2024-01-20",
        "--data",
        "outcome=upheld",
    )
    run("act", ids[2], "accept", "--actor", "赵科员", "--on", "2024-02-02")
    run("act", ids[3], "reject", "--actor", "王科员", "--on", "2024-03-04")
    return ids


def test_list_filters_and_pages(run: Run, several: list[str]) -> None:
    def listed(*args: str) -> list[str]:
        data = json_of(run("--json", "list", "--on", "2024-04-12", *args))
        return [row["id"] for row in data["cases"]]

    assert listed() == several
    assert listed("--year", "2024", "--open") == [several[2], several[4], several[5]]
    assert listed("--closed") == [several[1], several[3]]
    # the reviews of the first and fifth ran out: 视为受理 as of 12 April, without any action
    assert listed("--state", "accepted") == [several[0], several[2], several[4]]
    assert listed("--state", "received") == [several[5]]
    assert listed("--assignee", "赵科员") == [several[2]]
    assert listed("--assignee", "李科员") == [several[5]]
    # periods past their last day on 12 April: two decision periods
    assert listed("--overdue") == [several[0], several[2]]
    page = json_of(run("--json", "list", "--per-page", "2", "--page", "2"))
    assert (page["total"], page["pages"], page["page"]) == (6, 3, 2)
    assert [r["id"] for r in page["cases"]] == several[2:4]
    rich = run("list", "--per-page", "2", "--page", "2", "--on", "2024-04-12")
    assert rich.exit_code == 0
    assert "共 6 件,第 2/3 页" in rich.stdout
    for row in page["cases"]:
        assert row["id"] in rich.stdout and row["state_label"] in rich.stdout


def test_list_english_headers(run: Run, several: list[str]) -> None:
    result = run("--lang", "en", "list", "--kind", "petition", "--on", "2024-04-12")
    header = result.stdout.splitlines()[0].split()
    assert header == ["id", "state", "received", "assignee", "kind", "·", "summary", "next", "due"]
    assert "6 cases, page 1 of 1" in result.stdout


def test_due_board_most_urgent_first(run: Run, several: list[str]) -> None:
    data = json_of(run("--json", "due", "--on", "2024-04-12", "--within", "60"))
    got = [(r["case"], r["clock_name"], r["clock_days_left"]) for r in data["due"]]
    # 2023-12-01 + 5 working days = 12-08, deemed accepted, + 60 days; 2024-02-02 + 60 days;
    # 2024-04-10 + 3 working days; 2024-04-01 + 3 working days (the 清明 holidays skipped and
    # Sunday 7 April a 调休 working day) = 04-07, deemed accepted, + 60 days.
    assert got == [
        (several[0], "decision", -66),
        (several[2], "decision", -10),
        (several[5], "review", 3),
        (several[4], "decision", 55),
    ]
    text = run("due", "--on", "2024-04-12", "--within", "60").stdout
    rows = [line.split() for line in text.splitlines()[3:]]
    assert [r[:4] for r in rows] == [
        ["逾期", "66", "天", "2024-02-06"],
        ["逾期", "10", "天", "2024-04-02"],
        ["剩", "3", "天", "2024-04-15"],
        ["剩", "55", "天", "2024-06-06"],
    ]
    assert [r[4] for r in rows] == [g[0] for g in got]
    soon = json_of(run("--json", "due", "--on", "2024-04-12", "--within", "0"))
    assert [r["case"] for r in soon["due"]] == [several[0], several[2]]


def test_dashboard_counts_intake_and_overdue(run: Run, several: list[str]) -> None:
    data = json_of(run("--json", "dashboard", "--on", "2024-04-12"))
    assert data["monthly"] == [1, 1, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0]
    assert (data["overdue"], data["open"], data["total"]) == (2, 4, 6)
    [kind] = data["kinds"]
    assert {s["state"]: s["count"] for s in kind["states"]} == {
        "received": 1,
        "accepted": 3,
        "rejected": 1,
        "decided": 1,
    }
    text = run("dashboard", "--on", "2024-04-12").stdout
    assert "测试申请   已收到        1" in text
    assert "逾期期限: 2  未结案件: 4  案件总数: 6" in text
    assert "4月" in text
    en = run("--lang", "en", "dashboard", "--on", "2024-04-12").stdout
    assert "overdue periods: 2  open cases: 4  all cases: 6" in en
    assert "Cases by kind and state" in en


def test_kinds_lists_states_actions_and_their_data(run: Run) -> None:
    data = json_of(run("--json", "kinds"))
    petition = next(k for k in data if k["name"] == "petition")
    assert [r["name"] for r in petition["regimes"]] == ["OLD", "NEW"]
    decide = next(a for a in petition["regimes"][1]["actions"] if a["name"] == "decide")
    assert decide["data"] == [
        {"name": "outcome", "label": "outcome", "type": "str", "required": True}
    ]
    text = run("kinds").stdout
    assert "测试申请 (petition, PT)" in text
    assert "规则 NEW,自 2024-01-01 起" in text
    assert "视为受理" in text and "(deem_accept) (系统)" in text
    assert "期限: 受理审查 3 个工作日、决定期限 60 日" in text


def test_plugins_lists_hooks_and_failures(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    data = json_of(run("--json", "plugins", "--hook", "register_case_types"))
    mine = next(p for p in data["plugins"] if p["name"] == "undo-petition")
    assert mine == {
        "name": "undo-petition",
        "distribution": None,
        "version": None,
        "hooks": ["register_case_types"],
        "case_types": ["petition"],
        "builtin": False,
    }
    assert json_of(run("--json", "plugins", "--hook", "no_such_hook"))["plugins"] == []
    monkeypatch.setattr(
        casework.plugins, "failures", lambda: {"broken": "ImportError: no module named x"}
    )
    shown = run("plugins")
    assert shown.exit_code == 1  # a failed plugin is a failure, for scripts too
    assert "undo-petition" in shown.stdout and "register_case_types" in shown.stdout
    assert "加载失败 broken: ImportError: no module named x" in shown.stdout
    as_json = run("--json", "plugins")
    assert as_json.exit_code == 1
    failures = orjson.loads(as_json.stdout)["failures"]
    assert failures["broken"] == "ImportError: no module named x"


def test_plugins_hide_the_builtin_ones_unless_all(run: Run) -> None:
    every = json_of(run("--json", "plugins", "--all"))["plugins"]
    shown = json_of(run("--json", "plugins"))["plugins"]
    assert [p for p in every if not p["builtin"]] == shown
    builtin = len(every) - len(shown)
    if builtin:
        assert f"另有 {builtin} 个内置插件,用 --all 查看" in run("plugins").stdout


def test_plugin_commands_get_the_same_error_handling(run: Run) -> None:
    import click

    @click.command("boom")
    def boom() -> None:
        raise casework.ValidationError("坏输入", hint="改正它")

    cli.add_command(boom)
    try:
        assert one_red_line(run("boom")) == "坏输入 (改正它)"
    finally:
        cli.commands.pop("boom")


class PetitionReport:
    """A report section for the toy kind, so the report test needs no real plugin."""

    __name__ = "undo-petition-report"

    @casework.hookimpl
    def report_sections(self, context: casework.ReportContext) -> casework.ReportSection:
        received = len(context.received("petition"))
        return casework.ReportSection(
            kind="petition",
            title=casework.Label("测试申请", "test petitions"),
            figures={"received": received},
            text_zh=(f"全年共收到测试申请{received}件。",),
            text_en=(f"{received} test petitions were received.",),
            labels={"received": casework.Label("收到", "received")},
        )


@pytest.fixture
def only_petition() -> Iterator[None]:
    """Leave only the toy kind and its report section registered (real plugins set aside)."""
    pm = casework.plugins.pm
    aside = [(n, p) for n, p in pm.list_name_plugin() if p is not None and n != "undo-petition"]
    for name, plugin in aside:
        pm.unregister(plugin, name=name)
    name = casework.register_plugin(PetitionReport(), name="undo-petition-report")
    try:
        yield
    finally:
        casework.unregister_plugin(name)
        for name, plugin in aside:
            pm.register(plugin, name=name)
        casework.unregister_plugin("no-such-plugin")  # drops the cached case types


def test_report_json_view_and_file(
    run: Run, several: list[str], tmp_path: Path, only_petition: None
) -> None:
    data = json_of(run("--json", "report", "--year", "2024"))
    assert data["year"] == 2024 and data["petition"] == {"received": 5}
    assert data["sections"][0]["text"]["zh"] == ["全年共收到测试申请5件。"]
    view = run("report", "--year", "2024").stdout
    assert "全年共收到测试申请5件。" in view and "收到" in view
    assert (
        "5 test petitions were received." in run("--lang", "en", "report", "--year", "2024").stdout
    )
    out = tmp_path / "r.md"
    result = run("report", "--year", "2024", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert f"已写入 {out}" in result.stderr
    assert "全年共收到测试申请5件。" in out.read_text(encoding="utf-8")
    xlsx = json_of(
        run(
            "--json",
            "report",
            "--year",
            "2024",
            "--format",
            "xlsx",
            "--output",
            str(tmp_path / "r.bin"),
        )
    )
    assert xlsx["format"] == "xlsx" and (tmp_path / "r.bin").stat().st_size > 0
    line = one_red_line(run("report", "--year", "2024", "--output", str(tmp_path / "r.x")))
    assert "无法判断文件格式" in line


def test_days_left_colours_and_marks() -> None:
    base = {"status": "running", "provisional": False, "planning": False, "due_on": "2024-05-06"}
    overdue = views.days_left_text({**base, "urgency": "overdue", "days_left": -2})
    soon = views.days_left_text({**base, "urgency": "soon", "days_left": 3})
    ok = views.days_left_text({**base, "urgency": "ok", "days_left": 30})
    assert (str(overdue), overdue.style) == ("逾期 2 天", "")
    assert overdue.spans[0].style == "bold red"
    assert soon.spans[0].style == "yellow" and ok.spans[0].style == "green"
    marked = views.due_text({**base, "provisional": True, "planning": True})
    assert render(marked).strip() == "2024-05-06 暂定 参考(他方期限)"
    casework.set_language("en")
    try:
        marked = views.due_text({**base, "provisional": True, "planning": False})
        assert render(marked).strip() == "2024-05-06 provisional"
    finally:
        casework.set_language("zh")


def test_provisional_due_dates_are_marked(run: Run, book_path: Path) -> None:
    import datetime as dt

    run("init")
    with casework.open_book(book_path, allow_future=True) as book:  # a simulation ahead
        case = book.create(
            "petition", received_on=dt.date(2031, 3, 3), actor="王科员", details={"subject": "远期"}
        ).id
    data = json_of(run("--json", "show", case, "--on", "2031-03-04"))
    assert data["clocks"][0]["provisional"] is True
    assert "暂定" in run("show", case, "--on", "2031-03-04").stdout
    assert "provisional" in run("--lang", "en", "show", case, "--on", "2031-03-04").stdout
