"""``lawyer-subsidy``: the plugin's command, through the real ``casework`` click group."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from la_helpers import D, apply, carry_to_close, notify

import casework
from casework.cli import cli

RULES = """
name = "本地标准"
example = false
terminated_percent = 50
[[rates]]
category = "criminal"
amount = 1500
[[rates]]
category = "civil"
amount = 1200
"""


def make_book(path: Path) -> None:
    with casework.open_book(path) as book:
        criminal = notify(book, D(2020, 3, 2))
        carry_to_close(book, criminal, appoint_on=D(2020, 3, 3), close_on=D(2020, 6, 1))
        civil = apply(book, D(2020, 3, 2))
        carry_to_close(
            book,
            civil,
            appoint_on=D(2020, 3, 4),
            close_on=D(2020, 7, 1),
            assignee="孙律师",
            firm="山西乙律师事务所",
        )


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), env={"COLUMNS": "120"})


def test_json_totals_per_lawyer_and_firm(tmp_path: Path):
    book = tmp_path / "b"
    make_book(book)
    rules = tmp_path / "rules.toml"
    rules.write_text(RULES, encoding="utf-8")
    result = run(
        "--book", str(book), "--json", "lawyer-subsidy", "--year", "2020", "--rules", str(rules)
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["year"], data["rules"], data["example"], data["total"]) == (
        2020,
        "本地标准",
        False,
        2700,
    )
    assert [(r["name"], r["firm"], r["amount"]) for r in data["by_lawyer"]] == [
        ("王律师", "山西甲律师事务所", 1500),
        ("孙律师", "山西乙律师事务所", 1200),
    ]
    assert [r["name"] for r in data["by_firm"]] == ["山西甲律师事务所", "山西乙律师事务所"]


def test_tables_warn_about_the_example_rates_until_rules_are_installed(tmp_path: Path):
    book = tmp_path / "b"
    make_book(book)
    shown = run("--book", str(book), "lawyer-subsidy", "--year", "2020", "--cases")
    assert shown.exit_code == 0, shown.output
    assert "示例标准" in shown.output and "王律师" in shown.output and "孙律师" in shown.output
    assert "LA2020-0001" in shown.output  # --cases lists every case
    rules = tmp_path / "rules.toml"
    rules.write_text(RULES, encoding="utf-8")
    installed = run(
        "--book", str(book), "lawyer-subsidy", "--year", "2020", "--rules", str(rules), "--install"
    )
    assert installed.exit_code == 0, installed.output
    again = run("--book", str(book), "--lang", "en", "lawyer-subsidy", "--year", "2020")
    assert "EXAMPLE" not in again.output and "Total: 2700 yuan" in again.output


def test_errors_are_one_clear_line(tmp_path: Path):
    missing = run("--book", str(tmp_path / "none"), "lawyer-subsidy", "--year", "2020")
    assert missing.exit_code != 0 and "Traceback" not in missing.output
    book = tmp_path / "b"
    make_book(book)
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\n[[rates]]\ncategory = "labour"\namount = 1\n', encoding="utf-8")
    result = run("--book", str(book), "lawyer-subsidy", "--year", "2020", "--rules", str(bad))
    assert result.exit_code == 1 and "rates[0].category" in result.output
    usage = run("--book", str(book), "lawyer-subsidy", "--year", "2020", "--install")
    assert usage.exit_code == 2 and "--rules" in usage.output
