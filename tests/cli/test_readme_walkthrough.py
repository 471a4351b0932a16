"""The README's "Use it in the terminal" walkthrough runs as written, after the README's `demo`."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

import casework
from casework.cli import cli

README = Path(__file__).parents[2] / "README.md"


def walkthrough() -> list[list[str]]:
    """The commands of the README's terminal walkthrough, each split as the shell would."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Use it in the terminal", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.S)
    assert block is not None
    joined = block.group(1).replace("\\\n", " ")
    commands = [shlex.split(line, comments=True) for line in joined.splitlines()]
    commands = [c for c in commands if c]
    assert all(c[:3] == ["python", "-m", "casework"] for c in commands), commands
    return [c[3:] for c in commands]


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), env={"COLUMNS": "100", "CASEWORK_BOOK": None})
    casework.set_language("zh")
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


def test_the_walkthrough_runs_after_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CASEWORK_BOOK")
    run("demo")  # the README's first command: the sample book in ./casework-book
    demo_cases = orjson.loads(run("--json", "list", "--per-page", "1"))["total"]
    outputs = [run(*args) for args in walkthrough()]
    # the walkthrough works in its own book and leaves the sample book as it was
    assert orjson.loads(run("--json", "list", "--per-page", "1"))["total"] == demo_cases
    mine = orjson.loads(run("--book", "./my-book", "--json", "show", "RC2020-0001"))
    assert mine["state"] == "accepted" and mine["details"]["act"]["category"] == "penalty"
    assert any("RC2020-0001" in out for out in outputs)


def test_the_dashboard_after_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CASEWORK_BOOK")
    run("demo")
    shown = run("dashboard")
    lines = shown.splitlines()
    # it leads with what is due this week
    assert lines[0].startswith("本周到期"), lines[:3]
    # kinds in the report's order: 行政复议, 行政应诉, 法律援助, 人民调解
    order = [shown.index(k) for k in ("行政复议", "行政应诉", "法律援助", "人民调解")]
    counts = shown[shown.index("案件数") :]
    order = [counts.index(k) for k in ("行政复议", "行政应诉", "法律援助", "人民调解")]
    assert order == sorted(order)
    # the chart shows the book's latest year of intake (the demo's 2020), not an empty year
    facts = orjson.loads(run("--json", "dashboard"))
    assert facts["year"] == 2020 and sum(facts["monthly"]) > 1000
    assert "due_this_week" in facts


CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def demo_book(tmp_path_factory: pytest.TempPathFactory) -> str:
    book = str(tmp_path_factory.mktemp("demo") / "book")
    run("--book", book, "demo")
    return book


@pytest.mark.parametrize("width", [80, 120])
def test_the_reports_each_speak_one_language(demo_book: str, width: int) -> None:
    def report(lang: str) -> str:
        result = CliRunner().invoke(
            cli,
            ["--book", demo_book, "--lang", lang, "report", "--year", "2020"],
            env={"COLUMNS": str(width)},
        )
        casework.set_language("zh")
        assert result.exit_code == 0, result.output
        return result.stdout

    zh, en = report("zh"), report("en")
    assert not re.search(r"\bType\b", zh) and "upheld" not in zh
    assert not re.search(r"办案补贴\(元\)\s+—", zh)
    assert zh.count("维持") == 1  # the decision counts once, in the table of decision types
    assert "In the year 市政府" not in en
    for label in ("维持", "判决驳回诉讼请求", "裁定准予撤诉", "通知辩护", "部分撤销"):
        assert label not in en, label
    # the same layout: as many boxes and tables in either language
    rules = re.compile(r"^│\s+─", re.M)
    assert zh.count("╭") == en.count("╭")
    assert len(rules.findall(zh)) == len(rules.findall(en))
    # Chinese in the en report only as names from the data or a term in parentheses
    for line in en.splitlines():
        if CJK.search(line):
            assert "(" in line or "汾阳" in line or re.search(r"[镇乡道]", line), line
