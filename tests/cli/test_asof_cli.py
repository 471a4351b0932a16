"""Every view of the terminal app sees the book as of a day: show, list, due, dashboard, report."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from cli_helpers import Run, json_of, one_red_line

import casework
from casework.model import now

sys.path.insert(0, str(Path(__file__).parents[1] / "legal_aid"))

from la_helpers import apply, carry_to_close

D = dt.date
DETAILS = {
    "respondent": "汾阳市公安局",
    "act": {"description": "汾公(治)决字〔2024〕12号行政处罚决定", "category": "penalty"},
    "request": "撤销该处罚决定",
}


@pytest.fixture
def deemed(run: Run, book_path: Path) -> str:
    """An ARL23 application received 2024-12-16 and left alone: 视为受理 on 12-23."""
    run("init")
    with casework.open_book(book_path) as book:
        return book.create(
            "reconsideration",
            received_on=D(2024, 12, 16),
            actor="王科员",
            parties=[{"role": "applicant", "name": "张三"}],
            details=DETAILS,
        ).id


def test_every_view_shows_the_deemed_acceptance(run: Run, deemed: str) -> None:
    card = run("show", deemed).stdout
    assert "状态      审理中" in card and "视为受理  否" not in card
    assert "2024-12-23   视为受理 (系统)" in card
    shown = json_of(run("--json", "show", deemed))
    assert shown["state"] == "accepted" and shown["details"]["deemed_accepted"] is True
    assert shown["events"][-1]["action"] == "deem_accept"
    allowed = [a["name"] for a in shown["allowed_actions"]]
    assert "accept" not in allowed and "send_copy" in allowed
    earlier = json_of(run("--json", "show", deemed, "--on", "2024-12-20"))
    assert earlier["state"] == "received" and "accept" in [
        a["name"] for a in earlier["allowed_actions"]
    ]
    listed = json_of(run("--json", "list", "--state", "accepted"))
    assert [r["id"] for r in listed["cases"]] == [deemed]
    assert json_of(run("--json", "list", "--state", "received"))["cases"] == []
    board = json_of(run("--json", "due", "--on", "2025-03-01"))["due"]
    assert [(r["state"], r["clock_name"]) for r in board] == [
        ("accepted", "copy"),
        ("accepted", "decision"),
    ]
    dashboard = json_of(run("--json", "dashboard", "--on", "2025-03-01"))
    [kind] = dashboard["kinds"]
    assert {s["state"]: s["count"] for s in kind["states"]} == {"accepted": 1}
    assert json_of(run("--json", "report", "--year", "2024"))["reconsideration"]["accepted"] == 1
    refused = one_red_line(run("act", deemed, "accept", "--on", "2025-01-02", "--actor", "王"))
    assert "审理中" in refused
    # the views wrote nothing: the stored history is the creation alone until a lapse is recorded
    recorded = json_of(run("--json", "lapse", "--on", "2025-01-10"))["recorded"]
    assert [(r["action"], r["on"]) for r in recorded] == [("deem_accept", "2024-12-23")]
    assert json_of(run("--json", "lapse", "--on", "2025-01-10"))["recorded"] == []
    assert json_of(run("--json", "show", deemed))["state"] == "accepted"


def test_the_board_lists_running_periods_of_closed_cases(run: Run, book_path: Path) -> None:
    run("init")
    with casework.open_book(book_path) as book:
        case = apply(book, D(2026, 10, 9))
        closed = carry_to_close(
            book, case, appoint_on=D(2026, 10, 12), close_on=D(2026, 11, 2), documents=()
        )
    filing = closed.clock("filing")
    assert filing is not None and filing.due_on is not None
    on = filing.due_on - dt.timedelta(days=10)
    soon = json_of(run("--json", "due", "--on", on.isoformat(), "--within", "60"))["due"]
    assert [(r["case"], r["state"], r["clock_name"]) for r in soon] == [
        (case.id, "closed", "filing")
    ]
    late = (filing.due_on + dt.timedelta(days=4)).isoformat()
    board = run("due", "--on", late, "--kind", "legal_aid").stdout
    assert "提交立卷材料期限" in board and "已结案" in board and "逾期 4 天" in board


def test_dates_are_checked_at_the_door(run: Run) -> None:
    run("init")
    today = now().date()
    later = (today + dt.timedelta(days=30)).isoformat()
    line = one_red_line(
        run("new", "petition", "--received-on", later, "--actor", "王", "--set", "subject=x")
    )
    assert "received_on" in line and today.isoformat() in line
    for day in ("1900-01-01", "2999-01-01"):
        line = one_red_line(
            run("new", "petition", "--received-on", day, "--actor", "王", "--set", "subject=x")
        )
        assert "1949" in line and "2100" in line
    assert "1949" in one_red_line(run("due", "--on", "9999-12-31"))
    assert "1949" in one_red_line(run("show", "PT2024-0001", "--on", "1900-01-01"))
    created = json_of(
        run("--json", "new", "petition", "--received-on", today.isoformat(), "--actor", "王",
            "--set", "subject=x")
    )  # fmt: skip
    line = one_red_line(run("act", created["id"], "accept", "--on", later, "--actor", "王"))
    assert "on" in line and today.isoformat() in line


def test_days_left_are_counted_from_today_on_every_card(run: Run) -> None:
    run("init")
    today = now().date()
    received = today - dt.timedelta(days=20)
    made = json_of(
        run("--json", "new", "petition", "--received-on", received.isoformat(), "--actor", "王",
            "--set", "subject=x")
    )  # fmt: skip
    shown = json_of(run("--json", "show", made["id"]))
    assert made["clocks"] == shown["clocks"]
    [clock] = [c for c in shown["clocks"] if c["status"] == "running"]
    assert clock["days_left"] == (D.fromisoformat(clock["due_on"]) - today).days
    acted = json_of(
        run("--json", "act", made["id"], "accept", "--on", (received + dt.timedelta(days=1))
            .isoformat(), "--actor", "王")
    )  # fmt: skip
    assert acted["as_of"] == today.isoformat()
    [clock] = [c for c in acted["clocks"] if c["status"] == "running"]
    assert clock["days_left"] == (D.fromisoformat(clock["due_on"]) - today).days


def test_report_as_of_a_day_says_so_in_every_format(run: Run, deemed: str, tmp_path: Path) -> None:
    data = json_of(run("--json", "report", "--year", "2024", "--as-of", "2024-12-20"))
    assert data["as_of"] == "2024-12-20" and data["as_of_text"] == "截至2024年12月20日"
    assert data["reconsideration"]["accepted"] == 0
    assert "截至2024年12月20日" in run("report", "--year", "2024", "--as-of", "2024-12-20").stdout
    for fmt in ("md", "docx", "xlsx"):
        out = tmp_path / f"r.{fmt}"
        run("report", "--year", "2024", "--as-of", "2024-12-20", "--output", str(out))
        if fmt == "md":
            assert "截至2024年12月20日" in out.read_text(encoding="utf-8")
        elif fmt == "docx":
            import docx

            assert "截至2024年12月20日" in docx.Document(str(out)).paragraphs[0].text
        else:
            import openpyxl

            sheet = openpyxl.load_workbook(out).worksheets[0]
            assert "截至2024年12月20日" in str(sheet["A1"].value)
    full = json_of(run("--json", "report", "--year", "2024"))
    assert full["as_of"] == "2024-12-31" and full["as_of_text"] == ""
    today = now().date()
    current = run("report", "--year", str(today.year)).stdout
    if today != D(today.year, 12, 31):
        assert f"截至{today.year}年{today.month}月{today.day}日" in current
    line = one_red_line(run("report", "--year", "2024", "--as-of", "2025-01-02"))
    assert "as_of" in line
