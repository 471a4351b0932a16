"""new / act / show through the real click app: options, prompts, errors, masking, retries."""

from __future__ import annotations

import pytest
from cli_helpers import APPLICANT_ID, APPLICANT_PHONE, Run, json_of, one_red_line

import casework
from casework.errors import ConflictError
from casework.personal import find_unmasked


def test_new_with_options_stores_the_case_and_masks_the_card(
    run: Run, opened: str, book_path: object
) -> None:
    assert opened == "PT2024-0001"
    with casework.open_book(str(book_path), create=False) as book:
        case = book.get(opened)
    assert case.parties[0].id_number == APPLICANT_ID
    assert case.details.amount == 500 and case.events[0].actor == "王科员"
    shown = run("show", opened, "--on", "2024-03-04")
    assert shown.exit_code == 0
    assert "110105********002X" in shown.stdout
    assert "138****5678" in shown.stdout
    assert find_unmasked(shown.stdout) == []
    clear = run("show", opened, "--on", "2024-03-04", "--unmask")
    assert APPLICANT_ID in clear.stdout and APPLICANT_PHONE in clear.stdout


def test_show_card_exact_zh(run: Run, opened: str) -> None:
    result = run("show", opened, "--on", "2024-03-04")
    assert result.exit_code == 0
    assert [line.rstrip() for line in result.stdout.splitlines()[:9]] == [
        "╭─ PT2024-0001 ─────────╮",
        "│ 案件编号  PT2024-0001 │",
        "│ 类型      测试申请    │",
        "│ 状态      已收到      │",
        "│ 收案日期  2024-03-01  │",
        "│ 规则      NEW         │",
        "│ 经办人    王科员      │",
        "╰───────────────────────╯",
        "当事人",
    ]
    text = result.stdout
    assert "受理审查   2024-03-01   2024-03-06   剩 2 天   计算中" in text
    assert "1   2024-03-01   收到   已收到   王科员   —" in text
    assert text.rstrip().endswith("当前可做: 受理 (accept), 不予受理 (reject)")


def test_show_card_english(run: Run, opened: str) -> None:
    result = run("--lang", "en", "show", opened, "--on", "2024-03-04")
    assert result.exit_code == 0
    text = result.stdout
    for header in ("case id", "Parties", "Details", "Periods", "Timeline", "allowed now:"):
        assert header in text
    assert "acceptance review   2024-03-01   2024-03-06   2 days left   running" in text
    assert "受理" not in text.replace("测字", "")


def test_show_json_carries_the_card_facts(run: Run, opened: str) -> None:
    data = json_of(run("--json", "show", opened, "--on", "2024-03-04"))
    assert data["id"] == opened and data["state"] == "received"
    assert data["state_label"] == "已收到"
    assert data["parties"][0]["id_number"] == "110105********002X"
    assert data["events"][0]["init"]["parties"][0]["phone"] == "138****5678"
    assert data["details"] == {
        "subject": "罚款决定",
        "amount": 500,
        "decision": None,
        "learned_on": None,
    }
    [review] = data["clocks"]
    assert (review["due_on"], review["days_left"], review["urgency"]) == ("2024-03-06", 2, "soon")
    assert [a["name"] for a in data["allowed_actions"]] == ["accept", "reject"]
    raw = run("--json", "show", opened).stdout
    assert find_unmasked(raw) == []
    assert "\\u" not in raw


def test_act_through_to_decision(run: Run, opened: str) -> None:
    accepted = json_of(
        run("--json", "act", opened, "accept", "--on", "2024-03-05", "--actor", "王")
    )
    assert accepted["state"] == "accepted" and accepted["number"] == "测字〔2024〕1号"
    decided = run(
        "act", opened, "决定", "--on", "2024-03-20", "--actor", "王", "--data", "outcome=upheld"
    )
    assert decided.exit_code == 0, decided.output
    assert "已办理 决定: PT2024-0001" in decided.stderr
    assert "当前可做: 重新办理 (reopen)" in decided.stdout
    data = json_of(run("--json", "show", opened))
    assert data["details"]["decision"] == "upheld"
    assert [e["action"] for e in data["events"]] == ["receive", "accept", "decide"]
    assert data["closed_on"] == "2024-03-20"


def test_missing_required_field_without_a_terminal_is_one_clear_error(run: Run) -> None:
    run("init")
    line = one_red_line(run("new", "petition", "--received-on", "2024-03-01", "--actor", "王科员"))
    assert line == "案件信息缺少必填字段: subject (用 --set 字段=值 给出)"


def test_missing_actor_is_named(run: Run) -> None:
    run("init")
    line = one_red_line(run("--lang", "en", "new", "petition", "--set", "subject=x"))
    assert line == ("who is acting is missing: --actor (give --actor NAME or set CASEWORK_ACTOR)")


def test_actor_from_the_environment(run: Run) -> None:
    run("init")
    result = run(
        "--json", "new", "petition", "--set", "subject=x", env={"CASEWORK_ACTOR": "赵科员"}
    )
    assert json_of(result)["assignee"] == "赵科员"


def test_bad_values_name_their_field(run: Run) -> None:
    run("init")
    line = one_red_line(
        run("new", "petition", "--actor", "王", "--set", "subject=x", "--set", "amount=lots")
    )
    assert "details.amount" in line and "应为整数" in line and "lots" not in line
    line = one_red_line(run("new", "petition", "--actor", "王", "--set", "subjet=x"))
    assert "details.subjet: 没有这个字段" in line and "可用字段: subject" in line
    line = one_red_line(
        run("new", "petition", "--actor", "王", "--set", "subject=x", "--party", "nobody")
    )
    assert "--party: " in line and "nobody" not in line
    line = one_red_line(
        run("new", "petition", "--actor", "王", "--set", "subject=x", "--party", "a:b:123")
    )
    assert "parties[0]: id_number" in line and "17 位数字" in line


def test_unknown_case_suggests_the_closest_ids(run: Run, opened: str) -> None:
    line = one_red_line(run("show", "PT2024-0002"))
    assert line == "没有案件 PT2024-0002 (是否应为 PT2024-0001?)"
    line = one_red_line(run("--lang", "en", "act", "pt2024-0011", "accept", "--actor", "x"))
    assert line == "no case PT2024-0011 (did you mean PT2024-0001?)"


def test_unknown_kind_and_missing_book(run: Run, tmp_path: object) -> None:
    line = one_red_line(run("new", "petition", "--actor", "x", "--set", "subject=x"))
    assert "不是案件簿" in line and "init" in line
    run("init")
    line = one_red_line(run("new", "petitoin", "--actor", "x"))
    assert "没有案件类型 'petitoin'" in line and "是否应为 petition" in line


def test_an_action_not_allowed_lists_the_allowed_ones(run: Run, opened: str) -> None:
    line = one_red_line(run("act", opened, "decide", "--actor", "王", "--on", "2024-03-02"))
    assert "不能决定(decide)" in line and "accept, reject" in line


def test_missing_action_is_a_usage_error_listing_the_choices(run: Run, opened: str) -> None:
    result = run("act", opened, "--actor", "王", "--on", "2024-03-02")
    assert result.exit_code == 2
    assert "accept(受理), reject(不予受理)" in result.stderr


def test_expect_version_conflict_is_reported(run: Run, opened: str) -> None:
    line = one_red_line(
        run("act", opened, "accept", "--actor", "王", "--on", "2024-03-02", "--expect-version", "7")
    )
    assert "已被他人修改" in line and "重新读取案件后再操作" in line
    ok = run(
        "--json",
        "act",
        opened,
        "accept",
        "--actor",
        "王",
        "--on",
        "2024-03-02",
        "--expect-version",
        "1",
    )
    assert json_of(ok)["version"] == 2


def test_a_conflict_between_processes_is_retried_once(
    run: Run, opened: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = casework.Book.act

    def flaky(self: casework.Book, *args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 1:
            raise ConflictError("changed meanwhile")
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(casework.Book, "act", flaky)
    result = run("--json", "act", opened, "accept", "--actor", "王", "--on", "2024-03-02")
    assert json_of(result)["state"] == "accepted"
    assert len(calls) == 2
    calls.clear()

    def always(self: casework.Book, *args: object, **kwargs: object) -> object:
        calls.append(1)
        raise ConflictError("changed meanwhile", hint="reload")

    monkeypatch.setattr(casework.Book, "act", always)
    line = one_red_line(run("act", opened, "reject", "--actor", "王", "--on", "2024-03-02"))
    assert line == "changed meanwhile (reload)" and len(calls) == 2


def test_debug_shows_the_traceback(run: Run) -> None:
    result = run("--debug", "show", "PT2024-0001")
    assert result.exit_code == 1
    assert "Traceback" in result.stderr and "StorageError" in result.stderr


def test_prompts_at_a_terminal(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    import casework.cli.commands as commands

    monkeypatch.setattr(commands, "stdin_is_tty", lambda: True)
    run("init", "--locality", "清河县")
    answers = "\n".join(["2024-03-01", "", "王科员", "", "罚款决定", "n"]) + "\n"
    result = run("--json", "new", "petition", input=answers)
    assert result.exit_code == 0, result.output
    case = json_of(result)
    assert case["details"]["subject"] == "罚款决定" and case["assignee"] == "王科员"
    assert "收案日期" in result.stderr and "subject" in result.stderr
    assert "此项必填" in result.stderr
    # act: the allowed actions are offered with the data they take; outcome is asked.
    run("act", case["id"], "accept", "--actor", "王", "--on", "2024-03-02")
    answers = "\n".join(["3", "王科员", "upheld"]) + "\n"
    result = run("act", case["id"], "--on", "2024-03-10", input=answers)
    assert result.exit_code == 0, result.output
    assert "1. 中止 (suspend)  需填: ground" in result.stderr
    assert "3. 决定 (decide)  需填: outcome" in result.stderr
    assert "已办理 决定" in result.stderr


def test_act_offers_the_actions_allowed_after_a_lapsed_period(run: Run, opened: str) -> None:
    # the 3-working-day review ran out on 2024-03-06: the case is deemed accepted first
    result = run("act", opened, "--actor", "王", "--on", "2024-03-20")
    assert result.exit_code == 2
    assert "suspend(中止), extend(延长), decide(决定)" in result.stderr
    done = json_of(
        run(
            "--json",
            "act",
            opened,
            "decide",
            "--actor",
            "王",
            "--on",
            "2024-03-20",
            "--data",
            "outcome=revoked",
        )
    )
    assert [(e["action"], e["system"]) for e in done["events"]] == [
        ("receive", False),
        ("deem_accept", True),
        ("decide", False),
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_case_card_snapshot(run: Run, opened: str, lang: str, snapshot: object) -> None:
    run("act", opened, "accept", "--on", "2024-03-05", "--actor", "王科员")
    run(
        "act",
        opened,
        "extend",
        "--on",
        "2024-03-08",
        "--actor",
        "王科员",
        "--data",
        "days=20",
        "--data",
        "approver=李主任",
        "--note",
        "案情复杂",
    )
    result = run("--lang", lang, "show", opened, "--on", "2024-05-20")
    assert result.exit_code == 0
    assert result.stdout == snapshot
