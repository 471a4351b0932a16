"""Start-up stays light; a 行政复议 case runs from new to decide in the terminal."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_helpers import APPLICANT_ID, json_of
from click.testing import CliRunner, Result

import casework
from casework.cli import cli
from casework.personal import find_unmasked


def test_help_does_not_import_the_heavy_parts() -> None:
    code = (
        "import sys, casework.cli\n"
        "heavy = ('rich', 'openpyxl', 'docx', 'casework.render', 'casework.cli.views')\n"
        "print(sorted(m for m in sys.modules if m in heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    help_run = subprocess.run(
        [sys.executable, "-m", "casework", "--help"], capture_output=True, text=True, check=True
    )
    for command in (
        "init",
        "new",
        "act",
        "show",
        "list",
        "due",
        "dashboard",
        "kinds",
        "plugins",
        "report",
        "import",
        "export",
    ):
        assert f"  {command} " in help_run.stdout


@pytest.fixture
def rc(tmp_path: Path) -> Iterator[tuple[CliRunner, Path]]:
    if "reconsideration" not in casework.case_types():
        pytest.skip("the reconsideration plugin is not installed yet")
    yield CliRunner(), tmp_path / "book"


def call(rc: tuple[CliRunner, Path], *args: str, input: str | None = None) -> Result:
    runner, book = rc
    result = runner.invoke(cli, ["--book", str(book), *args], input=input, env={"COLUMNS": "100"})
    casework.set_language("zh")
    return result


def test_reconsideration_from_new_to_decide(rc: tuple[CliRunner, Path]) -> None:
    assert call(rc, "init", "--locality", "汾阳市").exit_code == 0
    created = call(
        rc,
        "--json",
        "new",
        "reconsideration",
        "--received-on",
        "2020-03-02",
        "--actor",
        "王科员",
        "--party",
        f"申请人:张三:{APPLICANT_ID}:13812345678",
        "--set",
        "respondent=汾阳市公安局",
        "--set",
        "act.description=汾公(治)决字〔2020〕12号行政处罚决定",
        "--set",
        "act.category=penalty",
        "--set",
        "act.made_on=2020-02-10",
        "--set",
        "learned_on=2020-02-12",
        "--set",
        "request=撤销该处罚决定",
    )
    case = json_of(created)
    assert case["id"] == "RC2020-0001" and case["parties"][0]["role"] == "applicant"
    assert case["details"]["act"]["category"] == "penalty"
    assert find_unmasked(created.stdout) == []
    steps = [
        ("accept", "2020-03-05", []),
        ("send_copy", "2020-03-06", []),
        ("receive_answer", "2020-03-16", []),
        ("decide", "2020-04-20", ["--data", "type=upheld"]),
    ]
    for action, on, extra in steps:
        result = call(rc, "act", case["id"], action, "--on", on, "--actor", "王科员", *extra)
        assert result.exit_code == 0, result.output
    final = json_of(call(rc, "--json", "show", case["id"]))
    assert final["state"] == "decided" and final["closed_on"] == "2020-04-20"
    assert final["number"] == "汾政复〔2020〕1号"
    card = call(rc, "show", case["id"]).stdout
    assert "行政复议" in card and "汾阳市公安局" in card and "110105********002X" in card
    en = call(rc, "--lang", "en", "show", case["id"]).stdout
    assert "administrative reconsideration" in en


def test_reconsideration_by_prompts(
    rc: tuple[CliRunner, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import casework.cli.commands as commands

    monkeypatch.setattr(commands, "stdin_is_tty", lambda: True)
    call(rc, "init", "--locality", "清河县")
    answers = [
        "2020-03-02",  # 收案日期
        "王科员",  # 经办人
        "",  # 当事人身份: the first (申请人)
        "张三",
        "",
        "",  # 申请人: name, ID, phone
        "n",  # no other party
        "汾阳市公安局",  # 被申请人
        "罚款决定",  # act.description
        "n",  # no optional fields
    ]
    result = call(rc, "--json", "new", "reconsideration", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stderr
    case = json_of(result)
    assert case["details"]["respondent"] == "汾阳市公安局"
    assert "被申请复议的行政行为" in result.stderr
    accepted = call(
        rc, "act", case["id"], "accept", "--on", "2020-03-05", "--actor", "王科员", input="\n\n"
    )
    assert accepted.exit_code == 0, accepted.stderr
    result = call(
        rc,
        "act",
        case["id"],
        "decide",
        "--on",
        "2020-04-20",
        "--actor",
        "王科员",
        input="nonsense\nupheld\n\n\n",
    )
    assert result.exit_code == 0, result.stderr
    assert "没有 nonsense" in result.stderr and "决定类型 (type)" in result.stderr
    assert "1. 维持 (upheld)" in result.stderr
    assert json_of(call(rc, "--json", "show", case["id"]))["details"]["decision"] == "upheld"


def test_running_out_of_answers_aborts_cleanly(
    rc: tuple[CliRunner, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import casework.cli.commands as commands

    monkeypatch.setattr(commands, "stdin_is_tty", lambda: True)
    call(rc, "init", "--locality", "清河县")
    result = call(rc, "new", "reconsideration", input="2020-03-02\n")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "已取消" in result.stderr
