"""The officer's terminal, Chinese first: what was seen on the built-in kinds, each a test."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner, Result

import casework
from casework.cli import cli

Call = Callable[..., Result]

RC_NEW = (
    "new",
    "reconsideration",
    "--received-on",
    "2020-03-02",
    "--actor",
    "王科员",
    "--party",
    "申请人:张三",
    "--set",
    "respondent=汾阳市公安局",
    "--set",
    "act.description=罚款决定",
    "--set",
    "act.category=行政处罚",
    "--set",
    "learned_on=2020-02-12",
)


@pytest.fixture
def call(tmp_path: Path) -> Iterator[Call]:
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, width: int = 100) -> Result:
        result = runner.invoke(
            cli,
            ["--book", str(tmp_path / "book"), *args],
            input=input,
            env={"COLUMNS": str(width), "CASEWORK_ACTOR": None},
        )
        casework.set_language("zh")
        return result

    assert invoke("init").exit_code == 0
    yield invoke


@pytest.fixture
def decided(call: Call) -> str:
    """A 行政复议 case accepted and decided (维持), its codes given by their Chinese labels."""
    created = call("--json", *RC_NEW)
    assert created.exit_code == 0, created.output
    case_id = str(orjson.loads(created.stdout)["id"])
    for action, on, extra in (
        ("受理", "2020-03-04", ("--data", "procedure=普通程序")),
        ("decide", "2020-04-20", ("--data", "type=维持", "--data", "redo=否")),
    ):
        result = call("act", case_id, action, "--on", on, "--actor", "王科员", *extra)
        assert result.exit_code == 0, result.output
    return case_id


# -- choose, don't type codes ------------------------------------------------------------------


def test_a_code_field_takes_its_chinese_label(call: Call, decided: str) -> None:
    case = orjson.loads(call("--json", "show", decided).stdout)
    assert case["details"]["act"]["category"] == "penalty"
    assert case["details"]["decision"] == "upheld"
    assert case["details"]["procedure"] == "ordinary"


def test_list_state_takes_the_label_list_prints(call: Call, decided: str) -> None:
    shown = call("list").stdout
    assert "已作出复议决定" in shown
    result = call("--json", "list", "--state", "已作出复议决定")
    assert result.exit_code == 0, result.output
    assert [c["id"] for c in orjson.loads(result.stdout)["cases"]] == [decided]
    by_kind = call("--json", "list", "--kind", "行政复议")
    assert [c["id"] for c in orjson.loads(by_kind.stdout)["cases"]] == [decided]


def test_list_state_unknown_is_an_error_with_the_choices(call: Call, decided: str) -> None:
    result = call("list", "--state", "foo")
    assert result.exit_code == 2
    assert (
        "foo" in result.stderr and "已作出复议决定" in result.stderr and "审理中" in result.stderr
    )
    assert "Traceback" not in result.output
    kind = call("list", "--kind", "复议")
    assert kind.exit_code == 2 and "行政复议" in kind.stderr


def test_a_nested_field_given_whole_names_its_parts(call: Call) -> None:
    args = [a if a != "act.description=罚款决定" else "act=罚款决定" for a in RC_NEW]
    result = call(*args)
    assert result.exit_code == 1
    assert "attribute" not in result.stderr and "unknown error" not in result.stderr
    assert "act.description" in result.stderr and "act.category" in result.stderr
    assert "被申请复议的行政行为" in result.stderr


# -- speak the user's language -------------------------------------------------------------------

REPR = re.compile(r"\w+=\w|\[\{|\{'|': |\bTrue\b|\bFalse\b|\bNone\b")


@pytest.mark.parametrize("width", [80, 120])
def test_the_card_shows_labels_not_codes_or_reprs(call: Call, decided: str, width: int) -> None:
    card = call("show", decided, width=width).stdout
    assert not REPR.search(card), card
    for code in ("upheld", "ordinary", "penalty", "decided"):
        assert code not in card, code
    assert "维持" in card and "普通程序" in card and "行政处罚" in card


def test_the_kinds_view_reads_periods_in_words(call: Call) -> None:
    shown = call("kinds", "--no-pager", width=120).stdout
    assert "working" not in shown and "natural" not in shown
    assert "个工作日" in shown


def test_clicks_own_messages_are_in_chinese(call: Call) -> None:
    missing = call("report")
    assert missing.exit_code == 2
    assert "Missing option" not in missing.stderr and "Error" not in missing.stderr
    assert "--year" in missing.stderr and "缺少" in missing.stderr
    unknown = call("lisst")
    assert unknown.exit_code == 2 and "No such command" not in unknown.stderr
    assert "list" in unknown.stderr
    en = call("--lang", "en", "report")
    assert "Missing option '--year'" in en.stderr


# -- conventions ---------------------------------------------------------------------------------


def test_version(call: Call) -> None:
    from importlib.metadata import version

    result = call("--version")
    assert result.exit_code == 0 and version("casework") in result.stdout


def test_help_names_the_environment_variables_and_every_option_has_help(call: Call) -> None:
    top = call("--help").stdout
    assert "CASEWORK_BOOK" in top and "CASEWORK_LANG" in top and "\\b" not in top
    assert "Show the version" not in top
    listed = call("list", "--help").stdout
    assert "第几页" in listed


def test_unmask_everywhere(call: Call) -> None:
    help_text = call("subsidy", "--help").stdout
    assert "--unmask " in help_text and "--unmasked" not in help_text


def test_errors_are_json_under_json(call: Call) -> None:
    result = call("--json", "show", "RC2020-9999")
    assert result.exit_code == 1
    assert result.stdout == ""
    error = orjson.loads(result.stderr)
    assert error["error"] == "case-not-found" and "RC2020-9999" in error["message"]
    usage = call("--json", "list", "--state", "foo")
    assert usage.exit_code == 2 and orjson.loads(usage.stderr)["error"] == "usage"


# -- fit the terminal -------------------------------------------------------------------------------


def test_kinds_at_80_columns_cuts_no_action_name(call: Call) -> None:
    shown = call("kinds", "reconsideration", "--no-pager", width=80).stdout
    for name in ("request_correction", "receive_correction", "extend_correction", "deem_accept"):
        assert name in shown, name
    assert max(len(line) for line in shown.splitlines()) <= 80


def test_list_at_80_columns_keeps_the_next_due(call: Call) -> None:
    created = call("--json", *RC_NEW)
    assert created.exit_code == 0
    shown = call("list", "--on", "2020-03-03", width=80).stdout
    assert "下一期限" in shown and "2020-03-09" in shown
    assert max(len(line) for line in shown.splitlines()) <= 80


class _Recorder:
    """A pager that keeps what it was given."""

    def __init__(self) -> None:
        self.shown: list[str] = []

    def _page(self, content: str) -> None:
        self.shown.append(content)

    def show(self, content: str) -> None:
        self._page(content)


def test_long_output_goes_through_the_pager_at_a_terminal(
    call: Call, monkeypatch: pytest.MonkeyPatch
) -> None:
    import casework.cli.context as context

    recorder = _Recorder()
    monkeypatch.setattr(context, "stdout_is_tty", lambda: True)
    monkeypatch.setattr(context, "make_pager", lambda: recorder)
    paged = call("kinds", width=100)
    assert paged.exit_code == 0 and paged.stdout == ""
    assert len(recorder.shown) == 1 and "request_correction" in recorder.shown[0]
    plain = call("kinds", "--no-pager", width=100)
    assert "request_correction" in plain.stdout and len(recorder.shown) == 1
    short = call("--no-pager", "list")
    assert short.exit_code == 0 and len(recorder.shown) == 1
    brief = call("list")  # shorter than the terminal: printed, not paged
    assert "共 0 件" in brief.stdout and len(recorder.shown) == 1


# -- scripted intake and completion ------------------------------------------------------------


def test_new_from_a_toml_file(call: Call, tmp_path: Path) -> None:
    case_file = tmp_path / "case.toml"
    case_file.write_text(
        """
received_on = 2020-03-02
actor = "王科员"
note = "窗口收件"

[[parties]]
role = "申请人"
name = "张三"

[[parties]]
role = "第三人"
name = "李四"

[details]
respondent = "汾阳市公安局"
learned_on = 2020-02-12

[details.act]
description = "罚款决定"
category = "行政处罚"
""",
        encoding="utf-8",
    )
    result = call("--json", "new", "行政复议", "--from-file", str(case_file))
    assert result.exit_code == 0, result.output
    case = orjson.loads(result.stdout)
    assert case["details"]["act"]["category"] == "penalty"
    assert [p["role"] for p in case["parties"]] == ["applicant", "third_party"]
    assert case["details"]["learned_on"] == "2020-02-12"
    bad = tmp_path / "bad.json"
    bad.write_text('{"detials": {}}', encoding="utf-8")
    refused = call("new", "行政复议", "--from-file", str(bad))
    assert refused.exit_code == 1 and "detials" in refused.stderr


def test_completion_offers_kinds_states_cases_and_the_actions_of_a_case(
    call: Call, decided: str, tmp_path: Path
) -> None:
    from click.shell_completion import ShellComplete

    def complete(*words: str) -> list[str]:
        args = ["--book", str(tmp_path / "book"), *words[:-1]]
        completer = ShellComplete(cli, {}, "casework", "_CASEWORK_COMPLETE")
        return [item.value for item in completer.get_completions(args, words[-1])]

    assert "reconsideration" in complete("new", "")
    assert "decided" in complete("list", "--kind", "reconsideration", "--state", "")
    assert complete("show", "RC") == [decided]
    assert complete("act", decided, "") == []  # decided: nothing left to do
    created = call("--json", *RC_NEW)
    fresh = orjson.loads(created.stdout)["id"]
    actions = complete("act", fresh, "")  # deemed accepted by today: the review's actions
    assert "send_copy" in actions and "decide" in actions and "receive" not in actions


def test_a_list_of_records_given_as_text_shows_its_shape(call: Call) -> None:
    opened = call(
        "--json",
        "new",
        "行政应诉",
        "--received-on",
        "2020-08-29",
        "--actor",
        "王科员",
        "--party",
        "原告:牛斌",
        "--set",
        "defendant=汾阳市人民政府",
    )
    assert opened.exit_code == 0, opened.output
    for action, on, extra in (
        ("提交答辩状与证据", "2020-09-05", ()),
        ("排定开庭", "2020-09-10", ("--data", "hearing_on=2020-10-22")),
    ):
        assert (
            call("act", "LT2020-0001", action, "--on", on, "--actor", "王科员", *extra).exit_code
            == 0
        )
    refused = call(
        "act",
        "LT2020-0001",
        "出庭应诉",
        "--on",
        "2020-10-22",
        "--actor",
        "王科员",
        "--data",
        "appearances=张某",
    )
    assert refused.exit_code == 1
    assert "出庭人员" in refused.stderr and '"name": "姓名"' in refused.stderr
    assert '"category": "出庭身份"' in refused.stderr and "attribute" not in refused.stderr
    shaped = call(
        "act",
        "LT2020-0001",
        "出庭应诉",
        "--on",
        "2020-10-22",
        "--actor",
        "王科员",
        "--data",
        'appearances=[{"name": "武平", "post": "副市长", "category": "分管负责人(副职)"}]',
    )
    assert shaped.exit_code == 0, shaped.output
    assert "分管负责人(副职)" in shaped.stdout and "deputy_head" not in shaped.stdout


def test_another_click_program_keeps_clicks_own_words(call: Call) -> None:
    import click

    assert "缺少" in call("report").stderr

    @click.command()
    @click.option("--year", required=True)
    def other(year: str) -> None:
        """Another program in the same process."""

    result = CliRunner().invoke(other, [])
    assert "Missing option '--year'" in result.output
